"""The site's icon, drawn from one geometry: the PNG sizes and `favicon.ico` through Pillow, `icon.svg` as text.

A white leaf with its midrib and stem, across a square in the site's green (`artwork.BRAND`). Everything is
laid out on a 64-unit grid; Pillow draws it at least twice as large as wanted (and at least 512 px) and
reduces it, so that even the 16 px favicon is smooth, and the SVG states the same shapes (the leaf's two
circular arcs, the stem, the rib). Two variants:

- `rounded`: the square has rounded corners, transparent outside them (tabs, bookmarks, the manifest's
  `any` icons, the SVG);
- `full`: the square fills the picture and the leaf shrinks into the middle 80 %, because iOS rounds an
  `apple-touch-icon` itself (and blackens transparency) and Android crops a `maskable` icon to its own shape.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .artwork import BRAND, PAPER

GRID = 64.0
Point = tuple[float, float]


@dataclass(frozen=True)
class IconDesign:
    """Every number the drawing depends on; its `repr` goes into the cache key, so a change redraws the icons."""

    background: str = BRAND
    leaf: str = PAPER
    corner: float = 14.0  # radius of the rounded square's corners
    base: Point = (19.0, 45.0)  # where the leaf meets its stem
    tip: Point = (51.0, 13.0)
    half_width: float = 13.0  # of the leaf, at its middle
    stem_end: Point = (13.0, 51.0)
    stem_width: float = 4.0
    rib_width: float = 3.0
    rib: tuple[float, float] = (0.18, 0.8)  # where the midrib starts and ends, as fractions of the way from base to tip
    safe_scale: float = 0.8  # the `full` variant's leaf, within a maskable icon's safe circle

    def arc_radius(self) -> float:
        """The radius of both of the leaf's arcs: the circle through base and tip `half_width` away from the chord."""
        half_chord = math.dist(self.base, self.tip) / 2
        return (self.half_width ** 2 + half_chord ** 2) / (2 * self.half_width)

    def arc_centres(self) -> tuple[Point, Point]:
        """The centres of the leaf's two arcs, one on each side of the chord from base to tip."""
        (x1, y1), (x2, y2) = self.base, self.tip
        middle = ((x1 + x2) / 2, (y1 + y2) / 2)
        length = math.dist(self.base, self.tip)
        normal = ((y1 - y2) / length, (x2 - x1) / length)
        offset = self.arc_radius() - self.half_width
        return ((middle[0] + normal[0] * offset, middle[1] + normal[1] * offset),
                (middle[0] - normal[0] * offset, middle[1] - normal[1] * offset))

    def along(self, fraction: float) -> Point:
        """A point of the chord from base to tip (the midrib's ends)."""
        (x1, y1), (x2, y2) = self.base, self.tip
        return (x1 + (x2 - x1) * fraction, y1 + (y2 - y1) * fraction)

    def leaf_outline(self, steps: int = 96) -> list[Point]:
        """The leaf as a polygon: each arc from base to tip, sampled; each lies on the far side of its centre."""
        radius = self.arc_radius()
        points: list[Point] = []
        for centre, start, end in zip(self.arc_centres(), (self.base, self.tip), (self.tip, self.base)):
            a = math.atan2(start[1] - centre[1], start[0] - centre[0])
            b = math.atan2(end[1] - centre[1], end[0] - centre[0])
            sweep = (b - a + math.pi) % (2 * math.pi) - math.pi  # the short way round
            points += [(centre[0] + radius * math.cos(a + sweep * i / steps),
                        centre[1] + radius * math.sin(a + sweep * i / steps)) for i in range(steps)]
        return points


DESIGN = IconDesign()


def draw(size: int, variant: str = "rounded", design: IconDesign = DESIGN) -> Image.Image:
    """The icon at `size` pixels square (RGBA for `rounded`, RGB for `full`)."""
    scale = max(2, math.ceil(512 / size))
    big = size * scale
    unit = big / GRID
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(canvas)
    if variant == "rounded":
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=design.corner * unit, fill=design.background)
        shrink = 1.0
    else:
        pen.rectangle((0, 0, big, big), fill=design.background)
        shrink = design.safe_scale

    def at(point: Point) -> tuple[float, float]:
        return tuple(((c - GRID / 2) * shrink + GRID / 2) * unit for c in point)

    def stroke(start: Point, end: Point, width: float, colour: str) -> None:
        """A line with round ends, as SVG's `stroke-linecap="round"`."""
        radius = width * shrink * unit / 2
        pen.line((at(start), at(end)), fill=colour, width=round(2 * radius))
        for x, y in (at(start), at(end)):
            pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)

    pen.polygon([at(point) for point in design.leaf_outline()], fill=design.leaf)
    stroke(design.stem_end, design.base, design.stem_width, design.leaf)
    stroke(design.along(design.rib[0]), design.along(design.rib[1]), design.rib_width, design.background)
    small = canvas.convert("RGBa").resize((size, size), Image.Resampling.LANCZOS).convert("RGBA")
    return small if variant == "rounded" else small.convert("RGB")


def svg(design: IconDesign = DESIGN) -> str:
    """The `rounded` icon as SVG, on the same 64-unit grid."""

    def xy(point: Point) -> str:
        return f"{_number(point[0])} {_number(point[1])}"

    radius = _number(design.arc_radius())
    # Sweep flag 1 then 1: from base to tip along one side, back along the other (each arc the short way).
    leaf = f"M{xy(design.base)}A{radius} {radius} 0 0 1 {xy(design.tip)}A{radius} {radius} 0 0 1 {xy(design.base)}Z"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="{_number(design.corner)}" fill="{design.background}"/>'
        f'<path d="{leaf}" fill="{design.leaf}"/>'
        f'<path d="M{xy(design.stem_end)}L{xy(design.base)}" stroke="{design.leaf}" '
        f'stroke-width="{_number(design.stem_width)}" stroke-linecap="round"/>'
        f'<path d="M{xy(design.along(design.rib[0]))}L{xy(design.along(design.rib[1]))}" stroke="{design.background}" '
        f'stroke-width="{_number(design.rib_width)}" stroke-linecap="round"/>'
        "</svg>\n"
    )


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class IconFile:
    """One published icon: its name in the cache entry and at the root of the site, and what it is."""

    name: str
    size: int  # pixels square; 0 for the SVG
    variant: str
    purpose: str = ""  # in the web app manifest: "any" or "maskable"; "" when it is not listed there

    @property
    def mime_type(self) -> str:
        return {"ico": "image/x-icon", "png": "image/png", "svg": "image/svg+xml"}[self.name.rsplit(".", 1)[1]]


FAVICON_SIZES = (16, 32, 48)
ICON_FILES = (
    IconFile("favicon.ico", 48, "rounded"),
    IconFile("icon.svg", 0, "rounded"),
    IconFile("apple-touch-icon.png", 180, "full"),
    IconFile("icon-192.png", 192, "rounded", "any"),
    IconFile("icon-512.png", 512, "rounded", "any"),
    IconFile("icon-maskable-512.png", 512, "full", "maskable"),
)
# (name in the cache entry, path in the output): each file at the root under its own name; older iOS also
# asks for `apple-touch-icon-precomposed.png` on its own, which is the same picture.
ICON_OUTPUTS = (*((icon.name, icon.name) for icon in ICON_FILES),
                ("apple-touch-icon.png", "apple-touch-icon-precomposed.png"))


@dataclass(frozen=True)
class IconSet:
    """The site's icons as one cache entry (picklable: a worker process makes it like any other image)."""

    design: IconDesign = DESIGN
    version: int = 1  # bump when this module draws differently for the same design

    def fingerprint(self) -> str:
        return f"icons|{self.version}|{self.design!r}|{ICON_FILES!r}|{FAVICON_SIZES!r}"

    def make(self) -> dict[str, bytes]:
        """Every file, by name: the SVG's text, each PNG, and the ICO holding each favicon size drawn on its own."""
        files = {}
        for icon in ICON_FILES:
            if icon.name.endswith(".svg"):
                files[icon.name] = svg(self.design).encode()
            elif icon.name.endswith(".ico"):
                frames = [draw(size, icon.variant, self.design) for size in FAVICON_SIZES]
                buffer = io.BytesIO()
                frames[-1].save(buffer, "ICO", sizes=[(s, s) for s in FAVICON_SIZES], append_images=frames[:-1])
                files[icon.name] = buffer.getvalue()
            else:
                buffer = io.BytesIO()
                draw(icon.size, icon.variant, self.design).save(buffer, "PNG", optimize=True)
                files[icon.name] = buffer.getvalue()
        return files
