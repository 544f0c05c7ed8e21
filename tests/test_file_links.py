"""Links in bodies to files under content/ lead to what the site publishes of them (`programme.file_links`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from programme.build.file_links import FileLinks
from programme.content.fields import ParseContext
from programme.media.library import ImageLibrary
from programme.problems import ContentError, FieldError

from tests.conftest import FIXTURE

PAGE = "evenements/abeilles-et-cafe.md"


@pytest.fixture
def links(tmp_path) -> FileLinks:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "media" / "programme.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "evenements" / "notes.txt").write_text("brouillon", encoding="utf-8")
    library = ImageLibrary(root, "images", "https://example.org", (320, 640), 80)
    return FileLinks(library, ParseContext(ZoneInfo("Europe/Paris"), root), ["media"], "https://example.org")


@pytest.mark.parametrize("href", [
    "", "https://www.inrae.fr/", "mailto:contact@example.org", "tel:+33238000000", "#programme", "?page=2",
    "//cdn.example.org/x.js", "/agenda/", "../../agenda/", "programme/", "{filename}/evenements/exposition.md",
    "{static}/media/sols-entretien.mp4",
])
def test_links_to_no_content_file_or_resolved_by_pelican_stay_as_written(links, href):
    assert links._target(href, PAGE) is None


@pytest.mark.parametrize(("href", "expected"), [
    ("evenements/exposition.md", "{filename}/evenements/exposition.md"),
    ("exposition.md#acces", "{filename}/evenements/exposition.md#acces"),  # next to the page
    ("media/programme.pdf", "{static}/media/programme.pdf"),
    ("/media/programme.pdf", "{static}/media/programme.pdf"),  # from the site's root: the same file
])
def test_links_to_pages_and_documents_become_pelicans_links(links, href, expected):
    assert links._target(href, PAGE) == expected


@pytest.mark.parametrize("href", ["images/affiche.jpg", "../images/affiche.jpg", "{static}/images/affiche.jpg"])
def test_a_link_to_an_image_leads_to_its_largest_web_version_never_the_original(links, href):
    largest = min(Image.open(FIXTURE / "images" / "affiche.jpg").width, 640)  # never above the original
    target = links._target(href, PAGE)
    assert target.startswith("https://example.org/images/affiche-") and target.endswith(f"-{largest}.jpg")


@pytest.mark.parametrize("href", ["evenements/exposition-lore.md", "media/programe.pdf", "images/afiche.jpg",
                                  "../evenements/absent.md#acces"])
def test_a_link_naming_a_file_content_does_not_hold_is_an_error(links, href):
    with pytest.raises(FieldError, match="introuvable") as raised:
        links._target(href, PAGE)
    assert "content/" in raised.value.hint


def test_a_link_to_a_content_file_nothing_publishes_is_an_error_saying_where_to_put_it(links):
    with pytest.raises(FieldError, match="notes.txt") as raised:
        links._target("notes.txt", PAGE)
    assert "content/media/" in raised.value.hint


def test_in_a_built_site_every_such_link_leads_to_a_published_file(site):
    site.write("media/programme.pdf", b"%PDF-1.4\n")
    site.edit(PAGE, "Les abeilles sauvages d'Orléans.",
              "Les abeilles sauvages d'Orléans : [l'affiche](images/affiche.jpg), [le programme](media/programme.pdf), "
              "[l'exposition](evenements/exposition.md), [les mentions](pages/mentions-legales.md).")
    site.build()
    page = site.html("evenements/abeilles-et-cafe/index.html")
    hrefs = [a["href"] for a in page.select(".prose a")]
    assert len(hrefs) == 4
    for href in hrefs:
        path = urlparse(urljoin("/evenements/abeilles-et-cafe/", href)).path
        published = site.output / path.lstrip("/")
        assert (published / "index.html" if path.endswith("/") else published).is_file(), href
    assert not list(site.output.rglob("affiche.jpg"))  # the original stays out


def test_a_broken_link_stops_the_build_naming_the_file_and_line(site):
    site.write("evenements/notes.txt", "brouillon")
    site.edit(PAGE, "Les abeilles sauvages d'Orléans.", "Les abeilles sauvages d'Orléans.\n\nVoir [mes notes](notes.txt).")
    with pytest.raises(ContentError) as raised:
        site.build()
    problem = next(p for p in raised.value.problems if "notes.txt" in p.message)
    assert problem.path == PAGE and problem.line == 13
    assert Path(site.content / PAGE).read_text(encoding="utf-8").splitlines()[problem.line - 1].startswith("Voir")


def test_a_body_with_nothing_to_change_is_the_same_string_not_a_copy(links):
    body = '<p>Voir <a href="https://www.inrae.fr/">INRAE</a> et <a href="#programme">le programme</a>.</p>'
    rewritten, problems = links.rewrite(body, PAGE, lambda: body)
    assert rewritten is body and problems == []  # a copy per body would stay beside the cached one


def test_a_quoted_angle_bracket_in_raw_html_does_not_end_the_tag(links, tmp_path):
    from programme.content.inline_images import InlineImages

    body = '<p><a title="avant > après" href="exposition.md">l\'exposition</a></p>'
    rewritten, problems = links.rewrite(body, PAGE, lambda: body)
    assert 'href="{filename}/evenements/exposition.md"' in rewritten and problems == []
    images = InlineImages(links.library, links.ctx, lambda image: f"<picture>{image.alt}</picture>")
    body = '<p><img alt="1 > 0" src="images/affiche.jpg" /></p>'
    rewritten, problems = images.rewrite(body, PAGE, lambda: body)
    assert rewritten == "<p><picture>1 > 0</picture></p>" and problems == []


@pytest.mark.parametrize(("tag", "expected"), [
    ('<a title="voir href=media/absent.pdf" href="exposition.md">', ' href="{filename}/evenements/exposition.md"'),
    ("<a data-note='voir href=absent.md' href=media/programme.pdf>", ' href="{static}/media/programme.pdf"'),
    ('<a HREF = "exposition.md" title="href=x">', ' href="{filename}/evenements/exposition.md"'),
    ('<a title="href=absent.md">', None),  # no link of its own
    ("<a href>", None),
])
def test_only_the_tags_own_href_is_read_never_one_inside_another_attribute(links, tag, expected):
    body = f"<p>{tag}le lien</a></p>"
    rewritten, problems = links.rewrite(body, PAGE, lambda: body)
    assert problems == []
    assert (rewritten is body) if expected is None else (expected in rewritten)
