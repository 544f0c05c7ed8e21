"""The staff tooling's parts: field help, scaffolds, the checker, deployment, compression, preview pages."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT
from fake_programs import on_path
from programme.build.check import check_site
from programme.content.fields import ParseContext
from programme.content.models import Video
from programme.content.schema import SCHEMAS
from programme.outputs.csp import embed_policy
from staff import building, deploy
from staff.compress import precompress
from staff.deploy import DeployError, LocalTarget, RemoteTarget, target_from
from staff.preview import BuildState, verdict_lines
from staff.scaffold import FROM_TITLE, ScaffoldError, render, resolve_kind, scaffold

SAMPLE = ParseContext(ZoneInfo("Europe/Paris"), ROOT / "content")
FIELDS = [(kind, spec) for kind, specs in SCHEMAS.items() for spec in specs]


@pytest.mark.parametrize("kind, spec", FIELDS, ids=[f"{kind}-{spec.name}" for kind, spec in FIELDS])
def test_every_field_has_french_names_help_and_a_valid_example(kind, spec):
    assert spec.french and spec.help.endswith(".") and spec.example
    spec.parse(spec.example, SAMPLE)  # raises FieldError if the example would not pass the checker
    if spec.refers_to:
        folder = {"venue": "lieux", "cycle": "cycles", "researcher": "chercheurs", "episode": "webtv", "event": "evenements",
                  "partner": "partenaires", "project": "projets"}
        for slug in spec.example.split(", "):
            assert (ROOT / "content" / folder[spec.refers_to] / f"{slug}.md").is_file(), slug


@pytest.mark.parametrize("word, kind", [("event", "event"), ("Événement", "event"), ("chercheuse", "researcher"),
                                        ("lieu", "venue"), ("partenaire", "partner"), ("épisode", "episode"),
                                        ("project", "project"), ("Projet", "project")])
def test_kinds_are_understood_in_english_and_french(word, kind):
    assert resolve_kind(word) == kind


def test_unknown_kind_is_refused_in_french():
    with pytest.raises(ScaffoldError, match="n'est pas un type de fiche. Types possibles : event, researcher"):
        resolve_kind("concert")


def test_new_event_names_an_existing_venue_or_else_goes_online():
    with_venues = render("event", "Soirée", {"venue": ["cafe-du-pont", "museum"]})
    assert "\nLieu: cafe-du-pont\n" in with_venues and "Existants : cafe-du-pont, museum." in with_venues
    assert "\n# En ligne: https://" in with_venues
    without = render("event", "Soirée", {})
    assert "\n# Lieu: museum-orleans\n" in without and "\nEn ligne: https://" in without


def test_new_refuses_a_slug_another_file_already_claims(site):
    site.write("lieux/autre-nom.md", "Title: Salle\nSlug: salle-des-fetes\n\nTexte.")
    with pytest.raises(ScaffoldError, match="« salle-des-fetes » est déjà utilisé"):
        scaffold("lieu", "Salle des fêtes", site.content, site.settings())
    assert not (site.content / "lieux/salle-des-fetes.md").exists()


@pytest.mark.parametrize("kind", FROM_TITLE)
def test_new_file_of_each_kind_passes_the_checker(site, kind):
    path = scaffold(kind, "Un titre tout neuf", site.content, site.settings())
    assert check_site(site.settings()).problems == []
    path.write_text(path.read_text(encoding="utf-8").replace("Statut: brouillon\n", ""), encoding="utf-8")
    report = check_site(site.settings())
    assert report.problems == [] and report.drafts == 2  # the fixture's own two drafts only


def test_checker_translates_what_pelican_only_logs(site):
    site.write("actualites/statut.md", "Title: A\nDate: 2026-11-01\nStatus: secret\n\nTexte.")
    site.write("actualites/date.md", "Title: B\nDate: le premier novembre\n\nTexte.")
    drafts = check_site(site.settings()).drafts
    site.write("actualites/brouillon.md", "Titre: C\nDate: 2026-11-01\nStatut: brouillon\n\nTexte en français.")
    report = check_site(site.settings())
    problems = {p.path: p for p in report.problems}
    assert "actualites/brouillon.md" not in problems and report.drafts == drafts + 1  # French names and words too
    assert (problems["actualites/statut.md"].field, problems["actualites/statut.md"].line) == ("Status", 3)
    assert "valeurs possibles : published" in problems["actualites/statut.md"].hint
    assert (problems["actualites/date.md"].field, problems["actualites/date.md"].line) == ("Date", 2)
    assert not site.output.exists()


def test_build_runner_reports_problems_as_json(site, tmp_path):
    site.write("evenements/x.md", "Title: X\nDate: 2026-12-20 19:00\nVenue: musee\n\nTexte.")
    report = tmp_path / "verdict.json"
    code = building.main(["--settings", str(ROOT / "pelicanconf.py"), "--content", str(site.content),
                          "--output", str(site.output), "--cache", str(tmp_path / "cache"), "--report", str(report)])
    assert code == 1
    [problem] = json.loads(report.read_text(encoding="utf-8"))["problems"]
    assert (problem["path"], problem["field"], problem["line"]) == ("evenements/x.md", "Venue", 3)
    assert verdict_lines(json.loads(report.read_text(encoding="utf-8"))) == ["evenements/x.md, ligne 3, champ « Venue » : « musee » ne correspond à aucun lieu."
                                    "\n    → vouliez-vous dire « museum » ?"]


def test_preview_error_page_escapes_what_it_shows():
    page = BuildState(number=4, problems=["a.md : « <script>alert(1)</script> »"]).error_page().decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "1 problème empêche la construction" in page and 'data-build="4"' in page


def test_missing_verdict_is_itself_reported():
    assert "sans rapport" in verdict_lines(None)[0]


def episode(host: str, url: str, instance: str = "") -> SimpleNamespace:
    return SimpleNamespace(video=Video(host, "id", url, 0, instance))


def test_embed_policy_names_exactly_the_hosts_in_use():
    programme = SimpleNamespace(episodes=[
        episode("peertube", "https://tube.univ-orleans.fr/w/abc", "tube.univ-orleans.fr"),
        episode("youtube", "https://www.youtube.com/watch?v=x"),
        episode("file", "https://webtv.univ-orleans.fr/media/a.mp4"),
        episode("file", "media/local.mp4"),
    ])
    assert embed_policy(programme) == ("frame-src https://tube.univ-orleans.fr https://www.youtube-nocookie.com; "
                                       "media-src 'self' https://webtv.univ-orleans.fr")
    assert embed_policy(SimpleNamespace(episodes=[])) == "frame-src 'none'; media-src 'self'"


def test_theme_files_are_linked_with_a_hash_of_their_content(built):
    digest = hashlib.sha256((ROOT / "theme/static/css/site.css").read_bytes()).hexdigest()[:10]
    assert built.html("index.html").find("link", rel="stylesheet")["href"] == f"/theme/css/site.css?v={digest}"


def test_precompression_skips_calendars_and_is_reproducible(tmp_path):
    page = "<p>Conférence</p>\n" * 100
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "agenda.ics").write_text("BEGIN:VCALENDAR\r\n" * 100, encoding="utf-8")
    (tmp_path / "tiny.css").write_text("a{}", encoding="utf-8")
    assert precompress(tmp_path) == 1
    first = (tmp_path / "index.html.gz").read_bytes()
    assert gzip.decompress(first).decode() == page
    assert not (tmp_path / "agenda.ics.gz").exists() and not (tmp_path / "tiny.css.gz").exists()
    precompress(tmp_path)
    assert (tmp_path / "index.html.gz").read_bytes() == first


def make_build(folder: Path, title: str) -> Path:
    for relative, text in {"index.html": f"<h1>{title}</h1>", "a/b.css": "a{}", "c/d.txt": "d", "e.txt": "e"}.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("setting, expected", [
    ("deploy@web.orleans.fr:/var/www/sciences", RemoteTarget("deploy@web.orleans.fr", "/var/www/sciences", 5)),
    ("web:/srv/site/", RemoteTarget("web", "/srv/site", 5)),
    ("/var/www/sciences", LocalTarget(Path("/var/www/sciences"), 5)),
])
def test_deploy_target_is_a_folder_or_an_ssh_destination(setting, expected):
    assert target_from(setting) == expected


def test_no_deploy_target_is_explained():
    with pytest.raises(DeployError, match="DEPLOY_TARGET"):
        target_from("")


def test_a_failed_copy_leaves_the_live_release_untouched(tmp_path, monkeypatch):
    target = LocalTarget(tmp_path / "www")
    first = target.publish(make_build(tmp_path / "one", "Un")).release

    def failing_copy(source, destination):  # the changed page, after three unchanged files were linked
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(deploy.shutil, "copy2", failing_copy)
    with pytest.raises(OSError):
        target.publish(make_build(tmp_path / "two", "Deux"))
    assert target.releases() == [first] and target.current() == first
    assert sorted(p.name for p in target.releases_dir.iterdir()) == [first]  # no partial copy left
    assert (tmp_path / "www/current/index.html").read_text(encoding="utf-8") == "<h1>Un</h1>"


def test_releases_share_unchanged_files_and_old_ones_are_pruned(tmp_path):
    target = LocalTarget(tmp_path / "www", keep=2)
    names = [target.publish(make_build(tmp_path / f"b{n}", f"Version {n}")).release for n in range(3)]
    assert len(set(names)) == 3 and target.releases() == names[1:]
    assert (tmp_path / "www/current").is_symlink() and os.readlink(tmp_path / "www/current") == f"releases/{names[2]}"
    old, new = (target.releases_dir / name / "e.txt" for name in names[1:])
    assert os.path.samefile(old, new)
    back = target.rollback()
    assert (back.replaced, back.release) == (names[2], names[1])
    with pytest.raises(DeployError, match="aucune version antérieure"):
        target.rollback()


@pytest.fixture
def fake_ssh(tmp_path, monkeypatch):
    """`ssh HOST COMMAND…` run locally, so the rsync/ssh path runs for real without a server."""
    if not shutil.which("rsync"):
        if os.environ.get("CI"):
            pytest.fail("rsync is not installed: .ci/run must install it")
        pytest.skip("rsync is not installed")
    on_path(tmp_path / "bin", monkeypatch, "ssh",
            '#!/bin/sh\n'  # skip options (rsync passes `-l user`), then the host
            'while [ $# -gt 0 ]; do case "$1" in -[lpoi]) shift 2;; -*) shift;; *) break;; esac; done\n'
            'shift\nexec sh -c "$*"\n', encoding="utf-8")


def test_publishing_over_rsync_and_ssh(tmp_path, fake_ssh, monkeypatch):
    server = tmp_path / "server"
    target = RemoteTarget("deploy@web", str(server), keep=3)
    ids = iter(["20261125-100000", "20261125-110000"])
    monkeypatch.setattr(deploy, "release_id", lambda: next(ids))
    first = target.publish(make_build(tmp_path / "one", "Un")).release
    second = target.publish(make_build(tmp_path / "two", "Deux")).release
    assert (first, second) == ("20261125-100000", "20261125-110000")
    assert os.readlink(server / "current") == f"releases/{second}"
    assert (server / "current/index.html").read_text(encoding="utf-8") == "<h1>Deux</h1>"
    assert os.path.samefile(server / "releases" / first / "e.txt", server / "releases" / second / "e.txt")  # --link-dest
    assert sorted(p.name for p in (server / "releases").iterdir()) == [first, second]
    back = target.rollback()
    assert (back.replaced, back.release) == (second, first)
    assert (server / "current/index.html").read_text(encoding="utf-8") == "<h1>Un</h1>"
    with pytest.raises(DeployError, match="aucune version antérieure"):
        target.rollback()
