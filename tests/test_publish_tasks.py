"""`invoke publish`, `rollback` and `check` against a real target, as staff run them.

Real `python -m invoke` processes on throwaway content, publishing into a throwaway folder (or over rsync to
one, through a local stand-in for ssh); assertions read what those processes printed and the files they wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from programme.schema import SCHEMAS
from test_tasks import invoke, live, releases, root, write  # noqa: F401  (root is a fixture)

pytestmark = pytest.mark.slow

PAST_EVENT = "Title: Atelier d'automne\nDate: 2026-10-03 14:00\nVenue: museum\n\nUn atelier passé."
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


def test_a_published_upcoming_event_cannot_vanish_but_a_past_one_may(root):
    write(root, "evenements/atelier-d-automne.md", PAST_EVENT)
    ok(invoke("publish", root=root))
    [published] = releases(root)
    (root / "content/evenements/sols-vivants.md").rename(root / "sols-vivants.md")  # moved out of the site
    (root / "content/evenements/atelier-d-automne.md").unlink()
    edit(root, "evenements/webinaire.md", "Title: Webinaire inondations\n", "Title: Webinaire inondations\nStatut: brouillon\n")

    check = invoke("check", root=root)
    assert check.returncode == 1
    out = check.stdout
    assert "2 problèmes dans le contenu" in out
    assert ("evenements/sols-vivants.md : l'événement « Les sols vivants » (identifiant « sols-vivants », jeudi 3 "
            "décembre 2026, 19 h) est en ligne et à venir, mais sa fiche n'existe plus") in out
    assert ("annulez-le avec « État: annulé » (il reste affiché, barré, et les agendas abonnés l'apprennent), ou, "
            "s'il a été renommé, ajoutez « Anciens noms: sols-vivants » dans sa nouvelle fiche") in out
    assert "evenements/webinaire.md : l'événement « Webinaire inondations »" in out and "repassée en brouillon" in out
    assert "Avertissement : evenements/atelier-d-automne.md : l'événement passé « Atelier d'automne »" in out

    refused = invoke("publish", root=root)
    assert refused.returncode == 1 and "Rien n'a été publié" in refused.stdout and "sols-vivants" in refused.stdout
    assert releases(root) == [published] and "2/3" not in refused.stdout

    # The fix the message gives: the file back, cancelled; the webinar published again.
    text = (root / "sols-vivants.md").read_text(encoding="utf-8")
    write(root, "evenements/sols-vivants.md", text.replace("Venue: museum\n", "Venue: museum\nÉtat: annulé\n"))
    edit(root, "evenements/webinaire.md", "Statut: brouillon\n", "")
    checked = ok(invoke("check", root=root))
    assert "Tout est correct : 5 événements" in checked and "l'événement passé « Atelier d'automne »" in checked
    published_again = ok(invoke("publish", root=root))
    assert "Avertissement : evenements/atelier-d-automne.md" in published_again  # said once, by the comparison
    assert published_again.count("l'événement passé") == 1
    assert "1 événement modifié (« Les sols vivants »), 1 retiré (« Atelier d'automne »)" in published_again
    cancelled = (root / "www/current/evenements/sols-vivants/index.html").read_text(encoding="utf-8")
    assert "Annulé" in cancelled


@pytest.mark.skipif(not any(spec.french == "Anciens noms" for spec in SCHEMAS["event"]),
                    reason="the event field « Anciens noms » (PreviousSlugs) is not in this tree yet")
def test_a_renamed_event_that_declares_its_old_name_may_be_published(root):
    ok(invoke("publish", root=root))
    text = (root / "content/evenements/sols-vivants.md").read_text(encoding="utf-8")
    (root / "content/evenements/sols-vivants.md").unlink()
    write(root, "evenements/les-sols-vivants.md", text.replace("Venue: museum\n", "Venue: museum\nAnciens noms: sols-vivants\n"))
    ok(invoke("check", root=root))
    assert "1 événement modifié (« Les sols vivants »)" in ok(invoke("publish", root=root))
