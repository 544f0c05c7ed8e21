"""Plans what every content image becomes, and gives templates ready-made views of it.

Planning reads only an image's bytes (for its hash) and header (for its size), so it costs nothing
when the derivatives are cached; `store` makes whatever is missing when the site is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image
from slugify import slugify

from ..problems import FieldError
from .artwork import Artwork
from .icons import ICON_OUTPUTS, IconSet
from .pipeline import (
    PIPELINE_VERSION,
    Plan,
    Rendition,
    has_alpha,
    oriented_size,
    responsive_plan,
    single_plan,
    structured_plan,
)
from .store import ImageJob

# The widest file of a drawn card picture (a card's 21rem at 2× density; phones in one column take it too).
CARD_PICTURE_WIDTH = 640

# The `sizes` attribute of each place a picture is shown (see theme/static/css/site.css). Cards fill a column of
# `.cards` (columns at least 17rem wide, 1rem apart, in `.wrap`: one column below 37rem, two up to 55rem, then
# three up to the 72rem wrap), less the card's padding; the home's highlight is half its box (in `.wrap`) from 50rem on.
SIZES = {
    "hero": "(min-width: 74rem) 70rem, calc(100vw - 2rem)",
    "highlight": "(min-width: 74rem) 33rem, (min-width: 50rem) calc(50vw - 3.5rem), calc(100vw - 5rem)",
    "prose": "(min-width: 46rem) 44rem, calc(100vw - 2rem)",
    "poster": "(min-width: 46rem) 44rem, calc(100vw - 2rem)",
    "card": ("(min-width: 74rem) 21rem, (min-width: 55rem) calc(33vw - 3.4rem), "
             "(min-width: 37rem) calc(50vw - 3.5rem), calc(100vw - 4rem)"),
    "portrait": "200px",
    "thumb": "96px",
    "logo": "160px",
}


@dataclass(frozen=True)
class PictureSource:
    type: str
    srcset: str


@dataclass(frozen=True)
class ResponsiveImage:
    """What `<picture>` prints: modern sources first, a fallback `<img>`, its intrinsic size and alt text."""

    sources: tuple[PictureSource, ...]
    src: str
    srcset: str
    width: int
    height: int
    alt: str
    largest: str  # output-relative path of the largest fallback file, for absolute URLs (feeds, JSON-LD)

    def sizes(self, role: str) -> str:
        return SIZES[role]


@dataclass(frozen=True)
class ShareImage:
    """A 1200×630 share card (Open Graph, Twitter)."""

    path: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class _Planned:
    key: str
    stem: str
    plan: Plan
    job: ImageJob


class ImageLibrary:
    """Every image of one build; `outputs()` says which cached file goes where."""

    def __init__(self, content_root: Path, output_dir: str, site_url: str, widths: tuple[int, ...], quality: int,
                 cached: Callable[[str], bool] = lambda key: False):
        self.content_root = content_root
        self.cached = cached  # whether the derivatives of a cache key exist (they were made: the source decodes)
        self.output_dir = output_dir
        self.site_url = site_url
        self.widths = widths
        self.quality = quality
        self._planned: dict[str, _Planned] = {}  # by cache key
        self._files: dict[str, _Planned] = {}  # by content path
        self._digests: dict[str, str] = {}
        self._icons: ImageJob | None = None
        self._drawn_cards: dict[str, _Planned] = {}  # share cards drawn with a card's picture, by what they show

    # -- requests ----------------------------------------------------------------------------------

    def file(self, relative: str, alt: str) -> ResponsiveImage:
        """A content image (a path under content/, already checked by `fields.parse_image`).

        Raises FieldError when an image the cache does not know yet cannot be decoded to its end (a
        truncated upload): found here, `invoke check` reports it like the build, before anything is written.
        """
        if relative not in self._files:
            path = self.content_root / relative
            with Image.open(path) as image:
                plan = responsive_plan(oriented_size(image), has_alpha(image), self.widths, self.quality)
            key = _key(self.digest(relative), plan)
            if not self.cached(key):
                check_decodes(path, relative)
            job = ImageJob(key, plan, path=str(path))
            self._files[relative] = self._add(key, slugify(Path(relative).stem) or "image", plan, job)
        return self._view(self._files[relative], alt)

    def structured(self, relative: str) -> tuple[str, ...]:
        """Output-relative paths of a content image cut to each shape search engines want (`structured_plan`),
        for JSON-LD: the largest web version may be narrower than they ask, and of any shape."""
        plan = structured_plan(self.quality)
        key = _key(self.digest(relative), plan)
        job = ImageJob(key, plan, path=str(self.content_root / relative))
        planned = self._add(key, f"{slugify(Path(relative).stem) or 'image'}-donnees", plan, job)
        return tuple(self._path(planned, rendition) for rendition in plan.renditions)

    def drawn(self, artwork: Artwork, stem: str, alt: str) -> ResponsiveImage:
        """A generated poster, in every size, like a content image."""
        plan = responsive_plan(artwork.size, False, self.widths, self.quality)
        planned = self._add_artwork(artwork, stem, plan)
        return self._view(planned, alt)

    def card(self, artwork: Artwork, stem: str, alt: str) -> ShareImage:
        """A share card: one JPEG at its own size (the one `card_with_picture` made, if it drew the same)."""
        planned = (self._drawn_cards.get(self._fingerprint(artwork))
                   or self._add_artwork(artwork, stem, single_plan(artwork.size, "jpeg", self.quality)))
        rendition = planned.plan.renditions[0]
        return ShareImage(self._path(planned, rendition), rendition.width, rendition.height, alt)

    def card_with_picture(self, artwork: Artwork, stem: str, alt: str) -> tuple[ShareImage, ResponsiveImage]:
        """A share card and, from the same drawing, a card's picture (decorative) at the widths up to
        `CARD_PICTURE_WIDTH`: one cache entry, drawn once, for an item without a picture of its own.

        A card is at most 21rem wide: wider files would only cost the first build their encoding. Like the
        share card, they are baseline JPEG (a progressive scan buys nothing at 640 px and costs twice the time)."""
        widths = tuple(w for w in self.widths if w <= CARD_PICTURE_WIDTH) or self.widths[:1]
        share = single_plan(artwork.size, "jpeg", self.quality)
        pictures = responsive_plan(artwork.size, False, widths, self.quality)
        planned = self._add_artwork(artwork, stem, Plan(share.renditions + pictures.renditions, self.quality, False))
        self._drawn_cards[self._fingerprint(artwork)] = planned
        rendition = share.renditions[0]
        return (ShareImage(self._path(planned, rendition), rendition.width, rendition.height, alt),
                self._view(planned, "", widest=CARD_PICTURE_WIDTH))

    def icons(self, icons: IconSet) -> None:
        """The site's icons: one cache entry, whose files are published at the root under their own names."""
        key = hashlib.sha256(f"{PIPELINE_VERSION}|{icons.fingerprint()}".encode()).hexdigest()
        self._icons = ImageJob(key, icons=icons)

    def digest(self, relative: str) -> str:
        if relative not in self._digests:
            self._digests[relative] = hashlib.sha256((self.content_root / relative).read_bytes()).hexdigest()
        return self._digests[relative]

    # -- what the build must make and publish ------------------------------------------------------

    def jobs(self) -> list[ImageJob]:
        return [planned.job for planned in self._planned.values()] + ([self._icons] if self._icons else [])

    def keys(self) -> set[str]:
        return set(self._planned) | ({self._icons.key} if self._icons else set())

    def outputs(self) -> list[tuple[str, str, str]]:
        """(cache key, file name in the cache entry, output-relative path) of every derivative."""
        icons = [(self._icons.key, name, path) for name, path in ICON_OUTPUTS] if self._icons else []
        return [
            (planned.key, rendition.filename, self._path(planned, rendition))
            for planned in self._planned.values()
            for rendition in planned.plan.renditions
        ] + icons

    # -- internals ---------------------------------------------------------------------------------

    def _fingerprint(self, artwork: Artwork) -> str:
        """What a drawing shows, its photo's bytes included."""
        return artwork.fingerprint() + (self.digest(artwork.photo) if artwork.photo else "")

    def _add_artwork(self, artwork: Artwork, stem: str, plan: Plan) -> _Planned:
        photo = str(self.content_root / artwork.photo) if artwork.photo else ""
        key = _key(hashlib.sha256(self._fingerprint(artwork).encode()).hexdigest(), plan)
        job = ImageJob(key, plan, artwork=replace(artwork, photo=photo))
        return self._add(key, stem, plan, job)

    def _add(self, key: str, stem: str, plan: Plan, job: ImageJob) -> _Planned:
        return self._planned.setdefault(key, _Planned(key, stem, plan, job))

    def _path(self, planned: _Planned, rendition: Rendition) -> str:
        name = f"{planned.stem}-{planned.key[:12]}-{rendition.filename}"
        return f"{self.output_dir}/{name}" if self.output_dir else name

    def _view(self, planned: _Planned, alt: str, widest: int | None = None) -> ResponsiveImage:
        """The entry's renditions as a `<picture>` (those up to `widest`: not a share card made with them)."""
        def srcset(fmt: str) -> str:
            return ", ".join(f"{self.site_url}/{self._path(planned, r)} {r.width}w" for r in by_format[fmt])

        by_format: dict[str, list[Rendition]] = {}
        for rendition in planned.plan.renditions:
            if widest is None or rendition.width <= widest:
                by_format.setdefault(rendition.format, []).append(rendition)
        fallback_format = next(fmt for fmt in by_format if fmt != "webp")
        fallbacks = by_format[fallback_format]
        largest = fallbacks[-1]
        default = next((r for r in reversed(fallbacks) if r.width <= 1024), fallbacks[0])
        return ResponsiveImage(
            sources=(PictureSource("image/webp", srcset("webp")),),
            src=f"{self.site_url}/{self._path(planned, default)}",
            srcset=srcset(fallback_format),
            width=largest.width,
            height=largest.height,
            alt=alt,
            largest=self._path(planned, largest),
        )


def check_decodes(path: Path, relative: str) -> None:
    """Decode the whole file (a JPEG at an eighth of its size: every byte is still read), or a FieldError."""
    try:
        with Image.open(path) as image:
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise FieldError(f"l'image « {relative} » est tronquée ou endommagée ({error}).",
                         "enregistrez-la de nouveau depuis le fichier d'origine (JPEG ou PNG), puis remplacez-la.")


def _key(source_digest: str, plan: Plan) -> str:
    """The cache key: what the source is, and everything that decides what is made of it."""
    return hashlib.sha256(f"{PIPELINE_VERSION}|{source_digest}|{plan!r}".encode()).hexdigest()
