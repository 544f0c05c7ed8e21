"""« Chercher parmi »: every indexed page carries its kind as Pagefind's `type` filter, the search page offers
exactly those kinds, and narrows its results to one of them in the real Chromium."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from serving import searching

# What each kind of page's template gives Pagefind: its `type` (shown beside each result, and the filter).
TYPES = {"evenements": "Événement", "chercheurs": "Chercheuse ou chercheur", "webtv": "Vidéo",
         "colloques": "Colloque", "actualites": "Actualité", "projets": "Projet", "partenaires": "Partenaire"}


def fragments(site) -> list[dict]:
    """What Pagefind keeps of each indexed page (gzip, a `pagefind_dcd` mark, then JSON)."""
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            for path in (site.output / "pagefind/fragment").iterdir()]


def test_every_indexed_page_is_filtered_by_the_type_it_shows(network):
    found = fragments(network)
    assert {fragment["url"].split("/")[1] for fragment in found} == set(TYPES)  # every kind is there
    for fragment in found:
        assert fragment["filters"] == {"type": [TYPES[fragment["url"].split("/")[1]]]}, fragment["url"]
        assert fragment["meta"]["type"] == fragment["filters"]["type"][0]


def test_the_index_knows_the_type_filter_and_each_of_its_values(network):
    filters = list((network.output / "pagefind/filter").glob("fr_*.pf_filter"))
    assert len(filters) == 1
    data = gzip.decompress(filters[0].read_bytes())  # CBOR: its strings are there as UTF-8
    assert b"type" in data and all(value.encode() in data for value in TYPES.values())


def test_the_search_page_offers_exactly_the_kinds_the_index_has(network):
    form = network.html("recherche/index.html").find("form", role="search")
    choice = form.find("select", attrs={"name": "type"})
    assert form.find("label", attrs={"for": choice["id"]}).get_text(strip=True) == "Chercher parmi"
    options = [(option["value"], option.get_text(strip=True)) for option in choice.find_all("option")]
    assert options[0] == ("", "Tout le site")
    assert {value for value, _label in options[1:]} == set(TYPES.values())
    assert [label for _value, label in options[1:]] == [
        "Événements", "Chercheuses et chercheurs", "Vidéos", "Colloques", "Actualités", "Projets de recherche", "Partenaires"]


def test_without_javascript_the_page_points_to_every_kind_s_listing(network):
    fallback = network.html("recherche/index.html").find(class_="search-fallback")
    assert {link["href"] for link in fallback.find_all("a")} >= {f"/{folder}/" for folder in TYPES} - {"/evenements/"}


def bundle_files(bundle) -> dict[str, bytes]:
    return {path.relative_to(bundle).as_posix(): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


def test_the_same_pages_give_the_same_filter_index_byte_for_byte(tmp_path):
    """Pagefind writes a filter's values in a random order (a Rust HashMap): `pagefind_filters` sorts them."""
    from programme.outputs import search

    site = tmp_path / "site"
    for number, kind in enumerate(list(TYPES.values()) * 2):
        (site / f"p{number}").mkdir(parents=True)
        (site / f"p{number}" / "index.html").write_text(
            f'<html lang="fr"><body><main data-pagefind-body data-pagefind-filter="type:{kind}"><h1>Page {number}</h1>'
            f"<p>Bonjour {kind}.</p></main></body></html>", encoding="utf-8")
    made = []
    for attempt in range(3):
        bundle = tmp_path / f"pagefind-{attempt}"
        search.index_lot(str(site), "p*/index.html", {"output_path": str(bundle), "force_language": "fr"})
        made.append(bundle_files(bundle))
    assert made[0] == made[1] == made[2]
    assert len([name for name in made[0] if name.startswith("filter/")]) == 1


def test_filter_files_are_read_and_written_back_byte_for_byte(network):
    from programme.outputs import pagefind_filters

    bundle = network.output / "pagefind"
    files = [*bundle.glob("*.pf_meta"), *bundle.glob("filter/*.pf_filter"), *bundle.glob("index/*.pf_index")]
    assert len(files) >= 3
    for path in files:
        data = gzip.decompress(path.read_bytes())
        assert pagefind_filters.MARK + pagefind_filters.encode(pagefind_filters.read(path)) == data, path.name
    name, values = pagefind_filters.read(next(bundle.glob("filter/*.pf_filter")))
    assert name == "type" and [value for value, _pages in values] == sorted(TYPES.values())
    with pytest.raises(pagefind_filters.Unexpected):
        pagefind_filters.decode(bytes([0xF9, 0x3C, 0x00]))  # a float: in no file of Pagefind's


def test_a_filter_index_it_cannot_read_is_left_as_pagefind_wrote_it(network, tmp_path, caplog):
    from programme.outputs import pagefind_filters

    bundle = tmp_path / "pagefind"
    shutil.copytree(network.output / "pagefind", bundle)
    broken = next(bundle.glob("filter/*.pf_filter"))
    broken.write_bytes(gzip.compress(pagefind_filters.MARK + b"\xf9\x3c\x00"))  # a float
    before = bundle_files(bundle)
    pagefind_filters.settle(bundle)
    assert bundle_files(bundle) == before
    assert "l'index des filtres est laissé tel que Pagefind l'a écrit" in caplog.text


@pytest.fixture(scope="module")
def search_page(browser, network):
    with searching(browser, network.output) as opened:
        yield opened


def shown(page) -> list[tuple[str, str]]:
    """(title, type) of each result on the page, once the status says the search is done."""
    page.locator(".search-status").filter(has_text="résultat").wait_for(timeout=10_000)
    return [(item.locator("h2").inner_text(), item.locator(".search-result-facts").inner_text().split(" · ")[0])
            for item in page.locator(".search-result").all()]


@pytest.mark.browser
def test_choosing_a_kind_narrows_the_results_and_the_address_keeps_it(search_page):
    context, url = search_page
    page = context.new_page()
    page.goto(f"{url}?q=abeilles")
    everything = shown(page)
    assert {"Projet", "Événement", "Vidéo"} <= {kind for _title, kind in everything}
    page.get_by_label("Chercher parmi").select_option(label="Projets de recherche")
    page.get_by_role("status").filter(has_text="parmi les projets de recherche").wait_for(timeout=10_000)
    assert shown(page) == [("POLLIVILLE Pollinisateurs des villes", "Projet")]  # its heading: acronym, title
    assert page.url.endswith("?q=abeilles&type=Projet")
    page.get_by_label("Chercher parmi").select_option(label="Tout le site")
    page.get_by_role("status").filter(has_text="pour « abeilles ».").wait_for(timeout=10_000)
    assert sorted(shown(page)) == sorted(everything) and page.url.endswith("?q=abeilles")
    page.close()


@pytest.mark.browser
def test_a_kind_without_words_lists_all_its_pages(search_page):
    context, url = search_page
    page = context.new_page()
    page.goto(f"{url}?type=Partenaire")
    assert page.get_by_label("Chercher parmi").input_value() == "Partenaire"
    titles = sorted(title for title, kind in shown(page) if kind == "Partenaire")
    assert len(shown(page)) == 3 and titles == [
        "Agence nationale de la recherche", "Institut des sciences de la Terre d'Orléans", "Université d'Orléans"]
    assert page.get_by_role("status").inner_text() == "3 résultats parmi les partenaires."
    page.goto(f"{url}?q=zzzqqq&type=Projet")
    page.get_by_text("Aucun résultat pour « zzzqqq » parmi les projets de recherche.").wait_for(timeout=10_000)
    page.goto(f"{url}?type=inconnu")  # an unknown kind is the whole site, with nothing asked yet
    assert page.get_by_label("Chercher parmi").input_value() == ""
    assert page.locator(".search-result").count() == 0
    page.close()
