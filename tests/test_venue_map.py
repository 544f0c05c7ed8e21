"""The venue map: the plan drawn at build time on the venue listing and on each venue page, read back from real
builds with an HTML parser; its geometry; what it loads (nothing from another site before a click); the pages'
Content-Security-Policy; venues without a position or far away; the vendored Leaflet."""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from programme.content.models import Geo
from programme.outputs import basemap
from quality import html_pages, local_target, referenced_urls, site_public_url

TILE_ORIGIN = "https://tile.openstreetmap.org"
LISTING = "lieux/index.html"
MUSEUM = "lieux/museum/index.html"
# Three more venues around the fixture's two, each named after where it is, for the order of the markers.
EXTRA_VENUES = {
    "mediatheque": ("Médiathèque", "1 place Gambetta, 45000 Orléans", "47.9034, 1.8992"),
    "la-source": ("Campus de La Source", "Rue de Chartres, 45100 Orléans", "47.8446, 1.9352"),
    "martroi": ("Place du Martroi", "Place du Martroi, 45000 Orléans", "47.9026, 1.9041"),
}
# Positions of every venue of the `venues` site, read from their files the way staff write them.
VENUE_FILE_GEO = re.compile(r"^(?:Geo|Coordonnées): *(-?[\d.]+), *(-?[\d.]+)$", re.M)


def venue(title: str, address: str, geo: str | None) -> str:
    return f"Title: {title}\nAddress: {address}\n" + (f"Coordonnées: {geo}\n" if geo else "") + "\nUn lieu.\n"


def plan(soup: BeautifulSoup):
    return soup.find("svg", class_="venue-map-plan")


def markers(soup: BeautifulSoup) -> dict[str, tuple[float, float]]:
    """Each marker's link and its centre on the plan."""
    found = {}
    for link in plan(soup).find_all("a"):
        circle = link.find("circle")
        found[link["href"]] = (float(circle["cx"]), float(circle["cy"]))
    return found


def positions(site) -> dict[str, Geo]:
    """Each venue's position as its file gives it, by the URL of its page."""
    found = {}
    for path in (site.content / "lieux").glob("*.md"):
        if match := VENUE_FILE_GEO.search(path.read_text(encoding="utf-8")):
            found[f"/lieux/{path.stem}/"] = Geo(float(match[1]), float(match[2]))
    return found


def meta_policy(soup: BeautifulSoup) -> str:
    return soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


@pytest.fixture(scope="module")
def venues(tmp_path_factory):
    """The fixture with five venues on the plan, one without a position, one in Paris and one whose latitude
    and longitude were swapped."""
    import shutil

    from conftest import FIXTURE, Site

    root = tmp_path_factory.mktemp("venues")
    shutil.copytree(FIXTURE, root / "content")
    site = Site(root)
    for slug, (title, address, geo) in EXTRA_VENUES.items():
        site.write(f"lieux/{slug}.md", venue(title, address, geo))
    site.write("lieux/sans-position.md", venue("Salle sans position", "Quelque part, 45000 Orléans", None))
    site.write("lieux/paris.md", venue("Palais de la découverte", "Avenue Franklin-D.-Roosevelt, 75008 Paris",
                                       "48.8666, 2.3107"))
    site.write("lieux/inverse.md", venue("Coordonnées inversées", "Rue inconnue, 45000 Orléans", "1.9093, 47.9029"))
    site.write("evenements/au-martroi.md", "Title: Village des sciences\nDate: 2026-12-12 10:00\nLieu: martroi\n\nStands.\n")
    site.build()
    return site


# -- the plan on the listing ------------------------------------------------------------------------------

def test_the_listing_draws_one_linked_marker_per_venue_with_a_position(built):
    soup = built.html(LISTING)
    figure = soup.find("figure", class_="venue-map")
    assert figure is not None and plan(soup) in figure.find_all("svg")
    assert set(markers(soup)) == {"/lieux/cafe-du-pont/", "/lieux/museum/"} == set(positions(built))
    for link in plan(soup).find_all("a"):
        name = link["aria-label"]
        assert name == link.find("title").get_text() and link.find("text").get_text() in name
    svg = plan(soup)
    assert svg["role"] == "group" and svg.find(id=svg["aria-labelledby"]).get_text() == "Plan des lieux du programme"
    assert svg.find(id=svg["aria-describedby"]).get_text().startswith("Plan simplifié d'Orléans")


def test_the_listing_has_a_legend_its_source_and_the_list_of_venues_below(built):
    soup = built.html(LISTING)
    figure = soup.find("figure", class_="venue-map")
    legend = [item.get_text(" ", strip=True) for item in figure.find("figcaption").find_all("li")]
    assert legend == ["Lieu avec des rendez-vous à venir", "Lieu sans rendez-vous annoncé", "La Loire",
                      "Commune d'Orléans"]
    assert "IGN – GEOFLA® 2016, Licence Ouverte" in figure.find("figcaption").get_text()
    listed = soup.find("ol", class_="venue-map-list")
    assert listed.find_previous("figure") is figure
    items = listed.find_all("li", class_="venue-map-item")
    names = [item.find("h3").get_text(strip=True) for item in items]
    assert names == ["Café du Pont", "Muséum d'Orléans"]
    numbers = {link["href"]: link.find("text").get_text() for link in plan(soup).find_all("a")}
    assert numbers == {"/lieux/cafe-du-pont/": "1", "/lieux/museum/": "2"}  # the list's numbers
    museum = items[1].get_text(" ", strip=True)
    assert "6 rue Marcel Proust, 45000 Orléans" in museum and "3 rendez-vous à venir" in museum
    assert "Les sols vivants" in museum and "Annulé Conférence annulée" in museum
    assert "Aucun rendez-vous annoncé." in items[0].get_text(" ", strip=True)


def test_markers_sit_where_their_venues_are(venues):
    """West to east and north to south in the venues' order, at distances in proportion to the real ones."""
    soup = venues.html(LISTING)
    drawn, where = markers(soup), positions(venues)
    on_plan = {url: geo for url, geo in where.items() if basemap.load().covers(geo)}
    assert set(drawn) == set(on_plan) and len(drawn) == 5
    assert sorted(drawn, key=lambda url: drawn[url][0]) == sorted(on_plan, key=lambda url: on_plan[url].longitude)
    assert sorted(drawn, key=lambda url: drawn[url][1]) == sorted(on_plan, key=lambda url: -on_plan[url].latitude)
    museum, campus, martroi = (on_plan[f"/lieux/{slug}/"] for slug in ("museum", "la-source", "martroi"))

    def km(a: Geo, b: Geo) -> float:
        across = (a.longitude - b.longitude) * 111.32 * math.cos(math.radians((a.latitude + b.latitude) / 2))
        return math.hypot(across, (a.latitude - b.latitude) * 110.57)

    def units(a: str, b: str) -> float:
        return math.dist(drawn[f"/lieux/{a}/"], drawn[f"/lieux/{b}/"])

    ratio = units("museum", "la-source") / units("martroi", "museum")
    assert ratio == pytest.approx(km(museum, campus) / km(martroi, museum), rel=0.02)
    width, height = (float(n) for n in plan(soup)["viewBox"].split()[2:])
    assert all(0 < x < width and 0 < y < height for x, y in drawn.values())


def test_venues_off_the_plan_are_listed_with_the_reason_and_never_drawn(venues):
    soup = venues.html(LISTING)
    assert not {"/lieux/paris/", "/lieux/inverse/", "/lieux/sans-position/"} & set(markers(soup))
    others = soup.find("h2", string="Autres lieux").find_next("ul", class_="venue-map-list")
    reasons = {item.find("h3").get_text(strip=True): item.find(class_="muted").get_text(strip=True)
               for item in others.find_all("li", class_="venue-map-item")}
    assert reasons == {"Coordonnées inversées": "Absent du plan : hors du plan.",
                       "Palais de la découverte": "Absent du plan : hors du plan.",
                       "Salle sans position": "Absent du plan : pas de position renseignée."}
    # Paris does not stretch the plan: it still spans the city, a few kilometres across.
    width, height = (float(n) for n in plan(soup)["viewBox"].split()[2:])
    assert width == 640 and 500 < height <= 800
    for slug in ("paris", "inverse", "sans-position"):  # their pages have no plan, and keep the site's policy
        page = venues.html(f"lieux/{slug}/index.html")
        assert plan(page) is None and page.find("script", src=re.compile("map.js")) is None
        assert TILE_ORIGIN not in meta_policy(page)


def test_a_venue_page_is_framed_on_its_venue_and_sets_it_apart(venues):
    soup = venues.html("lieux/martroi/index.html")
    current = plan(soup).find_all("a", class_="is-current")
    assert [link["href"] for link in current] == ["/lieux/martroi/"] and current[0]["aria-current"] == "page"
    assert "(ce lieu)" in current[0]["aria-label"] and float(current[0].find("circle")["r"]) > 13
    drawn = markers(soup)
    assert {"/lieux/mediatheque/", "/lieux/cafe-du-pont/"} <= set(drawn)  # its two nearest neighbours
    assert "/lieux/museum/" in drawn  # the third, 0.8 km away: within a kilometre
    assert "/lieux/la-source/" not in drawn  # 6 km away: out of this frame, listed on /lieux/
    width, height = (float(n) for n in plan(soup)["viewBox"].split()[2:])
    assert all(0 < x < width and 0 < y < height for x, y in drawn.values())
    assert plan(soup).find(id=plan(soup)["aria-labelledby"]).get_text() == "Plan : Place du Martroi et les lieux voisins"
    neighbours = soup.find("ol", class_="venue-map-list")
    assert len(neighbours.find_all("li")) == len(drawn) and "Place du Martroi (ce lieu)" in " ".join(neighbours.get_text().split())
    assert soup.find("a", string="Tous les lieux sur le plan")["href"] == "/lieux/"
    legend = soup.find("figure", class_="venue-map").find("figcaption").get_text(" ", strip=True)
    assert legend.startswith("Ce lieu")


def test_the_listing_is_in_the_menu_and_in_each_venues_breadcrumbs(built):
    assert built.html("index.html").find("nav", attrs={"aria-label": "Menu principal"}).find("a", string="Lieux")["href"] == "/lieux/"
    trail = [a.get_text() for a in built.html(MUSEUM).find("nav", class_="breadcrumbs").find_all("a")]
    assert trail == ["Accueil", "Lieux"]


# -- nothing from elsewhere before a click, and the policy that allows the tiles after it ---------------

def test_nothing_on_the_map_pages_is_loaded_from_another_site(built):
    site_url = site_public_url(built)
    for page in (LISTING, MUSEUM):
        soup = built.html(page)
        loaded = [(tag, url) for tag, url in referenced_urls(soup) if tag != "a"]
        assert loaded and [(tag, url) for tag, url in loaded if local_target(page, url, site_url) is None] == []
        assert plan(soup).find_all(["image", "use", "foreignObject"]) == []
        assert [script["src"] for script in soup.find_all("script", src=True)] == [
            script["src"] for script in soup.find_all("script", src=re.compile(r"^/theme/js/map\.js\?v="))]
        block = soup.find("div", class_="venue-map-interactive")
        assert block.has_attr("hidden")  # shown by the script only: no button without JavaScript
        assert block.find("button").get_text() == "Afficher la carte interactive (OpenStreetMap)"
        assert "tile.openstreetmap.org" in block.find("p").get_text() and "adresse IP" in block.find("p").get_text()
        for attribute in ("data-leaflet-script", "data-leaflet-style"):
            assert block[attribute].startswith("/theme/vendor/leaflet/leaflet.")
        data = json.loads(block["data-venue-map"])
        assert data["tiles"].startswith(TILE_ORIGIN + "/") and {v["url"] for v in data["venues"]} == set(markers(soup))


def test_only_the_map_pages_allow_the_tile_host(built):
    pages = html_pages(built.output)
    with_map = {page for page in pages if plan(BeautifulSoup(built.text(page), "html5lib")) is not None}
    assert with_map == {LISTING, MUSEUM, "lieux/cafe-du-pont/index.html"}
    for page in pages:
        text = built.text(page)
        if "Content-Security-Policy" not in text:
            continue  # documents for other programs (the letters' e-mails) carry no policy
        policy = meta_policy(BeautifulSoup(text, "html5lib"))
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        if page in with_map:
            assert directives["img-src"] == f"'self' data: {TILE_ORIGIN}", page
        else:
            assert directives["img-src"] == "'self' data:" and "openstreetmap" not in policy, page
    assert meta_policy(built.html(LISTING)) == meta_policy(built.html("agenda/index.html")) + f" {TILE_ORIGIN}"


def test_without_any_position_there_is_no_plan_and_no_wider_policy(site):
    for path in (site.content / "lieux").glob("*.md"):
        path.write_text(re.sub(r"^Geo:.*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    site.build()
    soup = site.html(LISTING)
    assert plan(soup) is None and soup.find("script", src=re.compile("map.js")) is None
    assert TILE_ORIGIN not in meta_policy(soup)
    names = [h3.get_text(strip=True) for h3 in soup.find("h2", string="Tous les lieux").find_next("ul").find_all("h3")]
    assert names == ["Café du Pont", "Muséum d'Orléans"]


# -- the plan's geometry ----------------------------------------------------------------------------------

def test_the_projection_keeps_north_up_east_right_and_true_proportions():
    frame = basemap.frame_around([Geo(47.90, 1.90), Geo(47.91, 1.92)], padding_km=0, min_span_km=0)
    west_south, east_north = frame.project(Geo(47.90, 1.90)), frame.project(Geo(47.91, 1.92))
    assert west_south[0] < east_north[0] and west_south[1] > east_north[1]
    across_km = 0.02 * 111.32 * math.cos(math.radians(47.905))
    assert frame.units_per_km * across_km == pytest.approx(640, rel=0.001)
    assert frame.height == pytest.approx(0.01 * 110.57 * frame.units_per_km, abs=1)


@pytest.mark.parametrize("points, aspect", [
    ([Geo(47.80, 1.90), Geo(47.95, 1.90)], basemap.MAX_ASPECT),  # a tower is widened
    ([Geo(47.90, 1.70), Geo(47.90, 2.10)], basemap.MIN_ASPECT),  # a ribbon is made taller
])
def test_a_frame_is_neither_a_ribbon_nor_a_tower(points, aspect):
    frame = basemap.frame_around(points)
    assert frame.height / frame.width == pytest.approx(aspect, abs=0.01)
    assert all(frame.shows(point) for point in points)


def test_a_single_venue_gets_a_frame_of_a_city_block_and_a_round_scale():
    frame = basemap.frame_around([Geo(47.90, 1.90)])
    assert frame.width / frame.units_per_km == pytest.approx(1.2, rel=0.01)
    assert frame.scale_bar() == (pytest.approx(0.2 * frame.units_per_km, abs=0.1), "200 m")


def test_the_basemap_is_orleans_with_the_loire_and_its_source():
    ground = basemap.load()
    assert ground.city_name == "Commune d'Orléans" and ground.river_name == "La Loire"
    assert ground.covers(Geo(47.9029, 1.9093)) and not ground.covers(Geo(48.8566, 2.3522))
    assert not ground.covers(Geo(1.9093, 47.9029))
    assert "GEOFLA" in ground.attribution and "Licence Ouverte" in ground.attribution
    data = json.loads(basemap.DEFAULT_BASEMAP.read_text(encoding="utf-8"))
    assert "source" in data and "licence" in data
    assert "Licence Ouverte" in (basemap.DEFAULT_BASEMAP.parent / "README.md").read_text(encoding="utf-8")


# -- Leaflet, vendored and pinned ---------------------------------------------------------------------------

LEAFLET = ROOT / "theme" / "static" / "vendor" / "leaflet"
# Leaflet 1.9.4 as published on npm (`npm pack leaflet@1.9.4`, dist/): any other file is another version.
LEAFLET_SHA256 = {
    "leaflet.js": "db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a",
    "leaflet.css": "a7837102824184820dfa198d1ebcd109ff6d0ff9a2672a074b9a1b4d147d04c6",
    "images/layers-2x.png": "066daca850d8ffbef007af00b06eac0015728dee279c51f3cb6c716df7c42edf",
    "images/layers.png": "1dbbe9d028e292f36fcba8f8b3a28d5e8932754fc2215b9ac69e4cdecf5107c6",
    "images/marker-icon-2x.png": "00179c4c1ee830d3a108412ae0d294f55776cfeb085c60129a39aa6fc4ae2528",
    "images/marker-icon.png": "574c3a5cca85f4114085b6841596d62f00d7c892c7b03f28cbfa301deb1dc437",
    "images/marker-shadow.png": "264f5c640339f042dd729062cfc04c17f8ea0f29882b538e3848ed8f10edb4da",
}


def test_leaflet_is_1_9_4_with_its_licence_and_published_with_the_site(built):
    found = {path.relative_to(LEAFLET).as_posix() for path in LEAFLET.rglob("*") if path.is_file()}
    assert found == {*LEAFLET_SHA256, "LICENSE"}
    for name, digest in LEAFLET_SHA256.items():
        assert hashlib.sha256((LEAFLET / name).read_bytes()).hexdigest() == digest, name
    assert "Leaflet 1.9.4" in (LEAFLET / "leaflet.js").read_text(encoding="utf-8")[:200]
    assert (LEAFLET / "LICENSE").read_text(encoding="utf-8").startswith("BSD 2-Clause License")
    published = built.output / "theme" / "vendor" / "leaflet"
    assert all((published / name).read_bytes() == (LEAFLET / name).read_bytes() for name in (*LEAFLET_SHA256, "LICENSE"))


def test_the_map_script_is_a_module_that_loads_leaflet_only_on_a_click():
    script = (ROOT / "theme" / "static" / "js" / "map.js").read_text(encoding="utf-8")
    assert "unpkg" not in script and "cdn" not in script.lower() and "http://" not in script
    click = script.index('addEventListener("click"')
    assert script.index("loadLeaflet(block)", click) > click  # Leaflet is asked for inside the click handler only
    assert "innerHTML" not in script


def test_the_readme_build_command_needs_no_npm():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    build = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "invoke build" in build and "npm" not in build
    assert Path(ROOT / "theme" / "static" / "vendor" / "leaflet" / "leaflet.js").is_file()
