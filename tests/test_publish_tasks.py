"""`invoke publish` and `rollback` against a real target, as staff run them.

Real `python -m invoke` processes on throwaway content, publishing into a throwaway folder (or over rsync to
one, through a local stand-in for ssh); assertions read what those processes printed and the files they wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_tasks import invoke, live, releases, root, write  # noqa: F401  (root is a fixture)

pytestmark = pytest.mark.slow

NEW_EVENT = "Title: Nuit des étoiles\nDate: 2026-12-18 20:00\nVenue: museum\n\nObservation du ciel."


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def ok(result) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def journal(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "www/publications.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_second_rollback_never_brings_back_the_withdrawn_release(root):
    first = ok(invoke("publish", root=root))
    assert "première publication : 5 événements en ligne" in first
    [a] = releases(root)
    edit(root, "evenements/sols-vivants.md", "Title: Les sols vivants", "Title: Les sols vivants, 2e édition")
    assert "1 événement modifié (« Les sols vivants, 2e édition »)" in ok(invoke("publish", root=root))
    _, b = releases(root)

    back = ok(invoke("rollback", root=root))
    assert f"la version {a} est de nouveau en ligne, à la place de {b}, qui est retirée" in back
    assert live(root) == f"releases/{a}"

    write(root, "evenements/nuit-des-etoiles.md", NEW_EVENT)
    third = ok(invoke("publish", root=root))
    assert "1 événement ajouté (« Nuit des étoiles »), 1 modifié (« Les sols vivants, 2e édition »)" in third
    assert f"la version précédente ({a})" in third
    c = releases(root)[-1]
    assert releases(root) == [a, c]  # B, withdrawn, is gone for good

    again = ok(invoke("rollback", root=root))
    assert live(root) == f"releases/{a}", "the second rollback must return to A, never to the withdrawn B"
    assert "1 événement modifié (« Les sols vivants »), 1 retiré (« Nuit des étoiles »)" in again
    page = root / "www/current/evenements/sols-vivants/index.html"
    assert "<h1>Les sols vivants</h1>" in page.read_text(encoding="utf-8")
    assert not (root / "www/current/evenements/nuit-des-etoiles").exists()

    last = invoke("rollback", root=root)
    assert last.returncode == 1 and "aucune version antérieure" in last.stdout and live(root) == f"releases/{a}"
    assert [(s["action"], s["release"]) for s in journal(root)] == [
        ("publish", a), ("publish", b), ("rollback", a), ("publish", c), ("rollback", a)]
