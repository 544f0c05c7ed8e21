"""The venue map's ground: the city and its river, read from a small GeoJSON file, and a flat projection.

The map is drawn at build time as SVG, so that a page shows where its venues are without loading anything
from another site. At city scale the Earth is flat enough: an equirectangular projection, longitudes
shrunk by the cosine of the frame's latitude, keeps distances true to a few metres across Orléans.

The file (`VENUE_MAP_BASEMAP`, `basemaps/orleans.geojson` by default) holds one `city` polygon, one `river`
line, its `bbox` (west, south, east, north: the area the map may show; a venue outside it is listed, not
drawn) and its `attribution`, printed under every map. See `basemaps/README.md` for its source and licence.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from ..content.models import Geo

DEFAULT_BASEMAP = Path(__file__).resolve().parent / "basemaps" / "orleans.geojson"
KM_PER_DEGREE_LATITUDE = 110.57
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.32
WIDTH = 640  # the SVG's width in its own units; it scales to the page
MIN_ASPECT, MAX_ASPECT = 0.5, 1.25  # height / width: neither a ribbon nor a tower
SCALE_STEPS_KM = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20)  # what a scale bar may measure


@dataclass(frozen=True)
class Basemap:
    city: tuple[Geo, ...]
    city_name: str
    river: tuple[Geo, ...]
    river_name: str
    west: float
    south: float
    east: float
    north: float
    attribution: str

    def covers(self, geo: Geo) -> bool:
        """Whether a position falls in the area the map may show."""
        return self.south <= geo.latitude <= self.north and self.west <= geo.longitude <= self.east


@functools.lru_cache(maxsize=4)
def load(path: str | None = None) -> Basemap:
    """The basemap file, read once per process (a developer's file: a broken one fails the build loudly)."""
    data = json.loads(Path(path or DEFAULT_BASEMAP).read_text(encoding="utf-8"))
    features = {feature["properties"]["role"]: feature for feature in data["features"]}
    city, river = features["city"], features["river"]
    west, south, east, north = data["bbox"]
    return Basemap(
        city=tuple(Geo(lat, lon) for lon, lat in city["geometry"]["coordinates"][0]),
        city_name=city["properties"]["name"],
        river=tuple(Geo(lat, lon) for lon, lat in river["geometry"]["coordinates"]),
        river_name=river["properties"]["name"],
        west=west, south=south, east=east, north=north,
        attribution=data["attribution"],
    )


@dataclass(frozen=True)
class Frame:
    """A rectangle of the Earth and its projection onto an SVG `WIDTH` units wide (y grows southwards)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def km_per_degree_longitude(self) -> float:
        return KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians((self.south + self.north) / 2))

    @property
    def units_per_km(self) -> float:
        return WIDTH / ((self.east - self.west) * self.km_per_degree_longitude)

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return round((self.north - self.south) * KM_PER_DEGREE_LATITUDE * self.units_per_km)

    def project(self, geo: Geo) -> tuple[float, float]:
        scale = self.units_per_km
        x = (geo.longitude - self.west) * self.km_per_degree_longitude * scale
        y = (self.north - geo.latitude) * KM_PER_DEGREE_LATITUDE * scale
        return round(x, 1), round(y, 1)

    def scale_bar(self) -> tuple[float, str]:
        """A round distance about a fifth of the frame's width: its length in SVG units, and its label."""
        target = WIDTH / 5 / self.units_per_km
        km = max((step for step in SCALE_STEPS_KM if step <= target), default=SCALE_STEPS_KM[0])
        label = f"{km:g} km" if km >= 1 else f"{km * 1000:g} m"
        return round(km * self.units_per_km, 1), label

    def shows(self, geo: Geo, margin: float = 0) -> bool:
        """Whether a point lands inside the picture, `margin` units away from its edges."""
        x, y = self.project(geo)
        return margin <= x <= self.width - margin and margin <= y <= self.height - margin

    def path(self, points: tuple[Geo, ...], closed: bool = False) -> str:
        """An SVG path through the points (those outside the frame too: the picture clips them)."""
        if not points:
            return ""
        steps = " L".join(f"{x:g},{y:g}" for x, y in (self.project(point) for point in points))
        return f"M{steps}{'Z' if closed else ''}"


def frame_around(points: list[Geo], padding_km: float = 0.35, min_span_km: float = 1.2) -> Frame:
    """The smallest frame that shows every point with some room around it, at least `min_span_km` across,
    and neither flatter nor taller than `MIN_ASPECT`/`MAX_ASPECT` allow (it widens rather than crops)."""
    south = min(point.latitude for point in points)
    north = max(point.latitude for point in points)
    west = min(point.longitude for point in points)
    east = max(point.longitude for point in points)
    km_x = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians((south + north) / 2))
    width_km = max((east - west) * km_x + 2 * padding_km, min_span_km)
    height_km = max((north - south) * KM_PER_DEGREE_LATITUDE + 2 * padding_km, min_span_km)
    width_km = max(width_km, height_km / MAX_ASPECT)
    height_km = max(height_km, width_km * MIN_ASPECT)
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    half_lat, half_lon = height_km / 2 / KM_PER_DEGREE_LATITUDE, width_km / 2 / km_x
    return Frame(west=middle_lon - half_lon, south=middle_lat - half_lat, east=middle_lon + half_lon,
                 north=middle_lat + half_lat)
