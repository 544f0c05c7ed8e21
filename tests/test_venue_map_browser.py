"""The venue map in the real Chromium, over the built fixture served under production's policy for /lieux/: nothing
leaves the site until a visitor asks for the interactive map; then Leaflet comes from the site and tiles from
OpenStreetMap (answered here by Playwright: no request reaches the network), and only on the map pages."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from quality import AXE, checker, production_csp
from serving import serve

pytestmark = pytest.mark.browser

TILES = re.compile(r"^https://tile\.openstreetmap\.org/\d+/\d+/\d+\.png$")
BUTTON = "Afficher la carte interactive (OpenStreetMap)"
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
RUN_AXE = """async () => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
                                           resultTypes: ["violations"] });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""


def tile_png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 236, 226)).save(picture, "PNG")
    return picture.getvalue()


@pytest.fixture(scope="module")
def map_site(built):
    """The site as production serves /lieux/ (its header allows the tiles: the pages' <meta> narrows)."""
    with serve(built.output, {"Content-Security-Policy": production_csp("/lieux/")}) as url:
        yield url


class Visit:
    """A browser context that records every request; the tile server is answered by Playwright, anything else
    that would leave the site is refused."""

    def __init__(self, browser, base_url: str, javascript: bool = True):
        self.base_url = base_url
        self.requests: list[str] = []
        self.tiles: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fr-FR",
                                           java_script_enabled=javascript)
        self.context.add_init_script(WATCH_CSP)
        png = tile_png()

        def route(route):
            url = route.request.url
            if url.startswith(base_url + "/"):
                route.continue_()
            elif TILES.match(url):
                self.tiles.append(url)
                route.fulfill(status=200, content_type="image/png", body=png)
            else:
                route.abort()

        self.context.route("**/*", route)

    def open(self, path: str):
        page = self.context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(f"{self.base_url}/{path}", wait_until="networkidle")
        return page

    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url + "/")]

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("path, venues", [("lieux/", 2), ("lieux/museum/", 2)])
def test_tiles_are_requested_only_after_the_click_and_leaflet_comes_from_the_site(browser, map_site, path, venues):
    visit = Visit(browser, map_site)
    page = visit.open(path)
    assert visit.outside() == [] and visit.tiles == []
    assert not [url for url in visit.requests if "leaflet" in url]  # not even our own copy before the click
    notice = page.locator(".venue-map-interactive p").first.inner_text()
    assert "tile.openstreetmap.org" in notice and "adresse IP" in notice
    page.get_by_role("button", name=BUTTON).click()
    page.locator(".leaflet-tile-loaded").first.wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")
    assert visit.tiles and all(TILES.match(url) for url in visit.tiles)
    assert set(visit.outside()) == set(visit.tiles)  # the tiles, and nothing else, went elsewhere
    leaflet = [url for url in visit.requests if "/vendor/leaflet/" in url]
    assert {re.sub(r"\?v=\w+$", "", url) for url in leaflet} >= {
        f"{map_site}/theme/vendor/leaflet/leaflet.js", f"{map_site}/theme/vendor/leaflet/leaflet.css"}
    assert page.evaluate("window.L.version") == "1.9.4"
    assert page.locator(".leaflet-marker-icon").count() == venues
    assert page.locator("figure.venue-map").is_hidden() and page.locator(".venue-map-live").is_visible()
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.evaluate("window.__cspViolations") == [] and visit.errors == []
    visit.close()


def test_a_marker_opens_a_popup_leading_to_the_venue(browser, map_site):
    visit = Visit(browser, map_site)
    page = visit.open("lieux/")
    page.get_by_role("button", name=BUTTON).click()
    marker = page.get_by_role("button", name="Muséum d'Orléans")  # Leaflet's markers are keyboard buttons
    marker.wait_for(timeout=10_000)
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == "Muséum d'Orléans" and link.get_attribute("href") == "/lieux/museum/"
    assert "3 rendez-vous à venir" in page.locator(".leaflet-popup-content").inner_text()
    visit.close()


def test_a_venue_pages_interactive_map_opens_on_its_venue(browser, map_site):
    visit = Visit(browser, map_site)
    page = visit.open("lieux/cafe-du-pont/")
    page.get_by_role("button", name=BUTTON).click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert popup.locator("a").inner_text() == "Café du Pont"
    visit.close()


def test_the_interactive_map_passes_axe_too(browser, map_site):
    visit = Visit(browser, map_site)
    page = visit.open("lieux/")
    page.get_by_role("button", name=BUTTON).click()
    page.locator(".leaflet-tile-loaded").first.wait_for(timeout=10_000)
    page.evaluate(checker(AXE).read_text(encoding="utf-8"))
    assert page.evaluate(RUN_AXE) == []
    visit.close()


def test_without_javascript_the_plan_stays_and_no_button_is_offered(browser, map_site):
    visit = Visit(browser, map_site, javascript=False)
    page = visit.open("lieux/")
    assert page.locator("svg.venue-map-plan").is_visible()
    assert page.get_by_role("button", name=BUTTON).count() == 0
    assert page.locator("svg.venue-map-plan a").count() == 2 and visit.outside() == []
    visit.close()


def test_a_page_without_a_map_may_not_load_a_tile_even_under_a_header_that_would_allow_it(browser, map_site):
    """The <meta> policy is the one that narrows: a tile asked for by the agenda's page is blocked."""
    visit = Visit(browser, map_site)
    page = visit.open("agenda/")
    page.evaluate("""() => new Promise((done) => {
      const image = new Image(); image.onload = image.onerror = done; image.src = "https://tile.openstreetmap.org/1/1/1.png";
    })""")
    assert visit.tiles == [] and page.evaluate("window.__cspViolations") == ["img-src https://tile.openstreetmap.org/1/1/1.png"]
    visit.close()
