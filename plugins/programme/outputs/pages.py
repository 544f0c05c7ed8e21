"""Writes each item's page and the listing pages (home, agenda, archives, directories)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from . import agenda, colloquia, episodes, feeds, network, venue_map
from .site import Site

if TYPE_CHECKING:
    from ..content.contents import ProgrammeContent
    from ..content.programme import Programme


# The kinds whose items have a page of their own.
PAGE_KINDS = ("event", "researcher", "episode", "venue", "cycle", "partner", "project", "colloquium", "translation")


def write_item(site: Site, item: ProgrammeContent) -> None:
    """One item's page; the preview's fast path writes an edited item's page with it."""
    links = [*item.own_alternate_links, *feeds.page_links(site.context, *item.followed_pages)]
    write_page(site, item.save_as, item.url, item.template, page=item, page_alternate_links=links,
               **{item.kind: item}, **venue_map.page_extras(site, item))


def write_page(site: Site, save_as: str, url: str, template: str,
               page_alternate_links: Iterable[dict[str, str]] = (), **kwargs) -> None:
    """One page; its <head> announces, after the site-wide links, `page_alternate_links` and its own feeds."""
    links = [*page_alternate_links, *feeds.page_links(site.context, url)]
    site.writer.write_file(save_as, site.template(template), site.context, relative_urls=site.settings["RELATIVE_URLS"],
                           url=url, page_url=url, page_alternate_links=links, **kwargs)


def searchable(programme: Programme) -> list[str]:
    """The pages (site-relative) the search indexes, before they are written."""
    return [item.save_as for kind in PAGE_KINDS for item in programme.of_kind(kind) if item.searchable]


def write_all(site: Site, order: Callable[[str], int] = lambda page: 0,
              written: Callable[[str], None] = lambda page: None) -> None:
    """Every page of the programme, with Pelican's writer (`site.writer`).

    Item pages go in the `order` of their path (kind by kind otherwise), and each is reported `written`:
    the search indexes a lot of pages as soon as they are all there.
    """
    programme = site.programme
    settings = site.settings

    items = [item for kind in PAGE_KINDS for item in programme.of_kind(kind)]
    for item in sorted(items, key=lambda item: order(item.save_as)):
        write_item(site, item)
        written(item.save_as)

    upcoming = programme.upcoming(programme.events)
    highlight = programme.highlight()
    years, year_links = archives(site)
    partners = network.partners_view(programme)
    listings = settings["PROGRAMME_LISTINGS"]
    views = {
        "home": {
            "highlight": highlight,
            "upcoming_events": [event for event in upcoming if event is not highlight][: settings["HOME_EVENT_COUNT"]],
            "latest_episodes": programme.episodes[: settings["HOME_EPISODE_COUNT"]],
            "latest_articles": site.context.get("articles", [])[: settings["HOME_ARTICLE_COUNT"]],
        },
        "agenda": agenda.view(upcoming, programme.now, settings["CARDS_SEEN_AT_ONCE"]),
        "archives": {"years": years, "year_links": year_links},
        "researchers": {"researchers": programme.researchers},
        "episodes": episodes.listing(programme),
        "partners": partners,
        "committee": partners,
        "projects": network.projects_view(programme),
        "colloquia": colloquia.listing(programme),
        "venues": venue_map.listing(site),
        "feeds": {},  # the catalogue is already in the context (feeds.advertise)
        "search": {},
    }
    for name, (url, save_as, template) in listings.items():
        write_page(site, save_as, url, template, **views[name])
    for group, (url, save_as) in zip(years, year_links.values()):
        write_page(site, save_as, url, "archives_year", year=group, years=[group], year_links=year_links)


def listing_urls(site: Site) -> list[str]:
    """The URLs of the listing pages `write_all` writes (the items' are on the items)."""
    listings = site.settings["PROGRAMME_LISTINGS"].values()
    return [url for url, _save_as, _template in listings] + [url for url, _save_as in archives(site)[1].values()]


def archives(site: Site) -> tuple[list[agenda.Group], dict[str, tuple[str, str]]]:
    """The past events by year, and year → (url, save_as) of its archive page."""
    years = agenda.by_year(site.programme.past(site.programme.events))
    settings = site.settings
    return years, {group.key: (settings["ARCHIVE_YEAR_URL"].format(year=group.key),
                               settings["ARCHIVE_YEAR_SAVE_AS"].format(year=group.key)) for group in years}
