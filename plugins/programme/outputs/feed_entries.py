"""What a feed subscriber reads about each news article, event and episode: one `Entry` each.

Ids are tag URIs built from the kind and the slug only (an event's first slug, kept through renames:
`Event.identity`), so they survive rebuilds, new URLs and edits (a new `Date` included). Dates say when an entry was announced and last changed, never when an event
takes place (that is in its title and summary): see `entry_published` and `entry_updated`. They come
from the content and the calendars' ledger, never the clock, and none is after the build's "now".
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse
from xml.etree.ElementTree import Element

from pelican.contents import Article

from ..content.contents import Episode, Event, Researcher
from ..content.models import State
from ..content.text import plain_text
from .absolute import absolute_html, element

# Python's own table only (no /etc/mime.types), so every machine writes the same type.
_MEDIA_TYPES = mimetypes.MimeTypes()


@dataclass(frozen=True)
class FeedSite:
    """What entries need to know about the site."""

    public_url: str
    domain: str
    id_date: str
    content_root: Path
    now: datetime  # the build's "now" (`SITE_NOW`): no feed date is later
    bodies: Callable[..., str] = absolute_html  # or an `AbsoluteBodies`, which remembers them between builds

    def absolute(self, url: str) -> str:
        return url if urlparse(url).scheme else f"{self.public_url}/{url.lstrip('/')}"

    def tag(self, name: str) -> str:
        """A tag URI (RFC 4151), e.g. `tag:example.org,2026:event/sols-vivants`."""
        return f"tag:{self.domain},{self.id_date}:{name}"

    @property
    def epoch(self) -> datetime:
        """The date of the feeds' tag URIs (`FEED_ID_DATE`, midnight UTC), or the build if earlier: when an
        entry that has no date of its own last changed, as far as anyone can tell. Stable, and plausible
        to readers (the 1970 of an unknown date is « Implausible date » to the W3C validator)."""
        year, month, day = (self.id_date.split("-") + ["01", "01"])[:3]
        return min(datetime(int(year), int(month), int(day), tzinfo=timezone.utc), self.now)


@dataclass(frozen=True)
class EntryVideo:
    """An episode's video as Media RSS and enclosures describe it."""

    file_url: str  # the file itself; "" when the video plays only on its host's page
    file_size: int | None  # bytes; None when unknown (a file on another server)
    file_type: str
    player_url: str  # the host's page (YouTube, PeerTube) when there is no file
    duration: int | None
    poster_url: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    published: datetime | None  # None: the item has no date (RSS pubDate and Atom published are left out)
    updated: datetime
    summary: str  # plain text
    content: str  # HTML, every URL absolute
    categories: tuple[str, ...] = ()
    video: EntryVideo | None = None
    own_date: datetime | None = None  # the item's own date (an event's start): the order of entries that tie


def identity(item: Article | Event | Episode) -> str:
    """The slug an entry's id is made of: an event's first one (`Event.identity`), any other item's own."""
    return getattr(item, "identity", item.slug)


def item_date(item: Article | Event | Episode) -> datetime | None:
    """The item's own date, which may be still to come: a news article's, an episode's (else the end of
    the event it recorded), an event's start. What a feed sorts by when entries tie."""
    if isinstance(item, Event):
        return item.schedule.start
    if isinstance(item, Episode):
        return item.published or (item.event.schedule.end if item.event else None)
    return item.date


def entry_published(item: Article | Event | Episode, now: datetime) -> datetime | None:
    """When the entry was announced, never after the build (`now`); None when nothing tells.

    An event: when a build first saw it (the calendars' ledger, `first_seen`), or its start if it took
    place before that (an archive added later is dated among its own, not as news of the day). A news
    article or an episode: its own date (`item_date`). A date still to come (a news article or an
    episode scheduled ahead) is announced by this build, which publishes its page: readers hide or
    distrust dates in the future (« Implausible date »).
    """
    announced = item_date(item)
    seen = getattr(item, "first_seen", None) if isinstance(item, Event) else None
    if seen is not None:
        announced = min(seen, announced)
    return None if announced is None else min(announced, now)


def entry_changed(item: Article | Event | Episode) -> datetime | None:
    """When the item changed after it was announced, if it did: the one place a change ledger plugs in.

    A news article: its `Modified:`. An event: `modified`, set by the calendars from their ledger
    (`ledger.Stamp.changed`): the build at which its calendar content last changed, unless it never
    did since it was first seen, so a new date, a cancellation or any edit shows as an update.
    """
    return getattr(item, "modified", None)


def entry_updated(item: Article | Event | Episode, now: datetime, undated: datetime) -> datetime:
    """The entry's last change, never after the build nor before its announcement; an entry never
    changed was last updated when announced, and one with no date at all at `undated` (`FeedSite.epoch`)."""
    published = entry_published(item, now)
    changed = entry_changed(item)
    changed = min(changed, now) if changed else None
    if published is None:
        return changed or undated
    return max(published, changed) if changed else published


def latest(items: Iterable[Article | Event | Episode], limit: int, site: FeedSite) -> list:
    """The `limit` items of one feed that `newest_first` would keep, chosen before any entry is built
    (building one parses its HTML: the agenda feed would otherwise build every event ever published)."""
    by_id = sorted(items, key=identity)  # within one feed, ids differ by their slug only

    def order(item) -> tuple[datetime, datetime, datetime]:
        updated = entry_updated(item, site.now, site.epoch)
        return updated, entry_published(item, site.now) or updated, item_date(item) or updated

    return sorted(by_id, key=order, reverse=True)[:limit]


def newest_first(entries: list[Entry]) -> list[Entry]:
    """Latest `updated` first (ties: latest `published`, then latest own date), then by id: a fixed order for
    the same content. Events announced together are kept furthest first, as when a feed was sorted by them."""
    def order(entry: Entry) -> tuple[datetime, datetime, datetime]:
        return entry.updated, entry.published or entry.updated, entry.own_date or entry.updated

    return sorted(sorted(entries, key=lambda entry: entry.id), key=order, reverse=True)


def item_entry(item: Article | Event | Episode, kind: str, site: FeedSite, title: str, summary: str,
               facts: Iterable[Element] = (), **extra) -> Entry:
    """The entry of one item: `facts` (our markup) come before its body in the HTML content."""
    page = site.absolute(item.url)
    return Entry(
        id=site.tag(f"{kind}/{identity(item)}"),
        title=title,
        link=page,
        published=entry_published(item, site.now),
        updated=entry_updated(item, site.now, site.epoch),
        own_date=item_date(item),
        summary=summary,
        content=site.bodies(item.get_content(site.public_url), page, facts),
        **extra,
    )


def speakers_fact(speakers: list[Researcher]) -> list[Element]:
    return [element("p", "Avec " + ", ".join(speaker.title for speaker in speakers))] if speakers else []


def article_entry(article: Article, site: FeedSite) -> Entry:
    return item_entry(article, "article", site, article.title, plain_text(article.summary),
                      categories=tuple(str(tag) for tag in getattr(article, "tags", [])))


def event_title(event: Event) -> str:
    """« Annulé : Les sols vivants — jeudi 3 décembre 2026, 19 h »: the state first, so no one misses it."""
    state = f"{event.state_label} : " if event.state_label else ""
    return f"{state}{event.title} — {event.start_label}"


def event_place(event: Event) -> str:
    """« Muséum d'Orléans, 6 rue Marcel Proust, 45000 Orléans », or « En ligne »."""
    if event.venue is None or event.state is State.MOVED_ONLINE:
        return "En ligne"
    return ", ".join(part for part in (event.venue.title, event.venue.address) if part)


def event_entry(event: Event, site: FeedSite) -> Entry:
    facts = []
    if event.state_label:
        previous = f" — initialement prévu le {event.previous_label}" if event.previous_label else ""
        facts.append(element("p", element("strong", event.state_label), previous))
    facts.append(element("p", event.when_label, element("br"), event_place(event)))
    facts += speakers_fact(event.speakers)
    if event.registration and not event.is_cancelled:
        facts.append(element("p", element("a", "S'inscrire", href=event.registration)))
    if event.picture:
        picture = event.picture
        facts.append(element("p", element("img", src=site.absolute(picture.largest), alt=picture.alt,
                                          width=str(picture.width), height=str(picture.height))))
    heading = " · ".join(part for part in (event.state_label, event.when_label, event_place(event)) if part)
    return item_entry(event, "event", site, event_title(event), f"{heading}. {event.summary}".strip(), facts,
                      categories=tuple(([event.cycle.title] if event.cycle else []) + list(event.tags)))


def episode_video(episode: Episode, site: FeedSite) -> EntryVideo:
    video = episode.video
    poster = episode.poster_url
    if video.host != "file":
        return EntryVideo("", None, "", video.url, episode.duration, poster)
    on_our_site = not urlparse(video.url).scheme
    size = (site.content_root / video.url).stat().st_size if on_our_site else None
    media_type = _MEDIA_TYPES.guess_type(urlparse(video.url).path)[0] or "video/mp4"
    return EntryVideo(site.absolute(video.url), size, media_type, "", episode.duration, poster)


def episode_entry(episode: Episode, site: FeedSite) -> Entry:
    page = site.absolute(episode.url)
    video = episode_video(episode, site)
    duration = f" (durée : {episode.duration_label})" if episode.duration_label else ""
    facts = [element("p", element("a", "Regarder la vidéo", href=page), duration)]
    if video.poster_url:
        facts.insert(0, element("p", element("a", element("img", src=video.poster_url, alt=episode.title), href=page)))
    facts += speakers_fact(episode.speakers)
    heading = f"Vidéo ({episode.duration_label})" if episode.duration_label else "Vidéo"
    return item_entry(episode, "episode", site, episode.title, f"{heading}. {episode.summary}".strip(), facts,
                      video=video)
