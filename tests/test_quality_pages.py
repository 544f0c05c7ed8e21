"""Quality gates read from the built HTML of the fixture site: coverage, links, SEO, strict CSP, valid HTML."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ElementTree
from collections import deque
from functools import cache

import pytest
from bs4 import BeautifulSoup
from quality import (
    NOT_FOUND,
    PAGE_TYPES,
    PARTIAL_TEMPLATES,
    TEMPLATES,
    VNU,
    checker,
    html_pages,
    is_staff_page,
    java,
    local_target,
    page_url,
    referenced_urls,
    site_public_url,
)

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def pages(built) -> dict[str, BeautifulSoup]:
    return {page: built.html(page) for page in html_pages(built.output)}


@pytest.fixture(scope="module")
def site_url(built) -> str:
    return site_public_url(built)


def public_pages(pages: dict) -> list[str]:
    """Pages a visitor reaches by following links; the 404 page is only ever served in place of another, and the
    staff's pages (the kits) are reached by address only."""
    return [page for page in pages if page != NOT_FOUND and not is_staff_page(page)]


def noindex(soup: BeautifulSoup) -> bool:
    robots = soup.find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots.get("content", "")


def test_staff_pages_and_only_they_ask_not_to_be_indexed(pages):
    staff = {page for page in pages if is_staff_page(page)}
    assert staff and {page for page, soup in pages.items() if noindex(soup) and page != NOT_FOUND} == staff


def test_every_template_has_a_sample_page():
    templates = {path.stem for path in TEMPLATES.glob("*.html")} - PARTIAL_TEMPLATES
    assert templates <= {page_type.template for page_type in PAGE_TYPES.values()}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_fixture_site_has_every_page_type(built, name):
    assert PAGE_TYPES[name].web == (PAGE_TYPES[name].sample in html_pages(built.output))
    assert (built.output / PAGE_TYPES[name].sample).is_file()


def test_every_internal_reference_resolves_to_a_file_and_its_fragment(built, pages, site_url):
    @cache
    def ids(file: str) -> set[str]:
        soup = BeautifulSoup((built.output / file).read_bytes(), "html5lib" if file.endswith(".html") else "xml")
        return {element["id"] for element in soup.find_all(id=True)} | {a["name"] for a in soup.find_all("a", attrs={"name": True})}

    broken, checked = [], 0
    for page, soup in pages.items():
        for tag, url in referenced_urls(soup):
            target = local_target(page, url, site_url)
            if target is None:
                continue
            checked += 1
            if not (built.output / target.file).is_file():
                broken.append(f"{page}: <{tag}> {url} (no {target.file})")
            elif target.fragment and target.file.endswith((".html", ".svg")) and target.fragment not in ids(target.file):
                broken.append(f"{page}: <{tag}> {url} (no #{target.fragment} in {target.file})")
    assert checked > 10 * len(pages)
    assert broken == [], "\n".join(broken)


def test_no_page_is_an_orphan(pages, site_url):
    reached, queue = {"index.html"}, deque(["index.html"])
    while queue:
        page = queue.popleft()
        for link in pages[page].find_all("a", href=True):
            target = local_target(page, link["href"], site_url)
            if target and target.file in pages and target.file not in reached:
                reached.add(target.file)
                queue.append(target.file)
    assert sorted(set(public_pages(pages)) - reached) == []


def test_titles_and_descriptions_are_unique_and_present(pages):
    titles, descriptions = {}, {}
    for page in public_pages(pages):
        soup = pages[page]
        titles.setdefault(soup.title.get_text(strip=True), []).append(page)
        description = soup.find("meta", attrs={"name": "description"})
        assert description and len(description["content"].strip()) >= 20, page
        descriptions.setdefault(description["content"].strip(), []).append(page)
    assert {title: found for title, found in titles.items() if len(found) > 1} == {}
    assert {text: found for text, found in descriptions.items() if len(found) > 1} == {}


def test_every_page_names_its_own_absolute_canonical_url(pages, site_url):
    for page in public_pages(pages):
        links = pages[page].find_all("link", rel="canonical")
        assert len(links) == 1, page
        assert links[0]["href"] == site_url + page_url(page), page


def test_sitemap_lists_exactly_the_public_pages(built, pages, site_url):
    root = ElementTree.fromstring((built.output / "sitemap.xml").read_bytes())
    listed = {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}
    assert listed == {site_url + page_url(page) for page in public_pages(pages)}


def test_robots_txt_points_to_the_sitemap(built, site_url):
    lines = built.text("robots.txt").splitlines()
    assert "User-agent: *" in lines and "Disallow: /" not in lines
    assert f"Sitemap: {site_url}/sitemap.xml" in lines


def test_404_page_is_french_and_leads_back(built):
    soup = built.html(NOT_FOUND)
    assert soup.html["lang"] == "fr"
    assert {"/", "/recherche/"} <= {a["href"] for a in soup.find_all("a", href=True)}


def csp_problems(soup: BeautifulSoup) -> list[str]:
    """What a strict Content-Security-Policy (no 'unsafe-inline') would block."""
    problems = [f"<script> without src: {script.get_text()[:60]!r}" for script in soup.find_all("script")
                if not script.get("src") and script.get("type") != "application/ld+json"]
    problems += [f"<style>: {style.get_text()[:60]!r}" for style in soup.find_all("style")]
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            if attribute == "style" or attribute.startswith("on"):
                problems.append(f"<{element.name} {attribute}=…>")
            elif isinstance(value, str) and value.strip().lower().startswith("javascript:"):
                problems.append(f"<{element.name} {attribute}=javascript:…>")
    return problems


def test_csp_problems_are_recognised():
    soup = BeautifulSoup('<p style="x" onclick="y"><a href="javascript:z">a</a></p><style>p{}</style>'
                         '<script>1</script><script type="application/ld+json">{}</script><script src="/a.js"></script>',
                         "html5lib")
    assert len(csp_problems(soup)) == 5


def test_no_inline_script_style_or_handler_anywhere(pages):
    found = {page: problems for page, soup in pages.items() if (problems := csp_problems(soup))}
    assert found == {}


@pytest.mark.slow
def test_every_page_is_valid_html(built, pages):
    files = [str(built.output / page) for page in pages]
    run = subprocess.run([java(), "-jar", str(checker(VNU)), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout)
    errors = [f"{m['url'].rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in report["messages"]]
    assert errors == []
    assert run.returncode == 0


def commit_all(folder, day: str) -> None:
    stamp = f"{day}T10:00:00+01:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "PATH": "/usr/bin:/bin"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", day]):
        subprocess.run(["git", "-C", str(folder), "-c", "user.name=Équipe", "-c", "user.email=web@example.fr", *command],
                       check=True, env=env)


def test_sitemap_lastmod_is_the_last_commit_of_each_file_or_its_newer_declared_date(site):
    commit_all(site.content, "2026-09-15")
    site.write("evenements/sols-vivants.md", site.content.joinpath("evenements/sols-vivants.md").read_text() + "\nAjout.\n")
    commit_all(site.content, "2026-11-02")
    site.build()
    root = ElementTree.fromstring((site.output / "sitemap.xml").read_bytes())
    lastmods = {url.find("s:loc", SITEMAP_NS).text.split(".fr", 1)[1]: url.find("s:lastmod", SITEMAP_NS).text
                for url in root.findall("s:url", SITEMAP_NS)}
    assert lastmods["/evenements/sols-vivants/"] == "2026-11-02"
    assert lastmods["/chercheurs/alice-martin/"] == "2026-09-15"
    assert lastmods["/actualites/bienvenue/"] == "2026-10-01"  # declared date, after its commit
    assert lastmods["/webtv/abeilles-video/"] == "2026-11-20"
    assert lastmods["/agenda/"] == lastmods["/"] == "2026-11-20"  # listings: their newest content


def test_outside_git_only_declared_dates_give_a_lastmod(built):
    root = ElementTree.fromstring((built.output / "sitemap.xml").read_bytes())
    dated = {url.find("s:loc", SITEMAP_NS).text for url in root.findall("s:url", SITEMAP_NS) if url.find("s:lastmod", SITEMAP_NS) is not None}
    assert "https://sciences.orleans-metropole.fr/webtv/abeilles-video/" in dated
    assert "https://sciences.orleans-metropole.fr/evenements/sols-vivants/" not in dated
