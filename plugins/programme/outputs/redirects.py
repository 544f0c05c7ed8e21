"""Old addresses of renamed events answer (see `content.renames`): a small page at `evenements/<old>/`
(meta refresh, canonical link, a French sentence and a link; noindex; in no sitemap, search or feed), and
`redirections.map`, at the root of the output, which gives nginx the old paths and the new URLs to answer
them with a 301 (deploy/nginx.conf).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..content.contents import Event
from .site import Site

PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} : nouvelle adresse — {site}</title>
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<main>
<h1>Cette page a changé d'adresse</h1>
<p>« {title} » se trouve désormais à l'adresse <a href="{target}">{canonical}</a>.</p>
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class Redirect:
    old_path: str  # the path as served, from the root: /evenements/ancien-nom/
    target: str  # the absolute URL it now leads to


def redirects(site: Site) -> list[Redirect]:
    """Every old address of every event that has a page, sorted."""
    settings, base = site.settings, site.public_url
    found = []
    for event in site.programme.events:
        if not event.has_page:
            continue
        for old in event.previous_slugs:
            page = "/" + settings["EVENT_URL"].format(slug=old)
            target = f"{base}/{event.url}"
            found.append(Redirect(page, target))
            if page.endswith("/"):
                found += [Redirect(page.rstrip("/"), target), Redirect(page + "index.html", target)]
            calendar = "/" + settings["EVENT_CALENDAR_SAVE_AS"].format(slug=old)
            found.append(Redirect(calendar, event.calendar.absolute_url))
    return sorted(found, key=lambda redirect: redirect.old_path)


def nginx_map(found: list[Redirect]) -> str:
    """The entries of deploy/nginx.conf's `map $uri $renamed_event`: one `old-path new-url;` a line."""
    lines = ["# Written by the build: old addresses of renamed events and where they now are (deploy/nginx.conf)."]
    lines += [f"{redirect.old_path} {redirect.target};" for redirect in found]
    return "\n".join(lines) + "\n"


def page(event: Event, site_url: str, public_url: str, sitename: str) -> str:
    """The page left at an old address, for browsers and servers without the map (the preview, a static host)."""
    return PAGE.format(title=html.escape(event.title), site=html.escape(sitename),
                       canonical=html.escape(f"{public_url}/{event.url}"), target=html.escape(f"{site_url}/{event.url}"))


def write(site: Site) -> None:
    """A page at each old address of each event, and the map for nginx (written even when empty: nginx.conf
    includes it)."""
    settings, options = site.settings, site.options
    for event in site.programme.events:
        if not event.has_page:
            continue
        text = page(event, options.site_url, options.public_url, settings["SITENAME"]).encode()
        for old in event.previous_slugs:
            site.write(settings["EVENT_SAVE_AS"].format(slug=old), text)
    site.write(settings["REDIRECTIONS_MAP_SAVE_AS"], nginx_map(redirects(site)).encode())
