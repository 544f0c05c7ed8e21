"""The site search: Pagefind's index built with the site, and the search page driven in the real Chromium."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from quality import html_pages
from serving import searching, serve

INDEXED_PAGES = 14  # 5 events, 2 researchers, 2 episodes, 1 news article, 2 partners, 1 project, 1 colloquium (in
# French: its English page is left out of the French index); listings are not indexed
LOT_PAGES = 5  # the fixture's item pages in three lots


def test_index_covers_exactly_the_item_pages_in_french(built):
    entry = json.loads(built.text("pagefind/pagefind-entry.json"))
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] == INDEXED_PAGES
    marked = [page for page in html_pages(built.output) if "data-pagefind-body" in built.text(page)]
    assert len(marked) == INDEXED_PAGES
    assert (built.output / "pagefind/pagefind.js").is_file()


def indexed_text(site) -> dict[str, str]:
    """Page URL → the text Pagefind indexed for it, from its fragments (gzip: a `pagefind_dcd` mark, then JSON)."""
    fragments = (json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for path in (site.output / "pagefind/fragment").iterdir())
    return {fragment["url"]: fragment["content"] for fragment in fragments}


def test_facts_are_quoted_apart_from_their_labels_and_boilerplate_is_not_indexed(built):
    indexed = indexed_text(built)
    researcher, event, episode = (indexed[url] for url in ("/chercheurs/alice-martin/", "/evenements/abeilles-et-cafe/",
                                                           "/webtv/abeilles-video/"))
    # A fact's label ran into its value in the text results quote ("LaboratoireISTO", "LieuCafé du Pont").
    assert re.search(r"(^|\W)ISTO\b", researcher) and re.search(r"(^|\W)CNRS\b", researcher)
    assert re.search(r"(^|\W)Café du Pont, 2 quai du Châtelet", event) and re.search(r"(^|\W)3 €", event)
    assert "Les abeilles sauvages" in episode  # the video's title stays
    upcoming = indexed["/evenements/sols-vivants/"]
    # Words on every page of a kind would make every such page a result.
    for boilerplate in ("Laboratoire", "Lieu", "Tarif", "OpenStreetMap", "S'inscrire", "Ajouter à mon agenda",
                        "Google", "Lire la vidéo", "cookies"):
        assert not any(boilerplate in text for text in (researcher, event, episode, upcoming)), boilerplate


def test_search_page_loads_its_script_and_knows_where_the_index_is(built):
    soup = built.html("recherche/index.html")
    assert re.fullmatch(r"/theme/js/search\.js\?v=[0-9a-f]{10}", soup.find("script", type="module")["src"])
    form = soup.find("form", role="search")
    assert form["data-bundle"] == "/pagefind/" and form.find("input", attrs={"name": "q"})
    assert "La recherche a besoin de JavaScript" in soup.find(class_="search-fallback").get_text()


@pytest.fixture(scope="module")
def search_page(browser, built):
    with searching(browser, built.output) as opened:
        yield opened


def results(page) -> list[dict[str, str]]:
    page.locator(".search-result").first.wait_for(timeout=10_000)
    return [{"title": item.locator("h2").inner_text(), "facts": item.locator(".search-result-facts").inner_text(),
             "excerpt": item.locator(".search-result-excerpt").inner_text(),
             "href": item.locator("h2 a").get_attribute("href")}
            for item in page.locator(".search-result").all()]


@pytest.mark.browser
@pytest.mark.parametrize("query, title, facts", [
    ("ecologie", "Alice Martin", "Chercheuse ou chercheur"),
    ("abeille", "Les abeilles sauvages", "Vidéo · vendredi 20 novembre 2026"),
    ("abeille", "Abeilles & café", "Événement · mardi 10 novembre 2026, de 18 h 30 à 20 h 30"),
    ("Bienvenue", "Bienvenue", "Actualité · jeudi 1er octobre 2026"),
    ("annulée", "Conférence annulée", "Événement · jeudi 10 décembre 2026, de 19 h à 21 h"),
])
def test_french_search_finds_items_with_their_type_and_date(search_page, query, title, facts):
    context, url = search_page
    page = context.new_page()
    page.goto(f"{url}?q={query}")
    found = {result["title"]: result for result in results(page)}
    page.close()
    assert title in found, list(found)
    assert found[title]["facts"] == facts
    assert found[title]["href"].startswith("/") and found[title]["href"].endswith("/")


@pytest.mark.browser
def test_typing_searches_and_the_address_keeps_the_query(search_page):
    context, url = search_page
    page = context.new_page()
    page.goto(url)
    page.get_by_label("Événements, chercheuses et chercheurs, vidéos, colloques, actualités").fill("sols")
    titles = [result["title"] for result in results(page)]
    assert "Les sols vivants" in titles and "Alice Martin" in titles
    assert "résultat" in page.get_by_role("status").inner_text()
    assert page.url.endswith("?q=sols")
    assert not page.get_by_text("La recherche a besoin de JavaScript").is_visible()
    page.get_by_label("Événements, chercheuses et chercheurs, vidéos, colloques, actualités").fill("zzzqqq")
    page.get_by_text("Aucun résultat pour « zzzqqq ».").wait_for(timeout=10_000)
    assert page.locator(".search-result").count() == 0
    page.close()


@pytest.mark.browser
def test_without_javascript_the_page_says_where_to_look(browser, built):
    with serve(built.output) as base_url:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{base_url}/recherche/")
        message = page.get_by_text("La recherche a besoin de JavaScript")
        assert message.is_visible()
        assert message.get_by_role("link", name="l'agenda").get_attribute("href") == "/agenda/"
        context.close()


def test_an_unchanged_site_reuses_the_published_index_and_a_changed_one_is_indexed_again(site, monkeypatch):
    from programme.outputs import search

    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    site.build(**cached)
    indexed = []
    index = search.index_lot
    monkeypatch.setattr(search, "index_lot", lambda *args: indexed.append(args[1]) or index(*args))
    before = site.files()
    site.build(**cached)
    assert indexed == []  # same pages: the published index is taken as it is
    assert site.files() == before
    site.edit("evenements/webinaire.md", "Webinaire inondations", "Webinaire crues")
    site.build(**cached)
    assert len(indexed) == 1
    after = site.files()
    assert [name for name in after if name.startswith("pagefind/") and after[name] != before.get(name)]


def test_a_published_index_touched_since_is_never_reused(site, monkeypatch):
    from programme.outputs import search

    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    site.build(**cached)
    entry = site.output / "pagefind/pagefind-entry.json"
    entry.write_text("{}", encoding="utf-8")
    indexed = []
    index = search.index_lot
    monkeypatch.setattr(search, "index_lot", lambda *args: indexed.append(args[1]) or index(*args))
    site.build(**cached)
    assert len(indexed) == 1
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"]["fr"]["page_count"] == INDEXED_PAGES


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    from conftest import FIXTURE, Site

    root = tmp_path_factory.mktemp("sharded")
    shutil.copytree(FIXTURE, root / "content")
    site = Site(root)
    site.build(SEARCH_SHARD_PAGES=LOT_PAGES)
    return site


def lot_counts(site) -> list[int]:
    bundles = ["pagefind/"] + [f"pagefind/{lot}" for lot in json.loads(site.text("pagefind/lots.json"))]
    return [json.loads(site.text(f"{bundle}pagefind-entry.json"))["languages"]["fr"]["page_count"] for bundle in bundles]


def test_a_large_site_is_indexed_in_lots_that_together_hold_every_item_page_once(sharded):
    assert json.loads(sharded.text("pagefind/lots.json")) == ["lots/2/", "lots/3/"]
    counts = lot_counts(sharded)
    assert sum(counts) == INDEXED_PAGES and all(counts)
    # A merged lot keeps its index only: the search engine and its UI are published once, in pagefind/.
    for lot in ("lots/2", "lots/3"):
        files = {path.name for path in (sharded.output / "pagefind" / lot).iterdir() if path.is_file()}
        assert {name for name in files if not name.endswith(".pf_meta")} == {"pagefind-entry.json"}, files
        assert any(name.endswith(".pf_meta") for name in files)
    assert (sharded.output / "pagefind" / "wasm.fr.pagefind").is_file()
    assert (sharded.output / "pagefind" / "pagefind.js").is_file()


def test_the_main_bundle_keeps_the_engine_whatever_the_output_folder_is_called(site):
    output = site.root / "lots"  # the name of the merged lots' folder
    site.build(OUTPUT_PATH=str(output), STAGED_OUTPUT=False, SEARCH_SHARD_PAGES=LOT_PAGES)
    assert {"pagefind.js", "pagefind-worker.js", "wasm.fr.pagefind"} <= {path.name for path in (output / "pagefind").iterdir()}
    assert not (output / "pagefind" / "lots" / "2" / "pagefind.js").exists()


@pytest.mark.parametrize("pages, size, lots", [(10, 4, 3), (9, 10, 1), (0, 2000, 1), (2500, 2000, 2)])
def test_pages_keep_their_lot_whatever_else_the_site_holds(pages, size, lots):
    from programme.outputs.search import assign_lots

    names = [f"evenements/e{number}/index.html" for number in range(pages)]
    assigned = assign_lots(names, size)
    assert len(assigned) == lots and sorted(sum(assigned, [])) == sorted(names)
    grown = assign_lots(names + ["evenements/nouveau/index.html"], size)
    assert [[page for page in lot if page in names] for lot in grown] == assigned  # one more page moves none


def test_an_edit_indexes_again_only_the_lot_of_the_edited_page(site, monkeypatch):
    from programme.outputs import search

    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "SEARCH_SHARD_PAGES": LOT_PAGES}
    site.build(**cached)
    before = site.files()
    indexed = []
    index = search.index_lot
    monkeypatch.setattr(search, "index_lot", lambda *args: indexed.append(args[2]["output_path"]) or index(*args))
    site.edit("evenements/webinaire.md", "Webinaire inondations", "Webinaire crues")
    site.build(**cached)
    assert len(indexed) == 1
    lot = Path(indexed[0]).relative_to(site.root / ".output.staging").as_posix()  # built there, then published
    after = site.files()
    changed = {name for name in after if name.startswith("pagefind/") and after[name] != before.get(name)}
    assert changed and all(name.startswith(f"{lot}/") and (lot != "pagefind" or "/lots/" not in name) for name in changed)
    assert sum(lot_counts(site)) == INDEXED_PAGES


def test_a_lot_is_indexed_as_soon_as_its_pages_are_written(site, monkeypatch):
    from programme.outputs import pages, search

    steps = []
    write_item, start = pages.write_item, search.LotIndexer._start
    monkeypatch.setattr(pages, "write_item", lambda site, item: steps.append(("page", item.save_as))
                        or write_item(site, item))
    monkeypatch.setattr(search.LotIndexer, "_start", lambda self, number: steps.append(("lot", number))
                        or start(self, number))
    rebuilt = []
    monkeypatch.setattr(search, "write_index", lambda *args: rebuilt.append(args))
    site.build(SEARCH_SHARD_PAGES=LOT_PAGES)
    lots = [number for kind, number in steps if kind == "lot"]
    assert sorted(lots) == [0, 1, 2] and not rebuilt  # each lot once, none made again after the fact
    first_lot, last_page = steps.index(("lot", lots[0])), max(i for i, (kind, _) in enumerate(steps) if kind == "page")
    assert first_lot < last_page  # Pagefind starts while pages are still being written
    assert sum(lot_counts(site)) == INDEXED_PAGES


def test_an_output_written_in_place_is_indexed_from_this_builds_pages(site, monkeypatch):
    from programme.outputs import search

    rebuilt = []
    write_index = search.write_index
    monkeypatch.setattr(search, "write_index", lambda *args: rebuilt.append(args) or write_index(*args))
    site.build(STAGED_OUTPUT=False, SEARCH_SHARD_PAGES=LOT_PAGES)
    site.edit("evenements/webinaire.md", "Webinaire inondations", "Webinaire crues")
    site.build(STAGED_OUTPUT=False, SEARCH_SHARD_PAGES=LOT_PAGES)  # the last build's pages are still there meanwhile
    # Indexed from stale pages, the lots would not match the final scan, and the index would be made again.
    assert not rebuilt and sum(lot_counts(site)) == INDEXED_PAGES
    assert "crues" in site.text("evenements/webinaire/index.html")


def test_pages_marked_beyond_those_announced_get_the_whole_index_made_again(site, monkeypatch):
    from programme.outputs import pages

    announced = pages.searchable
    monkeypatch.setattr(pages, "searchable", lambda programme: announced(programme)[1:])  # one page left out
    site.build(SEARCH_SHARD_PAGES=LOT_PAGES)
    assert sum(lot_counts(site)) == INDEXED_PAGES
    assert json.loads(site.text("pagefind/lots.json")) == ["lots/2/", "lots/3/"]


@pytest.mark.parametrize("budget_mib, most_at_once", [(100_000, 2), (0, 1)])
def test_lots_are_indexed_side_by_side_only_while_the_memory_budget_allows(site, monkeypatch, budget_mib, most_at_once):
    from programme.build import footprint
    from programme.outputs import search

    if footprint.tree_mib() is None:
        pytest.skip("the build's memory is read from Linux's /proc")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    count, lock = {"running": 0, "most": 0}, threading.Lock()
    met = threading.Barrier(2, timeout=2)  # a lot waits here for a second one to run beside it
    index = search.index_lot

    def spied(*args):
        with lock:
            count["running"] += 1
            count["most"] = max(count["most"], count["running"])
        with contextlib.suppress(threading.BrokenBarrierError):
            met.wait()
            met.abort()  # they met: a later lot does not wait
        try:
            index(*args)
        finally:
            with lock:
                count["running"] -= 1

    monkeypatch.setattr(search, "index_lot", spied)
    site.build(SEARCH_SHARD_PAGES=LOT_PAGES, BUILD_MEMORY_MIB=budget_mib)
    assert count["most"] == most_at_once
    assert sum(lot_counts(site)) == INDEXED_PAGES


@pytest.mark.parametrize("lot_pages, used_mib, cores, expected", [
    ([1000, 1000], None, 2, 1),  # not measured (not Linux)
    ([1000], 0, 2, 1),  # one lot
    ([850, 850, 850], 124, 2, 2),  # 2 000 events: two lots of ~144 MiB fit beside 124 MiB
    ([1000] * 10, 263, 2, 1),  # 8 000 events: the second lot would pass the budget
    ([1000] * 10, 900, 2, 1),  # over the budget already: still one, never none
    ([100] * 4, 0, 2, 2),  # as many as the cores
    ([100] * 4, 0, 8, 4),  # as many as the lots
])
def test_how_many_lots_run_at_once(lot_pages, used_mib, cores, expected):
    from programme.outputs.search import lots_at_once

    settings = {"BUILD_MEMORY_MIB": 500, "PARALLEL_BUILD": True}
    assert lots_at_once(settings, lot_pages, lambda: used_mib, cores) == expected
    assert lots_at_once({**settings, "PARALLEL_BUILD": False}, lot_pages, lambda: used_mib, cores) == 1


@pytest.mark.browser
def test_the_search_page_finds_results_in_every_lot_and_loads_the_engine_once(browser, sharded):
    fetched: list[str] = []
    with serve(sharded.output) as base_url:
        context = browser.new_context(locale="fr-FR")
        context.on("request", lambda request: fetched.append(request.url.removeprefix(base_url).split("?")[0]))
        page = context.new_page()
        titles = set()
        for query in ("abeille", "ecologie", "annulée", "Bienvenue"):
            page.goto(f"{base_url}/recherche/?q={query}")
            titles |= {item["title"] for item in results(page)}
        context.close()
    assert {"Les abeilles sauvages", "Abeilles & café", "Alice Martin", "Conférence annulée", "Bienvenue"} <= titles
    # Each page load fetches every lot's index, but the WebAssembly engine only from the main bundle:
    # a lot costs the search page its own index, which is why lots can be small (SEARCH_SHARD_PAGES).
    entries = {url for url in fetched if url.endswith("pagefind-entry.json")}
    assert entries == {"/pagefind/pagefind-entry.json", "/pagefind/lots/2/pagefind-entry.json",
                       "/pagefind/lots/3/pagefind-entry.json"}
    assert {url for url in fetched if "wasm" in url} == {"/pagefind/wasm.fr.pagefind"}


@pytest.mark.parametrize("folders, expected", [
    (["a(b)", "c,d", "e{f}", "g*h", "i[j]"], 5),  # glob syntax in a path is taken literally
    (["seule"], 1),
])
def test_each_lot_indexes_exactly_its_pages(tmp_path, folders, expected):
    from programme.outputs import search

    site = tmp_path / "site"
    for name in [*folders, "hors-lot"]:
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f'<html lang="fr"><body><main data-pagefind-body><h1>{name}</h1><p>Bonjour {name}.</p></main></body></html>',
            encoding="utf-8")
    bundle = site / "pagefind"
    glob = search._glob(site, [site / name / "index.html" for name in folders])
    search.index_lot(str(site), glob, {"output_path": str(bundle), "force_language": "fr"})
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == expected


def test_a_site_with_no_item_yet_gets_no_bundle_and_an_empty_list_of_lots(tmp_path):
    from programme.build.staging import StagedFiles
    from programme.outputs import search

    site = tmp_path / "site"
    (site / "a-propos").mkdir(parents=True)
    (site / "a-propos" / "index.html").write_text('<html lang="fr"><body><main>Rien à indexer.</main></body></html>',
                                                  encoding="utf-8")
    settings = {"SEARCH_BUNDLE": "pagefind", "SEARCH_SHARD_PAGES": 2000, "DEFAULT_LANG": "fr",
                "CACHE_PATH": str(tmp_path / "cache")}
    search.write_index(str(site), settings, StagedFiles(settings))
    assert json.loads((site / "pagefind" / search.SHARDS_FILE).read_text(encoding="utf-8")) == []
    assert not (site / "pagefind" / "pagefind.js").exists()


@pytest.mark.parametrize("own, expected", [(None, "dirty_decay_ms:100"), ("narenas:1", "narenas:1")])
def test_pagefind_gives_back_freed_memory_unless_told_otherwise(tmp_path, monkeypatch, own, expected):
    from pagefind.service import get_executable
    from programme.outputs import search

    seen = tmp_path / "allocator.txt"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\nprintf %s "$_RJEM_MALLOC_CONF" > "{seen}"\nexec "{get_executable()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    if own is None:
        monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    else:
        monkeypatch.setenv("_RJEM_MALLOC_CONF", own)
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<html lang="fr"><body><main data-pagefind-body>Bonjour.</main></body></html>',
                                           encoding="utf-8")
    search.index_lot(str(site), "a/index.html", {"output_path": str(site / "pagefind"), "force_language": "fr"})
    assert seen.read_text() == expected
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
