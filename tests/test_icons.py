"""The site's icons and web app manifest, as browsers and phones take them from a built site."""

from __future__ import annotations

import io
import json
from xml.etree import ElementTree

import pytest
from PIL import Image, ImageChops, ImageStat
from programme.media import icons, store
from quality import html_pages, production_csp
from serving import serve

ROOT_ICONS = {"favicon.ico": (48, 48), "apple-touch-icon.png": (180, 180),
              "apple-touch-icon-precomposed.png": (180, 180), "icon-192.png": (192, 192), "icon-512.png": (512, 512),
              "icon-maskable-512.png": (512, 512)}


def image(site, name: str) -> Image.Image:
    return Image.open(io.BytesIO((site.output / name).read_bytes()))


def test_icons_are_published_at_the_root_in_their_sizes(built):
    for name, size in ROOT_ICONS.items():
        assert image(built, name).size == size, name
    favicon = image(built, "favicon.ico")
    assert favicon.format == "ICO" and favicon.ico.sizes() == {(16, 16), (32, 32), (48, 48)}
    # iOS rounds the corners itself and shows transparency as black: the touch icons are opaque squares.
    for name in ("apple-touch-icon.png", "icon-maskable-512.png"):
        assert image(built, name).mode == "RGB", name
    # The tab and bookmark icons are rounded squares: their corners are transparent, their middle is not.
    rounded = image(built, "icon-512.png")
    assert rounded.mode == "RGBA" and rounded.getpixel((0, 0))[3] == 0 and rounded.getpixel((256, 450))[3] == 255
    svg = ElementTree.fromstring((built.output / "icon.svg").read_bytes())
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 64 64"
    assert not svg.findall(".//{http://www.w3.org/2000/svg}script") and not svg.findall(".//{http://www.w3.org/2000/svg}text")


def test_every_page_links_the_icons_the_manifest_and_the_theme_colour(built):
    manifest = json.loads((built.output / "site.webmanifest").read_text(encoding="utf-8"))
    for page in html_pages(built.output):
        head = built.html(page).head
        assert {link["href"] for link in head.find_all("link", rel="icon")} == {"/favicon.ico", "/icon.svg"}, page
        assert head.find("link", rel="apple-touch-icon")["href"] == "/apple-touch-icon.png"
        assert head.find("link", rel="manifest")["href"] == "/site.webmanifest"
        assert head.find("meta", attrs={"name": "theme-color"})["content"] == manifest["theme_color"], page


def test_the_manifest_describes_the_site_in_french_with_icons_that_exist(built):
    manifest = json.loads((built.output / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Sciences à Orléans" and manifest["short_name"] and manifest["lang"] == "fr"
    assert manifest["start_url"] == manifest["scope"] == "./" and manifest["display"] == "minimal-ui"
    assert manifest["theme_color"] == "#0b5d3b" and manifest["background_color"] == "#ffffff"
    declared = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= declared
    for icon in manifest["icons"]:
        picture = image(built, icon["src"])
        assert f"{picture.width}x{picture.height}" == icon["sizes"] and icon["type"] == "image/png", icon


def test_the_icons_are_made_once_then_taken_from_the_cache(site, monkeypatch):
    made: list[str] = []
    original = store._make_entry

    def counting(job, root):
        made.append(job.source)
        original(job, root)

    monkeypatch.setattr(store, "_make_entry", counting)
    site.build(IMAGE_PROCESSES=1)
    assert made.count("icônes du site") == 1
    first = {name: (site.output / name).read_bytes() for name in ROOT_ICONS}
    made.clear()
    site.build(IMAGE_PROCESSES=1)
    assert made == []
    assert {name: (site.output / name).read_bytes() for name in ROOT_ICONS} == first


def test_a_change_of_design_draws_the_icons_again():
    changed = icons.IconSet(icons.IconDesign(background="#073d27"))
    assert changed.fingerprint() != icons.IconSet().fingerprint()


def test_each_favicon_size_is_drawn_at_that_size():
    """The 16 px favicon is the drawing reduced once from its own large canvas, not the 48 px one shrunk again."""
    favicon = Image.open(io.BytesIO(icons.IconSet().make()["favicon.ico"]))
    favicon.size = (16, 16)
    assert favicon.convert("RGBA").tobytes() == icons.draw(16).tobytes()


SHOW_SVG = """<!doctype html><html><head><style>html, body { margin: 0; background: transparent; }
img { display: block; width: 64px; height: 64px; }</style></head><body><img src="icon.svg" alt=""></body></html>"""


@pytest.mark.browser
def test_the_svg_and_the_png_icons_are_the_same_drawing(browser, built, tmp_path):
    """Chromium's rendering of icon.svg and Pillow's 64 px drawing differ only by anti-aliasing."""
    (tmp_path / "icon.svg").write_bytes((built.output / "icon.svg").read_bytes())
    (tmp_path / "index.html").write_text(SHOW_SVG, encoding="utf-8")
    with serve(tmp_path) as url:
        page = browser.new_page(viewport={"width": 64, "height": 64})
        page.goto(f"{url}/")
        shot = Image.open(io.BytesIO(page.screenshot(omit_background=True))).convert("RGBA")
        page.close()
    drawn = icons.draw(64)
    difference = ImageChops.difference(shot, drawn)
    print(f"\nSVG against PNG: mean difference {ImageStat.Stat(difference).mean}, "
          f"{sum(difference.convert('L').histogram()[97:])} pixels apart")
    assert max(ImageStat.Stat(difference).mean) < 3  # out of 255, on average over the picture
    assert sum(difference.convert("L").histogram()[97:]) < 40  # a few edge pixels at most


@pytest.mark.browser
def test_chromium_reads_the_manifest_and_could_install_the_site(browser, built):
    """Chromium's own manifest parser finds nothing to ignore, and its installability check nothing missing (an
    icon of 144 px or more, a valid start URL, a supported display); Playwright's private window is the one
    reason it gives, since a private window never installs anything."""
    with serve(built.output, {"Content-Security-Policy": production_csp()}) as url:
        page = browser.new_page()
        page.goto(f"{url}/")
        session = page.context.new_cdp_session(page)
        manifest = session.send("Page.getAppManifest")
        installability = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        page.close()
    assert manifest["url"] == f"{url}/site.webmanifest" and manifest["errors"] == []
    assert json.loads(manifest["data"])["name"] == "Sciences à Orléans"
    assert [error["errorId"] for error in installability] == ["in-incognito"]
