"""Notes on a story: who may read and post them, replies, mentions, and what a note never touches.

Forbidden posts are sent by hand, as a curious colleague could send them.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from articles.models import Notification, Revision, Story, StoryNote
from articles.services.notes import mentioned_names, post_note
from articles.workflow import InvalidTransition, TransitionNotAllowed
from tests.builders import make_story
from tests.desk_builders import change_url, logged_in, messages_of
from tests.newsroom_staff import make_editor, make_reporter, make_staff, make_superuser, make_wire_desk

pytestmark = pytest.mark.django_db
S = Story.Status


def notes_url(story):
    return reverse("admin:articles_story_notes", args=[story.pk])


# Reading and posting -------------------------------------------------------------------------------


@pytest.mark.parametrize("make_person", [make_reporter, make_editor, make_wire_desk, make_superuser])
def test_the_newsroom_roles_read_and_post_notes(client, make_person):
    story = make_story(status=S.IN_REVIEW, headline="Council votes on the river crossing")
    StoryNote.objects.create(story=story, text="Is the vote count confirmed?")
    person = make_person()
    logged_in(client, person)

    page = client.get(change_url(story))
    assert page.status_code == 200
    assert 'id="story-notes"' in page.text
    assert "Is the vote count confirmed?" in page.text
    assert 'id="new-note-form"' in page.text

    response = client.post(notes_url(story), {"text": "Yes, 31 to 12, from the clerk."})
    note = StoryNote.objects.get(text="Yes, 31 to 12, from the clerk.")
    assert response.status_code == 302
    assert response["Location"] == f"{change_url(story)}#note-{note.pk}"
    assert note.author == person
    assert note.story == story


def test_staff_without_story_access_neither_read_nor_post_notes(client):
    photo_desk = make_staff(None, username="photo-desk")
    photo_desk.user_permissions.add(*Permission.objects.filter(codename__in=["view_photo", "change_photo"]))
    story = make_story(status=S.DRAFT)
    StoryNote.objects.create(story=story, text="Private to the desk")
    logged_in(client, photo_desk)

    assert client.get(change_url(story)).status_code == 403
    response = client.post(notes_url(story), {"text": "Let me in"})

    assert response.status_code == 403
    assert list(StoryNote.objects.values_list("text", flat=True)) == ["Private to the desk"]


def test_a_person_without_the_note_permissions_sees_no_panel_and_may_not_post(client):
    reporter = make_reporter()
    story = make_story(status=S.DRAFT, created_by=reporter)
    # Someone who may edit stories but was given no note permissions (not in a newsroom group).
    writer = make_staff(None, username="freelance-writer")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_story", "change_story", "edit_any_story"])
    )
    StoryNote.objects.create(story=story, text="Only for the desk", author=reporter)
    logged_in(client, writer)

    page = client.get(change_url(story))
    assert page.status_code == 200
    assert "Only for the desk" not in page.text
    assert 'id="story-notes"' not in page.text
    assert client.post(notes_url(story), {"text": "Hello"}).status_code == 403
    assert StoryNote.objects.count() == 1


def test_reading_without_posting(client):
    reader = make_staff(None, username="note-reader")
    reader.user_permissions.add(*Permission.objects.filter(codename__in=["view_story", "view_storynote"]))
    story = make_story(status=S.PUBLISHED)
    StoryNote.objects.create(story=story, text="Check the caption tomorrow")
    logged_in(client, reader)

    page = client.get(change_url(story))
    assert "Check the caption tomorrow" in page.text
    assert 'id="new-note-form"' not in page.text
    assert client.post(notes_url(story), {"text": "Me too"}).status_code == 403
    assert StoryNote.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    story = make_story()
    response = client.post(notes_url(story), {"text": "Spam"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not StoryNote.objects.exists()


def test_notes_are_posted_only_by_post(client):
    story = make_story()
    logged_in(client, make_editor())
    assert client.get(notes_url(story)).status_code == 405


def test_an_empty_note_is_refused_with_a_message(client):
    story = make_story()
    logged_in(client, make_editor())
    response = client.post(notes_url(story), {"text": "   "}, follow=True)
    assert "Write something in the note first." in messages_of(response)
    assert not StoryNote.objects.exists()


def test_an_overlong_note_is_refused():
    story = make_story()
    with pytest.raises(InvalidTransition):
        post_note(story, by=make_editor(), text="x" * 4001)
    assert not StoryNote.objects.exists()


def test_post_note_refuses_a_person_who_may_not():
    story = make_story()
    with pytest.raises(TransitionNotAllowed):
        post_note(story, by=make_staff(None), text="Hello")


# Threads -------------------------------------------------------------------------------------------


def test_replies_join_their_thread_and_a_reply_to_a_reply_joins_the_same_thread(client):
    story = make_story(status=S.IN_REVIEW)
    editor, reporter = make_editor(), make_reporter()
    thread = post_note(story, by=editor, text="Who took the second photo?")
    reply = post_note(story, by=reporter, text="Our stringer in the port.", parent=thread)
    logged_in(client, editor)

    client.post(notes_url(story), {"text": "Then credit them by name.", "parent": reply.pk})

    latest = StoryNote.objects.latest()
    assert latest.parent == thread
    page = client.get(change_url(story)).text
    assert page.index("Who took the second photo?") < page.index("Our stringer in the port.")
    assert page.index("Our stringer in the port.") < page.index("Then credit them by name.")
    assert page.count('name="parent"') == 1  # one reply form, for the one thread


def test_a_reply_to_another_storys_note_is_refused(client):
    story, other = make_story(), make_story()
    elsewhere = StoryNote.objects.create(story=other, text="On the other story")
    logged_in(client, make_editor())

    response = client.post(notes_url(story), {"text": "Sneaky", "parent": elsewhere.pk}, follow=True)

    assert "That note belongs to another story." in messages_of(response)
    assert StoryNote.objects.count() == 1


def test_a_reply_to_a_note_that_does_not_exist_is_404(client):
    story = make_story()
    logged_in(client, make_editor())
    assert client.post(notes_url(story), {"text": "Hi", "parent": "999999"}).status_code == 404
    assert client.post(notes_url(story), {"text": "Hi", "parent": "abc"}).status_code == 404


def test_note_text_is_shown_escaped(client):
    story = make_story()
    post_note(story, by=make_editor(), text="<script>alert(1)</script> & more")
    page = logged_in(client, make_reporter()).get(change_url(story)).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "<script>alert(1)</script>" not in page


# A note is not part of the story ----------------------------------------------------------------


def test_a_note_changes_nothing_of_the_story_and_purges_nothing(client, django_capture_on_commit_callbacks):
    story = make_story(status=S.PUBLISHED)
    before = Story.objects.values().get(pk=story.pk)
    logged_in(client, make_editor())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(notes_url(story), {"text": "Readers are asking about the map."})

    assert Story.objects.values().get(pk=story.pk) == before  # not even updated_at
    assert not Revision.objects.filter(story=story).exists()
    assert callbacks == []  # no reader-cache purge waiting for the commit


def test_notes_are_not_in_the_public_page(client):
    story = make_story(status=S.PUBLISHED, headline="Night trains return to the coast line")
    post_note(story, by=make_editor(), text="Embarrassing internal remark")
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Embarrassing internal remark" not in page.text


# Mentions ------------------------------------------------------------------------------------------


def test_mention_names_are_found_in_text():
    text = "@meera can you check? cc @night.editor. Not desk@example.org nor @@twice; again @meera"
    assert mentioned_names(text) == ["meera", "night.editor"]


def test_a_mention_notifies_the_person_mentioned(client):
    make_reporter(username="meera")
    story = make_story(status=S.IN_REVIEW, headline="Port strike enters its third day")
    editor = make_editor(username="desk-chief")
    logged_in(client, editor)

    client.post(notes_url(story), {"text": "@Meera please add the union's reply before six."})

    [notification] = Notification.objects.all()
    assert notification.recipient.username == "meera"
    assert notification.kind == Notification.Kind.MENTION
    assert notification.story == story
    assert notification.actor == editor
    assert "add the union's reply" in notification.text


def test_mentions_of_nobody_of_oneself_or_of_someone_who_may_not_read_notify_no_one(client):
    outsider = make_staff(None, username="outsider")  # staff, but no story or note permissions
    editor = make_editor(username="desk-chief")
    story = make_story(status=S.IN_REVIEW)
    logged_in(client, editor)

    client.post(notes_url(story), {"text": "@nobody-here @desk-chief @outsider look"})

    assert StoryNote.objects.count() == 1
    assert not Notification.objects.exists()
    assert outsider.notifications.count() == 0


def test_a_mention_is_emailed_where_email_url_is_set(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = "smtp://mail.example.org"  # delivered through Django's locmem backend in tests
    meera = make_reporter(username="meera")
    meera.email = "meera@example.org"
    meera.save()
    story = make_story(status=S.IN_REVIEW, headline="Port strike enters its third day")
    logged_in(client, make_editor(username="desk-chief"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(notes_url(story), {"text": "@meera the union called back."})

    [email] = mail.outbox
    assert email.to == ["meera@example.org"]
    assert "desk-chief mentioned you on “Port strike enters its third day”" in email.subject
    assert "@meera the union called back." in email.body


# Correcting a note ---------------------------------------------------------------------------------


def edit_url(note):
    return reverse("admin:articles_story_note_edit", args=[note.story_id, note.pk])


def test_the_author_corrects_a_note_and_the_thread_says_it_was_edited(client):
    make_reporter(username="meera")
    make_reporter(username="tomas")
    editor = make_editor(username="desk-chief")
    story = make_story(status=S.IN_REVIEW)
    logged_in(client, editor)
    client.post(notes_url(story), {"text": "@meera the vote was 31 to 21."})
    note = StoryNote.objects.get()
    page = client.get(change_url(story)).text
    assert f'action="{notes_url(story)}{note.pk}/edit/"' in page
    assert "edited</span>" not in page

    response = client.post(edit_url(note), {"text": "@meera @Tomas the vote was 31 to 12."})

    assert response.status_code == 302
    assert response["Location"] == f"{change_url(story)}#note-{note.pk}"
    note.refresh_from_db()
    assert note.text == "@meera @Tomas the vote was 31 to 12." and note.edited_at is not None
    assert "edited</span>" in client.get(change_url(story)).text
    # Meera was told when the note was posted; only Tomas, named by the correction, is told now.
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["meera", "tomas"]


def test_only_the_author_may_change_a_note_and_not_to_nothing(client):
    author = make_editor(username="desk-chief")
    story = make_story(status=S.IN_REVIEW)
    note = post_note(story, by=author, text="Check the clerk's figures.")
    logged_in(client, make_editor(username="night-editor"))
    assert 'class="note-edit"' not in client.get(change_url(story)).text
    assert client.post(edit_url(note), {"text": "Rewritten by someone else"}).status_code == 403

    logged_in(client, author)
    refused = client.post(edit_url(note), {"text": "   "}, follow=True)
    assert "Write something in the note first." in messages_of(refused)
    assert client.get(edit_url(note)).status_code == 405
    note.refresh_from_db()
    assert (note.text, note.edited_at) == ("Check the clerk's figures.", None)


def test_the_notes_box_suggests_whoever_may_read_notes_and_no_one_else(client):
    from articles.services.notes import people_to_mention

    editor, reporter, wire = (
        make_editor(username="desk-chief"),
        make_reporter(username="meera"),
        make_wire_desk(),
    )
    boss = make_superuser(username="boss")
    gone = make_reporter(username="gone")
    gone.is_active = False
    gone.save()
    make_staff(None, username="no-desk-role")  # staff, but may not read notes

    names = [person["username"] for person in people_to_mention()]

    assert names == sorted([editor.username, reporter.username, wire.username, boss.username])
    page = logged_in(client, editor).get(change_url(make_story())).text
    assert 'id="note-mention-people"' in page and '"username": "meera"' in page
    assert "no-desk-role" not in page.split('id="note-mention-people"')[1].split("</script>")[0]
