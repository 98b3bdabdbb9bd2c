"""Nothing is lost: every save that changes something is a revision; any two compare as a readable diff;
any one restores."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from lxml import html as lxml_html

from articles import services
from articles.admin.history import readable_lines, side_by_side
from articles.models import Revision, Story, StoryAuthor, StoryPhoto, StoryTransition
from tests.builders import make_author, make_photo, make_section, make_story
from tests.confirming import confirm
from tests.desk_builders import change_url, payload
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


def history_url(story):
    return reverse("admin:articles_story_history", args=[story.pk])


def restore_url(story, revision):
    return reverse("admin:articles_story_restore", args=[story.pk, revision.pk])


def compare_url(story, old, new):
    return reverse("admin:articles_story_compare", args=[story.pk]) + f"?old={old.pk}&new={new.pk}"


def test_every_save_keeps_a_revision_with_all_editable_fields(client):
    editor = make_editor(username="desk-editor")
    story = make_story(status=S.DRAFT, headline="First", dateline="Pune")
    author, photo = make_author(), make_photo()
    client.force_login(editor)

    client.post(
        change_url(story),
        payload(
            story,
            headline="Second",
            standfirst="A short summary.",
            new_tags="water, city",
            lead_photo=str(photo.pk),
            lead_photo_caption="At the reservoir",
            **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(author.pk), "bylines-0-position": "0"},
        ),
    )
    story.refresh_from_db()
    client.post(change_url(story), payload(story, headline="Third"))

    revisions = list(Revision.objects.filter(story=story).order_by("created_at", "pk"))
    assert [revision.snapshot["headline"] for revision in revisions] == ["Second", "Third"]
    first = revisions[0]
    assert first.created_by == editor
    snapshot = first.snapshot
    assert snapshot["standfirst"] == "A short summary."
    assert snapshot["tags"] == ["city", "water"]
    assert snapshot["authors"] == [author.pk]
    assert (snapshot["lead_photo"], snapshot["lead_photo_caption"]) == (photo.pk, "At the reservoir")
    assert snapshot["dateline"] == "Pune"
    assert snapshot["section"] == story.section_id
    assert revisions[1].edit_version > revisions[0].edit_version


def test_djangos_history_of_a_save_names_the_changed_fields_not_the_forms_controls(client):
    story = make_story(status=S.DRAFT, headline="First")
    client.force_login(make_editor(username="desk-editor"))

    client.post(change_url(story), payload(story, headline="Second"))

    entry = LogEntry.objects.get(object_id=str(story.pk))
    assert entry.get_change_message() == "Changed Headline."


def test_a_save_that_changes_nothing_adds_no_revision(client):
    editor = make_editor(username="desk-editor")
    story = make_story(status=S.DRAFT, headline="First", dateline="Pune")
    client.force_login(editor)
    client.post(change_url(story), payload(story, headline="Second"))
    story.refresh_from_db()

    for _enter in range(3):  # Enter pressed again on the same form
        assert client.post(change_url(story), payload(story)).status_code == 302
        story.refresh_from_db()
    client.post(change_url(story), payload(story, standfirst="Now with a summary."))

    revisions = Revision.objects.filter(story=story).order_by("created_at", "pk")
    assert [(r.snapshot["headline"], r.snapshot["standfirst"]) for r in revisions] == [
        ("Second", ""),
        ("Second", "Now with a summary."),
    ]


def test_a_workflow_step_keeps_its_version_even_when_the_text_is_unchanged():
    editor = make_editor(username="desk-editor")
    story = make_story(status=S.DRAFT, headline="Ready for the desk")
    services.save_story(story, fields=[], by=editor)

    services.save_story(story, fields=[], by=editor, step="submit_for_review")

    assert Revision.objects.filter(story=story).count() == 2


def test_the_version_a_correction_keeps_says_so_in_its_note():
    editor = make_editor(username="desk-editor")
    story = make_story(status=S.PUBLISHED, body="<p>The minister, Ana Perera, spoke.</p>")
    story.body = "<p>The minister, Ana Pereira, spoke.</p>"

    services.save_story(
        story, fields=["body"], by=editor, step="correct", note="An earlier version misspelt the name."
    )

    newest = Revision.objects.filter(story=story).latest("created_at")
    assert newest.note == "Correction: An earlier version misspelt the name."
    assert newest.snapshot["body"] == "<p>The minister, Ana Pereira, spoke.</p>"


def test_compare_shows_headline_standfirst_and_body_as_a_readable_diff(client):
    story = make_story(status=S.DRAFT)
    old = Revision.objects.create(
        story=story,
        snapshot={
            "headline": "Bridge to reopen in May",
            "standfirst": "Repairs are on time.",
            "body": "<p>The council said the work was on schedule.</p><p>Traffic will be light.</p>",
        },
    )
    new = Revision.objects.create(
        story=story,
        snapshot={
            "headline": "Bridge to reopen in June",
            "standfirst": "Repairs are on time.",
            "body": "<p>The council said the work was delayed.</p><p>Traffic will be light.</p>",
        },
    )
    client.force_login(make_editor())

    response = client.get(compare_url(story, new, old))  # the order in the address does not matter

    assert response.status_code == 200
    html = response.text
    assert "Headline" in html and "Body" in html
    assert "<h2>Standfirst</h2>" not in html  # unchanged fields are left out
    assert "reopen in " in html and "June" in html and "May" in html
    assert "&lt;p&gt;" not in html  # the body is compared as text a reader sees, not as markup
    assert html.index("diff_sub") > 0 or html.index("diff_chg") > 0


def test_a_long_paragraph_is_compared_in_whole_words_and_stays_escaped():
    words = "The harbour authority confirmed that the northern breakwater will close for repairs".split()
    old_text = " ".join(words * 3)
    new_text = old_text.replace("northern", "southern", 1) + " <b>&nbsp;typed</b>"

    table = side_by_side(old_text, new_text, old_label="Before", new_label="After")

    cells = [" ".join(cell.text_content().split()) for cell in lxml_html.fromstring(table).xpath("//td")]
    assert old_text in cells  # the paragraph in one cell, for the browser to wrap between words,
    assert all(word in " ".join(cells).split() for word in words)  # not cut at a column, mid-word
    assert "&nbsp;" not in table.replace("&amp;nbsp;", "")  # spaces a browser may wrap at
    assert "&lt;b&gt;&amp;nbsp;typed&lt;/b&gt;" in table  # the text's own markup, escaped


def test_readable_lines_split_the_body_into_paragraphs():
    assert readable_lines("<p>One &amp; two</p><h2>Head</h2><ul><li>Item</li></ul>") == [
        "One & two",
        "Head",
        "Item",
    ]


def test_restore_brings_back_text_tags_byline_and_photos_as_a_new_revision(client):
    editor = make_editor()
    first_author, second_author = make_author(), make_author()
    first_photo, second_photo = make_photo(), make_photo()
    story = make_story(
        status=S.DRAFT,
        headline="Original headline",
        body="<p>Original body.</p>",
        tags=["original"],
        authors=[first_author],
        photos=[first_photo],
    )
    original = services.record_revision(story, by=editor)

    Story.objects.filter(pk=story.pk).update(headline="Rewritten", body="<p>New body.</p>")
    story.refresh_from_db()
    story.tags.set(["rewritten"])
    StoryAuthor.objects.filter(story=story).update(author=second_author)
    StoryPhoto.objects.filter(story=story).update(photo=second_photo)
    services.record_revision(story, by=editor)
    version_before = story.edit_version
    client.force_login(editor)

    response = confirm(client, client.post(restore_url(story, original)))

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.body) == ("Original headline", "<p>Original body.</p>")
    assert list(story.tags.names()) == ["original"]
    assert [byline.author for byline in story.bylines.all()] == [first_author]
    assert [use.photo for use in story.story_photos.all()] == [first_photo]
    assert story.edit_version == version_before + 1  # anyone with the form open will be warned
    newest = Revision.objects.filter(story=story).latest("created_at")
    assert newest.snapshot["headline"] == "Original headline"
    assert "Restored" in newest.note
    assert Revision.objects.filter(story=story).count() == 3  # nothing was thrown away
    assert StoryTransition.objects.filter(story=story, action="restore_revision", by=editor).exists()


def test_restoring_a_version_whose_photos_were_deleted_says_so_and_keeps_the_present_lead(client):
    editor = make_editor()
    old_lead, old_further, kept_further, new_lead = make_photo(), make_photo(), make_photo(), make_photo()
    story = make_story(
        status=S.DRAFT,
        headline="With the old pictures",
        lead_photo=old_lead,
        photos=[old_further, kept_further],
    )
    with_old_pictures = services.record_revision(story, by=editor)
    Story.objects.filter(pk=story.pk).update(headline="With the new picture", lead_photo=new_lead)
    StoryPhoto.objects.filter(story=story).delete()
    story.refresh_from_db()
    services.record_revision(story, by=editor)
    old_lead.delete()
    old_further.delete()
    client.force_login(editor)

    asked = client.post(restore_url(story, with_old_pictures)).content.decode()
    plan = asked[asked.index('id="restore-plan"') :]
    brought_back, gone = plan.split("Deleted since, so not brought back")
    assert "Headline" in brought_back and "Lead photo" not in brought_back
    assert "Lead photo" in gone and "Further photos" in gone  # the rest of them are brought back

    confirm(client, client.post(restore_url(story, with_old_pictures)))

    story.refresh_from_db()
    assert story.headline == "With the old pictures"
    assert story.lead_photo == new_lead  # not emptied for a photo that is no more
    assert [use.photo for use in story.story_photos.all()] == [kept_further]


def test_restoring_a_published_story_keeps_its_address():
    editor = make_editor()
    story = make_story(status=S.PUBLISHED, headline="Out there")
    old = Revision.objects.create(
        story=story,
        snapshot={
            **Revision.snapshot_of(story),
            "headline": "Older",
            "slug": "older-slug",
            "publish_at": None,
        },
    )
    address = story.get_absolute_url()

    services.restore_revision(old, by=editor)

    story.refresh_from_db()
    assert story.headline == "Older"
    assert story.get_absolute_url() == address


def test_restoring_a_taken_slug_picks_a_free_one():
    story = make_story(status=S.DRAFT, slug="market-day")
    revision = services.record_revision(story)
    Story.objects.filter(pk=story.pk).update(slug="market-day-moved")
    make_story(status=S.DRAFT, slug="market-day")

    services.restore_revision(revision, by=make_editor())

    story.refresh_from_db()
    assert story.slug != "market-day" and story.slug.startswith("market-day")


def test_a_reporter_cannot_restore_a_published_story_or_someone_elses(client):
    reporter = make_reporter()
    published = make_story(status=S.PUBLISHED, created_by=reporter, headline="As published")
    theirs = make_story(status=S.DRAFT, created_by=make_reporter(), headline="Their draft")
    client.force_login(reporter)
    for story in (published, theirs):
        revision = Revision.objects.create(
            story=story, snapshot={**Revision.snapshot_of(story), "headline": "Old"}
        )
        assert client.post(restore_url(story, revision)).status_code == 403
        story.refresh_from_db()
        assert story.headline != "Old"


def test_restore_needs_a_post_and_a_revision_of_that_story(client):
    story, other = make_story(status=S.DRAFT), make_story(status=S.DRAFT)
    revision = services.record_revision(story)
    foreign = services.record_revision(other)
    client.force_login(make_editor())
    assert client.get(restore_url(story, revision)).status_code == 405
    assert client.post(restore_url(story, foreign)).status_code == 404


def test_history_lists_revisions_and_workflow_steps(client):
    editor = make_editor(username="night-editor")
    story = make_story(status=S.IN_REVIEW, section=make_section())
    services.record_revision(story, by=editor)
    services.return_to_draft(story, by=editor, note="Check the spelling of the mayor's name")
    client.force_login(editor)

    response = client.get(history_url(story))

    assert response.status_code == 200
    assert "night-editor" in response.text
    assert "Check the spelling of the mayor" in response.text
    assert 'id="revisions"' in response.text and 'id="workflow-steps"' in response.text
