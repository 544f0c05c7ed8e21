"""What a newcomer meets while writing: honest hints, warnings in French where they look, drafts they can
review, suggestions that name the fix, and commands that work as the guide writes them."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
import urllib.request

import pytest
from conftest import DEFAULT_NOW, FIXTURE, ROOT, Site
from programme.build.check import check_site
from programme.problems import ContentError
from rich.console import Console
from staff.preview import Preview
from staff.project import Project
from staff.scaffold import scaffold

EVENT = "Titre: Soirée\nDébut: 2026-12-20 19:00\nLieu: museum\n"


def problems_of(site: Site) -> list:
    with pytest.raises(ContentError) as error:
        site.build()
    return error.value.problems


# -- French names, and hints that never damage a page --------------------------------------------


def test_a_file_written_in_french_builds_like_its_english_twin(site):
    site.write("evenements/fr.md", "Titre: Les fourmis\nDébut: 2026-12-20 19:00\nFin: 2026-12-20 21:00\nLieu: museum\n"
               "Intervenants: alice-martin\nTarif: 5 €\nPublic: Dès 10 ans\nÉtat: complet\nAccessibilité: moteur, auditif\n"
               "Mots-clés: sol, fourmis\nRésumé: Les fourmis retournent la terre.\n\nTexte.")
    site.write("evenements/en.md", "Title: Les fourmis\nDate: 2026-12-20 19:00\nEnd: 2026-12-20 21:00\nVenue: museum\n"
               "Speakers: alice-martin\nPrice: 5 €\nAudience: Dès 10 ans\nState: full\nAccessibility: motor, hearing\n"
               "Tags: sol, fourmis\nSummary: Les fourmis retournent la terre.\n\nTexte.")
    site.build()
    french, english = (str(site.html(f"evenements/{slug}/index.html").find("article")) for slug in ("fr", "en"))
    for written in ("evenements/fr", "evenements%2Ffr", "fr.ics"):
        french = french.replace(written, written.replace("fr", "en").replace("evenements%2Fen", "evenements%2Fen"))
    assert french == english


@pytest.mark.parametrize("written", ["DÉBUT", "debut", "Date", "date"])
def test_field_names_in_any_case_with_or_without_accents(site, written):
    site.write("evenements/x.md", f"Titre: X\n{written}: 2026-12-20 19:00\nLieu: museum\n\nTexte.")
    site.build()
    assert "dimanche 20 décembre 2026" in site.text("evenements/x/index.html")


def test_an_unknown_field_suggests_the_closest_name_french_or_english(site):
    site.write("evenements/x.md", EVENT + "Intervenant: alice-martin\nRegistraton: https://exemple.fr\n\nTexte.")
    found = {p.field: p.hint for p in problems_of(site)}
    assert found == {"Intervenant": "vouliez-vous écrire « Intervenants » ?",
                     "Registraton": "vouliez-vous écrire « Registration » ?"}


def test_a_stray_header_line_never_gets_the_blank_line_hint_and_fields_below_a_blank_line_are_caught(site):
    site.write("evenements/x.md", "Titre: X\nDébut: 2026-12-20 19:00\nLieu: museum\nUne phrase égarée\nFin: 2026-12-20 21:00\n"
               "\nTexte.")
    stray = problems_of(site)
    assert [(p.line, "ligne vide entre" in (p.hint or "")) for p in stray] == [(4, False)]
    # What following the old hint did: the rest of the header falls into the body.
    site.write("evenements/x.md", "Titre: X\nDébut: 2026-12-20 19:00\n\nLieu: museum\nFin: 2026-12-20 21:00\n"
               "# Image: images/affiche.jpg\n\nTexte.")
    fallen = [p for p in problems_of(site) if p.path == "evenements/x.md" and "ligne vide" in p.hint]
    assert [p.line for p in fallen] == [4] and "lignes 4 à 6" in fallen[0].message
    assert check_site(site.settings()).problems  # check fails too, never « Tout est correct »


# -- errors that do not cascade ------------------------------------------------------------------


def test_an_episode_naming_an_event_with_errors_says_so_instead_of_naming_nothing(site):
    site.write("evenements/x.md", "Titre: X\nDébut: bientôt\nLieu: museum\n\nTexte.")
    site.write("webtv/y.md", "Titre: Y\nVidéo: https://youtu.be/Qm7vKx2Lp9A\nÉvénement: x\n\nTexte.")
    episode = [p for p in problems_of(site) if p.path == "webtv/y.md"]
    assert len(episode) == 1 and "n'a pas pu être lu" in episode[0].message and "evenements/x.md" in episode[0].hint
    assert "ne correspond à aucun" not in episode[0].message


# -- drafts, scheduled episodes, recordings ------------------------------------------------------


def test_drafts_show_in_the_preview_under_a_banner_and_never_in_production(site):
    preview = {"SHOW_DRAFTS": True, "DRAFT_SAVE_AS": "brouillons/{slug}/index.html"}
    site.build(**preview)
    page = site.html("evenements/brouillon/index.html")
    assert "Brouillon" in page.find(class_="draft-banner").get_text()
    assert "Pas encore annoncé" in site.text("agenda/index.html")
    site.build()  # production settings
    assert not (site.output / "evenements/brouillon").exists()
    assert "Pas encore annoncé" not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                             for p in site.output.rglob("*") if p.is_file() and p.suffix in (".html", ".ics", ".atom", ".rss", ".xml"))


def test_an_episode_dated_ahead_waits_for_its_date(site):
    site.write("webtv/bientot.md", "Titre: Bientôt\nDate de publication: 2027-01-15\nVidéo: https://youtu.be/Qm7vKx2Lp9A\n\nTexte.")
    site.build("2026-12-01T12:00")
    assert not (site.output / "webtv/bientot").exists()
    site.build("2027-01-16T12:00")
    assert (site.output / "webtv/bientot/index.html").is_file()


def test_no_recording_is_offered_before_an_event_or_for_a_cancelled_one(site):
    for slug in ("futur-video", "annule-video"):
        site.write(f"webtv/{slug}.md", f"Titre: {slug}\nVidéo: https://youtu.be/Qm7vKx2Lp9A\n\nTexte.")
    site.write("evenements/futur.md", EVENT + "Épisode: futur-video\n\nTexte.")
    site.write("evenements/annule.md", "Titre: Annulé\nDébut: 2026-11-20 19:00\nLieu: museum\nÉtat: annulé\n"
               "Épisode: annule-video\n\nTexte.")
    site.build()
    for slug in ("futur", "annule"):
        assert "Revoir l'événement" not in site.text(f"evenements/{slug}/index.html")
    assert "Revoir l'événement" not in site.text("agenda/index.html")


# -- warnings: French, with file and line, where staff look --------------------------------------


def test_warnings_are_french_problems_in_check_and_on_the_preview_pages(site, monkeypatch):
    site.write("evenements/Majuscules.MD", EVENT + "\nTexte.")
    report = check_site(site.settings())
    assert any("evenements/Majuscules.MD" in warning and "renommez-le « Majuscules.md »" in warning
               for warning in report.warnings)
    monkeypatch.setenv("SITE_NOW", DEFAULT_NOW)
    preview = Preview(Project(ROOT, site.content, site.output, site.root / "cache"), 0, Console(file=io.StringIO()))
    try:
        preview.rebuild()
        assert preview.state.ok
        thread = threading.Thread(target=preview.server.handle_request)
        thread.start()
        page = urllib.request.urlopen(f"{preview.url}agenda/").read().decode()
        thread.join()
    finally:
        preview.builder.stop()
        preview.server.server_close()
    assert "apercu-avertissements" in page and "Majuscules.MD" in page and "renommez-le" in page


def test_a_new_file_left_as_the_template_made_it_is_pointed_out(site):
    path = scaffold("event", "Soirée à compléter", site.content, site.settings())
    warnings = check_site(site.settings()).warnings
    ours = [warning for warning in warnings if "soiree-a-completer" in warning]
    assert any("texte de la page est encore celui du modèle" in warning for warning in ours)
    assert any("« 2026-12-03 19:00 » est la valeur d'exemple" in warning for warning in ours)
    text = path.read_text(encoding="utf-8").replace("2026-12-03 19:00", "2027-01-08 18:30")
    path.write_text(text.split("\n\n")[0] + "\n\nLe vrai texte de la soirée.\n", encoding="utf-8")
    assert not [warning for warning in check_site(site.settings()).warnings if "soiree-a-completer" in warning]


# -- suggestions that name the fix ---------------------------------------------------------------


def test_a_mistyped_image_path_gets_the_nearest_file(site):
    site.write("evenements/x.md", EVENT + "Image: images/afiche.jpg\nTexte alternatif: Une affiche\n\nTexte.")
    [problem] = problems_of(site)
    assert problem.hint.startswith("vouliez-vous dire « images/affiche.jpg » ?")


@pytest.mark.parametrize("url", ["https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
                                 "https://tube.example.org/w/p/9c9de5e8-0a1e-484a-b099-e80766180a6d"])
def test_a_playlist_is_named_a_playlist(site, url):
    site.write("webtv/x.md", f"Titre: X\nVidéo: {url}\n\nTexte.")
    [problem] = problems_of(site)
    assert "liste de lecture" in problem.message


def test_a_start_time_in_a_video_address_is_said_in_minutes(site):
    site.write("webtv/x.md", "Titre: X\nVidéo: https://www.youtube.com/watch?v=Qm7vKx2Lp9A&t=125\n\nTexte.")
    assert any("commencera à 2:05" in warning for warning in check_site(site.settings()).warnings)


def test_postponed_with_a_known_date_suggests_a_new_date(site):
    site.write("evenements/x.md", EVENT + "État: reporté\nDate initiale: 2026-12-10 19:00\n\nTexte.")
    warnings = check_site(site.settings()).warnings
    assert any("« État: nouvelle date »" in warning for warning in warnings)


def test_a_body_image_without_alt_is_reported_at_its_own_line(site):
    site.write("evenements/x.md", EVENT + "Image: images/affiche.jpg\nTexte alternatif: Une affiche\n\n"
               "Un paragraphe.\n\n![](images/affiche.jpg)\n")
    [problem] = problems_of(site)
    assert problem.line == 9 and "texte alternatif" in problem.message


def test_git_conflict_markers_are_reported(site):
    site.write("evenements/x.md", EVENT + "\n<<<<<<< HEAD\nTexte à moi.\n=======\nTexte à elle.\n>>>>>>> autre\n")
    [problem] = problems_of(site)
    assert problem.line == 5 and "conflit git" in problem.message


# -- commands as the guide writes them -----------------------------------------------------------


@pytest.mark.slow
def test_site_launcher_works_from_a_new_terminal_and_answers_in_french(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    bare = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
            "SITE_CONTENT": str(tmp_path / "content"), "SITE_OUTPUT": str(tmp_path / "output"), "SITE_NOW": DEFAULT_NOW}

    def site(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(ROOT / "site"), *args], cwd=ROOT, env=bare, capture_output=True, text=True, timeout=300)

    listing = site()
    assert listing.returncode == 0 and "./site check" in listing.stdout and "./site serve" in listing.stdout
    typo = site("chek")
    assert typo.returncode != 0 and "Vouliez-vous dire « ./site check » ?" in typo.stderr
    assert "No idea" not in typo.stdout + typo.stderr
    missing = site("new", "event")
    assert "il manque le titre" in missing.stderr
    built = site("build")
    output = built.stdout + built.stderr
    assert built.returncode == 0, output
    assert "Done: Processed" not in output and "Site construit" in output
    files = sum(len(names) for _folder, _folders, names in os.walk(tmp_path / "output"))
    assert f"{files} fichiers" in output
