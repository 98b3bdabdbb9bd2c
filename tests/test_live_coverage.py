"""Live coverage services: starting and ending coverage, posting, editing, correcting, deleting,
pinning and approving entries; who may do each; the live version they move on; and that each
change readers see retires the story's own page and no other, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import LiveEntry, ReaderPagesGeneration, Story
from articles.models.reader_pages import listing_bucket
from articles.reader.cache import current_generations
from articles.services import live
from articles.services.live import EntryContent
from articles.workflow import InvalidTransition, TransitionNotAllowed
from tests.builders import make_author, make_photo, make_section, make_story
from tests.newsroom_staff import make_editor, make_reporter, make_staff, make_wire_desk

pytestmark = pytest.mark.django_db

S = Story.Status


def text(words):
    return EntryContent(text=words)


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def reporter():
    return make_reporter()


@pytest.fixture
def live_story(world, editor):
    story = make_story(section=world, headline="Cyclone makes landfall near the port")
    return live.start_coverage(story, by=editor)


def row(story):
    return Story.objects.get(pk=story.pk)


def story_generation(story):
    """The generation the story's own page is cached under (its scope's counter)."""
    return current_generations().scope_counter(("story", story.slug))


def test_start_coverage_makes_the_story_live_and_moves_its_version(world, editor):
    story = make_story(section=world)
    assert not story.is_live and story.live_version == 0
    live.start_coverage(story, by=editor, review_required=True)
    story = row(story)
    assert story.is_live and story.has_live_coverage
    assert story.coverage_started_at is not None and story.coverage_ended_at is None
    assert story.live_entries_need_review is True
    assert story.live_version == 1


def test_posting_publishes_at_once_with_sanitized_text_and_the_posters_author_page(live_story, reporter):
    author = make_author("Priya Menon", user=reporter)
    entry = live.post_entry(
        live_story,
        EntryContent(text="Winds of 150 km/h at the harbour.\n\nThe ferries stay in port.<script>x</script>"),
        by=reporter,
    )
    assert entry.status == LiveEntry.Status.PUBLISHED and entry.is_shown
    assert "<script>" not in entry.text and "<p>Winds of 150 km/h at the harbour.</p>" in entry.text
    assert list(entry.authors.all()) == [author]
    assert entry.version == row(live_story).live_version == 2
    assert entry.created_by == reporter


def test_html_is_cleaned_by_the_one_policy(live_story, editor):
    entry = live.post_entry(
        live_story,
        EntryContent(
            text='<p onclick="steal()">Calm <a href="javascript:alert(1)">now</a></p><iframe src="x">'
        ),
        by=editor,
    )
    assert "onclick" not in entry.text and "javascript:" not in entry.text and "iframe" not in entry.text
    assert "Calm" in entry.text


def test_an_entry_needs_something_to_say(live_story, editor):
    with pytest.raises(InvalidTransition):
        live.post_entry(live_story, EntryContent(text="  <p> </p> "), by=editor)
    assert not LiveEntry.objects.exists()


def test_an_embed_must_be_a_known_post_and_not_beside_a_picture(live_story, editor):
    with pytest.raises(InvalidTransition):
        live.post_entry(live_story, EntryContent(embed_url="https://evil.example/video"), by=editor)
    with pytest.raises(InvalidTransition):
        live.post_entry(
            live_story,
            EntryContent(photo=make_photo(), embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            by=editor,
        )
    entry = live.post_entry(live_story, EntryContent(embed_url="https://youtu.be/dQw4w9WgXcQ"), by=editor)
    assert entry.embed_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_an_uncredited_picture_is_refused(live_story, editor):
    with pytest.raises(InvalidTransition, match="credit"):
        live.post_entry(live_story, EntryContent(text="Flooding", photo=make_photo(credit="")), by=editor)
    entry = live.post_entry(
        live_story, EntryContent(text="Flooding", photo=make_photo(credit="Staff")), by=editor
    )
    assert entry.photo_id is not None


def test_posting_needs_running_coverage(world, editor):
    story = make_story(section=world)
    with pytest.raises(InvalidTransition):
        live.post_entry(story, text("Too early"), by=editor)
    live.start_coverage(story, by=editor)
    live.end_coverage(story, by=editor)
    with pytest.raises(InvalidTransition):
        live.post_entry(story, text("Too late"), by=editor)


def test_reporters_entries_wait_for_an_editor_when_the_story_asks(live_story, editor, reporter):
    live.set_review_required(live_story, True, by=editor)
    version = row(live_story).live_version
    generation = story_generation(live_story)

    waiting = live.post_entry(live_story, text("Unconfirmed: a bridge has collapsed."), by=reporter)
    assert waiting.status == LiveEntry.Status.AWAITING_REVIEW and not waiting.is_shown
    # Readers see nothing new: no version, no purge.
    assert row(live_story).live_version == version
    assert story_generation(live_story) == generation

    # An editor's own entry does not wait.
    own = live.post_entry(live_story, text("Confirmed by the police."), by=editor)
    assert own.is_shown

    live.approve_entry(waiting, by=editor)
    waiting.refresh_from_db()
    assert waiting.is_shown and waiting.version == row(live_story).live_version
    assert story_generation(live_story) > generation


def test_only_editors_approve_pin_start_and_end(live_story, reporter):
    entry = live.post_entry(live_story, text("Power cut in the old town."), by=reporter)
    for attempt in (
        lambda: live.approve_entry(entry, by=reporter),
        lambda: live.pin_entry(entry, True, by=reporter),
        lambda: live.post_entry(live_story, text("Pinned by me"), by=reporter, pinned=True),
        lambda: live.end_coverage(live_story, by=reporter),
        lambda: live.start_coverage(make_story(), by=reporter),
        lambda: live.set_key_points(live_story, "<ul><li>Mine</li></ul>", by=reporter),
        lambda: live.set_review_required(live_story, True, by=reporter),
    ):
        with pytest.raises(TransitionNotAllowed):
            attempt()
    story = row(live_story)
    assert story.is_live and story.key_points == "" and not story.live_entries_need_review
    assert LiveEntry.objects.filter(pinned=True).count() == 0
    assert LiveEntry.objects.count() == 1


def test_people_without_the_permission_post_nothing(live_story):
    for person in (make_wire_desk(), make_staff(None), None):
        with pytest.raises(TransitionNotAllowed):
            live.post_entry(live_story, text("Not mine to post"), by=person)
    assert not LiveEntry.objects.exists()


def test_a_reporter_changes_only_their_own_entries_and_not_once_reviewed_and_out(
    live_story, editor, reporter
):
    colleague = make_reporter()
    theirs = live.post_entry(live_story, text("Schools closed tomorrow."), by=colleague)
    with pytest.raises(TransitionNotAllowed):
        live.edit_entry(theirs, text("Schools open tomorrow."), by=reporter)
    with pytest.raises(TransitionNotAllowed):
        live.delete_entry(theirs, by=reporter)
    theirs.refresh_from_db()
    assert "closed" in theirs.text and theirs.deleted_at is None

    mine = live.post_entry(live_story, text("Rain eases at noon."), by=reporter)
    live.edit_entry(mine, text("Rain eases at one."), by=reporter)  # no review asked: a typo fixed
    live.set_review_required(live_story, True, by=editor)
    with pytest.raises(TransitionNotAllowed):
        live.edit_entry(mine, text("Rain eases at two."), by=reporter)
    waiting = live.post_entry(live_story, text("Trains resume at six."), by=reporter)
    live.edit_entry(waiting, text("Trains resume at seven."), by=reporter)  # not out yet
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert "one" in mine.text and "seven" in waiting.text


def test_edit_moves_the_version_without_a_note_and_a_correction_shows_one(live_story, editor):
    entry = live.post_entry(live_story, text("Three ships ran aground."), by=editor)
    before = row(live_story).live_version

    live.edit_entry(entry, EntryContent(text="Three ships ran aground off the breakwater."), by=editor)
    entry.refresh_from_db()
    assert entry.version == before + 1 and entry.corrected_at is None and entry.correction_note == ""

    live.correct_entry(
        entry, EntryContent(text="Two ships ran aground."), "We said three ships; it was two.", by=editor
    )
    entry.refresh_from_db()
    assert entry.corrected_at is not None
    assert entry.correction_note == "We said three ships; it was two."
    assert "Two ships" in entry.text and entry.version == before + 2

    with pytest.raises(InvalidTransition):
        live.correct_entry(entry, EntryContent(text="Two ships."), "   ", by=editor)


def test_only_a_published_entry_is_corrected(live_story, editor, reporter):
    live.set_review_required(live_story, True, by=editor)
    waiting = live.post_entry(live_story, text("Draft line"), by=reporter)
    with pytest.raises(InvalidTransition):
        live.correct_entry(waiting, text("Draft line, better"), "A note", by=editor)


def test_an_entry_time_may_go_back_but_not_ahead(live_story, editor):
    earlier = timezone.now() - timedelta(minutes=15)
    entry = live.post_entry(live_story, EntryContent(text="The minister arrived.", time=earlier), by=editor)
    assert entry.time == earlier
    with pytest.raises(InvalidTransition):
        live.post_entry(
            live_story, EntryContent(text="Tomorrow", time=timezone.now() + timedelta(hours=1)), by=editor
        )


def test_delete_keeps_the_row_marked_and_takes_it_off_the_page(live_story, editor):
    entry = live.post_entry(live_story, text("Wrong story, posted here by mistake."), by=editor)
    live.delete_entry(entry, by=editor)
    entry.refresh_from_db()
    assert entry.deleted_at is not None and entry.version == row(live_story).live_version
    assert not LiveEntry.objects.shown().exists()
    with pytest.raises(InvalidTransition):
        live.edit_entry(entry, text("Back again"), by=editor)


def test_pinning_is_limited_to_a_few_key_events(live_story, editor):
    entries = [
        live.post_entry(live_story, text(f"Update {n}"), by=editor) for n in range(live.MAX_KEY_EVENTS + 1)
    ]
    for entry in entries[: live.MAX_KEY_EVENTS]:
        live.pin_entry(entry, True, by=editor)
    with pytest.raises(InvalidTransition):
        live.pin_entry(entries[-1], True, by=editor)
    live.pin_entry(entries[0], False, by=editor)
    live.pin_entry(entries[-1], True, by=editor)
    assert LiveEntry.objects.filter(pinned=True).count() == live.MAX_KEY_EVENTS


def test_key_points_are_sanitized_and_move_the_version(live_story, editor):
    before = row(live_story).live_version
    live.set_key_points(live_story, "<ul><li>Landfall at 04:10</li></ul><script>bad()</script>", by=editor)
    story = row(live_story)
    assert (
        story.key_points.startswith("<ul><li>Landfall at 04:10</li></ul>")
        and "<script>" not in story.key_points
    )
    assert story.live_version == before + 1
    live.set_key_points(live_story, story.key_points, by=editor)  # unchanged: nothing moves
    assert row(live_story).live_version == before + 1


def test_ending_and_resuming_keep_the_entries(live_story, editor):
    live.post_entry(live_story, text("The storm has passed."), by=editor)
    live.end_coverage(live_story, by=editor)
    story = row(live_story)
    assert not story.is_live and story.has_live_coverage and story.coverage_ended_at is not None
    with pytest.raises(InvalidTransition):
        live.end_coverage(live_story, by=editor)
    started = story.coverage_started_at
    live.start_coverage(live_story, by=editor)
    story = row(live_story)
    assert story.is_live and story.coverage_started_at == started
    assert LiveEntry.objects.shown().count() == 1


def test_each_change_retires_the_story_page_alone_once(
    live_story, editor, world, django_capture_on_commit_callbacks
):
    own_bucket = listing_bucket(("story", live_story.slug))
    other = next(
        story
        for story in (
            make_story(section=make_section(), headline=f"Budget passes, vote {n}") for n in range(5)
        )
        if listing_bucket(("story", story.slug)) != own_bucket
    )
    generations = current_generations()
    other_key = (generations.for_listings(), generations.scope_counter(("story", other.slug)))
    number_before = ReaderPagesGeneration.objects.current()
    own = story_generation(live_story)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        live.post_entry(live_story, text("Evacuations begin in the low-lying wards."), by=editor)
    assert len(callbacks) == 1  # one purge, whose effect is read again after the commit

    assert story_generation(live_story) == own + 1
    generations = current_generations()
    # Every other page keeps its cached copy (but those sharing the story's bucket, 1 in 256).
    assert ReaderPagesGeneration.objects.current() == number_before
    assert generations.for_listings() == other_key[0]
    assert generations.scope_counter(("story", other.slug)) == other_key[1]


def test_a_draft_live_story_purges_nothing(world, editor):
    draft = make_story(section=world, status=S.DRAFT)
    live.start_coverage(draft, by=editor)
    generation = story_generation(draft)
    live.post_entry(draft, text("Prepared before publication."), by=editor)
    assert story_generation(draft) == generation
    assert row(draft).live_version == 2


def test_an_editor_saving_the_story_form_keeps_the_coverage(live_story, editor):
    from articles import services

    stale = Story.objects.get(pk=live_story.pk)  # the form opened before the entry was posted
    live.post_entry(live_story, text("A late entry."), by=editor)
    live.set_key_points(live_story, "<p>Key</p>", by=editor)
    stale.headline = "Cyclone makes landfall: live"
    services.save_story(stale, fields=["headline"], by=editor, expected_version=stale.edit_version)
    story = row(live_story)
    assert story.headline == "Cyclone makes landfall: live"
    assert story.live_version == 3 and story.key_points == "<p>Key</p>" and story.is_live
