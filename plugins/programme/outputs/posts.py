"""Ready-to-post texts for each upcoming event, one per network, measured as each network counts them.

- Mastodon: 500 characters, counted as grapheme clusters once every link counts 23 and a mention
  `@name@server` counts as `@name` (its server's `StatusLengthValidator`).
- Bluesky: 300 grapheme clusters (the post record's `maxGraphemes`) and 3 000 bytes of UTF-8; a link counts as
  the app shows it once pasted, its host and the first 13 characters of its path, then « ... » (`toShortUrl`).
- LinkedIn (3 000), Facebook (63 206) and Instagram (2 200, at most 30 hashtags, no clickable link: « lien en
  bio ») count UTF-16 code units, as their web pages' JavaScript does.
Grapheme clusters are Unicode's extended clusters, from the `regex` module's `\\X` (kept current with Unicode):
« 👩‍🔬 » is one, as people see it.

A post too long for its network loses the end of the summary, cut at a word boundary (keeping at least
`TEASER_WORDS` words, else it first leaves out the price and some hashtags, then the speakers and partners:
`LEVELS`); if nothing fits, `problems` reports it as a warning naming the event (`invoke check`). A
cancelled, postponed or moved-online event gets an announcement instead of the promotion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import regex

from ..content import french
from ..content.contents import Event
from ..content.models import State
from ..problems import Problem

_URL = re.compile(r"https?://\S+")
_MASTODON_MENTION = re.compile(r"(@[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*)@[A-Za-z0-9.-]+[A-Za-z0-9]")
MASTODON_LINK_LENGTH = 23
ANNOUNCED = {State.CANCELLED, State.POSTPONED, State.MOVED_ONLINE}
ELLIPSIS = "…"


def graphemes(text: str) -> int:
    """User-perceived characters (Unicode extended grapheme clusters)."""
    return len(regex.findall(r"\X", text))


def mastodon_length(text: str) -> int:
    counted = _URL.sub("x" * MASTODON_LINK_LENGTH, text)
    return graphemes(_MASTODON_MENTION.sub(r"\1", counted))


def short_url(url: str) -> str:
    """A link as Bluesky's app writes it in a post: « sciences.orleans-metropole.fr/evenements/j... »."""
    parts = urlsplit(url)
    path = ("" if parts.path == "/" else parts.path) + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")
    return parts.netloc + (path[:13] + "..." if len(path) > 15 else path)


def bluesky_length(text: str) -> int:
    return graphemes(_URL.sub(lambda link: short_url(link[0]), text))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Network:
    key: str  # the file's name: « mastodon » → mastodon.txt
    name: str
    limit: int
    count: Callable[[str], int]
    unit: str  # what `count` counts, said to staff
    links: bool = True  # a link is clickable in a post
    max_hashtags: int | None = None
    max_bytes: int | None = None

    def length(self, text: str) -> int:
        return self.count(text)

    def fits(self, text: str) -> bool:
        bytes_ok = self.max_bytes is None or len(text.encode("utf-8")) <= self.max_bytes
        tags_ok = self.max_hashtags is None or text.count("#") <= self.max_hashtags
        return self.count(text) <= self.limit and bytes_ok and tags_ok


NETWORKS = (
    Network("mastodon", "Mastodon", 500, mastodon_length, "caractères (un lien compte 23)"),
    Network("bluesky", "Bluesky", 300, bluesky_length, "caractères (un lien compte tel que Bluesky l'abrège)",
            max_bytes=3000),
    Network("linkedin", "LinkedIn", 3000, utf16_length, "caractères"),
    Network("facebook", "Facebook", 63206, utf16_length, "caractères"),
    Network("instagram", "Instagram", 2200, utf16_length, "caractères", links=False, max_hashtags=30),
)


def hashtag(text: str) -> str:
    """« bar des sciences » → « #BarDesSciences »: each word capitalised, so screen readers read the words."""
    words = regex.findall(r"[\p{L}\p{N}]+", text)
    return "#" + "".join(word[:1].upper() + word[1:] for word in words) if words else ""


def hashtags(event: Event) -> list[str]:
    """The cycle's, then the event's `Tags`, once each (whatever their case)."""
    found: dict[str, str] = {}
    for text in ([event.cycle.title] if event.cycle else []) + list(event.tags or []):
        tag = hashtag(str(text))
        if len(tag) > 1:
            found.setdefault(tag.lower(), tag)
    return list(found.values())


@dataclass(frozen=True)
class Post:
    network: Network
    text: str
    fits: bool

    @property
    def length(self) -> int:
        return self.network.length(self.text)

    @property
    def length_label(self) -> str:
        return f"{self.length} / {self.network.limit} {self.network.unit}"


def _people(event: Event, network: str | None) -> tuple[str, str]:
    """(speakers, partners) as a sentence names them: with their handle on `network`, their affiliation on the
    long posts (network None)."""
    def name(item, affiliation: str = "") -> str:
        handle = getattr(item, network, "") if network else ""
        if handle:
            return f"{item.title} ({handle})"
        return f"{item.title} ({affiliation})" if affiliation else item.title

    speakers = [name(s, "" if network else s.affiliation) for s in event.speakers]
    partners = [name(p) for p in event.partners]
    return _and(speakers), _and(partners)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1] if names else ""


# What a post leaves out, level by level, when it cannot fit: nothing; the price, all but two hashtags, the
# link's label and the time of a former date; the speakers, the partners and all but one hashtag.
LEVELS = 3
TEASER_WORDS = 8  # a summary cut shorter than this says little: leave something else out first


def compose(event: Event, network: Network, url: str, teaser: str, level: int = 0,
            tags: list[str] | None = None) -> str:
    """The post's text with this teaser, leaving out what `level` says (`post` picks the longest that fits)."""
    if event.state in ANNOUNCED:
        return _announcement(event, network, url, level)
    long = network.key in ("linkedin", "facebook")
    mention_network = network.key if network.key in ("mastodon", "bluesky") else None
    speakers, partners = _people(event, mention_network)
    state = f"{event.state_label.upper()} — " if event.state_label else ""
    price = f" {event.price_label}." if level < 1 else ""
    lines = [f"{state}{event.title}", f"{_when(event, long)}, {_where(event)}.{price}"]
    if event.previous_schedule:
        previous = event.previous_label if level < 1 else french.day_label(event.previous_schedule.first_day)
        lines.append(f"Initialement prévu le {previous}.")
    paragraphs = ["\n".join(lines)]
    if teaser:
        paragraphs.append(teaser)
    people = []
    if level >= 2:
        speakers = partners = ""
    if speakers:
        people.append(f"Avec {speakers}.")
    if partners:
        people.append(f"En partenariat avec {partners}.")
    if long and event.audience:
        people.append(f"Public : {event.audience}.")
    if long and event.accessibility_label:
        people.append(f"Accessibilité : {event.accessibility_label}.")
    if people:
        paragraphs.append("\n".join(people))
    if network.links:
        action = "Programme et inscription" if event.registration else "Tout savoir"
        paragraphs.append(f"{action} : {url}" if level < 1 else url)
    else:
        paragraphs.append("Infos et inscription : lien en bio.")
    tags = (hashtags(event) if tags is None else tags)[: (None, 2, 1)[level]]
    if network.max_hashtags is not None:
        tags = tags[: network.max_hashtags]
    if tags:
        paragraphs.append(" ".join(tags))
    return "\n\n".join(paragraphs)


def _when(event: Event, long: bool) -> str:
    """« Jeudi 3 décembre 2026, 19 h »; an exhibition's span; a series' every date, or its next one in a short post."""
    if event.repeat and not long and event.upcoming_occurrences:
        text = f"prochaine séance le {french.start_label(event.upcoming_occurrences[0])}"
    elif long or event.repeat or event.schedule.multi_day:
        text = event.when_label
    else:
        text = event.start_label
    return text[:1].upper() + text[1:]


def _where(event: Event) -> str:
    return "en ligne" if event.is_online_only else event.venue.title


def _announcement(event: Event, network: Network, url: str, level: int = 0) -> str:
    """« ANNULÉ : … »: what changed, said first, then where to read more (shorter at each `level`)."""
    what = f"« {event.title} », {event.start_label}" + (f", {_where(event)}" if level < 1 else "")
    if event.state is State.CANCELLED:
        news = f"ANNULÉ : {what}. Ce rendez-vous n'aura pas lieu."
    elif event.state is State.POSTPONED:
        later = "sa nouvelle date sera annoncée ici" if level < 1 else "nouvelle date à venir"
        news = f"REPORTÉ : {what}. Ce rendez-vous est reporté ; {later}."
    else:
        news = f"EN LIGNE UNIQUEMENT : « {event.title} », {event.start_label}. Ce rendez-vous aura lieu uniquement en ligne."
    more = "lien en bio." if not network.links else url
    return f"{news}\n\n{'Plus d’informations' if level < 1 else 'Infos'} : {more}".replace("’", "'")


def post(event: Event, network: Network, url: str) -> Post:
    """The longest text that fits: the whole summary, else the summary cut at a word boundary, leaving out more
    (`LEVELS`) rather than cutting it below `TEASER_WORDS` words; a text that fits at no level is flagged."""
    words = event.teaser.split()
    tags = hashtags(event)
    text = ""

    def compose_with(teaser: str, level: int) -> str:
        return compose(event, network, url, teaser, level, tags)

    for level in range(LEVELS):
        text = compose_with(" ".join(words), level)
        if network.fits(text):
            return Post(network, text, True)
        if event.state in ANNOUNCED:
            continue  # no summary to cut
        low, high = 0, max(0, len(words) - 1)  # the most words that fit, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            if network.fits(compose_with(_cut(words, middle), level)):
                low = middle
            else:
                high = middle - 1
        last = level == LEVELS - 1
        enough = low >= min(TEASER_WORDS, len(words))
        cut = compose_with(_cut(words, low if enough else 0), level)
        if network.fits(cut) and (enough or last):  # a fragment of a few words says nothing: none, then
            return Post(network, cut, True)
        text = cut if last else text
    return Post(network, text, False)


def _cut(words: list[str], count: int) -> str:
    return " ".join(words[:count]).rstrip(",;:–—-") + ELLIPSIS if count else ""


def posts(event: Event, url: str) -> list[Post]:
    return [post(event, network, url) for network in NETWORKS]


def problems(events: list[Event], public_url: str) -> list[Problem]:
    """A warning for each post that cannot fit its network, naming the event and what to shorten."""
    found = []
    for event in events:
        for item in posts(event, f"{public_url}/{event.url}"):
            if not item.fits:
                found.append(Problem(
                    event.relative_source_path,
                    f"le texte pour {item.network.name} de « {event.title} » ne tient pas : {item.length} caractères "
                    f"pour {item.network.limit} au plus, même avec son résumé raccourci.", "Titre", warning=True,
                    hint="raccourcissez le titre (ou le nom du lieu) ; d'ici là, reprenez ce texte à la main sur la "
                         "page du kit réseaux sociaux de l'événement."))
    return found
