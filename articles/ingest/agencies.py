"""Which agency an item belongs to when nobody said (no ``--agency``, no configured feed).

The item's provider, else the last part of its credit ("Jane Roe/Example Wire" is Example Wire's), is
matched against our agencies' names, credits and slugs; an item naming nobody keeps the agency of a
story we already hold under its guid, or that of the other items in its document. When nothing
matches, the agency is created. Every choice is reported once, so the person running the import
knows where the copy went.
"""

from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles.models import Agency, Story

from .transports import is_url

UNATTRIBUTED = "Unattributed wire"


def normalised(label):
    label = " ".join(label.split()).casefold()
    return label[4:] if label.startswith("the ") else label


def looks_like_a_domain(label):
    return " " not in label and "." in label


def label_of(item):
    """The name an item gives its agency, or "" when it gives none.

    A provider written as a domain ("acme.example") yields to a credit line in words; a picture's
    credit usually names its photographer too, so a picture alone does not name an agency.
    """
    provider, credit = item.provider.strip(), item.credit.strip()
    if provider and not (looks_like_a_domain(provider) and credit and not item.is_picture):
        return provider
    if credit and not item.is_picture:
        return credit.rsplit("/", 1)[-1].strip() or credit
    return ""


class AgencyChooser:
    def __init__(self, *, fixed=None, dry_run=False, reporter):
        self.fixed = fixed
        self.dry_run = dry_run
        self.reporter = reporter
        self.index = None
        self.chosen = {}
        self.by_document = {}

    def agency_for(self, item, document):
        if self.fixed is not None:
            return self.fixed
        label = label_of(item)
        if not label:
            held = None if item.is_picture else self.agency_holding(item.guid)
            if held is not None:
                return held
            if document.name in self.by_document:
                return self.by_document[document.name]
            label = self.picture_credit(item) or self.document_label(document)
        agency = self.chosen.get(normalised(label))
        if agency is None:
            agency = self.choose(label)
            self.chosen[normalised(label)] = agency
        if not item.is_picture:
            self.by_document.setdefault(document.name, agency)
        return agency

    def agency_holding(self, guid):
        agencies = list(Story.objects.filter(source_guid=guid).values_list("agency_id", flat=True)[:2])
        if len(agencies) == 1 and agencies[0] is not None:
            return Agency.objects.get(pk=agencies[0])
        return None

    @staticmethod
    def picture_credit(item):
        credit = item.credit.strip()
        return (credit.rsplit("/", 1)[-1].strip() or credit) if item.is_picture else ""

    def document_label(self, document):
        if is_url(document.name):
            return urlsplit(document.name).hostname or UNATTRIBUTED
        return UNATTRIBUTED

    def choose(self, label):
        if self.index is None:
            self.index = {}
            for agency in Agency.objects.all():
                for key in (agency.slug, agency.credit, agency.name):
                    self.index.setdefault(normalised(key), agency)
        key = normalised(label)
        agency = self.index.get(key) or self.index.get(normalised(slugify(label)))
        if agency is not None:
            self.reporter.note(f"agency: items from “{label}” go to {agency.name} ({agency.slug})")
            return agency
        agency = self.create(label)
        self.index[key] = agency
        verb = "would create" if self.dry_run else "created"
        self.reporter.note(
            f"agency: {verb} {agency.name} ({agency.slug}) for items from “{label}”; "
            "pass --agency SLUG to file them under another"
        )
        return agency

    def create(self, label):
        name = label[:120]
        slug = slugify(label)[:60].strip("-") or "agency"
        if self.dry_run:
            return Agency(name=name, slug=slug, credit=label[:40])
        try:
            with transaction.atomic():
                agency, _created = Agency.objects.get_or_create(
                    slug=slug, defaults={"name": name, "credit": label[:40]}
                )
        except IntegrityError:
            # The name is taken under another slug (or a parallel import just created it).
            agency = Agency.objects.filter(name=name).first() or Agency.objects.get(slug=slug)
        return agency
