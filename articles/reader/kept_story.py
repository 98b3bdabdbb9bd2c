"""What a story page keeps in the cache, read in one round trip: the sections, the story's row, its
own part (``story_page``), its own blocks and its section's "More headlines" (``story_around``).

Why one round trip: a story page made from kept parts (a page-cache miss after another story's
publication, or every request behind a CDN with ``NEWSROOM_PAGE_CACHE`` off) spent a third of its
time on three cache reads and three queries (cProfile, bench archive: Django's Redis backend makes a
client per operation), where the page's own work is one template. Every key is made from the
story's address (its slug and section) and the generations alone, so all of them are known before
anything is read:

- the sections: under the ``shown_objects`` generation, which every change of a section moves on (a
  story or card in a section newer than the list has it read again: ``SiteSections.section``);
- the story's row: under the ``edits`` generation (every change but a new story's publication: an
  edit, a withdrawal, a kill, a correction, a change of what stories show) and the counter of the
  story's own page (its live coverage, ``cache.purge_story_page``); an absence is never kept, as a
  story may come out by the clock alone;
- its own part: under the ``shown_objects`` generation (a change of a photo, author, tag, section or
  agency that stories show), so it outlives every other story's edits, and made from the row it
  names (``updated_at``, ``live_version``), compared with the row when read;
- its own blocks: under the ``edits`` generation (an edit or withdrawal elsewhere may take a story
  out of them) and its section's listing counter, and made from the row it names, compared too;
- "More headlines": once per top-level section, under the ``listings`` generation.

What is made on a miss is kept with one more round trip once the page is made (:meth:`save`), never
longer than pages are kept, nor past the moment a picture it shows may no longer be shown.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from .cache import current_generations, guarded_cache, page_seconds


@dataclass
class KeptStory:
    """The keys of one story page's kept parts, what the cache gave for them, and what to keep."""

    keys: dict  # part name: key
    found: dict  # part name: value, or None
    to_keep: dict = field(default_factory=dict)  # key: (value, seconds)

    def get(self, name):
        return self.found.get(name)

    def keep(self, name, value, until=None, now=None):
        """Keep ``value`` as long as pages are kept, and not past ``until`` (when a picture it shows
        may no longer be shown; ``now``: the time the page is made at)."""
        seconds = page_seconds()
        if until is not None:
            seconds = min(seconds, int((until - now).total_seconds()))
        if seconds > 0:
            self.to_keep[self.keys[name]] = (value, seconds)

    def save(self):
        """Keep what was made: one write per lifetime (usually one, none when all was found)."""
        by_seconds = defaultdict(dict)
        for key, (value, seconds) in self.to_keep.items():
            by_seconds[seconds][key] = value
        for seconds, values in by_seconds.items():
            guarded_cache.set_many(values, seconds)
        self.to_keep.clear()


def read_kept_story(slug, section_path, version):
    """The kept parts of the story page at ``section_path``/…/``slug`` (the address as asked: a
    story that has moved is sent on before its parts are used) under the current generations and
    the templates' and code's ``version`` (``story_page.render_version``)."""
    generations = current_generations()
    page = generations.scope_counter(("story", slug))
    top_path = section_path.split("/")[0]
    section = generations.scope_counter(("section", top_path))
    # The address's words are the reader's, of any length: keys name them by a digest.
    story, top = _digest(slug), _digest(top_path)
    keys = {
        "sections": sections_key(generations),
        "row": f"story-row:{story}:{generations.edits}:{page}",
        "part": f"story-part:{version}:{story}:{generations.shown_objects}",
        "own_blocks": f"story-around:{version}:{story}:{generations.edits}:{section}",
        "headlines": f"more-headlines:{version}:{top}:{generations.listings}",
    }
    found = guarded_cache.get_many(list(keys.values()))
    return KeptStory(keys=keys, found={name: found.get(key) for name, key in keys.items()})


def _digest(text):
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def sections_key(generations):
    return f"site-sections:{generations.shown_objects}"


def saved_at(story):
    """When ``story``'s row was last saved, as kept parts name it (None for a desk preview of a story
    not saved yet, whose parts are never kept)."""
    return story.updated_at.timestamp() if story.updated_at else None
