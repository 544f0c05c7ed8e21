"""Posters, share cards and initials drawn with Pillow, so that every episode, card and shared link has a picture.

Nothing is fetched: the text is set in the site's colours with a font from the machine (Debian's
DejaVu), or Pillow's own scalable font when that file is missing.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .pipeline import normalise

# The site's colours (theme/static/css/site.css: --brand, --brand-dark, --paper).
BRAND = "#0b5d3b"
BRAND_DARK = "#073d27"
PAPER = "#ffffff"

# French puts a space before ? ! : ; » and after «: they travel with their word.
_FRENCH_SPACE = re.compile(r"(?<=«) | (?=[?!:;»])")

POSTER_SIZE = (1280, 720)
CARD_SIZE = (1200, 630)
# The social-media kits' other shapes (outputs/kit.py): a square, and Instagram's portrait.
KIT_SIZES = ((1200, 630), (1080, 1080), (1080, 1350))
# A researcher's card without a portrait: their initials in a square, shown as a 96 px disc (up to 3× dense screens).
INITIALS_SIZE = (320, 320)


@dataclass(frozen=True)
class Artwork:
    """What to draw: a video poster or a share card. `photo` is an image file shown on a card's right."""

    kind: str  # "poster", "card" or "initials" (the title is then the initials)
    title: str
    lines: tuple[str, ...]
    site_name: str
    fonts: tuple[str, str]
    photo: str = ""
    canvas: tuple[int, int] | None = None  # a card of another shape than the share card's (the kits')

    @property
    def size(self) -> tuple[int, int]:
        return self.canvas or {"poster": POSTER_SIZE, "initials": INITIALS_SIZE}.get(self.kind, CARD_SIZE)

    def fingerprint(self) -> str:
        """Everything the drawing depends on, fonts' bytes included, for the cache key."""
        parts = [self.kind, self.title, *self.lines, self.site_name, *map(font_digest, self.fonts)]
        if self.canvas:
            parts.append("%dx%d" % self.canvas)
        return "\x1f".join(parts)


@functools.lru_cache(maxsize=8)
def font_digest(path: str) -> str:
    file = Path(path)
    return hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "pillow-default"


@functools.lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """Loaded once per process and size: thousands of cards use the same few (title sizes, labels)."""
    if Path(path).is_file():
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(size=size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels, never leaving « ? » or « : » alone; a word longer than a line is cut."""
    glued = _FRENCH_SPACE.sub("\u00a0", text.strip())
    lines: list[str] = []
    current = ""
    for word in re.split(r"[ \t\r\n]+", glued):
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > width:
            cut = _longest_fitting(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _longest_fitting(word: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """How many of the word's first characters hold in `width` (at least one), by bisection."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def fit_title(text: str, path: str, width: int, max_lines: int,
              sizes: range) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title holds in `max_lines`; at the smallest, an ellipsis ends it.

    Only as much text as `max_lines` lines could ever hold is wrapped, so the work is bounded whatever the
    title (a word as long as a book is cut in one pass per line)."""
    text = text[: max_lines * 80]
    for size in sizes:
        font = _font(path, size)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    while lines[-1] and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return font, lines


def draw(artwork: Artwork) -> Image.Image:
    if artwork.kind == "poster":
        return _draw_poster(artwork)
    if artwork.kind == "initials":
        return _draw_initials(artwork)
    return _draw_card(artwork) if artwork.size == CARD_SIZE else _draw_tall_card(artwork)


def _draw_poster(artwork: Artwork) -> Image.Image:
    """1280×720: the title, a play symbol, and the site's name on a darker band."""
    bold, regular = artwork.fonts
    width, height = POSTER_SIZE
    image = Image.new("RGB", POSTER_SIZE, BRAND)
    pen = ImageDraw.Draw(image)
    margin = 96
    pen.rectangle((0, height - 96, width, height), fill=BRAND_DARK)
    pen.text((margin, height - 48), artwork.site_name, font=_font(bold, 32), fill=PAPER, anchor="lm")
    radius = 64
    cx, cy = width - margin - radius, margin + radius
    pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=PAPER)
    pen.polygon([(cx - 20, cy - 34), (cx - 20, cy + 34), (cx + 36, cy)], fill=BRAND)
    font, lines = fit_title(artwork.title, bold, width - 3 * margin - 2 * radius, 4, range(72, 39, -4))
    y = margin
    step = round(font.size * 1.2)
    for line in lines:
        pen.text((margin, y), line, font=font, fill=PAPER)
        y += step
    small = _font(regular, 30)
    for line in artwork.lines[:1]:
        pen.text((margin, y + 16), line, font=small, fill=PAPER)
    return image


def _draw_card(artwork: Artwork) -> Image.Image:
    """1200×630: site name, title, a line or two (date, role), and the photo on the right when there is one."""
    bold, regular = artwork.fonts
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, BRAND)
    text_width = width - 2 * 64
    if artwork.photo:
        panel = (round(width * 0.42), height)
        with Image.open(artwork.photo) as source:
            photo = normalise(source)
        if photo.mode == "RGBA":
            backdrop = Image.new("RGBA", photo.size, PAPER)
            photo = Image.alpha_composite(backdrop, photo).convert("RGB")
        image.paste(ImageOps.fit(photo, panel, Image.Resampling.LANCZOS, centering=(0.5, 0.4)), (width - panel[0], 0))
        text_width = width - panel[0] - 2 * 56
    pen = ImageDraw.Draw(image)
    margin = 56
    pen.text((margin, margin), artwork.site_name.upper(), font=_font(bold, 26), fill=PAPER)
    pen.rectangle((margin, margin + 44, margin + 96, margin + 50), fill=PAPER)
    font, lines = fit_title(artwork.title, bold, text_width, 4, range(60, 33, -3))
    y = margin + 90
    step = round(font.size * 1.2)
    for line in lines:
        pen.text((margin, y), line, font=font, fill=PAPER)
        y += step
    small = _font(regular, 28)
    y += 24
    for text in artwork.lines[:2]:
        for line in wrap(text[:160], small, text_width)[:2]:  # two lines hold far less
            pen.text((margin, y), line, font=small, fill=PAPER)
            y += 38
    return image


def _draw_tall_card(artwork: Artwork) -> Image.Image:
    """A square or portrait card (1080×1080, 1080×1350): the photo across the top when there is one, then the
    site's name, the title and its lines, large enough to read on a phone, centred in the room left."""
    bold, regular = artwork.fonts
    width, height = artwork.size
    image = Image.new("RGB", artwork.size, BRAND)
    margin = 72
    top = 0
    if artwork.photo:
        panel = (width, round(height * 0.42))
        with Image.open(artwork.photo) as source:
            photo = normalise(source)
        if photo.mode == "RGBA":
            photo = Image.alpha_composite(Image.new("RGBA", photo.size, PAPER), photo).convert("RGB")
        image.paste(ImageOps.fit(photo, panel, Image.Resampling.LANCZOS, centering=(0.5, 0.4)), (0, 0))
        top = panel[1]
    text_width = width - 2 * margin
    small = _font(regular, 38)
    details = [line for text in artwork.lines[:2] for line in wrap(text[:160], small, text_width)[:2]]
    room = height - top - 2 * margin - 110 - 28 - 52 * len(details)  # below the site's name, above the details
    font, lines = fit_title(artwork.title, bold, text_width, 5, range(88, 43, -4))
    step = round(font.size * 1.2)
    while len(lines) * step > room and len(lines) > 1:
        lines = lines[:-1]
        lines[-1] = lines[-1].rstrip() + "…"
    block = 110 + len(lines) * step + 28 + 52 * len(details)
    y = top + max(margin, (height - top - block) // 2)
    pen = ImageDraw.Draw(image)
    pen.text((margin, y), artwork.site_name.upper(), font=_font(bold, 34), fill=PAPER)
    pen.rectangle((margin, y + 56, margin + 120, y + 64), fill=PAPER)
    y += 110
    for line in lines:
        pen.text((margin, y), line, font=font, fill=PAPER)
        y += step
    y += 28
    for line in details:
        pen.text((margin, y), line, font=small, fill=PAPER)
        y += 52
    return image


def _draw_initials(artwork: Artwork) -> Image.Image:
    """A square of the site's green with the initials centred in white: a portrait's place kept, nobody's face
    invented. The card shows it as a disc (`.picture-thumb`), so the letters stay inside the inscribed circle."""
    bold, _regular = artwork.fonts
    width, height = INITIALS_SIZE
    image = Image.new("RGB", INITIALS_SIZE, BRAND)
    font, lines = fit_title(artwork.title, bold, round(width * 0.6), 1, range(136, 47, -8))
    ImageDraw.Draw(image).text((width / 2, height / 2), lines[0], font=font, fill=PAPER, anchor="mm")
    return image
