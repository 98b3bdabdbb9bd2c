"""Bulk-generate a realistic archive for benchmarks and load tests.

Stories have realistic sizes (a 600-900 word body, a standfirst, 5 tags each), are spread over
five years and 12 sections, and about one in three has a lead photo. Rows go in with bulk_create in
batches, so 200,000 stories take a couple of minutes on PostgreSQL rather than hours.
"""

import hashlib
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from articles.models import Agency, Author, Photo, Section, Story, StoryAuthor, TaggedStory

SECTION_NAMES = [
    "World",
    "Nation",
    "Business",
    "Sport",
    "Entertainment",
    "Opinion",
    "Science",
    "Health",
    "Education",
    "Environment",
    "Travel",
    "Technology",
]
WORDS = (
    "council harbour monsoon ministry budget league festival research court market river election "
    "hospital railway farmers exporters satellite coalition reservoir university district orchestra "
    "inflation tournament fisheries parliament startup vaccine museum"
).split()
BATCH = 2000


SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vel", "dor", "pin", "sur", "ath", "gen", "bal"]
# A vocabulary like a real archive's: thousands of words, of which any one names a topic that only
# a few per cent of stories mention (so searching for it is selective, as it is on a real site).
FILLER = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
TOPIC_WORD_CHANCE = 1 / 300


def word(rng):
    return rng.choice(WORDS) if rng.random() < TOPIC_WORD_CHANCE else rng.choice(FILLER)


def sentence(rng, words=14):
    text = " ".join(word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng):
    return "".join(f"<p>{' '.join(sentence(rng) for _ in range(3))}</p>" for _ in range(rng.randint(14, 20)))


@transaction.atomic
def generate_archive(count, *, seed=7, photo=None, stdout=None):
    """Create ``count`` published stories (plus sections, tags and authors) in bulk."""
    rng = random.Random(seed)
    sections = []
    for index, name in enumerate(SECTION_NAMES):
        section, _ = Section.objects.get_or_create(
            parent=None, slug=f"bench-{name.lower()}", defaults={"name": name, "position": 100 + index}
        )
        sections.append(section)
    agency, _ = Agency.objects.get_or_create(
        slug="bench-wire", defaults={"name": "Bench Wire", "credit": "BW"}
    )
    authors = [
        Author.objects.get_or_create(slug=f"bench-author-{i}", defaults={"name": f"Writer {i}"})[0]
        for i in range(40)
    ]
    tags = [
        Tag.objects.get_or_create(name=f"bench topic {i}", defaults={"slug": f"bench-topic-{i}"})[0]
        for i in range(500)
    ]
    now = timezone.now()
    five_years = 5 * 365 * 24 * 3600
    start = Story.objects.count()
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        stories = []
        for offset in range(size):
            number = start + created + offset
            moment = now - timedelta(seconds=rng.randint(60, five_years))
            stories.append(
                Story(
                    headline=f"{sentence(rng, 8)[:-1]} {number}",
                    slug=f"bench-story-{number}",
                    standfirst=sentence(rng, 22),
                    body=body(rng),
                    section=rng.choice(sections),
                    status=Story.Status.PUBLISHED,
                    publish_at=moment,
                    first_published_at=moment,
                    created_at=moment,
                    agency=agency if number % 4 == 0 else None,
                    lead_photo=photo if photo is not None and number % 3 == 0 else None,
                    dateline=rng.choice(["Kochi", "Chennai", "Delhi", "Geneva", "Nairobi", ""]),
                )
            )
        # bulk_create skips save(), so bodies are generated already clean.
        Story.objects.bulk_create(stories, batch_size=BATCH)
        saved = list(Story.objects.filter(slug__in=[s.slug for s in stories]).values_list("pk", "publish_at"))
        # bulk_create skips TaggedStory.save(), which copies the story's time: copied here.
        TaggedStory.objects.bulk_create(
            [
                TaggedStory(tag=tag, content_object_id=pk, publish_at=publish_at)
                for pk, publish_at in saved
                for tag in rng.sample(tags, 5)
            ],
            batch_size=BATCH * 5,
        )
        StoryAuthor.objects.bulk_create(
            [StoryAuthor(story_id=pk, author=rng.choice(authors), position=0) for pk, _at in saved if pk % 4],
            batch_size=BATCH,
        )
        created += size
        if stdout:
            stdout.write(f"  {created}/{count} stories\n")
    return created


def bench_photo():
    """One real photo file for generated stories to share (renditions are made once)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (70, 110, 160)).save(buffer, "JPEG", quality=80)
    content = buffer.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    photo = Photo.objects.filter(file_hash=digest).first()
    if photo is None:
        photo = Photo(caption="Bench photo", credit="BW", alt_text="A blue test picture", file_hash=digest)
        photo.image.save(f"bench-{digest[:12]}.jpg", ContentFile(content), save=False)
        photo.save()
    return photo
