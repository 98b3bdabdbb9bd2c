"""Which agency an item belongs to when nobody said (no ``--agency``, no configured feed).

An agency is known by its identifiers: the item's provider (a NewsML-G2 provider QCode such as
``nprov:AP`` or a literal, ninjs ``provider``/``copyrightholder``), else the last part of its credit
("Jane Roe/Example Wire" is Example Wire's). These are matched whole, after
:func:`~articles.models.normalised_agency_name`, against the alias table editors keep
(:class:`~articles.models.AgencyAlias`) and our agencies' names, credits and slugs, so "AP",
"Associated Press" and "The Associated Press" are one agency while "AAP" is another.

An agency the importer has not seen under that name but which :mod:`.known_agencies` knows ("Reuters"
arriving as "reuters.com") goes to the agency we hold under its usual name or credit, when that agency
has no aliases yet: it is given the known names then, once; afterwards its alias list is the editors'
and is followed as they leave it (a name they took off it makes an agency of its own). An agency we do
not hold is created, under its usual name and credit with its known names as aliases when it is a
known one, else under the name the item gives.

An item naming nobody keeps the agency of a story we already hold under its guid, or that of the other
items in its document. Every choice is reported once, so the person running the import knows where the
copy went. A configured feed or ``--agency`` fixes the agency and none of this applies.
"""

from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles.models import Agency, AgencyAlias, Story, normalised_agency_name

from .known_agencies import known_agency
from .transports import is_url

UNATTRIBUTED = "Unattributed wire"
# Where an address names an agency by its IPTC NewsCodes provider code (…/newsprovider/AP).
NEWS_PROVIDER_PATH = "/newsprovider/"


def looks_like_a_domain(label):
    return " " not in label and "." in label


def label_of(item):
    """The name an item gives its agency, or "" when it gives none (the name a new agency gets).

    A provider written as a domain ("acme.example") yields to a credit line in words; a picture's
    credit usually names its photographer too, so a picture alone does not name an agency.
    """
    provider, credit = item.provider.strip(), item.credit.strip()
    if provider and not (looks_like_a_domain(provider) and credit and not item.is_picture):
        return provider
    if credit and not item.is_picture:
        return credit_tail(credit)
    return ""


def labels_of(item):
    """Every name the item gives its agency, strongest first: the provider, then the credit's."""
    labels = [item.provider.strip()]
    if not item.is_picture:
        labels.append(credit_tail(item.credit.strip()))
    return list(dict.fromkeys(label for label in labels if label))


def credit_tail(credit):
    return credit.rsplit("/", 1)[-1].strip() or credit


def identifier_keys(label):
    """The keys ``label`` is looked up by: the label itself, a QCode's code ("nprov:AP" is "AP"), an
    address's host and any NewsCodes provider code in its path."""
    label = (label or "").strip()[:1000]
    keys = [normalised_agency_name(label)]
    if is_url(label):
        parts = urlsplit(label)
        keys.append(normalised_agency_name(parts.hostname or ""))
        if NEWS_PROVIDER_PATH in parts.path:
            keys.append(normalised_agency_name(parts.path.rstrip("/").rsplit("/", 1)[-1]))
    elif " " not in label and ":" in label:
        keys.append(normalised_agency_name(label.split(":", 1)[1]))
    return [key for key in dict.fromkeys(keys) if key]


class AgencyIndex:
    """Our agencies by every key they are matched by, read once per import."""

    def __init__(self):
        self.by_pk = {agency.pk: agency for agency in Agency.objects.all()}
        self.by_name = {}
        for agency in self.by_pk.values():
            for value in (agency.name, agency.credit, agency.slug):
                self.by_name.setdefault(normalised_agency_name(value), agency)
        self.by_alias = {
            key: self.by_pk[agency_id]
            for key, agency_id in AgencyAlias.objects.values_list("normalised", "agency_id")
            if agency_id in self.by_pk
        }
        self.with_aliases = {agency.pk for agency in self.by_alias.values()}

    def find(self, keys):
        """The agency of the first key an alias or an agency's name, credit or slug has."""
        for key in keys:
            agency = self.by_alias.get(key) or self.by_name.get(key)
            if agency is not None:
                return agency
        return None

    def add(self, agency, keys=()):
        self.by_pk[agency.pk] = agency
        for value in (agency.name, agency.credit, agency.slug):
            self.by_name.setdefault(normalised_agency_name(value), agency)
        for key in keys:
            self.by_alias.setdefault(key, agency)
            self.with_aliases.add(agency.pk)

    def free_keys(self, agency, values):
        """The keys of ``values`` that may become ``agency``'s aliases: not already an alias, and not
        another agency's name, credit or slug (an alias must not take copy away from an agency)."""
        own = normalised_agency_name(agency.name)
        keys = {}
        for value in values:
            key = normalised_agency_name(value)
            taken = self.by_alias.get(key) or self.by_name.get(key)
            if key and key != own and key not in keys.values() and (taken is None or taken.pk == agency.pk):
                keys[value] = key
        return keys


def give_known_names(agency, known, index=None):
    """Add ``known``'s names as ``agency``'s aliases, leaving out any another agency holds; returns the
    values added."""
    return give_names(agency, known.identifiers, index)


def give_names(agency, values, index=None):
    """Add ``values`` as ``agency``'s aliases, leaving out any another agency holds; returns the
    values added."""
    index = index or AgencyIndex()
    keys = index.free_keys(agency, values)
    rows = [AgencyAlias(agency=agency, value=value[:200], normalised=key) for value, key in keys.items()]
    # Another import may be giving the same names at this moment: the first one keeps each.
    AgencyAlias.objects.bulk_create(rows, ignore_conflicts=True)
    index.add(agency, keys.values())
    return list(keys)


def known_agency_of(agency):
    """The known agency ``agency`` is, by its name, credit or slug, or None."""
    values = (agency.name, agency.credit, agency.slug)
    return known_agency([normalised_agency_name(value) for value in values])


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
        labels = labels_of(item)
        if not labels:
            held = None if item.is_picture else self.agency_holding(item.guid)
            if held is not None:
                return held
            if document.name in self.by_document:
                return self.by_document[document.name]
            labels = [self.picture_credit(item) or self.document_label(document)]
        agency = self.chosen.get(tuple(labels))
        if agency is None:
            agency = self.choose(labels, label_of(item) or labels[0])
            self.chosen[tuple(labels)] = agency
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
        return credit_tail(credit) if item.is_picture and credit else ""

    def document_label(self, document):
        if is_url(document.name):
            return urlsplit(document.name).hostname or UNATTRIBUTED
        return UNATTRIBUTED

    def choose(self, labels, label):
        """The agency ``labels`` name (``label``: the one a new agency is named after)."""
        if self.index is None:
            self.index = AgencyIndex()
        keys = [key for each in labels for key in identifier_keys(each)]
        agency = self.index.find(keys)
        if agency is not None:
            self.reporter.note(f"agency: items from “{label}” go to {agency.name} ({agency.slug})")
            return agency
        known = known_agency(keys)
        if known is not None:
            # Held under its own name or credit; an agency named after one of its other names may be
            # one the desk keeps apart (PA Sport), so it is not taken for the whole agency.
            held = self.index.find(identifier_keys(known.name) + identifier_keys(known.credit))
            if held is None:
                return self.create_known(known, label)
            if held.pk not in self.index.with_aliases:
                return self.adopt(held, known, label)
            # The agency's aliases are the editors' now and do not name this label: a new agency.
        return self.create(label)

    def adopt(self, agency, known, label):
        """``agency`` is a known agency that arrived under another of its names: it gets them all."""
        added = [] if self.dry_run else give_known_names(agency, known, self.index)
        self.reporter.note(
            f"agency: items from “{label}” go to {agency.name} ({agency.slug}), another name of it"
            + (f"; its aliases now include {', '.join(added)}" if added else "")
        )
        return agency

    def create_known(self, known, label):
        verb = "would create" if self.dry_run else "created"
        if self.dry_run:
            agency = Agency(name=known.name, slug=known.slug, credit=known.credit, website=known.website)
        else:
            try:
                with transaction.atomic():
                    agency, _created = Agency.objects.get_or_create(
                        slug=known.slug,
                        defaults={"name": known.name, "credit": known.credit, "website": known.website},
                    )
            except IntegrityError:
                return self.create(label)  # its name is taken under another slug: not ours to merge
            give_known_names(agency, known, self.index)
            self.index.add(agency)
        self.reporter.note(
            f"agency: {verb} {agency.name} ({agency.slug}) for items from “{label}”, with the names it is "
            "known by as aliases (Agencies in the admin); pass --agency SLUG to file them under another"
        )
        return agency

    def create(self, label):
        name = label[:120]
        slug = slugify_label(label)
        if self.dry_run:
            agency = Agency(name=name, slug=slug, credit=label[:40])
        else:
            try:
                with transaction.atomic():
                    agency, _created = Agency.objects.get_or_create(
                        slug=slug, defaults={"name": name, "credit": label[:40]}
                    )
            except IntegrityError:
                # The name is taken under another slug (or a parallel import just created it).
                agency = Agency.objects.filter(name=name).first() or Agency.objects.get(slug=slug)
        if agency.pk:
            self.index.add(agency)
        verb = "would create" if self.dry_run else "created"
        self.reporter.note(
            f"agency: {verb} {agency.name} ({agency.slug}) for items from “{label}”; "
            "pass --agency SLUG to file them under another"
        )
        return agency


def slugify_label(label):
    return slugify(label)[:60].strip("-") or "agency"
