"""`invoke publish`, `rollback`, `versions` and `check` against a real target, as staff run them.

Real `python -m invoke` processes on throwaway content, publishing into a throwaway folder (or over rsync to
one, through a local stand-in for ssh); assertions read what those processes printed and the files they wrote.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fake_programs import on_path
from programme.content.schema import SCHEMAS
from test_staff import fake_ssh  # noqa: F401  (a fixture)
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

    listing = ok(invoke("versions", root=root))
    assert "de la plus récente à la plus ancienne (heure de Paris)" in listing
    moments = re.findall(r"^  (\w+ \d+(?:er)? \w+ \d{4}, \d+ h(?: \d\d)?) · (.*)$", listing, re.MULTILINE)
    assert [what for _when, what in moments] == [
        f"retour en arrière : la version {a} est remise en ligne, {c} est retirée — EN LIGNE",
        f"publication de la version {c} — retirée depuis",
        f"retour en arrière : la version {a} est remise en ligne, {b} est retirée",
        f"publication de la version {b} — retirée depuis",
        f"publication de la version {a}",
    ]
    summaries = re.findall(r"^      (.*)$", listing, re.MULTILINE)
    assert summaries == ["1 événement modifié (« Les sols vivants »), 1 retiré (« Nuit des étoiles »)",
                         "1 événement ajouté (« Nuit des étoiles »), 1 modifié (« Les sols vivants, 2e édition »)",
                         "1 événement modifié (« Les sols vivants »)",
                         "1 événement modifié (« Les sols vivants, 2e édition »)",
                         "première publication : 5 événements en ligne"]
    assert "« ./site rollback » ne changerait rien" in listing


def test_versions_before_anything_is_published(root):
    assert "Rien n'a encore été publié" in ok(invoke("versions", root=root))


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


@pytest.fixture
def unreachable(tmp_path, monkeypatch) -> str:
    """An ssh that cannot reach the server, saying so in English as ssh does."""
    on_path(tmp_path / "offline-bin", monkeypatch, "ssh",
            "#!/bin/sh\necho 'ssh: connect to host web.musee.fr port 22: Connection timed out' >&2\nexit 255\n")
    return "deploy@web.musee.fr:/srv/sciences"


ORIGINAL = "Message d'origine (pour l'administrateur) : ssh: connect to host web.musee.fr port 22: Connection timed out"
UNREACHABLE = ("le serveur « deploy@web.musee.fr » ne répond pas : vérifiez que cet ordinateur est connecté à Internet "
               "(et au VPN du musée, s'il en faut un)")


def test_an_unreachable_server_is_told_in_french_with_the_next_step(root, unreachable):
    publish = invoke("publish", root=root, DEPLOY_TARGET=unreachable)
    assert publish.returncode == 1
    assert f"Impossible de lire le site en ligne : {UNREACHABLE}" in publish.stdout and ORIGINAL in publish.stdout
    assert "Rien n'a été publié." in publish.stdout and "2/3" not in publish.stdout  # stopped before building
    rollback = invoke("rollback", root=root, DEPLOY_TARGET=unreachable)
    assert rollback.returncode == 1 and f"Retour impossible : {UNREACHABLE}" in rollback.stdout
    assert ORIGINAL in rollback.stdout and "Le site en ligne n'a pas changé." in rollback.stdout
    versions = invoke("versions", root=root, DEPLOY_TARGET=unreachable)
    assert versions.returncode == 1 and f"Historique illisible : {UNREACHABLE}" in versions.stdout
    check = ok(invoke("check", root=root, DEPLOY_TARGET=unreachable))  # content checks do not need the server
    assert f"Le site en ligne n'a pas pu être lu : {UNREACHABLE}" in check and "Tout est correct" in check
    for result in (publish, rollback, versions):
        assert "Traceback" not in result.stdout + result.stderr and result.stderr == ""


def test_publishing_over_ssh_and_an_rsync_failure_in_french(root, fake_ssh, tmp_path, monkeypatch):
    target = f"deploy@web:{root}/www"
    ok(invoke("publish", root=root, DEPLOY_TARGET=target))
    [first] = releases(root)
    write(root, "evenements/nuit-des-etoiles.md", NEW_EVENT)
    assert "1 événement ajouté (« Nuit des étoiles »)" in ok(invoke("publish", root=root, DEPLOY_TARGET=target))
    assert "1 événement retiré (« Nuit des étoiles »)" in ok(invoke("rollback", root=root, DEPLOY_TARGET=target))
    assert live(root) == f"releases/{first}"

    on_path(tmp_path / "full-disk-bin", monkeypatch, "rsync",
            "#!/bin/sh\necho 'rsync: [receiver] write failed on \"/srv/index.html\": No space left on device (28)' >&2\n"
            "echo 'rsync error: error in file IO (code 11) at receiver.c(381)' >&2\nexit 11\n")
    failed = invoke("publish", root=root, DEPLOY_TARGET=target)
    assert failed.returncode == 1
    assert ("La mise en ligne a échoué : le disque du serveur est plein : demandez à l'administrateur du site de faire "
            "de la place") in failed.stdout
    assert "rsync error: error in file IO (code 11)" in failed.stdout and "Le site en ligne n'a pas changé." in failed.stdout
    assert live(root) == f"releases/{first}" and len(journal(root)) == 3
