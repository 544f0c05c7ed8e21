"""The benchmark keeps working: synthetic programmes are valid and proportional, and a tiny run goes end to end.

No timing is asserted: only that every figure is produced and that a no-op rebuild rewrites nothing.
"""

import json
import subprocess
import sys
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.benchmark import harness, memory, synthetic

from conftest import Site


@pytest.fixture(scope="module")
def programme(tmp_path_factory):
    return synthetic.generate(tmp_path_factory.mktemp("synthetic"), 200)


def test_counts_are_proportional_to_the_events(programme):
    folders = Counter(path.parent.name for path in programme.content.rglob("*.md"))
    assert folders["evenements"] == 200
    assert folders["chercheurs"] == 20 and folders["webtv"] == 20
    assert folders["lieux"] == 4 and folders["cycles"] == 2 and folders["actualites"] == 10
    assert synthetic.counts(8000) == {"events": 8000, "researchers": 800, "episodes": 800, "venues": 160,
                                      "cycles": 80, "news": 400}


def test_half_the_episodes_have_distinct_poster_files_of_a_few_pictures(programme):
    posters = sorted((programme.content / "images" / "webtv").glob("*.jpg"))
    assert len(posters) == 10
    assert len({path.read_bytes() for path in posters}) == 10  # every file differs, so a cache cannot merge them
    pixels = set()
    for path in posters:
        with Image.open(path) as image:
            assert image.size == synthetic.POSTER_SIZE
            pixels.add(image.resize((8, 8)).tobytes())
    assert len(pixels) == synthetic.DISTINCT_IMAGES


def test_bodies_are_french_markdown_of_about_300_words(programme):
    body = programme.event_paths[5].read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert 250 <= len(body.split()) <= 450
    assert "\n## " in "\n" + body and "\n- " in body and "](https://" in body


def test_same_seed_same_programme(tmp_path, programme):
    again = synthetic.generate(tmp_path, 200)
    for relative in ("evenements/evenement-00042.md", "webtv/episode-0003.md", "images/webtv/episode-0004.jpg"):
        assert (again.content / relative).read_bytes() == (programme.content / relative).read_bytes()


def test_synthetic_programme_builds_without_errors(programme, monkeypatch):
    site = Site(programme.root)
    site.build(now=synthetic.SITE_NOW)  # a content error would raise ContentError
    pages = list((site.output / "evenements").glob("*/index.html"))
    assert len(pages) == 200
    texts = [page.read_text(encoding="utf-8") for page in pages]
    assert any("Annulé" in text for text in texts)
    spans = [BeautifulSoup(text, "html5lib").find(class_="event-when").get_text() for text in texts]
    assert any(span.startswith("du ") and " au " in span and " h" not in span for span in spans)  # whole days
    assert "evenement-00001" in site.text("agenda/index.html")  # upcoming
    assert "evenement-00000" in site.text("agenda/archives/index.html")  # past
    episode = site.html("webtv/episode-0000/index.html")
    assert any(link["href"].startswith("/evenements/evenement-") for link in episode.find_all("a", href=True))


@pytest.mark.slow
def test_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path):
    lines = []
    report = harness.run([20], repeat=1, output=tmp_path / "bench.json", work=tmp_path / "work", log=lines.append)
    assert json.loads((tmp_path / "bench.json").read_text(encoding="utf-8")) == report
    row = report["results"][0]
    for key in ("cold_s", "noop_s", "edit_s", "baseline_s", "ratio_to_baseline", "peak_mib", "preview_s",
                "image_cold_s", "image_warm_s"):
        assert row[key] is not None and row[key] >= 0, key
    # The whole process tree's memory is sampled in cold builds of their own, never in a timed one (it slows them).
    sampled = [row["memory_build"]["tree_peak_mib"], row["memory_build_site"]["tree_peak_mib"]]
    assert row["tree_peak_mib"] == max(sampled) and min(sampled) > 0
    assert row["memory_build"]["images"]["encoded"] > 0  # a cold build: its image workers are counted too
    assert row["memory_build_site"]["images"]["encoded"] == 0  # and one with the image cache kept
    assert all(build["tree_peak_mib"] is None for builds in row["builds"].values() for build in builds)
    assert row["noop_rewritten_max"] == 0  # a no-op rebuild leaves every output file untouched
    # An edit rewrites the event's page and what lists it (feeds, calendars, search index), never the whole site.
    assert all(0 < build["rewritten"] <= 30 for build in row["builds"]["edit"])
    sources = len(list((tmp_path / "work/programme-20/content/images").rglob("*.jpg")))
    assert row["images_opened_cold"] >= sources and row["images_encoded_cold"] >= sources  # derivatives made
    assert row["images_encoded_warm"] == 0  # a warm rebuild processes no image
    # The cold build without its image pass: everything else from nothing, the image cache kept.
    assert row["site_cold_s"] > 0 and row["site_ratio_to_baseline"] > 0
    assert [build["images"]["encoded"] for build in row["builds"]["site_cold"]] == [0]
    assert all(build["rendered"] == row["builds"]["cold"][0]["rendered"] for build in row["builds"]["site_cold"])
    assert any(line.startswith("N  cold s") for line in "\n".join(lines).splitlines())  # the table was printed
    # The cold builds run before any rebuild, whose deleted files would make them pay for inodes to skip.
    labels = [line.removeprefix("  N=20 ").split(":")[0] for line in lines if line.startswith("  N=20 ")]
    assert labels[:4] == ["cold", "cold, images cached", "vanilla", "first rebuild"], labels
    assert not (tmp_path / "work" / "trash").exists()  # what was cleared between builds is deleted at the end


def test_clearing_between_builds_moves_things_aside_and_deletes_them_at_the_end(tmp_path):
    output = tmp_path / "site" / "output"
    (output / "evenements").mkdir(parents=True)
    (output / "evenements" / "index.html").write_text("<p>page</p>", encoding="utf-8")
    trash = harness.Trash(tmp_path / "trash")
    trash.clear(output, tmp_path / "site" / "absent")
    assert not output.exists()  # the next build starts from nothing…
    assert [path.read_text(encoding="utf-8") for path in (tmp_path / "trash").rglob("index.html")] == ["<p>page</p>"]
    output.mkdir()
    trash.clear(output)  # the same name cleared twice keeps both
    assert len(list((tmp_path / "trash").glob("*/output"))) == 2
    trash.empty()
    assert not (tmp_path / "trash").exists()  # …and nothing is deleted until every build has run


def test_the_memory_of_a_process_tree_counts_its_children():
    holder = "import time; block = b'x' * ({mib} << 20); time.sleep(2)"
    script = f"import subprocess, sys; block = b'x' * (64 << 20); subprocess.run([sys.executable, '-c', {holder.format(mib=96)!r}])"
    parent = subprocess.Popen([sys.executable, "-c", script])
    tree = memory.TreeMemory(parent.pid).start()
    parent.wait()
    peak = tree.stop()
    assert peak is not None and peak >= 64 + 96  # both processes' blocks, held at the same time
