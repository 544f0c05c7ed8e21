"""The venue map: a plan of the venues drawn at build time, and what the interactive map needs after a click.

The venue listing (`/lieux/`) and each venue page show an inline SVG: the city and the Loire (`basemap`),
each venue with a position (`Coordonnées`) as a numbered marker linking to its page, a legend, and, right
below, the same venues as a list, which is the accessible alternative. Nothing is loaded from elsewhere.
A venue without a position, or one outside the basemap's area (a typo, latitude and longitude swapped), is
listed and not drawn. A venue page is framed on the venue and its nearest neighbours, its marker set apart.

The interactive map (theme/static/js/map.js, Leaflet served from the site) loads tiles from
`VENUE_MAP_TILES` only once the visitor asks for it; until then the tile host is allowed nowhere. The pages
that show a map name it in their `<meta>` Content-Security-Policy (`policy`), and nginx's `/lieux/` header
does the same (deploy/nginx.conf); every other page allows images from the site only, in both.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import basemap, csp
from .basemap import Frame
from .site import Site

if TYPE_CHECKING:
    from ..content.contents import Event, ProgrammeContent, Venue
    from ..content.models import Geo

# Markers are 13 SVG units wide (the page's own venue: 17), larger on a phone's narrow plan (site.css: 19 and
# 23): a venue closer to the plan's edge than the largest is left to the list rather than cut in half.
EDGE_MARGIN = 23
RIVER_WIDTH_KM = 0.3  # the Loire is about 300 m wide in Orléans
NEIGHBOURS, NEARBY_KM = 2, 1.0  # a venue page is framed on its venue, its two nearest and all within a kilometre
NO_POSITION = "pas de position renseignée"
OUTSIDE = "hors du plan"


def upcoming_label(count: int) -> str:
    if not count:
        return "aucun rendez-vous annoncé"
    return f"{count} rendez-vous à venir"


@dataclass(frozen=True)
class Place:
    """One venue as the map and its list show it."""

    venue: Venue
    upcoming: list[Event]
    number: int | None = None  # its marker's number, None when it is not drawn
    x: float = 0
    y: float = 0
    current: bool = False  # the venue whose page this is
    absent: str = ""  # why it is not drawn

    @property
    def upcoming_label(self) -> str:
        return upcoming_label(len(self.upcoming))

    @property
    def upcoming_sentence(self) -> str:
        """What the list says before the venue's coming events (or instead of them)."""
        label = self.upcoming_label
        return f"{label[0].upper()}{label[1:]}{' :' if self.upcoming else '.'}"

    @property
    def label(self) -> str:
        """The marker's accessible name (and tooltip)."""
        own = " (ce lieu)" if self.current else ""
        return f"{self.number}. {self.venue.title}{own} : {self.upcoming_label}"


@dataclass(frozen=True)
class VenueMap:
    frame: Frame
    places: list[Place]  # in the list's order: the drawn ones numbered, then the others
    city_path: str
    river_path: str
    river_width: float
    city_name: str
    river_name: str
    attribution: str
    current: Venue | None = None
    data: str = ""  # JSON for the interactive map

    @property
    def drawn(self) -> list[Place]:
        return [place for place in self.places if place.number is not None]

    @property
    def markers(self) -> list[Place]:
        """The drawn places in painting order: the current venue last, above its neighbours."""
        return sorted(self.drawn, key=lambda place: place.current)

    @property
    def absent(self) -> list[Place]:
        return [place for place in self.places if place.number is None]

    @property
    def has_empty(self) -> bool:
        return any(not place.upcoming for place in self.drawn if not place.current)

    @property
    def has_upcoming(self) -> bool:
        return any(place.upcoming for place in self.drawn if not place.current)

    @property
    def title(self) -> str:
        if self.current:
            return f"Plan : {self.current.title} et les lieux voisins"
        return "Plan des lieux du programme"

    @property
    def description(self) -> str:
        count = len(self.drawn)
        where = f"{count} lieu{'x' if count > 1 else ''}"
        return (f"Plan simplifié d'Orléans et de la Loire montrant {where}, chacun par un point numéroté qui mène "
                "à sa page ; la liste des lieux suit le plan.")


def _distance_km(a: Geo, b: Geo) -> float:
    km_x = basemap.KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians((a.latitude + b.latitude) / 2))
    return math.hypot((a.longitude - b.longitude) * km_x, (a.latitude - b.latitude) * basemap.KM_PER_DEGREE_LATITUDE)


def build(site: Site, current: Venue | None = None) -> VenueMap | None:
    """The map of every venue (the listing's), or one framed on `current` (its page's); None when there is
    nothing to draw (no venue with a position on the plan, or `current` without one)."""
    ground = basemap.load(site.settings.get("VENUE_MAP_BASEMAP"))
    programme = site.programme
    # `current` by its slug: the preview's fast path writes a venue re-read from its file, which the
    # programme does not hold (`linking.relink`), and its page must be the one the full build writes.
    venues = [current if current is not None and venue.slug == current.slug else venue for venue in programme.venues]
    on_plan = [venue for venue in venues if venue.geo and ground.covers(venue.geo)]
    if not on_plan or (current is not None and current not in on_plan):
        return None
    if current is None:
        frame = basemap.frame_around([venue.geo for venue in on_plan])
    else:
        distance = {venue: _distance_km(venue.geo, current.geo) for venue in on_plan if venue is not current}
        nearest = sorted(distance, key=distance.get)
        around = [venue for rank, venue in enumerate(nearest) if rank < NEIGHBOURS or distance[venue] <= NEARBY_KM]
        frame = basemap.frame_around([current.geo, *(venue.geo for venue in around)])
    shown = [venue for venue in on_plan if frame.shows(venue.geo, EDGE_MARGIN)]
    places, number = [], 0
    for venue in venues:
        upcoming = programme.upcoming(venue.events)
        if venue in shown:
            number += 1
            x, y = frame.project(venue.geo)
            places.append(Place(venue, upcoming, number, x, y, current=venue is current))
        elif current is None:  # a venue page lists only what its plan shows
            places.append(unplaced(venue, upcoming))
    places.sort(key=lambda place: place.number is None)
    return VenueMap(
        frame=frame, places=places, current=current,
        city_path=frame.path(ground.city, closed=True), river_path=frame.path(ground.river),
        river_width=round(max(RIVER_WIDTH_KM * frame.units_per_km, 3), 1),
        city_name=ground.city_name, river_name=ground.river_name, attribution=ground.attribution,
        data=interactive_data(site, frame, places),
    )


def unplaced(venue: Venue, upcoming: list[Event]) -> Place:
    return Place(venue, upcoming, absent=OUTSIDE if venue.geo else NO_POSITION)


def interactive_data(site: Site, frame: Frame, places: list[Place]) -> str:
    """What map.js places on the interactive map: the same venues and frame, as JSON (escaped by the template)."""
    base = site.settings.get("SITEURL", "")
    venues = [{"name": place.venue.title, "url": f"{base}/{place.venue.url}", "address": place.venue.address,
               "lat": place.venue.geo.latitude, "lon": place.venue.geo.longitude,
               "upcoming": place.upcoming_label, "current": place.current}
              for place in places if place.number is not None]
    data = {"tiles": site.settings["VENUE_MAP_TILES"], "bounds": [[frame.south, frame.west], [frame.north, frame.east]],
            "venues": venues}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def tile_origin(settings: dict) -> str:
    """The origin the interactive map loads its tiles from (`https://tile.openstreetmap.org`)."""
    parts = urlsplit(settings["VENUE_MAP_TILES"])
    return f"{parts.scheme}://{parts.netloc}"


def tile_host(settings: dict) -> str:
    return urlsplit(settings["VENUE_MAP_TILES"]).netloc


def policy(site: Site) -> str:
    """The `<meta>` policy of a page with a map: the site's, with the tile host allowed for images."""
    return csp.page_policy(site.context["embed_policy"], tile_origin(site.settings))


def _with_map(site: Site, venue_map: VenueMap | None) -> dict:
    if venue_map is None:
        return {"venue_map": None}
    return {"venue_map": venue_map, "content_security_policy": policy(site),
            "tile_host": tile_host(site.settings)}


def listing(site: Site) -> dict:
    """The venue listing's view: every venue (as the map's places), and the map when one can be drawn."""
    venue_map, programme = build(site), site.programme
    places = venue_map.places if venue_map else [unplaced(v, programme.upcoming(v.events)) for v in programme.venues]
    return {"drawn": [place for place in places if place.number is not None],
            "absent": [place for place in places if place.number is None],
            "events_shown": site.settings["VENUE_MAP_EVENTS"], **_with_map(site, venue_map)}


def page_extras(site: Site, item: ProgrammeContent) -> dict:
    """What a venue page adds to its template's context (nothing for other items)."""
    if item.kind != "venue":
        return {}
    return _with_map(site, build(site, current=item))

