"""The invoke tasks, run as staff run them: `python -m invoke …` in a subprocess, on throwaway folders."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DEFAULT_NOW, FIXTURE, ROOT
from programme.content.schema import SCHEMAS
from staff.scaffold import FROM_TITLE

pytestmark = pytest.mark.slow


def invoke(*args: str, root: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SITE_CONTENT": str(root / "content"), "SITE_OUTPUT": str(root / "output"),
                   "SITE_NOW": DEFAULT_NOW, "DEPLOY_TARGET": str(root / "www"), **env}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path


def write(root: Path, relative: str, text: str) -> None:
    (root / "content" / relative).write_text(text, encoding="utf-8")


def test_every_task_is_listed_with_french_help():
    listing = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True, text=True).stdout
    for name in ("build", "serve", "check", "new", "publish", "rollback", "versions"):
        assert f"\n  {name} " in listing
    assert "Vérifie tout le contenu" in listing and "Remet en ligne" in listing and "Liste les versions" in listing


def test_check_passes_on_good_content_and_writes_nothing(root):
    result = invoke("check", root=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tout est correct : 5 événements" in result.stdout
    assert sorted(p.name for p in root.iterdir()) == ["content"]


def test_check_lists_every_problem_in_french_and_fails(root):
    write(root, "evenements/mauvais-lieu.md", "Title: Soirée\nDate: 2026-12-20 19:00\nVenue: musee\n\nTexte.")
    write(root, "evenements/mauvaise-date.md", "Title: Soirée\nDate: 2026-13-45\nVenue: museum\n\nTexte.")
    write(root, "actualites/sans-titre.md", "Date: 2026-11-01\n\nUne actualité sans titre.")
    result = invoke("check", root=root)
    assert result.returncode == 1
    out = result.stdout
    assert "3 problèmes dans le contenu" in out
    assert "evenements/mauvais-lieu.md, ligne 3, champ « Venue » : « musee » ne correspond à aucun lieu." in out
    assert "→ vouliez-vous dire « museum » ?" in out
    assert "evenements/mauvaise-date.md, ligne 2, champ « Date »" in out and "03/12/2026 19h00" in out
    assert "actualites/sans-titre.md, champ « Titre » : champ obligatoire manquant" in out
    assert not (root / "output").exists()


def test_new_creates_files_that_pass_check_and_never_overwrites(root):
    for kind in FROM_TITLE:
        result = invoke("new", kind, "Été 2027 : « Nuit » des étoiles", root=root)
        assert result.returncode == 0, result.stdout + result.stderr
    files = sorted((root / "content").glob("*/ete-2027-nuit-des-etoiles.md"))
    assert [f.parent.name for f in files] == ["chercheurs", "colloques", "cycles", "evenements", "lieux", "partenaires",
                                              "projets", "webtv"]
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert text.startswith("Titre: Été 2027 : « Nuit » des étoiles\n") and "Statut: brouillon" in text
    event = (root / "content/evenements/ete-2027-nuit-des-etoiles.md").read_text(encoding="utf-8")
    assert all(f"\n{spec.french}: " in event or f"\n# {spec.french}: " in event for spec in SCHEMAS["event"][1:])

    drafts = invoke("check", root=root)
    assert drafts.returncode == 0 and f"{len(files) + 2} brouillons (non publiés)" in drafts.stdout, drafts.stdout
    for file in files:  # published as they are: the pre-filled values are valid too
        file.write_text(file.read_text(encoding="utf-8").replace("Statut: brouillon\n", ""), encoding="utf-8")
    published = invoke("check", root=root)
    assert published.returncode == 0 and "6 événements" in published.stdout, published.stdout

    before = files[0].read_bytes()
    again = invoke("new", "chercheur", "Été 2027 : « Nuit » des étoiles", root=root)
    assert again.returncode == 1 and "existe déjà" in again.stderr + again.stdout
    assert files[0].read_bytes() == before
    unknown = invoke("new", "concert", "Un titre", root=root)
    assert unknown.returncode == 1 and "n'est pas un type de fiche" in unknown.stderr + unknown.stdout


def releases(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "www" / "releases").iterdir())


def live(root: Path) -> str:
    return os.readlink(root / "www" / "current")


def test_publish_is_atomic_refuses_broken_content_and_rolls_back(root):
    first = invoke("publish", root=root)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Publié" in first.stdout
    [one] = releases(root)
    assert live(root) == f"releases/{one}"
    page = root / "www/current/evenements/sols-vivants/index.html"
    assert 'href="https://sciences.orleans-metropole.fr/' in page.read_text(encoding="utf-8")  # production settings
    assert (root / "www/current/index.html.gz").is_file()

    write(root, "evenements/sols-vivants.md",
          (root / "content/evenements/sols-vivants.md").read_text(encoding="utf-8").replace("Les sols vivants", "Sols vivants, 2e édition"))
    second = invoke("publish", root=root)
    assert second.returncode == 0, second.stdout + second.stderr
    one, two = releases(root)
    assert live(root) == f"releases/{two}" and "2e édition" in page.read_text(encoding="utf-8")
    unchanged = "theme/css/site.css"
    assert os.path.samefile(root / "www/releases" / one / unchanged, root / "www/releases" / two / unchanged)

    write(root, "evenements/casse.md", "Title: Cassé\nDate: demain\nVenue: museum\n\nTexte.")
    failed = invoke("publish", root=root)
    assert failed.returncode == 1 and "Rien n'a été publié" in failed.stdout
    assert "evenements/casse.md, ligne 2, champ « Date »" in failed.stdout
    assert releases(root) == [one, two] and live(root) == f"releases/{two}"

    back = invoke("rollback", root=root)
    assert back.returncode == 0 and one in back.stdout
    assert live(root) == f"releases/{one}" and "Les sols vivants" in page.read_text(encoding="utf-8")
    nothing_before = invoke("rollback", root=root)
    assert nothing_before.returncode == 1 and "aucune version antérieure" in nothing_before.stdout
    assert live(root) == f"releases/{one}"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def wait_for(url: str, expected: Callable[[int, str], bool], seconds: float = 90) -> tuple[int, str]:
    """Poll until the page satisfies `expected`; a bound on waiting, not a timing assertion."""
    deadline = time.monotonic() + seconds
    while True:
        status, body = fetch(url)
        if expected(status, body):
            return status, body
        assert time.monotonic() < deadline, f"{url} never became as expected; last answer {status}: {body[:500]}"
        time.sleep(0.2)


def test_serve_rebuilds_on_change_and_shows_errors_in_the_page(root):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "SITE_CONTENT": str(root / "content"), "SITE_OUTPUT": str(root / "output"),
                   "SITE_NOW": DEFAULT_NOW}
    server = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port)], cwd=ROOT, env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/evenements/sols-vivants/"
    event = root / "content/evenements/sols-vivants.md"
    original = event.read_text(encoding="utf-8")
    try:
        status, body = wait_for(page, lambda status, body: status == 200)
        assert "<h1>Les sols vivants</h1>" in body and 'src="/__apercu__/reload.js" data-build="1"' in body

        event.write_text(original.replace("Title: Les sols vivants", "Title: Les sols bien vivants"), encoding="utf-8")
        # New content, and a new build number, which is what tells open pages to reload.
        wait_for(page, lambda status, body: "<h1>Les sols bien vivants</h1>" in body and 'data-build="1"' not in body)

        event.write_text(original.replace("Venue: museum", "Venue: musee"), encoding="utf-8")
        status, body = wait_for(page, lambda status, body: status == 500)
        assert "Le site n'a pas pu être reconstruit" in body
        assert "evenements/sols-vivants.md, ligne 3, champ « Venue » : « musee » ne correspond à aucun lieu." in body
        assert (root / "output/evenements/sols-vivants/index.html").is_file()  # the last good site is kept

        event.write_text(original, encoding="utf-8")
        wait_for(page, lambda status, body: status == 200 and "<h1>Les sols vivants</h1>" in body)
        status, body = fetch(f"{base}/nulle-part/")
        assert status == 404 and "Page introuvable" in body
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert f"Aperçu : http://127.0.0.1:{port}/" in output
    assert "« musee » ne correspond à aucun lieu" in output  # the terminal shows the problem too


def test_lettre_builds_then_prints_the_letters_files_and_opens_nothing(root):
    result = invoke("lettre", "--mois", "2026-12", root=root, BROWSER="false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lettre de décembre 2026 :" in result.stdout
    for name in ("index.html", "lettre.html", "lettre.txt"):
        path = root / "output" / "lettre" / "2026-12" / name
        assert str(path) in result.stdout and path.is_file()
    empty = invoke("lettre", "--mois", "2027-05", root=root)
    assert empty.returncode == 1
    assert "Pas de lettre pour 2027-05" in empty.stdout and "2026-12" in empty.stdout
    wrong = invoke("lettre", "--mois", "décembre", root=root)
    assert wrong.returncode == 2 and "n'est pas un mois" in wrong.stdout and "Traceback" not in wrong.stderr
