"""Import agency copy from files, drop folders and URLs, or run the configured feeds that are due.

    manage.py ingest SOURCE [SOURCE ...] [--format auto|rss|atom|newsml|nitf|ninjs]
                     [--agency SLUG] [--section SLUG] [--publish] [--dry-run]
    manage.py ingest --feeds [--dry-run]

Every failed item is printed with its document, guid and reason; pictures that arrived alone get a
line of their own; the last line is always ``created N, updated N, unchanged N, withdrawn N, failed N``
(stories), with ``, waiting for an editor N`` after it when newer versions of edited stories were kept
for the desk. Takes of text-wire stories finished over 30 days ago are forgotten at
the end of a run. The exit status is 0 when nothing failed and 1 otherwise, so cron can tell.
"""

import sys
import zoneinfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from articles.ingest.database_lost import DatabaseLost, stopping_when_the_database_is_lost
from articles.ingest.formats import AUTO, FORMATS
from articles.ingest.importer import Importer
from articles.ingest.runs import claim_due_feeds_one_by_one, import_source, run_feed
from articles.ingest.takes import KEEP_TAKES, forget_old_takes
from articles.ingest.tally import ImportTally, Reporter, failure_line, warning_line
from articles.models import Agency, AgencyFeed, Section


class Command(BaseCommand):
    help = (
        "Import agency copy (RSS/Atom, NewsML-G2, NITF, ninjs, JSON Feed, IPTC 7901) "
        "from files, folders or URLs, or run due feeds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="*", metavar="SOURCE", help="A file, a folder or an http(s) URL."
        )
        parser.add_argument(
            "--format",
            default=AUTO,
            choices=[AUTO, *FORMATS],
            help="The documents' format (default: detected from each document's content).",
        )
        parser.add_argument(
            "--agency",
            metavar="SLUG",
            help="The agency all items belong to. Without it, each item's provider or credit picks one "
            "(created when no agency matches).",
        )
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="Section (slug or path such as nation/kerala) for items the agency's mappings do not place.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new items at once (embargoed ones are scheduled for their embargo).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and report, write nothing.")
        parser.add_argument("--feeds", action="store_true", help="Run every configured feed that is due.")
        parser.add_argument(
            "--timezone",
            default=None,
            metavar="ZONE",
            help=f"Zone for times given without one (default: {settings.TIME_ZONE}).",
        )

    def handle(self, *args, **options):
        if options["feeds"] and options["sources"]:
            raise CommandError("Give SOURCEs or --feeds, not both.")
        if not options["feeds"] and not options["sources"]:
            raise CommandError("Give at least one SOURCE (a file, folder or URL), or --feeds.")
        self.verbosity = options["verbosity"]
        self.progress = self.progress_bar(self.verbosity)
        self.total = ImportTally()
        stopped = None
        try:
            with stopping_when_the_database_is_lost(self.total):
                tally = self.run_feeds(options) if options["feeds"] else self.run_sources(options)
        except DatabaseLost as error:
            stopped = error
            tally = self.total
        finally:
            self.progress.close()
        if stopped is not None:
            self.print_line(f"STOPPED: {stopped.message()}")
        if options["dry_run"]:
            self.stdout.write("dry run: nothing was saved")
        elif stopped is None:
            forgotten = forget_old_takes()
            if forgotten:
                self.stdout.write(
                    f"{forgotten} wire takes forgotten: their stories' last take came "
                    f"over {KEEP_TAKES.days} days ago"
                )
        if tally.pictures_line():
            self.stdout.write(tally.pictures_line())
        self.stdout.write(tally.summary_line())
        if stopped is not None or not tally.succeeded:
            sys.exit(1)

    def run_sources(self, options):
        agency = self.agency_named(options["agency"])
        section = self.section_named(options["section"])
        importer = Importer(
            agency=agency,
            section=section,
            publish=options["publish"],
            format=options["format"],
            default_timezone=self.zone_named(options["timezone"]),
            dry_run=options["dry_run"],
            reporter=PrintingReporter(self),
        )
        self.total = importer.tally  # what a run stopped midway had done
        for source in options["sources"]:
            import_source(importer, source, on_document=lambda _document: self.progress.update())
        return importer.finish()

    def run_feeds(self, options):
        reporter = PrintingReporter(self)
        total = self.total
        if options["dry_run"]:
            feeds = list(AgencyFeed.objects.due().select_related("agency", "section"))
        else:
            # One at a time: the same command on another server takes the next due feed meanwhile.
            feeds = claim_due_feeds_one_by_one()
        ran = 0
        for feed in feeds:
            ran += 1
            try:
                tally = run_feed(
                    feed,
                    reporter=reporter,
                    dry_run=options["dry_run"],
                    on_document=lambda _document: self.progress.update(),
                )
            except DatabaseLost as error:
                # The other feeds need the database too: stop with what this one had done.
                total.add(error.tally or ImportTally())
                raise
            self.print_line(f"feed {feed.name}: {tally.summary_line()}")
            total.add(tally)
        if not ran:
            self.stdout.write("no feed is due")
        return total

    # Options -------------------------------------------------------------------------------------------

    def agency_named(self, slug):
        if not slug:
            return None
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            known = ", ".join(Agency.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown agency {slug!r}. Known agency slugs: {known}.")
        return agency

    def section_named(self, slug):
        if not slug:
            return None
        matches = list(Section.objects.filter(Q(path=slug) | Q(slug=slug)).order_by("path"))
        exact = [section for section in matches if section.path == slug]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            paths = ", ".join(section.path for section in matches)
            raise CommandError(f"Section {slug!r} is ambiguous; give its path: {paths}.")
        known = ", ".join(Section.objects.order_by("path").values_list("path", flat=True)) or "none yet"
        raise CommandError(f"Unknown section {slug!r}. Known sections: {known}.")

    def zone_named(self, name):
        try:
            return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise CommandError(
                f"Unknown time zone {name!r}; use a name such as Europe/London or UTC."
            ) from None

    # Output --------------------------------------------------------------------------------------------

    def progress_bar(self, verbosity):
        # On a terminal only: cron mail and piped output stay free of carriage-return noise.
        return tqdm(
            desc="documents", unit="doc", file=sys.stderr, disable=verbosity < 1 or not sys.stderr.isatty()
        )

    def print_line(self, line):
        with tqdm.external_write_mode(file=sys.stderr):
            self.stdout.write(line)


class PrintingReporter(Reporter):
    def __init__(self, command):
        self.command = command

    def failure(self, source, guid, reason):
        self.command.print_line(failure_line(source, guid, reason))

    def note(self, message):
        if self.command.verbosity >= 1:
            self.command.print_line(message)

    def warning(self, source, guid, message):
        # Printed at every verbosity, like failures: the item went in on a guess.
        self.command.print_line(warning_line(source, guid, message))
