"""What the quality gates read from a built site: its pages, the page types the fixture must cover,
every URL a page references, where each internal one lands in the output, and the external checkers.

Every gate runs over *every* HTML page of the build, so a page or template added later is checked
without touching the tests; `PAGE_TYPES` only makes sure the fixture keeps a sample of each template.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NoReturn
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from programme.settings import public_url

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "theme" / "templates"
NODE_MODULES = ROOT / "tests" / "node" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

NOT_FOUND = "404.html"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def production_csp(path: str = "/") -> str:
    """The Content-Security-Policy that production sends for `path`: read from deploy/nginx.conf, never copied,
    with the variables it uses resolved as nginx's `map $uri` blocks resolve them for that path."""
    conf = NGINX_CONF.read_text(encoding="utf-8")
    match = re.search(r'add_header Content-Security-Policy "([^"]+)"', conf)
    assert match, "deploy/nginx.conf sends no Content-Security-Policy"
    policy = re.sub(r"\$(\w+)", lambda variable: nginx_map(conf, variable[1], path), match[1])
    return policy.replace("; upgrade-insecure-requests", "")  # the test server speaks plain HTTP


def nginx_map(conf: str, variable: str, uri: str) -> str:
    """The value a `map $uri $variable { default …; ~regex "…"; }` block of the configuration gives `uri`."""
    block = re.search(r"map \$uri \$" + variable + r" \{(.*?)\n\}", conf, re.S)
    assert block, f"deploy/nginx.conf maps no ${variable}"
    entries = re.findall(r'^\s*(\S+)\s+"([^"]*)";', block[1], re.M)
    value = dict(entries).get("default", "")
    for key, found in entries:
        if key.startswith("~") and re.search(key[1:], uri):
            return found
    return value


@dataclass(frozen=True)
class PageType:
    template: str
    sample: str  # a page of the built fixture that this template renders
    web: bool = True  # False: a document for another program, not a page to browse (the letter's e-mail)


PAGE_TYPES: dict[str, PageType] = {
    "home": PageType("home", "index.html"),
    "agenda": PageType("agenda", "agenda/index.html"),
    "archives": PageType("archives", "agenda/archives/index.html"),
    "archives of a year": PageType("archives_year", "agenda/archives/2026/index.html"),
    "event": PageType("event", "evenements/sols-vivants/index.html"),
    "cancelled event": PageType("event", "evenements/conference-annulee/index.html"),
    "cycle": PageType("cycle", "cycles/conferences/index.html"),
    "researcher directory": PageType("researchers", "chercheurs/index.html"),
    "researcher profile": PageType("researcher", "chercheurs/alice-martin/index.html"),
    "webTV list": PageType("episodes", "webtv/index.html"),
    "episode": PageType("episode", "webtv/abeilles-video/index.html"),
    "venue": PageType("venue", "lieux/museum/index.html"),
    "venue list": PageType("venues", "lieux/index.html"),
    "partners": PageType("partners", "partenaires/index.html"),
    "partner": PageType("partner", "partenaires/universite/index.html"),
    "committee": PageType("committee", "comite-des-partenaires/index.html"),
    "projects": PageType("projects", "projets/index.html"),
    "project": PageType("project", "projets/pollinisateurs/index.html"),
    "colloquia": PageType("colloquia", "colloques/index.html"),
    "colloquium": PageType("colloquium", "colloques/sols-2027/index.html"),
    "colloquium in English": PageType("colloquium", "en/colloquia/sols-2027/index.html"),
    "news list": PageType("index", "actualites/index.html"),
    "news article": PageType("article", "actualites/bienvenue/index.html"),
    "static page": PageType("page", "mentions-legales/index.html"),
    "search": PageType("search", "recherche/index.html"),
    "feeds": PageType("feeds", "flux/index.html"),
    "month": PageType("month", "agenda/2026-12/index.html"),
    "letter": PageType("letter", "lettre/2026-12/index.html"),
    "letter e-mail": PageType("letter_email", "lettre/2026-12/lettre.html", web=False),
    "kit": PageType("kit", "kit/sols-vivants/index.html"),
    "kit of a cancelled event": PageType("kit", "kit/conference-annulee/index.html"),
    "kits": PageType("kits", "kit/index.html"),
    "404": PageType("404", NOT_FOUND),
}
# Partial templates, and `colloquium_print`, which renders no page but a PDF (checked by test_colloquia.py).
PARTIAL_TEMPLATES = {"base", "_macros", "_event_calendar", "_picture", "_video", "_timetable", "_venue_map",
                     "colloquium_print"}

# Attributes that make the browser fetch or navigate to a URL.
URL_ATTRIBUTES = {
    "a": ("href",), "link": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "script": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "iframe": ("src",), "form": ("action",), "use": ("href", "xlink:href"), "object": ("data",),
}


def missing(message: str) -> NoReturn:
    """A checker that is not installed: a skip on a developer's machine, a failure in CI."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def checker(path: Path) -> Path:
    """An npm-installed checker (see tests/node/package.json)."""
    if not path.is_file():
        missing(f"{path.relative_to(ROOT)} is missing: run `npm ci --prefix tests/node`")
    return path


def java() -> str:
    return shutil.which("java") or missing("java is not installed (apt-get install default-jre-headless)")


def site_public_url(site) -> str:
    return public_url(site.settings())


# HTML the build writes for other programs than browsers: the letters' e-mails (tests/test_letter.py).
MAIL_DOCUMENTS = re.compile(r"lettre/\d{4}-\d{2}/lettre\.html")
# Staff pages: noindex, disallowed in robots.txt, linked from no public page (the social-media kits).
STAFF_FOLDER = "kit/"


def html_pages(output: Path) -> list[str]:
    """Every HTML page of the build, as paths relative to the output (not the e-mails, which are no pages)."""
    pages = (path.relative_to(output).as_posix() for path in output.rglob("*.html"))
    return sorted(page for page in pages if not MAIL_DOCUMENTS.fullmatch(page))


def is_staff_page(page: str) -> bool:
    return page.startswith(STAFF_FOLDER)


def page_url(page: str) -> str:
    """The URL path a page is served at: `agenda/index.html` → `/agenda/`."""
    return "/" + (page[: -len("index.html")] if page == "index.html" or page.endswith("/index.html") else page)


def referenced_urls(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(tag, url) for every URL the page references, srcset candidates one by one."""
    found = []
    for tag, attributes in URL_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":
                    found += [(tag, candidate.split()[0]) for candidate in value.split(",") if candidate.strip()]
                else:
                    found.append((tag, value.strip()))
    return found


@dataclass(frozen=True)
class Target:
    file: str  # relative to the output
    fragment: str


def local_target(page: str, url: str, site_url: str) -> Target | None:
    """Where an internal URL lands in the output; None for another site (or mailto:, data:…).

    Absolute URLs on the site's own domain (canonical links, webcal:// subscriptions) count as internal.
    """
    own = urlsplit(site_url)
    absolute = urlsplit(urljoin(f"{own.scheme}://{own.netloc}{page_url(page)}", url))
    if absolute.scheme not in ("http", "https", "webcal") or absolute.netloc != own.netloc:
        return None
    path = unquote(absolute.path)
    relative = str(PurePosixPath(path.lstrip("/"))) if path.strip("/") else ""
    if path.endswith("/") or not PurePosixPath(path).suffix:
        relative = f"{relative}/index.html".lstrip("/")
    return Target(relative, unquote(absolute.fragment))
