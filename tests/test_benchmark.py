"""The benchmark keeps working: synthetic programmes are valid and proportional, and a tiny run goes end to end.

No timing is asserted: only that every figure is produced and that a no-op rebuild rewrites nothing.
"""

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from conftest import Site
from PIL import Image

from tests.benchmark import comparison, harness, memory, probe, synthetic, targets


@pytest.fixture(scope="module")
def programme(tmp_path_factory):
    return synthetic.generate(tmp_path_factory.mktemp("synthetic"), 200)


def test_counts_are_proportional_to_the_events(programme):
    folders = Counter(path.parent.name for path in programme.content.rglob("*.md"))
    assert folders["evenements"] == 200
    assert folders["chercheurs"] == 20 and folders["webtv"] == 20
    assert folders["lieux"] == 4 and folders["cycles"] == 2 and folders["actualites"] == 10
    assert folders["projets"] == 2 and folders["partenaires"] == len(synthetic.PARTNERS)
    assert synthetic.counts(8000) == {"events": 8000, "researchers": 800, "episodes": 800, "venues": 160,
                                      "cycles": 80, "projects": 80, "news": 400}


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
    projects = {path.parent.name: path.read_text(encoding="utf-8") for path in (site.output / "projets").glob("*/index.html")}
    assert sorted(projects) == ["projet-0000", "projet-0001"]
    linked = [text for text in texts if "/projets/projet-" in text]  # the events that name a project
    assert 0.1 * len(texts) < len(linked) < 0.3 * len(texts)
    assert all("/evenements/evenement-" in text and "/partenaires/partenaire-" in text for text in projects.values())
    assert all(f"/projets/{slug}/" in site.text("projets/index.html") for slug in projects)


@pytest.mark.slow
def test_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path):
    lines = []
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"machine": {"commit": "abc1234"},
                                   "results": [{"events": 20, "site_ratio_to_baseline": 2.0, "cold_s": None}]}))
    report = harness.run([20], repeat=1, output=tmp_path / "bench.json", work=tmp_path / "work", log=lines.append,
                         earlier=earlier)
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
    if (os.cpu_count() or 1) > 1:  # the cold pass runs in worker processes, whose CPU time is counted
        assert 0 < row["image_cold_worker_cpu_s"]
    # The cold build without its image pass: everything else from nothing, the image cache kept.
    assert row["site_cold_s"] > 0 and row["site_ratio_to_baseline"] > 0
    assert [build["images"]["encoded"] for build in row["builds"]["site_cold"]] == [0]
    assert all(build["rendered"] == row["builds"]["cold"][0]["rendered"] for build in row["builds"]["site_cold"])
    assert any(line.startswith("N  cold s") for line in "\n".join(lines).splitlines())  # the table was printed
    # The cold builds run before any rebuild, whose deleted files would make them pay for inodes to skip.
    labels = [line.removeprefix("  N=20 ").split(":")[0] for line in lines if line.startswith("  N=20 ")]
    assert labels[:4] == ["cold", "cold, images cached", "vanilla", "first rebuild"], labels
    assert not (tmp_path / "work" / "trash").exists()  # what was cleared between builds is deleted at the end
    # Targets are set at 2 000 and 8 000 events: this run gets none, but its row gives their figures.
    assert report["targets"] == []
    as_target = {verdict.target: verdict.figure for verdict in targets.verdicts([{**row, "events": 2000}])}
    assert as_target["cold / vanilla, image cache kept (no-img cold) ≤ 1.5"] == row["site_ratio_to_baseline"]
    assert as_target["files a no-op rewrites ≤ 0"] == 0
    # Beside the earlier report: the figures both runs have, this run's as measured.
    printed = "\n".join(lines).splitlines()
    compared = printed[printed.index("Compared with abc1234 (earlier → now):") + 1:]
    assert compared[1].startswith("written: ")  # every other figure is missing from the earlier report
    assert compared[0].split()[:6] == ["N=20", "no-img", "cold", "/", "vanilla", "2.000"]
    assert compared[0].split()[7] == f"{row['site_ratio_to_baseline']:.3f}"


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


# A 2 000- and an 8 000-event row meeting every target; each case moves one figure to or past its limit.
MEETING = {2000: {"events": 2000, "ratio_to_baseline": 1.2, "site_ratio_to_baseline": 1.2, "cold_s": 10.0,
                  "noop_to_cold": 0.2, "noop_rewritten_max": 0, "edit_to_cold": 0.2, "images_encoded_warm": 0,
                  "image_cold_worker_cpu_s": 19.0, "image_cold_s": 10.0, "preview_s": 0.5},
           8000: {"events": 8000, "cold_s": 40.0, "tree_peak_mib": 500.0}}


@pytest.mark.parametrize(("target", "events", "key", "value", "met"), [
    ("cold / vanilla, image cache kept (no-img cold) ≤ 1.5", 2000, "site_ratio_to_baseline", 1.5, True),
    ("cold / vanilla, image cache kept (no-img cold) ≤ 1.5", 2000, "site_ratio_to_baseline", 1.53, False),
    ("no-op / cold ≤ 0.35", 2000, "noop_to_cold", 0.36, False),
    ("files a no-op rewrites ≤ 0", 2000, "noop_rewritten_max", 1, False),
    ("one-event edit / cold ≤ 0.4", 2000, "edit_to_cold", 0.4, True),
    ("one-event edit / cold ≤ 0.4", 2000, "edit_to_cold", 0.41, False),
    ("images a warm rebuild encodes ≤ 0", 2000, "images_encoded_warm", 3, False),
    ("cores the cold image pass uses > 1", 2000, "image_cold_worker_cpu_s", 10.0, False),  # one core's worth
    ("process tree at 8 000 events, MiB < 600", 8000, "tree_peak_mib", 599.9, True),
    ("process tree at 8 000 events, MiB < 600", 8000, "tree_peak_mib", 600.0, False),
    ("live preview, s < 2", 2000, "preview_s", 2.0, False),
    ("live preview, s < 2", 2000, "preview_s", None, None),  # run with --no-preview
])
def test_each_target_is_judged_on_its_own_figure(target, events, key, value, met):
    rows = {size: dict(row) for size, row in MEETING.items()}
    rows[events][key] = value
    found = {verdict.target: verdict.met for verdict in targets.verdicts(list(rows.values()))}
    assert len(found) == len(targets.TARGETS)
    assert found.pop(target) is met
    assert all(found.values())  # the other targets are untouched


def test_the_image_pass_is_reported_but_has_no_ratio_target():
    rows = [{**MEETING[2000], "ratio_to_baseline": 5.2, "cold_s": 21.0, "image_cold_s": 19.0,
             "image_cold_worker_cpu_s": 27.0}, {**MEETING[8000], "cold_s": 99.0}]
    found = targets.verdicts(rows)
    assert all(verdict.met for verdict in found)  # a cold build with its image pass, and its growth, are not judged
    assert not any("image pass included" in verdict.target or "cold 8 000 / cold 2 000" in verdict.target
                   for verdict in found)


def test_targets_need_the_sizes_they_are_set_on():
    found = targets.verdicts([MEETING[2000]])
    assert [verdict.target for verdict in found if "8 000" in verdict.target] == []
    assert len(found) == len(targets.TARGETS) - 1
    printed = targets.report(targets.verdicts([{**MEETING[2000], "site_ratio_to_baseline": 1.758}])).splitlines()
    assert printed[0].startswith("cold / vanilla, image cache kept (no-img cold) ≤ 1.5")
    assert printed[0].endswith("1.758  NOT MET")
    assert all(line.endswith("  met") for line in printed[1:])


def test_a_comparison_shows_each_shared_figure_and_its_change():
    earlier = {"machine": {"commit": "1111111"}, "results": [{"events": 500, "cold_s": 2.0},
                                                            {"events": 2000, "cold_s": 8.0, "noop_to_cold": 0.2}]}
    now = {"results": [{"events": 2000, "cold_s": 6.0, "noop_to_cold": None, "preview_s": 0.1},
                       {"events": 8000, "cold_s": 30.0}]}
    assert comparison.compare(earlier, now).splitlines() == [
        "Compared with 1111111 (earlier → now):",
        "  N=2000 cold s                     8.000 →     6.000  -25.0%",
    ]


def test_the_image_pass_counts_its_workers_cpu_time_from_their_first_operation_to_their_last(tmp_path):
    log = tmp_path / "images.log"
    log.write_text("\n".join([  # kind, start, end, pid, CPU time at start, at end
        "open 0.5 0.6 100 1.0 1.1",  # the build reads a header: not image work
        "load 1.0 1.5 201 0.2 0.6",
        "save 1.5 2.0 201 0.6 1.0",
        "save 9.0 9.5 201 7.0 7.4",  # worker 201: 7.2 CPU s from its first operation to its last
        "save 2.0 2.5 202 3.0 3.3",
        "save 8.0 8.5 202 8.0 8.3",  # worker 202: 5.3
        "save 3.0 3.2 100 5.0 5.2",  # an image the build made itself, between pages: its time is not counted
    ]) + "\n", encoding="ascii")
    summary = probe.image_summary(log, build_pid=100)
    assert summary == {"opened": 1, "decoded": 1, "encoded": 5, "seconds": 8.5, "busy_seconds": 2.7,
                       "worker_cpu_seconds": 12.5}
