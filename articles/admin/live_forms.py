"""The live panel's forms: an entry (posted or edited) and the coverage's key points."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Author, Photo
from ..services.live import EntryContent


class LiveEntryForm(forms.Form):
    """What a person types to post or edit an entry. Works without JavaScript: the picture is the
    library's number (the photo list shows it), the embed a plain address."""

    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Plain text (a blank line starts a paragraph) or simple HTML; links are kept."),
    )
    photo = forms.IntegerField(
        label=_("Library picture number"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"size": 8}),
    )
    photo_caption = forms.CharField(label=_("Caption for this entry"), max_length=500, required=False)
    embed_url = forms.CharField(
        label=_("Or embed a video or post (its address)"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"size": 50}),
    )
    authors = forms.TypedMultipleChoiceField(
        label=_("By"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, author_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].choices = [(author.pk, author.name) for author in author_choices]

    def clean_photo(self):
        number = self.cleaned_data.get("photo")
        if number is None:
            return None
        photo = Photo.objects.select_related("agency").filter(pk=number).first()
        if photo is None:
            raise forms.ValidationError(
                _("There is no picture #%(number)s in the library."), params={"number": number}
            )
        return photo

    def content(self):
        data = self.cleaned_data
        return EntryContent(
            text=data.get("text", ""),
            title=data.get("title", ""),
            photo=data.get("photo"),
            photo_caption=data.get("photo_caption", ""),
            embed_url=data.get("embed_url", ""),
            author_ids=list(data.get("authors") or []),
            time=data.get("time"),
        )


class NewLiveEntryForm(LiveEntryForm):
    """Posting: the compact form at the top of a live story's page in the admin."""

    pinned = forms.BooleanField(label=_("Key event"), required=False)

    def __init__(self, *args, may_pin=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_pin:
            del self.fields["pinned"]


class EditLiveEntryForm(LiveEntryForm):
    """Editing: the entry's time may be set back, and a note makes the change a correction."""

    time = forms.DateTimeField(label=_("Time"), required=True)
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "For a published entry that said something wrong: readers see this note with the time of the "
            "correction. Leave empty for a typo or an added detail."
        ),
    )


class KeyPointsForm(forms.Form):
    key_points = forms.CharField(
        label=_("Key points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("A short summary readers see first; a list works best (<ul><li>…</li></ul>)."),
    )


def author_choices(story, user, entry=None):
    """Who an entry may be credited to: the story's byline, the person posting, and (editing) the
    entry's own authors; one query."""
    story_authors = Author.objects.filter(bylines__story=story)
    choices = Author.objects.filter(pk__in=story_authors.values("pk"))
    if user is not None:
        choices = choices | Author.objects.filter(user=user)
    if entry is not None:
        choices = choices | Author.objects.filter(live_bylines__entry=entry)
    return list(choices.distinct().order_by("name"))


def own_author_ids(choices, user):
    return [author.pk for author in choices if author.user_id == getattr(user, "pk", None)]
