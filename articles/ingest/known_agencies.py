"""The news agencies whose copy commonly reaches a wire desk, and the names and codes it arrives under.

Agencies name themselves in many ways: AP's NewsML-G2 provider is ``nprov:AP``, its NITF says
"The Associated Press", its ninjs "AP"; Reuters' provider is "reuters.com" and its credit "Reuters".
This table lets the importer give such an agency one record, created under its usual name and credit
with all these names as aliases editors can see and change (:mod:`.agencies`). Names are matched
whole (see :func:`~articles.models.normalised_agency_name`), never by a part, so "AP" and "AAP" stay
two agencies.
"""

from dataclasses import dataclass

from django.utils.text import slugify

from articles.models import normalised_agency_name


@dataclass(frozen=True)
class KnownAgency:
    name: str
    credit: str
    website: str = ""
    # Other names, credits, provider codes and web domains the agency's copy comes under.
    also: tuple[str, ...] = ()

    @property
    def slug(self):
        return slugify(self.name)[:60]

    @property
    def identifiers(self):
        """Every name the agency is known by, its name and credit first."""
        return (self.name, self.credit, *self.also)

    @property
    def keys(self):
        return {normalised_agency_name(value) for value in self.identifiers} - {""}


KNOWN_AGENCIES = (
    KnownAgency(
        "Associated Press",
        "AP",
        "https://apnews.com",
        ("The Associated Press", "apnews.com", "ap.org"),
    ),
    KnownAgency("Reuters", "Reuters", "https://www.reuters.com", ("Thomson Reuters", "reuters.com")),
    KnownAgency("Agence France-Presse", "AFP", "https://www.afp.com", ("Agence France Presse", "afp.com")),
    KnownAgency(
        "Deutsche Presse-Agentur",
        "dpa",
        "https://www.dpa.com",
        ("dpa.de", "dpa.com", "dpa Deutsche Presse-Agentur"),
    ),
    KnownAgency(
        "ANSA",
        "ANSA",
        "https://www.ansa.it",
        ("Agenzia ANSA", "Agenzia Nazionale Stampa Associata", "ansa.it"),
    ),
    KnownAgency("Agencia EFE", "EFE", "https://www.efe.com", ("efe.com",)),
    # PA Sport is PA Media's sports service.
    KnownAgency(
        "PA Media", "PA", "https://pa.media", ("Press Association", "PA Sport", "PA Wire", "pa.media")
    ),
    KnownAgency("Australian Associated Press", "AAP", "https://www.aap.com.au", ("aap.com.au",)),
    KnownAgency("NTB", "NTB", "https://www.ntb.no", ("Norsk Telegrambyrå", "ntb.no")),
    KnownAgency(
        "TT Nyhetsbyrån", "TT", "https://tt.se", ("TT News Agency", "Tidningarnas Telegrambyrå", "tt.se")
    ),
    KnownAgency("STT", "STT", "https://stt.fi", ("Suomen Tietotoimisto", "STT-FNB", "stt.fi")),
    KnownAgency("The Canadian Press", "CP", "https://www.thecanadianpress.com", ("thecanadianpress.com",)),
    KnownAgency("Press Trust of India", "PTI", "https://www.ptinews.com", ("ptinews.com",)),
    KnownAgency("United News of India", "UNI", "https://www.uniindia.com", ("uniindia.com",)),
    KnownAgency("Ritzau", "Ritzau", "https://ritzau.dk", ("Ritzaus Bureau", "ritzau.dk")),
    KnownAgency(
        "Austria Presse Agentur", "APA", "https://www.apa.at", ("APA-Austria Presse Agentur", "apa.at")
    ),
    KnownAgency("ANP", "ANP", "https://www.anp.nl", ("Algemeen Nederlands Persbureau", "anp.nl")),
    KnownAgency("Belga", "Belga", "https://www.belga.be", ("Agence Belga", "belga.be")),
    KnownAgency("Kyodo News", "Kyodo", "https://english.kyodonews.net", ("kyodonews.net",)),
    KnownAgency("Xinhua News Agency", "Xinhua", "https://english.news.cn", ("xinhuanet.com", "news.cn")),
    KnownAgency("Yonhap News Agency", "Yonhap", "https://en.yna.co.kr", ("yna.co.kr",)),
    KnownAgency("Agência Lusa", "Lusa", "https://www.lusa.pt", ("lusa.pt",)),
    KnownAgency("Anadolu Agency", "Anadolu", "https://www.aa.com.tr", ("Anadolu Ajansı", "aa.com.tr")),
    KnownAgency("Europa Press", "Europa Press", "https://www.europapress.es", ("europapress.es",)),
    KnownAgency("United Press International", "UPI", "https://www.upi.com", ("upi.com",)),
    KnownAgency("Getty Images", "Getty Images", "https://www.gettyimages.com", ("gettyimages.com",)),
)

_BY_KEY = {key: known for known in KNOWN_AGENCIES for key in known.keys}


def known_agency(keys):
    """The known agency one of ``keys`` (normalised names) belongs to, or None."""
    for key in keys:
        if key in _BY_KEY:
            return _BY_KEY[key]
    return None
