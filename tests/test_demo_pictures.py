"""The demo's drawn pictures show what their captions say (#17 item 13): each demo photo names the
scene its caption and alt text describe, scenes look different from one another, each photo is a
picture of its own, and author portraits are head and shoulders."""

import hashlib
import io
from itertools import combinations

import pytest
from django.core.management import call_command
from PIL import Image, ImageChops, ImageStat

from articles.management.commands.seed_demo import demo_slug
from articles.management.demo_content import AUTHORS, STORIES
from articles.management.demo_pictures import SCENES, render_photo, render_portrait, render_scene, scene_of
from articles.management.demo_pictures.canvas import SKIN
from articles.models import Author, Story

# What a caption or alt text says when it shows each scene: at least one of these words.
SUBJECT_WORDS = {
    "port": ["container", "cranes"],
    "harbour": ["ferry", "trawlers", "boat", "harbour"],
    "beach": ["beach", "beached"],
    "backwater": ["lake", "backwater"],
    "promenade": ["promenade", "lakeside", "marine drive"],
    "street": ["road", "pavement", "street"],
    "rain": ["rain", "umbrellas"],
    "viaduct": ["viaduct", "elevated"],
    "market": ["market", "vendor", "cart"],
    "field": ["fields", "farmland", "paddy"],
    "plantation": ["plantation"],
    "salt_pan": ["salt"],
    "forest": ["forest", "tiger"],
    "mangrove": ["mangrove"],
    "hillside": ["hillside", "relief camp"],
    "facade": ["parliament house", "assembly", "colonial building", "government building"],
    "tower": ["tower", "office building", "headquarters"],
    "airport": ["airport", "aircraft", "jet"],
    "bridge": ["bridge"],
    "rocket": ["rocket"],
    "lectern": ["lectern"],
    "chamber": ["courtroom"],
    "office": ["office", "desk", "screens", "workshop"],
    "counter": ["counter"],
    "lab": ["laboratory", "filling line", "technicians"],
    "factory": ["assembly line", "factory"],
    "chess": ["chessboard", "tournament"],
    "books": ["books"],
    "stage": ["stage", "performing", "rehearsals"],
    "cricket": ["cricketer", "wicket", "batter"],
    "football": ["footballers", "pitch under floodlights"],
    "hockey": ["hockey"],
    "court": ["badminton", "court"],
}
PHOTO_ENTRIES = [(index, entry) for index, entry in enumerate(STORIES) if entry.get("photo")]
SMALL = (160, 90)


def pixels(jpeg):
    return Image.open(io.BytesIO(jpeg)).convert("RGB")


def difference(first, second):
    """How different two pictures are: the mean of their pixels' absolute differences (0-255)."""
    return sum(ImageStat.Stat(ImageChops.difference(first, second)).mean) / 3


@pytest.mark.parametrize(("index", "entry"), PHOTO_ENTRIES, ids=[entry["key"] for _i, entry in PHOTO_ENTRIES])
def test_each_demo_photo_is_drawn_as_the_scene_its_caption_describes(index, entry):
    photo = entry["photo"]
    words = (photo["caption"] + " " + photo["alt"]).lower()

    assert scene_of(photo) is SCENES[photo["scene"]]
    assert any(word in words for word in SUBJECT_WORDS[photo["scene"]]), (photo["scene"], words)


def test_every_scene_drawn_is_one_a_demo_photo_shows():
    assert set(SUBJECT_WORDS) == set(SCENES)
    assert {entry["photo"]["scene"] for _index, entry in PHOTO_ENTRIES} == set(SCENES)


def test_scenes_look_different_from_one_another():
    drawn = {name: pixels(render_scene(name, size=SMALL, seed=1)) for name in SCENES}

    closest = min(
        (difference(drawn[first], drawn[second]), first, second) for first, second in combinations(drawn, 2)
    )
    assert closest[0] > 12, closest


def test_a_picture_is_the_same_every_time_and_another_seed_is_another_picture():
    entry = STORIES[0]["photo"]

    assert render_photo(entry, seed=4) == render_photo(entry, seed=4)
    assert render_photo(entry, seed=4) != render_photo(entry, seed=5)


def test_portraits_are_head_and_shoulders_and_differ_between_authors():
    portraits = [pixels(render_portrait(seed=seed, size=(120, 120))) for seed in range(len(AUTHORS))]

    for portrait in portraits:
        face, chest, corner = (
            portrait.getpixel((60, 50)),
            portrait.getpixel((30, 112)),
            portrait.getpixel((3, 3)),
        )
        assert min(sum(abs(a - b) for a, b in zip(face, skin, strict=True)) for skin in SKIN) < 45, face
        assert sum(abs(a - b) for a, b in zip(chest, corner, strict=True)) > 60  # shoulders, not background
        assert sum(abs(a - b) for a, b in zip(face, corner, strict=True)) > 40  # a face, not background
    assert len({portrait.tobytes() for portrait in portraits}) == len(portraits)


@pytest.mark.django_db
def test_seed_demo_stores_each_photo_drawn_from_its_own_entry_portraits_for_authors_and_genres():
    call_command("seed_demo", stdout=io.StringIO())

    for index, entry in PHOTO_ENTRIES:
        story = Story.objects.select_related("lead_photo").get(slug=demo_slug(entry))
        expected = hashlib.sha256(render_photo(entry["photo"], seed=index)).hexdigest()
        assert story.lead_photo.file_hash == expected, entry["key"]
        assert story.lead_photo.caption == entry["photo"]["caption"]
    lead_photos = Story.objects.filter(lead_photo__isnull=False).values("lead_photo").distinct()
    assert lead_photos.count() == len(PHOTO_ENTRIES)  # no two captions share one picture
    for index, entry in enumerate(AUTHORS):
        photo = Author.objects.get(slug=entry["slug"]).photo
        assert photo.file_hash == hashlib.sha256(render_portrait(seed=index)).hexdigest()
        assert (photo.width, photo.height) == (600, 600)
    # Some demo stories are opinion, analysis, an explainer and a review (#17 item 12).
    genres = dict(Story.objects.values_list("slug", "genre"))
    for entry in STORIES:
        assert genres[demo_slug(entry)] == entry.get("genre", Story.Genre.NEWS)
    assert {"opinion", "analysis", "explainer", "review"} <= set(genres.values())
