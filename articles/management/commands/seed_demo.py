"""Load the demo newsroom: sections, agencies, authors, photos, 62 stories, three staff users and a
home front with one story pinned.

Safe to run again and again: whatever already exists (matched by slug, or by file hash for photos)
is left as it is, so editors' changes to demo content survive a restart of ``make run``.
"""

import hashlib
import os
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import services
from articles.management import demo_content
from articles.management.demo_pictures import render_photo, render_portrait
from articles.models import Agency, Author, Correction, Photo, Section, Story
from articles.models.fronts import TOP
from articles.services import fronts

DEFAULT_DEMO_PASSWORD = "newsroom-demo"
# The demo story pinned among the home page's top stories (arrange_home_front).
PINNED_ON_HOME = "op-fishers-insurance"
SEEDED_NOTE = "Demo content loaded by seed_demo."
DEMO_USERS = [
    # username, group, is_superuser
    ("editor", "Editor", False),
    ("reporter", "Reporter", False),
    ("admin", None, True),
]


class Command(BaseCommand):
    help = "Load original demo content (idempotent): sections, agencies, authors, photos, stories, users."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            sections = self.load_sections()
            agencies = self.load_agencies()
            authors = self.load_authors()
            created = self.load_stories(sections, agencies, authors)
            self.load_users(password, authors)
            self.arrange_home_front()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Story.objects.count()} stories ({created} new), "
                f"{Section.objects.count()} sections, {Photo.objects.count()} photos."
            )
        )

    def load_sections(self):
        sections = {}
        # Parents first, so subsections can point at them.
        for entry in sorted(demo_content.SECTIONS, key=lambda s: s["parent"] is not None):
            parent = sections.get(entry["parent"])
            section = Section.objects.filter(slug=entry["slug"], parent=parent).first()
            if section is None:
                section = Section(
                    slug=entry["slug"],
                    parent=parent,
                    name=entry["name"],
                    description=entry["description"],
                    position=entry["position"],
                )
                section.full_clean()
                section.save()
            sections[entry["slug"]] = section
        return sections

    def load_agencies(self):
        return {
            entry["slug"]: Agency.objects.get_or_create(
                slug=entry["slug"],
                defaults={"name": entry["name"], "credit": entry["credit"], "website": entry["website"]},
            )[0]
            for entry in demo_content.AGENCIES
        }

    def load_authors(self):
        authors = {}
        for index, entry in enumerate(demo_content.AUTHORS):
            author, created = Author.objects.get_or_create(
                slug=entry["slug"],
                defaults={"name": entry["name"], "title": entry["title"], "bio": entry["bio"]},
            )
            if created:
                author.photo = self.demo_photo(
                    render_portrait(seed=index),
                    {
                        "caption": entry["name"],
                        "credit": "Staff",
                        "photographer": "Staff photographer",
                        "alt": f"Portrait of {entry['name']}",
                    },
                )
                author.save(update_fields=["photo"])
            authors[entry["slug"]] = author
        return authors

    def load_stories(self, sections, agencies, authors):
        now = timezone.now()
        created = 0
        slugs = [demo_slug(entry) for entry in demo_content.STORIES]
        existing = set(Story.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        # Demo stories loaded before they were given a first revision get one now, as they are.
        for story in Story.objects.filter(slug__in=existing, revisions__isnull=True):
            services.record_revision(story, note=SEEDED_NOTE)
        for index, entry in enumerate(demo_content.STORIES):
            slug = demo_slug(entry)
            if slug in existing:
                continue
            story = Story(
                slug=slug,
                headline=entry["headline"],
                kicker=entry.get("kicker", ""),
                genre=entry.get("genre", Story.Genre.NEWS),
                standfirst=entry["standfirst"],
                social_title=entry.get("social_title", ""),
                social_description=entry.get("social_description", ""),
                dateline=entry.get("dateline", ""),
                body="".join(f"<p>{paragraph}</p>" for paragraph in entry["paragraphs"]),
                section=sections[entry["section"]],
                agency=agencies.get(entry.get("agency")),
                priority=entry.get("priority", 0),
                created_at=now - timedelta(days=max(entry["days_ago"], 0) + 0.2),
            )
            self.set_status(story, entry, now)
            if entry.get("photo"):
                photo = entry["photo"]
                story.lead_photo = self.demo_photo(
                    render_photo(photo, seed=index), photo, agency=story.agency
                )
            # The desk's own write path: the story with its tags, byline and secondary sections, and its
            # first revision, as a story saved in the admin has.
            services.save_story(
                story,
                fields=(),
                relations=services.StoryRelations(
                    tags=entry["tags"],
                    author_ids=[authors[author_slug].pk for author_slug in entry.get("authors", [])],
                    secondary_section_ids=[sections[name].pk for name in entry.get("secondary_sections", [])],
                ),
                revision_note=SEEDED_NOTE,
            )
            if entry.get("correction"):
                Correction.objects.create(
                    story=story, note=entry["correction"], created_at=story.publish_at + timedelta(hours=3)
                )
            created += 1
        return created

    def set_status(self, story, entry, now):
        status = entry["status"]
        story.status = status
        if status in {"published", "scheduled", "withdrawn"}:
            story.publish_at = now - timedelta(days=entry["days_ago"])
        if status in {"published", "withdrawn"}:
            story.first_published_at = story.publish_at
        if entry.get("embargo_hours"):
            story.embargo_until = now + timedelta(hours=entry["embargo_hours"])
        if entry.get("updated_hours_ago") is not None and story.publish_at:
            story.major_update_at = max(story.publish_at, now - timedelta(hours=entry["updated_hours_ago"]))

    def load_users(self, password, authors):
        User = get_user_model()
        author_for = {"editor": 0, "reporter": 1}
        for username, group_name, is_superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "is_superuser": is_superuser, "email": f"{username}@example.com"},
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                # The workflow's groups come from a data migration; add the user where they exist.
                user.groups.add(*Group.objects.filter(name=group_name))
            if username in author_for:
                author = list(authors.values())[author_for[username]]
                if author.user_id is None and not hasattr(user, "author_profile"):
                    author.user = user
                    author.save(update_fields=["user"])

    def arrange_home_front(self):
        """The home page's front as an editor leaves it: a column pinned among the top stories, so
        the Fronts page shows a front at work. Once only: a front with any version is the desk's."""
        front = fronts.front_of(None)
        if front.versions.exists():
            return
        editor = get_user_model().objects.get(username="editor")
        entry = next(entry for entry in demo_content.STORIES if entry["key"] == PINNED_ON_HOME)
        story = Story.objects.get(slug=demo_slug(entry))
        fronts.pin_story(front, story, slot=TOP, by=editor)
        fronts.publish_draft(front, by=editor, note=SEEDED_NOTE)

    def demo_photo(self, image_bytes, details, *, agency=None):
        """The photo of these JPEG bytes (:mod:`articles.management.demo_pictures`), stored with the
        entry's words, or the one stored from the same bytes before."""
        file_hash = hashlib.sha256(image_bytes).hexdigest()
        photo = Photo.objects.filter(file_hash=file_hash).first()
        if photo:
            return photo
        photo = Photo(
            caption=details.get("caption", ""),
            credit=details.get("credit", ""),
            photographer=details.get("photographer", ""),
            alt_text=details.get("alt", ""),
            agency=agency if details.get("credit") == getattr(agency, "credit", None) else None,
            file_hash=file_hash,
            copyright_notice=f"© {details.get('credit') or 'Staff'}",
        )
        photo.image.save(f"{file_hash[:16]}.jpg", ContentFile(image_bytes), save=False)
        photo.save()
        return photo


def demo_slug(entry):
    return slugify(entry["headline"], allow_unicode=True)[:100].strip("-")
