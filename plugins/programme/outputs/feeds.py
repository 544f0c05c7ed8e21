"""RSS 2.0 and Atom feeds of the news, the agenda, the WebTV, each cycle and each project, written with feedgen.

`advertise` (while reading) puts the catalogue in the context: the « Flux RSS » page lists it, every
page's <head> announces the site-wide feeds, a cycle's pages (its own, its events') the cycle's, and a
project's pages (its own, its events' and videos') the project's (its events and videos).
`write_all` (while writing, once relations are linked) writes each feed in both formats.
Nothing comes from the clock: the same content and ledger give byte-identical files, and no date is
later than the build's "now" (`feed_entries`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from feedgen.feed import FeedGenerator

from .absolute import AbsoluteBodies
from .atom_links import AtomEntryLinks, AtomLinks
from .feed_entries import Entry, FeedSite, article_entry, episode_entry, event_entry, latest, newest_first
from .mediarss import MediaRss, MediaRssEntry
from .site import Site

# File extension of each format → (MIME type, name shown to people).
FORMATS = {"rss": ("application/rss+xml", "RSS"), "atom": ("application/atom+xml", "Atom")}


@dataclass(frozen=True)
class FeedLink:
    format_name: str
    type: str
    url: str  # site-relative


@dataclass(frozen=True)
class Feed:
    key: str  # part of the feed's Atom id: never change it
    label: str  # « Agenda », « Cycle Bar des sciences »
    title: str
    description: str
    page_url: str  # the HTML page the feed follows
    path: str  # site-relative, without extension
    entries: Callable[[FeedSite, int], list[Entry]] = field(compare=False, repr=False)  # (site, how many)
    site_wide: bool = True  # advertised by every page; a cycle's or project's feed by its pages and « Flux RSS »

    @property
    def links(self) -> list[FeedLink]:
        return [FeedLink(name, mime, f"{self.path}.{extension}") for extension, (mime, name) in FORMATS.items()]

    def alternate_links(self, public_url: str) -> list[dict[str, str]]:
        """The feed's `<link rel="alternate">` attributes, one per format."""
        return [{"type": link.type, "title": f"{self.title} ({link.format_name})", "href": f"{public_url}/{link.url}"}
                for link in self.links]


def catalogue(site: Site) -> list[Feed]:
    settings = site.settings
    programme = site.programme
    paths = settings["PROGRAMME_FEEDS"]
    listings = settings["PROGRAMME_LISTINGS"]

    def feed(key: str, label: str, description: str, page_url: str, path: str, entries, site_wide: bool = True) -> Feed:
        return Feed(key, label, f"{settings['SITENAME']} — {label}", description, page_url, path, entries, site_wide)

    def entries_of(make: Callable[[object, FeedSite], Entry], items: Callable[[], Iterable]):
        """An `Feed.entries`: the entries of the `limit` latest items."""
        return lambda site, limit: [make(item, site) for item in latest(items(), limit, site)]

    feeds = [
        feed("agenda", "Agenda", "Chaque rendez-vous annoncé, avec sa date et son lieu ; "
             "les changements (report, annulation) y apparaissent aussi.", listings["agenda"][0], paths["agenda"],
             entries_of(event_entry, lambda: programme.events)),
        feed("news", "Actualités", "Les actualités du programme.", settings["INDEX_SAVE_AS"].removesuffix("index.html"),
             paths["news"], entries_of(article_entry, lambda: site.context.get("articles", []))),
        feed("episodes", "WebTV", "Les nouvelles vidéos : conférences filmées et entretiens avec les chercheurs.",
             listings["episodes"][0], paths["episodes"], entries_of(episode_entry, lambda: programme.episodes)),
    ]
    for cycle in programme.cycles:
        feeds.append(feed(f"cycles/{cycle.slug}", f"Cycle {cycle.title}",
                          f"Les rendez-vous du cycle « {cycle.title} ». {cycle.summary}".strip(), cycle.url,
                          settings["PROGRAMME_CYCLE_FEED"].format(slug=cycle.slug),
                          entries_of(event_entry, lambda cycle=cycle: cycle.events), site_wide=False))
    for project in programme.projects:
        feeds.append(feed(f"projets/{project.slug}", f"Projet {project.name}",
                          f"Les rendez-vous et les vidéos du projet « {project.name} ». {project.summary}".strip(),
                          project.url, settings["PROGRAMME_PROJECT_FEED"].format(slug=project.slug),
                          entries_of(event_or_episode_entry,
                                     lambda project=project: [*project.events, *project.episodes]), site_wide=False))
    return feeds


def event_or_episode_entry(item, site: FeedSite) -> Entry:
    """A project's feed holds both: each as the agenda's or the WebTV's feed shows it."""
    return event_entry(item, site) if item.kind == "event" else episode_entry(item, site)


def advertise(site: Site) -> None:
    """Put the catalogue in the context and announce the site-wide feeds in every page's <head>.

    A cycle's feed is announced by its own page, its events' pages and the « Flux RSS » page
    (`page_links`); a project's by its own page, its events' and videos' pages and « Flux RSS ».
    Announced everywhere, the cycles' feeds made every page's <head> grow with the archives (160 links
    a page at 80 cycles, most of each page's bytes), and feed readers offered them all on every page.
    """
    context = site.context
    public_url = site.public_url
    context["feeds"] = catalogue(site)
    context["FEEDS_PAGE_URL"] = site.settings["PROGRAMME_LISTINGS"]["feeds"][0]
    context["site_alternate_links"].extend(
        link for feed in context["feeds"] if feed.site_wide for link in feed.alternate_links(public_url))
    by_page: dict[str, list[dict[str, str]]] = {}
    for feed in context["feeds"]:
        if not feed.site_wide:
            links = feed.alternate_links(public_url)
            by_page.setdefault(feed.page_url, []).extend(links)
            by_page.setdefault(context["FEEDS_PAGE_URL"], []).extend(links)
    context["feed_alternate_links"] = by_page


def page_links(context: dict, *urls: str) -> list[dict[str, str]]:
    """The feeds a page announces besides the site-wide ones: those following `urls` (its own, its cycle's,
    its projects')."""
    by_page = context.get("feed_alternate_links", {})
    return [link for url in urls for link in by_page.get(url, [])]


def feed_site(site: Site, bodies: AbsoluteBodies) -> FeedSite:
    options = site.options
    return FeedSite(options.public_url, options.site_domain, site.settings["FEED_ID_DATE"], Path(site.content_path),
                    options.now, bodies)


def render(feed: Feed, entries: list[Entry], site: FeedSite, author: dict[str, str]) -> dict[str, bytes]:
    """The feed in each format (extension → bytes); `entries` in the order they must appear."""
    generator = FeedGenerator()
    generator.register_extension("atom_links", AtomLinks, AtomEntryLinks, rss=False)
    if any(entry.video for entry in entries):
        generator.register_extension("media", MediaRss, MediaRssEntry)
    generator.id(site.tag(f"feed/{feed.key}"))
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.language("fr")
    generator.author(author)
    generator.generator("python-feedgen", uri="https://github.com/lkiesow/python-feedgen")
    # Both atom:updated and RSS lastBuildDate: the latest entry, never the clock.
    generator.updated(max((entry.updated for entry in entries), default=site.epoch))
    for entry in entries:
        add_entry(generator, entry)
    page = site.absolute(feed.page_url)
    rendered = {}
    for extension, (mime, _name) in FORMATS.items():
        self_link = {"href": site.absolute(f"{feed.path}.{extension}"), "rel": "self", "type": mime}
        # feedgen takes the RSS channel's <link> from the last link: the page.
        generator.link([self_link, {"href": page, "rel": "alternate"}], replace=True)
        write = generator.rss_str if extension == "rss" else generator.atom_str
        rendered[extension] = write(pretty=True)
    return rendered


def add_entry(generator: FeedGenerator, entry: Entry) -> None:
    item = generator.add_entry(order="append")
    item.guid(entry.id, permalink=False)  # also the Atom id
    item.title(entry.title)
    if entry.published is not None:  # RSS pubDate and Atom published: when the entry was announced
        item.published(entry.published)
    item.updated(entry.updated)
    # RSS descriptions are read as HTML: the plain summary goes in escaped, as HTML in both formats.
    item.summary(html.escape(entry.summary, quote=False), type="html")
    item.content(entry.content, type="html")
    for category in entry.categories:
        item.category(term=category)
    links = [{"href": entry.link, "rel": "alternate", "type": "text/html"}]
    video = entry.video
    if video is not None:
        item.media.video = video
        if video.file_url:
            # RSS requires a length: 0 when unknown (RSS Best Practices Profile); Atom leaves it out.
            length = str(video.file_size) if video.file_size else None
            links.append({"href": video.file_url, "rel": "enclosure", "type": video.file_type, "length": length})
    item.link(links)
    item.atom_links.links = links


def write_all(site: Site) -> None:
    settings = site.settings
    bodies = AbsoluteBodies(Path(settings["CACHE_PATH"], "feed-bodies.json") if settings.get("CACHE_CONTENT") else None)
    entries_site = feed_site(site, bodies)
    author = {"name": settings["ORGANIZER_NAME"] or settings["SITENAME"]}
    if settings["ORGANIZER_URL"]:
        author["uri"] = settings["ORGANIZER_URL"]
    for feed in site.context["feeds"]:
        entries = newest_first(feed.entries(entries_site, settings["FEED_MAX_ITEMS"]))
        for extension, data in render(feed, entries, entries_site, author).items():
            site.write(f"{feed.path}.{extension}", data)
    bodies.save()
