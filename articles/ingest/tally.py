"""Counting what an import did, and telling someone about it as it happens."""

from dataclasses import dataclass, fields

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
WITHDRAWN = "withdrawn"
# A newer agency version of a story staff have edited: kept beside the story for an editor to apply.
HELD = "held"
FAILED = "failed"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, WITHDRAWN, HELD)
# Pictures that arrived alone, on their way to the photo library.
PICTURE_ADDED = "pictures_added"
PICTURE_EXISTING = "pictures_existing"
PICTURE_FAILED = "pictures_failed"
PICTURE_WITHDRAWN = "pictures_withdrawn"
PICTURE_OUTCOMES = (PICTURE_ADDED, PICTURE_EXISTING, PICTURE_FAILED, PICTURE_WITHDRAWN)


@dataclass
class ImportTally:
    """Stories by outcome (the summary line), and pictures that went to the photo library."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    held: int = 0
    failed: int = 0
    pictures_added: int = 0
    pictures_existing: int = 0
    pictures_failed: int = 0
    pictures_withdrawn: int = 0
    photos_skipped: int = 0
    not_modified: int = 0

    def count(self, outcome):
        if outcome in OUTCOMES or outcome in PICTURE_OUTCOMES:
            setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, other):
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self

    @property
    def stories(self):
        return self.created + self.updated + self.unchanged + self.withdrawn + self.held + self.failed

    @property
    def pictures(self):
        return self.pictures_added + self.pictures_existing + self.pictures_failed + self.pictures_withdrawn

    @property
    def succeeded(self):
        """Nothing failed: no story, no document and no lone picture."""
        return self.failed == 0 and self.pictures_failed == 0

    def summary_line(self):
        """One line of counts. Versions held for an editor come last, and only when there are some,
        so that scripts reading the first five counts read the same line as before."""
        line = (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"withdrawn {self.withdrawn}, failed {self.failed}"
        )
        if self.held:
            line += f", waiting for an editor {self.held}"
        return line

    def pictures_line(self):
        """The photo library's own line, or "" when no picture arrived alone."""
        if not self.pictures:
            return ""
        line = (
            f"photo library: {self.pictures_added} pictures added, {self.pictures_existing} already there, "
            f"{self.pictures_failed} failed"
        )
        if self.pictures_withdrawn:
            line += f", {self.pictures_withdrawn} withdrawn"
        return line


class Reporter:
    """Receives failures and notes while an import runs; this one ignores them."""

    def failure(self, source, guid, reason):
        pass

    def note(self, message):
        pass

    def warning(self, source, guid, message):
        """An item went in, but something in it was guessed: an editor should look."""
        self.note(warning_line(source, guid, message))


def failure_line(source, guid, reason):
    where = " ".join(part for part in (source, f"[{guid}]" if guid else "") if part)
    return f"FAILED {where}: {reason}" if where else f"FAILED: {reason}"


def warning_line(source, guid, message):
    where = " ".join(part for part in (source, f"[{guid}]" if guid else "") if part)
    return f"WARNING {where}: {message}" if where else f"WARNING: {message}"


class CollectingReporter(Reporter):
    """Keeps the first failures and notes (a feed's "last result" shows them), counting the rest."""

    def __init__(self, limit=50):
        self.limit = limit
        self.failures = []
        self.notes = []
        self.more_failures = 0

    def failure(self, source, guid, reason):
        if len(self.failures) < self.limit:
            self.failures.append(failure_line(source, guid, reason))
        else:
            self.more_failures += 1

    def note(self, message):
        if len(self.notes) < self.limit:
            self.notes.append(message)

    def failure_text(self):
        lines = list(self.failures)
        if self.more_failures:
            lines.append(f"… and {self.more_failures} more failures")
        return "\n".join(lines)
