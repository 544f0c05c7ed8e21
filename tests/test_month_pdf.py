"""The month's programme as a PDF (WeasyPrint), read back with pypdf: A4, the month's events only, links to the
public site, made once per content and cached, nothing fetched from elsewhere."""

from __future__ import annotations

import io
import logging
import os

import pytest
from conftest import Site
from programme.outputs import pdf
from pypdf import PdfReader

PUBLIC = "https://sciences.orleans-metropole.fr"
A4 = (595, 842)  # points, rounded


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory) -> Site:
    import shutil

    from conftest import FIXTURE

    root = tmp_path_factory.mktemp("pdf")
    shutil.copytree(FIXTURE, root / "content")
    site = Site(root)
    site.build(MONTH_PDFS=True)
    return site


def read(site: Site, month: str) -> PdfReader:
    return PdfReader(io.BytesIO((site.output / f"agenda/{month}/programme.pdf").read_bytes()))


def text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_pdf_for_each_month_not_over_linked_from_its_page(pdf_site):
    for month in ("2026-11", "2026-12", "2027-01", "2027-02"):
        assert (pdf_site.output / f"agenda/{month}/programme.pdf").read_bytes().startswith(b"%PDF-")
        link = pdf_site.html(f"agenda/{month}/index.html").find("a", type="application/pdf")
        assert link["href"] == f"/agenda/{month}/programme.pdf"


def test_the_pdf_is_an_a4_programme_of_the_months_events(pdf_site):
    reader = read(pdf_site, "2026-12")
    assert {(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in reader.pages} == {A4}
    assert len(reader.pages) == 3  # « Pendant tout le mois », then a page per week
    words = text(reader)
    for expected in ("Programme de décembre 2026", "Semaine du 1er au 6 décembre", "Les sols vivants",
                     "Conférence annulée", "Exposition itinérante", "sciences.orleans-metropole.fr/evenements/sols-vivants/"):
        assert expected in words, expected
    for elsewhere in ("Webinaire inondations", "Abeilles & café", "Menu principal", "Aller au contenu"):
        assert elsewhere not in words, elsewhere
    assert reader.metadata.title == "Programme de décembre 2026 — Sciences à Orléans"


def test_the_pdf_uses_no_web_font(pdf_site):
    """The site's font is for screens (`@media screen` in site.css): the printed programme is set in the machine's."""
    reader = read(pdf_site, "2026-12")
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values() if "/BaseFont" in font.get_object()}
    assert fonts and not any("Atkinson" in font for font in fonts), fonts


def test_the_pdfs_links_lead_to_the_public_site(pdf_site):
    reader = read(pdf_site, "2026-12")
    links = {annotation.get_object()["/A"]["/URI"] for page in reader.pages for annotation in page.get("/Annots", [])
             if "/URI" in annotation.get_object().get("/A", {})}
    assert f"{PUBLIC}/evenements/sols-vivants/" in links
    assert all(link.startswith(PUBLIC + "/") for link in links), links


def test_a_month_over_has_no_pdf(site):
    site.build(now="2027-01-15T12:00", MONTH_PDFS=True)
    assert not (site.output / "agenda/2026-12/programme.pdf").exists()
    assert site.html("agenda/2026-12/index.html").find("a", type="application/pdf") is None
    assert (site.output / "agenda/2027-01/programme.pdf").is_file()


def laid_out(monkeypatch) -> list[str]:
    """The month PDFs WeasyPrint lays out from now on, by their heading (a cached one is not laid out)."""
    import re

    made: list[str] = []
    weasyprint = pdf.engine()
    real = weasyprint.HTML.write_pdf

    def counted(document, *args, **kwargs):
        heading = " ".join(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", document.source_html, re.S)[1]).split())
        if heading.startswith("Programme de "):  # not a colloquium's
            made.append(heading)
        return real(document, *args, **kwargs)

    real_init = weasyprint.HTML.__init__

    def keep_source(document, *args, string=None, **kwargs):
        document.source_html = string
        real_init(document, *args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "__init__", keep_source)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    return made


def test_pdfs_are_made_once_per_content_and_cached(site, monkeypatch):
    made = laid_out(monkeypatch)
    site.build(MONTH_PDFS=True)
    assert len(made) == 4
    first = {name: data for name, data in site.files().items() if name.endswith(".pdf")}
    made.clear()
    site.build(MONTH_PDFS=True)
    assert made == [] and {name: data for name, data in site.files().items() if name.endswith(".pdf")} == first
    site.edit("evenements/sols-vivants.md", "Title: Les sols vivants", "Title: Les sols bien vivants")
    site.build(MONTH_PDFS=True)
    assert made == ["Programme de décembre 2026"]
    assert "Les sols bien vivants" in text(read(site, "2026-12"))


def test_a_cached_pdf_unused_for_a_month_is_forgotten(site):
    site.build(MONTH_PDFS=True)
    cache = next(site.root.rglob("pdf/*.pdf")).parent
    used = sorted(cache.glob("*.pdf"))
    stale = cache / ("0" * 32 + ".pdf")
    stale.write_bytes(b"%PDF-")
    old = used[0].stat().st_mtime - pdf.UNUSED_FOR - 3600
    os.utime(stale, (old, old))
    os.utime(used[0], (old, old))  # used by this build again: kept
    site.build(MONTH_PDFS=True)
    assert not stale.exists() and sorted(cache.glob("*.pdf")) == used


def test_the_engine_loads_nothing_from_elsewhere(tmp_path, caplog):
    (tmp_path / "style.css").write_text("h1 { color: red } body { background: url(../secret.png) }")
    (tmp_path.parent / "secret.png").write_bytes(b"")
    html = ('<html lang="fr"><head><title>Essai</title><link rel="stylesheet" href="https://tiers.example/police.css">'
            '</head><body><h1>Essai</h1><img src="https://tiers.example/pixel.gif" alt="">'
            f'<img src="{(tmp_path.parent / "secret.png").as_uri()}" alt=""></body></html>')
    with caplog.at_level(logging.WARNING):
        data = pdf.render(html, "essai.md", tmp_path / "cache", (tmp_path / "style.css",))
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().strip() == "Essai"
    refused = caplog.text
    assert "tiers.example/police.css" in refused and "tiers.example/pixel.gif" in refused and "secret.png" in refused


def test_a_machine_without_pango_builds_the_site_without_pdfs_nor_links_to_them(site, monkeypatch, caplog):
    monkeypatch.setattr(pdf, "LIBRARIES", ("bibliotheque-absente-pour-le-test",))
    pdf.missing_libraries.cache_clear()
    monkeypatch.setattr(pdf, "engine", lambda: pytest.fail("WeasyPrint was loaded"))
    try:
        with caplog.at_level(logging.WARNING):
            site.build(MONTH_PDFS=True)
    finally:
        pdf.missing_libraries.cache_clear()
    assert not list(site.output.rglob("*.pdf"))
    pages = [site.html(path.relative_to(site.output).as_posix()) for path in site.output.rglob("*.html")]
    assert not [link["href"] for page in pages for link in page.find_all("a", href=True) if link["href"].endswith(".pdf")]
    assert "Les programmes imprimables (PDF) ne sont pas faits" in caplog.text and "bibliotheque-absente" in caplog.text
    assert (site.output / "colloques/sols-2027/index.html").is_file() and (site.output / "agenda/2026-12/index.html").is_file()
