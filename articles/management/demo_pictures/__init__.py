"""The demo newsroom's pictures, drawn with Pillow so that they are original and need no download.

Each demo photo names the scene its caption describes (``"scene"`` in
:mod:`articles.management.demo_content`): a container port, a cricket ground, a courtroom... and
the light it was taken in (``"palette"``). Author portraits are head and shoulders. The same entry
and seed always give the same bytes, so ``seed_demo`` recognises a picture it stored before by its
hash; each takes a few tens of milliseconds.
"""

from . import indoor, outdoor, sport
from .canvas import Canvas

SCENES = {
    "port": outdoor.port,
    "harbour": outdoor.harbour,
    "beach": outdoor.beach,
    "backwater": outdoor.backwater,
    "promenade": outdoor.promenade,
    "street": outdoor.street,
    "rain": outdoor.rain,
    "viaduct": outdoor.viaduct,
    "market": outdoor.market,
    "field": outdoor.field,
    "plantation": outdoor.plantation,
    "salt_pan": outdoor.salt_pan,
    "forest": outdoor.forest,
    "mangrove": outdoor.mangrove,
    "hillside": outdoor.hillside,
    "facade": outdoor.facade,
    "tower": outdoor.tower,
    "airport": outdoor.airport,
    "bridge": outdoor.bridge,
    "rocket": outdoor.rocket,
    "lectern": indoor.lectern,
    "chamber": indoor.chamber,
    "office": indoor.office,
    "counter": indoor.counter,
    "lab": indoor.lab,
    "factory": indoor.factory,
    "chess": indoor.chess,
    "books": indoor.books,
    "stage": indoor.stage,
    "cricket": sport.cricket,
    "football": sport.football,
    "hockey": sport.hockey,
    "court": sport.court,
}
STORY_SIZE = (1600, 900)
PORTRAIT_SIZE = (600, 600)


def scene_of(photo_entry):
    """The scene a demo photo entry shows (a KeyError for an entry that names none we draw)."""
    return SCENES[photo_entry["scene"]]


def render_scene(scene, *, palette="city", size=STORY_SIZE, seed=0):
    """JPEG bytes of the scene named ``scene`` in the light ``palette``."""
    canvas = Canvas(size, f"{scene}-{palette}-{seed}", palette)
    SCENES[scene](canvas)
    return canvas.jpeg()


def render_photo(photo_entry, *, seed=0):
    """JPEG bytes for a demo story's photo entry: the scene its caption describes."""
    scene_of(photo_entry)
    return render_scene(photo_entry["scene"], palette=photo_entry.get("palette", "city"), seed=seed)


def render_portrait(*, seed=0, size=PORTRAIT_SIZE):
    """JPEG bytes of an author's head-and-shoulders portrait."""
    canvas = Canvas(size, f"portrait-{seed}")
    indoor.portrait(canvas)
    return canvas.jpeg()
