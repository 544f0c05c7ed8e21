"""The month's programme as a PDF (WeasyPrint), read back with pypdf: A4, the month's events only, links to the
public site, made once per content and cached, nothing fetched from elsewhere."""

from __future__ import annotations

import io
import logging

import pytest
from conftest import Site
from programme.outputs import month_pdf
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


def test_pdfs_are_made_once_per_content_and_cached(site, monkeypatch):
    made: list[str] = []
    real = month_pdf.render_pdf

    def counted(html, base_url, title, lang):
        made.append(title)
        return real(html, base_url, title, lang)

    monkeypatch.setattr(month_pdf, "render_pdf", counted)
    site.build(MONTH_PDFS=True)
    assert len(made) == 4
    first = {name: data for name, data in site.files().items() if name.endswith(".pdf")}
    made.clear()
    site.build(MONTH_PDFS=True)
    assert made == [] and {name: data for name, data in site.files().items() if name.endswith(".pdf")} == first
    site.edit("evenements/sols-vivants.md", "Title: Les sols vivants", "Title: Les sols bien vivants")
    site.build(MONTH_PDFS=True)
    assert made == ["Programme de décembre 2026 — Sciences à Orléans"]
    assert "Les sols bien vivants" in text(read(site, "2026-12"))


def test_the_engine_loads_nothing_from_elsewhere(tmp_path, caplog):
    (tmp_path / "style.css").write_text("h1 { color: red }")
    html = ('<html lang="fr"><head><link rel="stylesheet" href="style.css">'
            '<link rel="stylesheet" href="https://tiers.example/police.css"></head>'
            '<body><h1>Essai</h1><img src="https://tiers.example/pixel.gif" alt=""><img src="../secret.png" alt=""></body></html>')
    with caplog.at_level(logging.WARNING):
        data = month_pdf.render_pdf(html, tmp_path.as_uri() + "/", "Essai", "fr")
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().strip() == "Essai"
    refused = caplog.text
    assert "tiers.example/police.css" in refused and "tiers.example/pixel.gif" in refused and "secret.png" in refused
