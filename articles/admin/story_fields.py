"""Story form fields beyond the copy: the byline a new story starts with, its secondary sections, and
the "SEO and social" fieldset (what search engines and sharing previews show)."""

from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Author, StoryAuthor

WRITER = "newsroom_writer"  # the request attribute that remembers the writer's Author (or None)

SEO_AND_SOCIAL = (
    _("SEO and social"),
    {
        "classes": ["collapse"],
        "fields": [
            "seo_title",
            "seo_description",
            "social_title",
            "social_description",
            "social_image",
            "canonical_url",
        ],
        "description": _(
            "Sharing previews (Open Graph, Twitter cards) show the social title, description and image; "
            "when empty, the SEO title or headline, the SEO description or standfirst, and the lead photo."
        ),
    },
)


def writer_of(request):
    """The author the logged-in person writes as (their ``Author.user``), or None: one query per
    request, however often the form asks."""
    if not hasattr(request, WRITER):
        setattr(request, WRITER, Author.objects.filter(user_id=request.user.pk).first())
    return getattr(request, WRITER)


def writer_extra_rows(request, story):
    """How many empty byline rows the form offers: one for a new story written by someone with an
    author profile (filled with them, :meth:`StoryFieldsMixin.get_formset_kwargs`), else none."""
    return 1 if story is None and writer_of(request) is not None else 0


class StoryFieldsMixin:
    """For the story admin: a new story's byline starts with its writer, and its secondary sections
    are stored with the story by ``services.save_story`` (``store_related_fields``)."""

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Only the form as first shown: a posted row is the writer's own choice (and, being a change
        # from an empty row, is saved; a row equal to its initial value would be skipped as unchanged).
        if inline.model is StoryAuthor and obj.pk is None and request.method != "POST":
            writer = writer_of(request)
            if writer is not None:
                kwargs["initial"] = [{"author": writer.pk}]
        return kwargs


def store_related_fields(story, form):
    """The form's relations that are not inlines (called from ``DeskRelations.store``)."""
    if "secondary_sections" in form.cleaned_data:
        services.store_secondary_sections(story, form.cleaned_data["secondary_sections"])
