"""What editors must know about a photo's rights wherever they meet it: usage terms, expiry, credit.

The rule that an uncredited photo blocks publication lives with the other publication rules in
``articles.services`` (``uncredited_photos`` / ``check_photo_credits``); this module gives the desk
the words and the look-ups: where a photo is used, and which stories carry photos whose rights are
running out.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .. import workflow
from ..models import Author, Photo, Story, StoryPhoto

LABEL_CAPTION_WORDS = 12
GOING_OUT = (Story.Status.PUBLISHED, Story.Status.SCHEDULED)


@dataclass(frozen=True)
class PhotoUses:
    """Where one photo appears: stories it leads, stories it illustrates further down, authors."""

    lead_of: list
    further_in: list
    author_of: list

    @property
    def stories(self):
        seen = {}
        for story in [*self.lead_of, *self.further_in]:
            seen.setdefault(story.pk, story)
        return list(seen.values())

    def __bool__(self):
        return bool(self.lead_of or self.further_in or self.author_of)


def photo_uses(photo):
    """Every place ``photo`` is shown (three queries)."""
    return PhotoUses(
        lead_of=list(
            Story.objects.filter(lead_photo=photo).select_related("section").order_by("-updated_at")
        ),
        further_in=list(
            Story.objects.filter(story_photos__photo=photo)
            .select_related("section")
            .order_by("-updated_at")
            .distinct()
        ),
        author_of=list(Author.objects.filter(photo=photo).order_by("name")),
    )


def stories_going_out_with(photo):
    """The published and scheduled stories that show ``photo`` (one query)."""
    return Story.objects.showing_photos([photo.pk]).filter(status__in=GOING_OUT).order_by("-updated_at")


def may_change_photo(user, photo):
    """May ``user`` change ``photo``'s caption, credit, alt text, rights or focal point?

    A photo that a published or scheduled story shows is part of that story: changing it changes
    what readers see at once, so it takes the permission to edit each such story
    (``workflow.can_edit``: editors may, reporters may not). Other photos: the model permission.
    """
    if not (user.is_superuser or user.has_perm("articles.change_photo")):
        return False
    if photo.pk is None:
        return True
    return all(workflow.can_edit(user, story) for story in stories_going_out_with(photo))


def locked_photo_ids(user, photos):
    """The pks among ``photos`` (a queryset) that ``user`` may not change (see ``may_change_photo``);
    one query when none of them is on a story going out, as after an upload."""
    return {
        photo.pk for photo in photos.on_stories_going_out().order_by() if not may_change_photo(user, photo)
    }


def expiry_text(photo, at=None):
    """ "Usage expired on …" / "Usage expires on … (in 3 days)" / "" for a photo without expiry."""
    if photo.expires_at is None:
        return ""
    at = at or timezone.now()
    when = formats.date_format(timezone.localtime(photo.expires_at), "DATETIME_FORMAT")
    if not photo.is_usable_at(at):
        return _("Usage expired on %(when)s: the public site no longer shows this photo.") % {"when": when}
    days = (photo.expires_at - at).days
    if photo.expires_soon:
        if days < 1:
            return _("Usage expires on %(when)s (today): the public site stops showing it then.") % {
                "when": when
            }
        return _("Usage expires on %(when)s (in %(days)d days): the public site stops showing it then.") % {
            "when": when,
            "days": days,
        }
    return _("Usage expires on %(when)s.") % {"when": when}


def picker_label(photo):
    """How a photo reads where an editor picks one: caption, credit, usage terms and expiry."""
    parts = [Truncator(str(photo)).words(LABEL_CAPTION_WORDS)]
    credit = photo.credit or photo.photographer or (photo.agency.credit if photo.agency_id else "")
    parts.append(_("credit: %(credit)s") % {"credit": credit} if credit else _("NO CREDIT"))
    if photo.usage_terms:
        parts.append(_("usage: %(terms)s") % {"terms": Truncator(photo.usage_terms).chars(80)})
    if photo.expires_at is not None:
        if not photo.is_usable:
            parts.append(_("EXPIRED"))
        else:
            parts.append(
                _("expires %(date)s")
                % {"date": formats.date_format(timezone.localtime(photo.expires_at), "SHORT_DATE_FORMAT")}
            )
    return " · ".join(parts)


def story_photo_warnings(story):
    """Warnings for the story form: each of the story's photos that is expired or expires soon.

    Two queries (lead photo, further photos); an unsaved story has none.
    """
    if story.pk is None:
        return []
    photos = []
    if story.lead_photo_id:
        photos += list(Photo.objects.filter(pk=story.lead_photo_id))
    photos += [
        use.photo
        for use in StoryPhoto.objects.filter(story=story).select_related("photo").order_by("position")
    ]
    warnings = []
    for photo in dict.fromkeys(photos):
        if not (photo.expires_soon or photo.is_expired):
            continue
        warnings.append(
            _("Photo “%(photo)s” (#%(id)d): %(expiry)s")
            % {"photo": Truncator(str(photo)).chars(60), "id": photo.pk, "expiry": expiry_text(photo)}
        )
    return warnings


def stories_with_expiring_photos(at=None, days=None):
    """Stories (not withdrawn) whose lead or further photos expire within the warning period."""
    expiring = Photo.objects.expiring_soon(at=at, days=days)
    return (
        Story.objects.exclude(status=Story.Status.WITHDRAWN)
        .filter(Q(lead_photo__in=expiring) | Q(story_photos__photo__in=expiring))
        .distinct()
        .order_by("-updated_at")
    )


def going_out_message(stories):
    """Why a photo's form is read-only: the stories going out with it, linked."""
    return format_html(
        "{} {}",
        _(
            "This photo is shown by a published or scheduled story, so changing it changes that story: "
            "only someone who may edit the story (an editor) may change it."
        ),
        format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:articles_story_change", args=[story.pk]), story.headline) for story in stories),
        ),
    )
