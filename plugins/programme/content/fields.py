"""Pure parsers for field values: each returns a typed value or raises FieldError in French."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from PIL import Image, UnidentifiedImageError
from slugify import slugify

from ..problems import FieldError
from ..settings import ProgrammeSettings
from .models import ACCESSIBILITY_CODES, ACCESSIBILITY_WORDS, Geo, Schedule
from .sources import closest, resolve

DATE_FORMS = "« 2026-12-03 19:00 », « 2026-12-03 » (journée entière) ou « 03/12/2026 19h00 »"
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 16_383  # WebP's limit: a web version of a narrow panorama keeps its height

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2})\s*[:h]\s*(?P<M>\d{2})?(?::(?P<S>\d{2}))?)?$"
)
_FRENCH = re.compile(
    r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:[ T,]+(?:à\s+)?(?P<H>\d{1,2})\s*[:h]\s*(?P<M>\d{2})?)?$"
)


def unknown_start(slug: str) -> None:
    """No memory of any event's start (a `ParseContext` outside a build)."""
    return None


@dataclass(frozen=True)
class ParseContext:
    """What parsers need to know about the site."""

    timezone: ZoneInfo
    content_root: Path
    default_duration: timedelta = timedelta(hours=2)
    published_folders: tuple[str, ...] = ("media",)  # content folders copied as they are (`STATIC_PATHS`)
    years: tuple[int, int] = (2000, 2100)  # the years a date may fall in (`CONTENT_YEARS`)
    # Where an event (by slug) started when its last change was published, as staff write it; None if unknown.
    recorded_start: Callable[[str], str | None] = unknown_start

    @classmethod
    def of_site(cls, settings: dict, options: ProgrammeSettings, root: Path,
                recorded_start: Callable[[str], str | None]) -> ParseContext:
        return cls(options.timezone, root, options.default_duration,
                   tuple(folder.strip("/") for folder in settings["STATIC_PATHS"]), tuple(settings["CONTENT_YEARS"]),
                   recorded_start)

    def published(self, relative: str) -> bool:
        """Whether the site publishes this content file as it is (a video, captions, a document)."""
        return any(relative.startswith(folder.strip("/") + "/") for folder in self.published_folders)


def parse_text(text: str, ctx: ParseContext) -> str:
    return text.strip()


MAX_TITLE = 200  # characters: a title is a line on a card, a calendar and a feed, not a paragraph


def parse_title(text: str, ctx: ParseContext) -> str:
    value = text.strip()
    if len(value) > MAX_TITLE:
        raise FieldError(f"le titre est trop long ({len(value)} caractères ; {MAX_TITLE} au plus).",
                         "raccourcissez-le : le détail a sa place dans « Summary » ou dans le texte.")
    return value


def parse_moment(text: str, ctx: ParseContext) -> date | datetime:
    """A local wall-clock time (aware), or a bare date for all-day events.

    A time that does not exist (the hour skipped when clocks go forward) is refused; an
    ambiguous one (clocks go back) is the first occurrence, as RFC 5545 reads it.
    """
    match = _ISO.match(text.strip()) or _FRENCH.match(text.strip())
    if not match:
        raise FieldError(f"« {text} » n'est pas une date reconnue.", f"formes acceptées : {DATE_FORMS}.")
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise FieldError(f"« {text} » n'est pas une date du calendrier.", f"formes acceptées : {DATE_FORMS}.")
    first, last = ctx.years
    if not first <= day.year <= last:
        raise FieldError(f"« {text} » n'est pas une année possible pour le programme (de {first} à {last}).",
                         "vérifiez l'année : quatre chiffres, ex. « 2026-12-03 19:00 ».")
    if match["H"] is None:
        return day
    hour, minute = int(match["H"]), int(match["M"] or 0)
    second = int(match.groupdict().get("S") or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise FieldError(f"« {text} » n'est pas une heure valide.", f"formes acceptées : {DATE_FORMS}.")
    local = datetime.combine(day, time(hour, minute, second), ctx.timezone)
    if is_skipped(local):
        raise FieldError(f"{hour:02d}:{minute:02d} n'existe pas le {day:%d/%m/%Y} : {SKIPPED_HOUR}.",
                         "choisissez une heure à partir de 03:00.")
    return local


SKIPPED_HOUR = "cette nuit-là les horloges passent directement de 2 h à 3 h (heure d'été)"


def is_skipped(local: datetime) -> bool:
    """Whether an aware wall-clock time falls in the hour skipped when clocks go forward: each calendar
    application would move it its own way."""
    return local.astimezone(timezone.utc).astimezone(local.tzinfo).replace(tzinfo=None) != local.replace(tzinfo=None)


def parse_publication(text: str, ctx: ParseContext) -> datetime:
    """A publication time; a bare date means midnight, local time."""
    moment = parse_moment(text, ctx)
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time(0), ctx.timezone)


def make_schedule(start: date | datetime, end: date | datetime | None, ctx: ParseContext) -> Schedule:
    """Combine `Date` and `End`; errors concern `End`."""
    if isinstance(start, datetime):
        if end is None:
            utc_end = start.astimezone(timezone.utc) + ctx.default_duration
            return Schedule(start, utc_end.astimezone(ctx.timezone), False)
        if not isinstance(end, datetime):
            raise FieldError(
                "la fin n'a pas d'heure alors que le début en a une.",
                "donnez l'heure de fin (ex. « 2026-12-04 17:00 »), ou retirez l'heure de « Date » "
                "pour un événement sur des journées entières.",
            )
        if end <= start:
            raise FieldError("la fin est avant le début (ou à la même heure).", "la fin doit suivre « Date ».")
        return Schedule(start, end, False)
    if isinstance(end, datetime):
        raise FieldError(
            "la fin a une heure alors que le début n'en a pas.",
            "donnez aussi une heure dans « Date », ou retirez celle de « End ».",
        )
    last = end or start
    if last < start:
        raise FieldError("la fin est avant le début.", "« End » est le dernier jour de l'événement.")
    begin = datetime.combine(start, time(0), ctx.timezone)
    return Schedule(begin, datetime.combine(last + timedelta(days=1), time(0), ctx.timezone), True)


def parse_url(text: str, ctx: ParseContext) -> str:
    parts = urlparse(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text.strip():
        raise FieldError(f"« {text} » n'est pas une adresse web.", "écrivez l'adresse complète, ex. « https://exemple.fr/page ».")
    return text.strip()


def parse_slugs(text: str, ctx: ParseContext) -> list[str]:
    slugs = [parse_slug(part, ctx) for part in text.split(",") if part.strip()]
    twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if twice:
        raise FieldError(f"« {', '.join(twice)} » est donné plusieurs fois.", "ne nommez chacun qu'une fois.")
    return slugs


def parse_slug(text: str, ctx: ParseContext) -> str:
    slug = slugify(text)
    if not slug:
        raise FieldError(f"« {text.strip()} » ne donne aucun identifiant (ni lettre ni chiffre).",
                         "écrivez l'identifiant en lettres et chiffres, ex. « bar-des-sciences ».")
    return slug


def parse_previous_slugs(text: str, ctx: ParseContext) -> tuple[str, ...]:
    """A renamed item's former slugs, as written (its oldest first): each must be a slug already, since an
    address that was published is matched exactly."""
    slugs = parse_slugs(text, ctx)
    for part, slug in zip((part.strip() for part in text.split(",") if part.strip()), slugs):
        if part != slug:
            raise FieldError(f"« {part} » n'est pas écrit comme un identifiant (ce serait « {slug} »).",
                             "recopiez l'ancien identifiant tel qu'il était : le nom de l'ancien fichier sans « .md », "
                             "ou la fin de l'ancienne adresse (…/evenements/ancien-nom/).")
    return tuple(slugs)


def parse_list(text: str, ctx: ParseContext) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@functools.lru_cache(maxsize=4096)  # a handful of names, read in every file of every build
def fold(text: str) -> str:
    """A name or a word as staff may write it, reduced to compare: no case, accents, spaces, hyphens or quotes."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _allowed(words: dict) -> str:
    return ", ".join(f"{forms[1]} ({forms[0]})" if len(forms) > 1 else forms[0] for forms in words.values())


def parse_words(words: dict):
    """A parser accepting any word of `words` (value → its code and French words), giving the value."""
    index = {fold(word): value for value, forms in words.items() for word in forms}

    def parse(text: str, ctx: ParseContext):
        value = index.get(fold(text))
        if value is None:
            raise FieldError(f"« {text.strip()} » n'est pas une valeur possible.", f"valeurs possibles : {_allowed(words)}.")
        return value

    return parse


def parse_accessibility(text: str, ctx: ParseContext) -> tuple[str, ...]:
    index = {fold(word): code for code, forms in ACCESSIBILITY_WORDS.items() for word in forms}
    written = parse_list(text, ctx)
    unknown = [word for word in written if fold(word) not in index]
    if unknown:
        raise FieldError(
            f"code{'s' if len(unknown) > 1 else ''} inconnu{'s' if len(unknown) > 1 else ''} : {', '.join(unknown)}.",
            f"codes possibles, séparés par des virgules : {_allowed(ACCESSIBILITY_WORDS)}.",
        )
    codes = {index[fold(word)] for word in written}
    return tuple(code for code in ACCESSIBILITY_CODES if code in codes)


def parse_choice(choices: tuple[str, ...]):
    """A parser accepting one of `choices`, case-insensitively."""

    index = {fold(choice): choice for choice in choices}

    def parse(text: str, ctx: ParseContext) -> str:
        value = index.get(fold(text))
        if value is None:
            raise FieldError(f"« {text} » n'est pas une valeur possible.", f"valeurs possibles : {', '.join(choices)}.")
        return value

    return parse


def parse_orcid(text: str, ctx: ParseContext) -> str:
    """An ORCID iD (bare or as its orcid.org URL), checked with its ISO 7064 MOD 11-2 digit."""
    value = re.sub(r"^https?://(www\.)?orcid\.org/", "", text.strip())
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", value):
        raise FieldError(f"« {text} » n'a pas la forme d'un identifiant ORCID.", "forme attendue : « 0000-0002-1825-0097 ».")
    digits = value.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    if digits[-1] != ("X" if check == 10 else str(check)):
        raise FieldError(
            f"« {text} » n'est pas un identifiant ORCID valide (chiffre de contrôle erroné).",
            "recopiez-le depuis la page orcid.org du chercheur.",
        )
    return value


def parse_geo(text: str, ctx: ParseContext) -> Geo:
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*", text)
    if not match or abs(float(match[1])) > 90 or abs(float(match[2])) > 180:
        raise FieldError(f"« {text} » n'est pas une position.", "forme attendue : « 47.9029, 1.9093 » (latitude, longitude).")
    return Geo(float(match[1]), float(match[2]))


def parse_duration(text: str, ctx: ParseContext) -> int:
    """A duration in seconds from `HH:MM:SS` or `MM:SS`."""
    match = re.fullmatch(r"(?:(\d+):)?([0-5]?\d):([0-5]\d)", text.strip())
    if not match:
        raise FieldError(f"« {text} » n'est pas une durée.", "forme attendue : « 01:02:30 » ou « 12:45 ».")
    return int(match[1] or 0) * 3600 + int(match[2]) * 60 + int(match[3])


def parse_image(text: str, ctx: ParseContext) -> str:
    """A path under content/ to a real, reasonably sized image."""
    relative = resolve(ctx.content_root, text)
    if relative is None:
        raise FieldError(f"l'image « {text.strip()} » est introuvable.", suggestion(ctx, text) or
                         "donnez un chemin depuis le dossier content/, ex. « images/evenements/affiche.jpg ».")
    path = ctx.content_root / relative
    try:
        with Image.open(path) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise FieldError(f"« {relative} » n'est pas une image lisible.", "utilisez un fichier JPEG, PNG ou WebP.")
    if max(width, height) > MAX_IMAGE_SIDE:
        raise FieldError(f"l'image « {relative} » est démesurée ({width}×{height} pixels ; {MAX_IMAGE_SIDE} au plus "
                         "de chaque côté).", "réduisez-la : 4000 pixels sur le plus grand côté suffisent.")
    if width * height > MAX_IMAGE_PIXELS:
        raise FieldError(
            f"l'image « {relative} » est démesurée ({width}×{height} pixels).",
            "réduisez-la à moins de 40 mégapixels (4000 pixels de large suffisent).",
        )
    return relative


DECORATIVE = ("décorative", "decorative")
ALT_HINT = ("ajoutez « Texte alternatif: » (ou « ImageAlt: ») suivi d'une courte description de ce que montre "
            "l'image (pour les personnes qui ne la voient pas), ou « Texte alternatif: décorative » si elle n'apporte "
            "aucune information.")


def parse_alt(text: str, ctx: ParseContext) -> str:
    """Alt text of an image; « décorative » means a purely decorative image (alt="")."""
    value = text.strip()
    return "" if value.lower() in DECORATIVE else value


def parse_content_file(suffixes: tuple[str, ...]):
    """A parser for a path under content/ with one of `suffixes` (e.g. captions), in a folder the site publishes."""

    def parse(text: str, ctx: ParseContext) -> str:
        if not text.strip().lower().endswith(suffixes):
            raise FieldError(f"« {text.strip()} » n'a pas le bon type de fichier.", f"extensions possibles : {', '.join(suffixes)}.")
        return published_file(text, ctx, "le fichier")

    return parse


def suggestion(ctx: ParseContext, written: str) -> str | None:
    """« vouliez-vous dire … ? » with the nearest existing file, when there is one."""
    found = closest(ctx.content_root, written)
    return f"vouliez-vous dire « {found} » ? (les chemins partent du dossier content/)" if found else None


def published_file(text: str, ctx: ParseContext, what: str) -> str:
    """A file under content/ that the site publishes as it is: a page pointing at any other would get a 404."""
    relative = resolve(ctx.content_root, text)
    if relative is None:
        folder = ctx.published_folders[0] if ctx.published_folders else "media"
        raise FieldError(f"{what} « {text.strip()} » est introuvable.",
                         suggestion(ctx, text) or f"donnez un chemin depuis le dossier content/, ex. « {folder}/… ».")
    if not ctx.published(relative):
        folders = ", ".join(f"content/{folder}/" for folder in ctx.published_folders) or "content/media/"
        raise FieldError(f"{what} « {relative} » n'est pas dans un dossier que le site publie : la page pointerait "
                         "vers une adresse introuvable.", f"déplacez-le sous {folders} et donnez ce nouveau chemin.")
    return relative
