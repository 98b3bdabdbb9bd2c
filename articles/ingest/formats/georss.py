"""Where an RSS item or Atom entry happened: GeoRSS Simple (``georss:featurename``,
``georss:point``), GeoRSS GML (``georss:where/gml:Point/gml:pos``) and W3C Basic Geo (``geo:lat``,
``geo:long``).

The feature name is a place as the agency wrote it ("Bergen, Norway"), so it is the story's
dateline. A point is kept as a place subject with a ``geo:`` URI (RFC 5870) for the desk to see and
map; it never becomes a dateline, because readers are not shown coordinates.
"""

from dataclasses import dataclass

from ..items import PLACE, Subject
from ..text import plain
from ..xml import localname

GEORSS_NAMESPACE = "georss.org/georss"
GML_NAMESPACE = "opengis.net/gml"
W3C_GEO_NAMESPACE = "w3.org/2003/01/geo/wgs84_pos"
MAX_COORDINATE_CHARACTERS = 64  # "-33.8678500 151.2073200" and then some; anything longer is not a point


@dataclass(frozen=True)
class EntryPlace:
    name: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    def subject(self):
        """The point as a place subject, or ``None`` when the entry gives no point."""
        if not self.has_point:
            return None
        code = f"geo:{self.latitude},{self.longitude}"
        return Subject(code=code, name=self.name or code, kind=PLACE)


def namespace_of(element):
    return element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""


def children_in(element, namespace):
    return [child for child in element if isinstance(child.tag, str) and namespace in namespace_of(child)]


def coordinate(text, limit):
    """A number within ±``limit`` from ``text``, or ``None``."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if -limit <= value <= limit else None


def point_from(text):
    """(latitude, longitude) from "lat lon" (GeoRSS and GML both write latitude first), or Nones."""
    text = (text or "").strip()
    if not text or len(text) > MAX_COORDINATE_CHARACTERS:
        return None, None
    parts = text.replace(",", " ").split()
    if len(parts) != 2:
        return None, None
    latitude, longitude = coordinate(parts[0], 90), coordinate(parts[1], 180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def entry_place(entry):
    """The :class:`EntryPlace` of one ``<item>``/``<entry>`` element (empty when it names none)."""
    name, latitude, longitude = "", None, None
    for child in children_in(entry, GEORSS_NAMESPACE):
        tag = localname(child).lower()
        if tag == "featurename" and not name:
            name = plain(child.text)
        elif tag == "point" and latitude is None:
            latitude, longitude = point_from(child.text)
        elif tag == "where" and latitude is None:
            for position in child.iter("{*}pos"):
                if GML_NAMESPACE in namespace_of(position):
                    latitude, longitude = point_from(position.text)
                    break
    if latitude is None:
        geo = {localname(child): child.text for child in children_in(entry, W3C_GEO_NAMESPACE)}
        if "lat" in geo and "long" in geo:
            latitude, longitude = point_from(f"{(geo['lat'] or '').strip()} {(geo['long'] or '').strip()}")
    return EntryPlace(name=name, latitude=latitude, longitude=longitude)
