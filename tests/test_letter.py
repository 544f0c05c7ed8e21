"""The monthly letter: its e-mail held to what mail clients need, read with html5lib as they parse it; its
plain text; its web version; and, in Chromium, the e-mail at 600 and 375 px (screenshots kept for review)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import Site

PUBLIC = "https://sciences.orleans-metropole.fr"
EMAIL = "lettre/2026-12/lettre.html"
GMAIL_CLIP = 102 * 1024


def email(site: Site, month: str = "2026-12") -> BeautifulSoup:
    return BeautifulSoup((site.output / f"lettre/{month}/lettre.html").read_bytes(), "html5lib")


def test_a_letter_for_each_month_with_a_date_beside_its_web_version(built):
    for month in ("2026-11", "2026-12", "2027-01", "2027-02"):
        for name in ("index.html", "lettre.html", "lettre.txt"):
            assert (built.output / f"lettre/{month}/{name}").is_file(), (month, name)
    assert not (built.output / "lettre/2027-03").exists()


def test_the_email_is_a_600_px_table_layout(built):
    soup = email(built)
    sheet = soup.select_one("table.sheet")
    assert sheet["width"] == "600" and "max-width: 600px" in sheet["style"]
    assert sheet.find_parent("table")["width"] == "100%"
    assert soup.html["lang"] == "fr" and soup.find("meta", charset=True)["charset"] == "utf-8"


def test_every_style_is_inlined_and_nothing_is_loaded_but_images(built):
    soup = email(built)
    raw = built.text(EMAIL)
    assert soup.find_all("style") == [] and soup.find_all("link") == [] and soup.find_all("script") == []
    assert not re.search(r"@import|@font-face|fonts\.googleapis|javascript:", raw, re.I)
    assert all(not attribute.startswith("on") for tag in soup.find_all(True) for attribute in tag.attrs)
    for selector in ("h1", "h2", "h3 a", ".masthead", ".footer", "a.button"):
        for element in soup.select(selector):
            assert "style" in element.attrs, selector  # each element carries its own style
    assert "color: #ffffff" in soup.select_one("a.button")["style"]
    fonts = {match.strip() for match in re.findall(r"font-family:([^;\"]+)", raw)}
    assert fonts == {"Arial, Helvetica, sans-serif"}  # the reader's own fonts: no web font


def test_addresses_are_absolute_https_and_images_are_described_and_sized(built):
    soup = email(built)
    links = [a["href"] for a in soup.find_all("a", href=True)]
    unsubscribe = "{{ unsubscribe }}"
    assert unsubscribe in links
    for href in links:
        assert href == unsubscribe or urlsplit(href).scheme == "https" and href.startswith(PUBLIC + "/"), href
    images = soup.find_all("img")
    assert images
    for image in images:
        assert image["src"].startswith(PUBLIC + "/images/")
        assert image["alt"] and int(image["width"]) <= 600 and int(image["height"]) > 1  # no tracking pixel
        assert (built.output / urlsplit(image["src"]).path.lstrip("/")).is_file()
    banner = images[0]
    assert (banner["width"], banner["height"]) == ("600", "315")


def test_the_email_is_under_gmails_clipping_size(built):
    assert len((built.output / EMAIL).read_bytes()) < GMAIL_CLIP


def test_the_letter_gives_the_months_dates_by_week_then_videos_and_news(built):
    soup = email(built)
    headings = [h2.get_text(strip=True) for h2 in soup.find_all("h2")]
    assert headings == ["Pendant tout le mois", "Semaine du 1er au 6 décembre", "Semaine du 7 au 13 décembre",
                        "Les dernières vidéos", "Actualités"]
    events = [a.get_text(strip=True) for a in soup.select("h3 a") if "/evenements/" in a["href"]]
    assert events == ["Exposition itinérante", "Les sols vivants", "Conférence annulée"]
    cancelled = next(h3 for h3 in soup.find_all("h3") if "Conférence annulée" in h3.get_text())
    assert cancelled.get_text(" ", strip=True).startswith("Annulé :")
    assert "Jeudi 3 décembre, de 19 h à 21 h — Muséum d'Orléans" in soup.get_text()
    assert "Une conférence sur la vie des sols." in soup.get_text()  # no Summary: the text's first sentence


def test_a_letter_is_dated_the_first_of_its_month(built):
    """November's went out on 1 November: the videos published since are December's news."""
    november = [h2.get_text(strip=True) for h2 in email(built, "2026-11").find_all("h2")]
    assert "Les dernières vidéos" not in november and "Actualités" in november
    december = [a.get_text() for a in email(built).select("h3 a") if "/webtv/" in a["href"]]
    assert december == ["Les abeilles sauvages", "Qu'est-ce qu'un sol vivant ?"]


def test_the_text_version_has_every_date_and_its_address(built):
    text = built.text("lettre/2026-12/lettre.txt")
    for title, slug in (("Exposition itinérante", "exposition"), ("Les sols vivants", "sols-vivants"),
                        ("[ANNULÉ] Conférence annulée", "conference-annulee")):
        assert title in text and f"{PUBLIC}/evenements/{slug}/" in text
    assert f"{PUBLIC}/lettre/2026-12/" in text and f"{PUBLIC}/webtv/abeilles-video/" in text
    assert "Se désabonner : {{ unsubscribe }}" in text
    assert "<" not in text


def test_the_unsubscribe_placeholder_is_the_mailing_tools(site):
    site.build(LETTER_UNSUBSCRIBE="*|UNSUB|*")
    assert email(site).find("a", string="Se désabonner")["href"] == "*|UNSUB|*"
    assert "Se désabonner : *|UNSUB|*" in site.text("lettre/2026-12/lettre.txt")


def test_drafts_are_never_sent(site):
    site.build(SHOW_DRAFTS=True)
    assert "Pas encore annoncé" in site.text("agenda/2027-03/index.html")  # the preview shows it on its month
    assert not (site.output / "lettre/2027-03").exists()
    assert "Pas encore annoncé" not in site.text("lettre/2027-02/lettre.txt")


def test_the_web_version_is_a_page_of_the_site_linked_from_its_month(built):
    soup = built.html("lettre/2026-12/index.html")
    assert soup.h1.get_text() == "La lettre de décembre 2026"
    assert soup.find("link", rel="stylesheet") and soup.find("link", rel="canonical")["href"] == f"{PUBLIC}/lettre/2026-12/"
    links = [a["href"] for a in built.html("agenda/2026-12/index.html").select(".month-actions a")]
    assert links == ["/lettre/2026-12/"]
    assert f"{PUBLIC}/lettre/2026-12/" in built.text("sitemap.xml")


# -- in Chromium, as a webmail shows it ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def letter_artifacts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("letter-for-review")
    print(f"\nthe letter's screenshots for review: {folder}")
    return folder


OVERFLOW = "() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })"
SHEET = "() => document.querySelector('table.sheet').getBoundingClientRect().width"
IMAGES_SHOWN = "() => Array.from(document.images).every((image) => image.complete && image.naturalWidth > 0)"


@pytest.mark.browser
@pytest.mark.parametrize("width", [600, 375])
def test_the_email_renders_at_600_and_375_px(browser, built, letter_artifacts, width):
    """The public site's addresses are answered from the build, as they will be once it is published."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", java_script_enabled=False)
    asked: list[str] = []

    def from_the_build(route) -> None:
        url = route.request.url
        asked.append(url)
        path = built.output / urlsplit(url).path.lstrip("/")
        if url.startswith(PUBLIC + "/") and path.is_file():
            route.fulfill(path=str(path))
        else:
            route.abort()

    context.route("**/*", from_the_build)
    page = context.new_page()
    page.goto(f"{PUBLIC}/{EMAIL}")
    size = page.evaluate(OVERFLOW)
    assert size["scroll"] <= size["viewport"], f"the e-mail scrolls sideways at {width} px"
    assert page.evaluate(SHEET) == min(width, 600)
    assert page.evaluate(IMAGES_SHOWN)
    assert all(url.startswith(PUBLIC + "/") for url in asked)
    shot = letter_artifacts / f"lettre-{width}px.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    context.close()
