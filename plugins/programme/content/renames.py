"""Published addresses never die: a renamed event (`Anciens noms`/`PreviousSlugs`) stays the same event.

Staff rename an event's file (or its `Identifiant`) and keep the old slug in `Anciens noms`. Then:
- its calendar UID and feed entry id keep being made of its first slug (`Event.identity`), so subscribers
  see the event they have change, never a second one appear;
- its calendars' memory follows it: the files of its old slugs are taken over (`Ledger.take_over`);
- each old address answers: a small page at `evenements/<old>/` (meta refresh, canonical link, a French
  sentence and a link; noindex; in no sitemap, search or feed), and `redirections.map`, at the root of
  the output, gives nginx the old paths and the new URLs to answer them with a 301 (deploy/nginx.conf).

An old slug that is still another event's (a live file, a draft, a file with mistakes), or that two events
claim, would send visitors to the wrong page: the build stops on it, in French.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..build import staging
from ..problems import Problem
from .contents import Event
from .ledger import Ledger

if TYPE_CHECKING:
    from ..build.generator import ProgrammeGenerator

FIELD = "Anciens noms"  # how a problem names the field when the file's own spelling is unknown

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


def settle(events: Iterable[Event], taken: dict[str, str], memory: Ledger) -> list[Problem]:
    """Check every event's old slugs and give each event its identity (taking over the memory of its old
    slugs). `taken` maps the slugs of events that are not in `events` (drafts, files with mistakes) to a
    French description of them."""
    events = list(events)
    live = {event.slug: event for event in events}
    claimed: dict[str, Event] = {}
    problems = []
    for event in events:
        name, line = event.previous_slugs_at or (FIELD, None)
        path = event.relative_source_path
        for old in event.previous_slugs:
            other = live.get(old)
            if other is event:
                problems.append(Problem(path, f"« {old} » est l'identifiant actuel de cet événement, pas un ancien.",
                                        name, line, f"retirez « {old} » de cette ligne."))
            elif other is not None or old in taken:
                owner = other.relative_source_path if other is not None else taken[old]
                problems.append(Problem(path, f"« {old} » est l'identifiant d'un autre événement ({owner}) : son "
                                        "adresse ne peut pas mener ici.", name, line,
                                        f"retirez « {old} » de cette ligne, ou, si {owner} est bien l'ancienne "
                                        "version de cet événement, supprimez ce fichier-là."))
            elif old in claimed:
                first = claimed[old].relative_source_path
                problems.append(Problem(path, f"« {old} » est aussi un ancien nom de {first} : une ancienne adresse "
                                        "ne mène qu'à un seul événement.", name, line,
                                        f"gardez « {old} » dans le fichier qui a vraiment porté ce nom, et retirez-le "
                                        "de l'autre."))
            else:
                claimed[old] = event
    if not problems:
        for event in events:
            event.identity = memory.take_over(event.slug, event.previous_slugs)
    return problems


def redirects(generator: ProgrammeGenerator) -> list[Redirect]:
    """Every old address of every event that has a page, sorted."""
    settings, base = generator.settings, generator.options.public_url
    found = []
    for event in generator.programme.events:
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


def write(generator: ProgrammeGenerator) -> None:
    """A page at each old address of each event, and the map for nginx (written even when empty: nginx.conf
    includes it)."""
    settings, options = generator.settings, generator.options
    for event in generator.programme.events:
        if not event.has_page:
            continue
        text = page(event, options.site_url, options.public_url, settings["SITENAME"]).encode()
        for old in event.previous_slugs:
            path = os.path.join(generator.output_path, settings["EVENT_SAVE_AS"].format(slug=old))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            staging.write_bytes(settings, path, text)
    path = os.path.join(generator.output_path, settings["REDIRECTIONS_MAP_SAVE_AS"])
    staging.write_bytes(settings, path, nginx_map(redirects(generator)).encode())
