"""The site's public face on built fixture sites: every card shows a sized picture (its own, its cycle's, or one
drawn and cached like share cards), the first ones load at once and the rest lazily, the home opens with the next
event, and the self-hosted font is the site's own files."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE, Site
from PIL import Image
from programme.media import artwork
from programme.media.library import SIZES
from quality import html_pages

# Each kind of card, the role its picture is printed in, and a page showing it.
CARDS = {
    "event-card": ("card", "agenda/index.html"),
    "episode-card": ("card", "webtv/index.html"),
    "person-card": ("thumb", "chercheurs/index.html"),
    "project-card": ("card", "projets/index.html"),
}
CYCLE_IMAGE = "images/cycle-conferences.jpg"


def jpeg(size: tuple[int, int], colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def with_cycle_image(site: Site) -> Site:
    """The fixture, its « Conférences du jeudi » cycle given a picture: « Conférence annulée » has none of its own."""
    site.write(CYCLE_IMAGE, jpeg((800, 450), "#884422"))
    site.edit("cycles/conferences.md", "Summary:", f"Image: {CYCLE_IMAGE}\nImageAlt: décorative\nSummary:")
    return site


@pytest.fixture(scope="module")
def face(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("face")
    shutil.copytree(FIXTURE, root / "content")
    site = with_cycle_image(Site(root))
    site.build()
    return site


def local(site: Site, url: str) -> Path:
    return site.output / url.split("?")[0].lstrip("/")


def card_img(card):
    pictures = card.find_all("picture")
    assert len(pictures) == 1, card
    return pictures[0].find("img")


def candidates(srcset: str) -> list[str]:
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


# -- pictures on cards ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CARDS)
def test_every_card_of_each_kind_has_a_decorative_sized_picture_whose_files_exist(face, kind):
    role, sample = CARDS[kind]
    found = 0
    for page in html_pages(face.output):
        for card in face.html(page).select(f"article.{kind}"):
            img = card_img(card)
            found += 1
            assert int(img["width"]) > 0 and int(img["height"]) > 0, (page, img)
            assert img["alt"] == "", (page, img)  # the card's title, beside it, says what it is
            assert img["class"] == [f"picture-{role}"] and img["sizes"] == SIZES[role]
            files = [img["src"], *candidates(img["srcset"])]
            files += [url for source in card.find_all("source") for url in candidates(source["srcset"])]
            assert all(local(face, url).is_file() for url in files), (page, files)
    assert found and face.html(sample).select(f"article.{kind} picture img")


def event_card_src(site: Site, page: str, slug: str) -> str:
    link = site.html(page).find("a", href=f"/evenements/{slug}/")
    return card_img(link.find_parent("article"))["src"]


def test_an_event_card_shows_its_own_picture_else_its_cycles_else_a_drawn_one(face):
    own = event_card_src(face, "agenda/index.html", "sols-vivants")
    assert "/images/affiche-" in own
    cycle_hero = face.html("cycles/conferences/index.html").find("img", class_="picture-hero")["src"]
    assert "/images/cycle-conferences-" in cycle_hero
    assert event_card_src(face, "agenda/index.html", "conference-annulee") == cycle_hero
    drawn = event_card_src(face, "agenda/index.html", "webinaire")  # no picture, no cycle: its share card's drawing
    share = face.html("evenements/webinaire/index.html").find("meta", property="og:image")["content"]
    assert re.fullmatch(r"/images/webinaire-partage-[0-9a-f]{12}-640\.jpg", drawn)
    assert share.endswith(drawn.replace("-640.jpg", "-1200.jpg"))  # made with the share card, from one drawing
    with Image.open(local(face, drawn)) as picture, Image.open(local(face, share.split("/", 3)[3])) as card:
        assert picture.size == (640, 336) and card.size == (1200, 630)
        assert picture.getpixel((5, 5)) == pytest.approx(card.resize((640, 336)).getpixel((5, 5)), abs=8)


def test_researchers_without_a_portrait_get_their_initials_and_projects_a_drawn_card(face):
    page = face.html("chercheurs/index.html")
    portrait = card_img(page.find("a", href="/chercheurs/alice-martin/").find_parent("article"))
    initials = card_img(page.find("a", href="/chercheurs/bruno-petit/").find_parent("article"))
    assert "/images/portrait-" in portrait["src"]
    assert re.fullmatch(r"/images/bruno-petit-initiales-[0-9a-f]{12}-320\.jpg", initials["src"])
    with Image.open(local(face, initials["src"])) as picture:
        assert picture.size == (320, 320)
        assert picture.getpixel((10, 10))[1] > picture.getpixel((10, 10))[0]  # the site's green…
        assert max(picture.getpixel((x, 160)) for x in range(320))[0] > 200  # …with white letters across it
    project = card_img(face.html("projets/index.html").find("article", class_="project-card"))
    assert "-partage-" in project["src"] and local(face, project["src"]).is_file()


def loading(img) -> str:
    return img.get("loading", "eager")


def test_the_first_cards_load_at_once_and_the_others_lazily(face):
    agenda = [card_img(card) for card in face.html("agenda/index.html").select("article.event-card")]
    assert len(agenda) > 3
    assert [loading(img) for img in agenda] == ["eager"] * 3 + ["lazy"] * (len(agenda) - 3)
    people = [card_img(card) for card in face.html("chercheurs/index.html").select("article.person-card")]
    assert [loading(img) for img in people] == ["eager"] * min(3, len(people)) + ["lazy"] * (len(people) - 3)
    home = face.html("index.html")
    assert {loading(card_img(card)) for card in home.select("main .cards article")} == {"lazy"}


# -- the home's highlight ---------------------------------------------------------------------------


def highlight(site: Site, home=None):
    section = (home or site.html("index.html")).find("section", class_="highlight")
    assert section is not None, "the home opens with no highlight"
    return section


def registrations(section) -> list:
    return [a for a in section.find_all("a") if a.get_text().startswith("S'inscrire")]


def test_the_home_opens_with_the_next_event_its_picture_first_and_its_links(face):
    home = face.html("index.html")
    section = highlight(face, home)
    assert home.find("main").find("section") is section  # before every other section
    title = section.find("h2").find("a")
    assert title["href"] == "/evenements/sols-vivants/" and title.get_text() == "Les sols vivants"
    img = section.find("picture").find("img")
    assert loading(img) == "eager" and img["fetchpriority"] == "high" and img["width"] and img["height"]
    assert "/images/affiche-" in img["src"]
    assert section.find(class_="event-when").get_text() == "jeudi 3 décembre 2026, de 19 h à 21 h"
    assert section.find(class_="highlight-venue").find("a")["href"] == "/lieux/museum/"
    assert [a["href"] for a in registrations(section)] == ["https://billetterie.example.fr/sols"]
    calendar = section.find("section", class_="add-to-calendar")
    assert calendar.find(["h2", "h3"]).get_text() == "Ajouter à mon agenda"
    hrefs = [a["href"] for a in calendar.find_all("a")]
    assert hrefs[0] == "/evenements/sols-vivants.ics" and local(face, hrefs[0]).is_file()
    assert any(href.startswith("https://calendar.google.com/") for href in hrefs)
    cards = [a["href"] for a in home.select("#prochainement ~ .cards .event-title a")]
    assert "/evenements/sols-vivants/" not in cards and cards  # not twice on the page


def test_the_highlight_skips_a_cancelled_event_and_has_no_registration_without_an_address(site):
    site.build(now="2026-12-05T12:00")  # the conference of the 10th is cancelled: the webinar of January comes next
    section = highlight(site)
    assert section.find("h2").find("a")["href"] == "/evenements/webinaire/"
    assert registrations(section) == []
    assert "/images/webinaire-partage-" in section.find("img")["src"]  # neither picture nor cycle: its share card's drawing


# -- cached like share cards ------------------------------------------------------------------------


CARD_PICTURE_FILE = re.compile(r".+-(partage-[0-9a-f]{12}-(320|640)|initiales-[0-9a-f]{12}-\d+)\.(jpg|webp)")


def card_picture_files(site: Site) -> list[str]:
    """The files drawn for cards: beside share cards, at card widths, and researchers' initials."""
    return sorted(path.name for path in (site.output / "images").iterdir() if CARD_PICTURE_FILE.fullmatch(path.name))


def test_drawn_card_pictures_are_cached_a_rebuild_draws_nothing(site, call_log):
    call_log.spy(artwork, "draw", lambda art: [art.kind, art.title, art.canvas])
    site.build()
    drawn = call_log.calls()
    assert ["initials", "BP", None] in drawn
    assert drawn.count(["card", "Webinaire inondations", None]) == 1  # its share card and its cards' picture at once
    files = card_picture_files(site)
    print(f"\n{len(files)} card picture files")
    assert len(files) == 4 * 5 + 2  # WebP and JPEG at 320 and 640 px for 4 events and a project, 2 for initials
    site.build()
    assert call_log.calls() == []
    assert card_picture_files(site) == files


# -- the font ---------------------------------------------------------------------------------------


def screen_only_faces(css: str) -> list:
    """The @font-face rules inside `@media screen` blocks (WeasyPrint, which lays out the month's PDF, and
    printing skip them), read with tinycss2, the CSS parser WeasyPrint itself uses."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [inner for rule in rules
            if rule.type == "at-rule" and rule.lower_at_keyword == "media" and tinycss2.serialize(rule.prelude).strip() == "screen"
            for inner in tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            if inner.type == "at-rule" and inner.lower_at_keyword == "font-face"]


def test_the_fonts_are_the_sites_own_files_preloaded_and_swapped(built):
    css = built.text("theme/css/site.css")
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    assert urls, "no font in the stylesheet"
    css_folder = built.output / "theme" / "css"
    for url in urls:
        assert not re.match(r"[a-z]+:|//", url), f"{url} is not on the site"
        file = (css_folder / url).resolve()
        assert file.is_file() and file.read_bytes()[:4] == b"wOF2", url
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == len(urls) and all("font-display: swap" in face for face in faces)
    assert len(screen_only_faces(css)) == len(faces), "a @font-face outside `@media screen`: print engines would load it"
    folder = (css_folder / urls[0]).resolve().parent
    assert "OFL" in (folder / "OFL.txt").read_text(encoding="utf-8")
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    assert "@fontsource/atkinson-hyperlegible" in source and "5.3.0" in source and "5.3.0" in folder.name
    files = {(css_folder / url).resolve() for url in urls}
    for page in ("index.html", "agenda/index.html", "evenements/sols-vivants/index.html"):
        preloads = built.html(page).find_all("link", rel="preload")
        for preload in preloads:  # fetched once: the very address the stylesheet asks for, in CORS mode as fonts are
            assert preload["as"] == "font" and preload.has_attr("crossorigin") and preload["type"] == "font/woff2"
            assert (built.output / preload["href"].lstrip("/")).resolve() in files, preload
        assert {Path(preload["href"]).name for preload in preloads} == {
            "atkinson-hyperlegible-latin-400-normal.woff2", "atkinson-hyperlegible-latin-700-normal.woff2"}


# -- in Chromium: dark mode, focus, motion, the font in use ----------------------------------------------


def _rgb(colour: str) -> tuple[float, ...]:
    """`rgb(…)`/`rgba(…)` as computed by the browser."""
    return tuple(float(part) for part in re.findall(r"[\d.]+", colour)[:3])


def luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def served(built):
    from quality import production_csp
    from serving import serve

    with serve(built.output, {"Content-Security-Policy": production_csp()}) as url:
        yield url


def open_page(browser, url: str, path: str, **context_options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", **context_options)
    page = context.new_page()
    page.goto(f"{url}/{path}", wait_until="networkidle")
    return context, page


PAGE_BACKGROUND = """() => { const body = getComputedStyle(document.body).backgroundColor;
  return body === "rgba(0, 0, 0, 0)" ? getComputedStyle(document.documentElement).backgroundColor : body; }"""
CONTRAST_AXE = """async () => {
  const result = await axe.run(document, { runOnly: { type: "rule", values: ["color-contrast"] }, resultTypes: ["violations"] });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "agenda/", "evenements/sols-vivants/"])
def test_dark_mode_darkens_the_page_and_keeps_every_contrast(browser, served, path):
    from quality import AXE, checker

    axe = checker(AXE).read_text(encoding="utf-8")
    found = {}
    for scheme in ("light", "dark"):
        context, page = open_page(browser, served, path, color_scheme=scheme)
        page.evaluate(axe)
        found[scheme] = (page.evaluate(PAGE_BACKGROUND), page.evaluate(CONTRAST_AXE),
                         page.evaluate("() => getComputedStyle(document.body).color"))
        context.close()
    (light, light_problems, light_ink), (dark, dark_problems, dark_ink) = found["light"], found["dark"]
    assert luminance(light) > 0.9 and luminance(dark) < 0.05, (light, dark)
    assert luminance(dark_ink) > 0.7 and contrast(dark, dark_ink) >= 7
    assert light_problems == [] and dark_problems == []


FOCUSED = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return { tag: e.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
           offset: parseFloat(s.outlineOffset), inHeader: !!e.closest(".site-header") }; }"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_focused_link_has_a_ring_contrasting_with_what_surrounds_it(browser, served, scheme):
    """Tab to the first link of the content (the highlight's title): a ring at least 2 px wide, outside the link,
    at 3:1 at least against the page's background on both sides of it."""
    context, page = open_page(browser, served, "", color_scheme=scheme)
    page.locator("#a-la-une a").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate(FOCUSED)
    background = page.evaluate("() => getComputedStyle(document.querySelector('.highlight')).backgroundColor")
    context.close()
    assert ring["tag"] == "A" and ring["style"] == "solid" and ring["width"] >= 2 and ring["offset"] >= 1, ring
    assert contrast(ring["colour"], background) >= 3, (ring, background)


MOTION = """() => ({ scroll: getComputedStyle(document.documentElement).scrollBehavior,
  transition: getComputedStyle(document.querySelector("main a")).transitionDuration })"""


@pytest.mark.browser
def test_reduced_motion_turns_transitions_off_and_nothing_scrolls_smoothly(browser, served):
    """Links and buttons change colour in 0.15 s unless the reader asked for less motion; scrolling to an anchor
    (the month's calendar, the agenda's link to its subscriptions) is never animated."""
    seen = {}
    for preference in ("no-preference", "reduce"):
        context, page = open_page(browser, served, "", reduced_motion=preference)
        seen[preference] = page.evaluate(MOTION)
        context.close()
    assert {motion["scroll"] for motion in seen.values()} == {"auto"}
    assert set(seen["no-preference"]["transition"].split(", ")) == {"0.15s"}  # colour, background
    assert set(seen["reduce"]["transition"].split(", ")) == {"0s"}


@pytest.mark.browser
def test_pages_are_set_in_the_sites_own_font_fetched_from_the_site(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    page.goto(f"{served}/", wait_until="networkidle")
    loaded = page.evaluate("() => Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family)")
    used = page.evaluate("() => document.fonts.check('1rem \"Atkinson Hyperlegible\"')")
    context.close()
    assert "Atkinson Hyperlegible" in {family.strip('"') for family in loaded} and used
    assert fonts and all(url.startswith(f"{served}/theme/fonts/") for url in fonts)
    assert len(fonts) == len(set(fonts)), "the preloaded font was fetched twice"


BOXES = """() => Array.from(document.querySelectorAll("article picture img")).filter((img) => img.checkVisibility()).map((img) => {
  const box = img.getBoundingClientRect();
  return { role: img.className, width: box.width, height: box.height, loaded: img.complete && img.naturalWidth > 0 };
})"""
STYLED = """() => new Promise((done) => { const styled = () => document.querySelector("link[rel=stylesheet]").sheet
  ? done() : setTimeout(styled, 20); styled(); })"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", ["chercheurs/", "agenda/", "webtv/", "projets/"])
def test_card_pictures_keep_their_room_before_they_load(browser, served, path, width):
    """With every picture still on its way (their requests held), each card picture already has its box: a 96 px
    disc for a researcher, the share card's shape across a card otherwise; nothing moves when they arrive (cards
    the agenda hides, their dates over by the browser's clock, aside)."""
    context = browser.new_context(viewport={"width": width, "height": 700}, locale="fr-FR")
    held = []
    context.route("**/images/**", lambda route: held.append(route))  # never answered while the boxes are measured
    page = context.new_page()
    page.goto(f"{served}/{path}", wait_until="domcontentloaded")
    page.evaluate(STYLED)
    boxes = page.evaluate(BOXES)
    context.close()
    assert boxes and not any(box["loaded"] for box in boxes)
    for box in boxes:
        if box["role"] == "picture-thumb":
            assert (box["width"], box["height"]) == (96, 96), box
        else:
            assert box["width"] > 200 and box["height"] == pytest.approx(box["width"] * 21 / 40, abs=1), box
