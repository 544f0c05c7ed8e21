"""Every mistake a staff member can make is reported with file, field and fix; nothing is published."""

import subprocess
import sys

import pytest
from conftest import ROOT
from PIL import Image
from programme.problems import ContentError

EVENT = "Title: Soirée\nDate: 2026-12-20 19:00\nVenue: museum\n"


def problems(site) -> str:
    with pytest.raises(ContentError) as error:
        site.build()
    return str(error.value)


def assert_reported(message: str, path: str, field: str, *fragments: str) -> None:
    line = next((line for line in message.splitlines() if path in line and f"« {field} »" in line), None)
    assert line is not None, f"no problem names {path} and {field} in:\n{message}"
    for fragment in fragments:
        assert fragment in message, fragment


def test_missing_required_field(site):
    site.write("evenements/sans-date.md", "Title: Sans date\nVenue: museum\n\nTexte.")
    assert_reported(problems(site), "evenements/sans-date.md", "Date", "obligatoire manquant")


def test_missing_title(site):
    site.write("chercheurs/anonyme.md", "Role: Doctorante\n\nTexte.")
    assert_reported(problems(site), "chercheurs/anonyme.md", "Title", "obligatoire")


def test_unparseable_date_names_the_accepted_forms(site):
    site.write("evenements/mauvaise-date.md", "Title: X\nDate: le 3 décembre à 19h\nVenue: museum\n\nTexte.")
    message = problems(site)
    assert_reported(message, "evenements/mauvaise-date.md", "Date", "ligne 2", "2026-12-03 19:00", "03/12/2026 19h00")


def test_french_date_form_is_accepted(site):
    site.write("evenements/date-fr.md", "Title: X\nDate: 31/12/2026 19h00\nVenue: museum\n\nTexte.")
    site.build()
    assert "jeudi 31 décembre 2026, de 19 h à 21 h" in site.text("evenements/date-fr/index.html")


def test_end_before_date(site):
    site.write("evenements/a-l-envers.md", EVENT + "End: 2026-12-20 18:00\n\nTexte.")
    assert_reported(problems(site), "evenements/a-l-envers.md", "End", "avant le début")


def test_unknown_slug_suggests_the_closest(site):
    site.write("evenements/faute.md", EVENT + "Speakers: alice-martine, inconnu-total\n\nTexte.")
    message = problems(site)
    assert_reported(message, "evenements/faute.md", "Speakers", "« alice-martine »", "vouliez-vous dire « alice-martin »")
    assert "« inconnu-total » ne correspond à aucun chercheur" in message


def test_unknown_venue_and_cycle(site):
    site.write("evenements/ailleurs.md", "Title: X\nDate: 2026-12-20 19:00\nVenue: museom\nCycle: bar-des-science\n\nTexte.")
    message = problems(site)
    assert_reported(message, "evenements/ailleurs.md", "Venue", "« museum »")
    assert_reported(message, "evenements/ailleurs.md", "Cycle", "« bar-des-sciences »")


def test_two_files_with_the_same_slug(site):
    site.write("evenements/doublon.md", EVENT + "Slug: sols-vivants\n\nTexte.")
    assert_reported(problems(site), "evenements/sols-vivants.md", "Slug", "déjà pris par evenements/doublon.md")


def test_missing_image(site):
    site.write("evenements/sans-image.md", EVENT + "Image: images/absente.jpg\n\nTexte.")
    assert_reported(problems(site), "evenements/sans-image.md", "Image", "introuvable")


def test_file_that_is_not_an_image(site):
    site.write("images/faux.jpg", "ceci n'est pas une image")
    site.write("chercheurs/faux.md", "Title: Faux\nPhoto: images/faux.jpg\n\nTexte.")
    assert_reported(problems(site), "chercheurs/faux.md", "Photo", "n'est pas une image")


def test_absurdly_large_image(site):
    Image.new("1", (8000, 6000)).save(site.content / "images/immense.png")
    site.write("evenements/immense.md", EVENT + "Image: images/immense.png\n\nTexte.")
    assert_reported(problems(site), "evenements/immense.md", "Image", "démesurée")


def test_bad_orcid(site):
    site.write("chercheurs/orcid.md", "Title: X\nOrcid: 0000-0002-1825-0098\n\nTexte.")
    assert_reported(problems(site), "chercheurs/orcid.md", "Orcid", "chiffre de contrôle")


def test_bad_video(site):
    site.write("webtv/vimeo.md", "Title: X\nVideo: https://vimeo.com/123\n\nTexte.")
    assert_reported(problems(site), "webtv/vimeo.md", "Video", "youtu.be", "PeerTube", ".mp4")


def test_state_outside_its_set(site):
    site.write("evenements/etat.md", EVENT + "State: supprimé\n\nTexte.")
    assert_reported(problems(site), "evenements/etat.md", "State", "annulé (cancelled), reporté (postponed)")


def test_accessibility_code_outside_its_set(site):
    site.write("lieux/salle.md", "Title: Salle\nAccessibility: motor, escalier\n\nTexte.")
    assert_reported(problems(site), "lieux/salle.md", "Accessibility", "escalier", "moteur (motor), auditif (hearing)")


def test_rescheduled_without_previous_date(site):
    site.write("evenements/deplace.md", EVENT + "State: rescheduled\n\nTexte.")
    assert_reported(problems(site), "evenements/deplace.md", "PreviousDate", "ancienne date")


def test_event_with_neither_venue_nor_online(site):
    site.write("evenements/nulle-part.md", "Title: X\nDate: 2026-12-20 19:00\n\nTexte.")
    assert_reported(problems(site), "evenements/nulle-part.md", "Venue", "Online")


@pytest.mark.parametrize("folder", ["evenements", "pages"])
def test_file_not_in_utf8_explains_the_fix(site, folder):
    site.write(f"{folder}/ansi.md", "Title: Conférence\nDate: 2026-12-20 19:00\nVenue: museum\n\nÉté.".encode("cp1252"))
    message = problems(site)
    assert f"{folder}/ansi.md, ligne 1" in message and "UTF-8" in message and "Enregistrer sous" in message


def test_unknown_field_suggests_the_right_name(site):
    site.write("evenements/typo.md", EVENT + "Speaker: alice-martin\n\nTexte.")
    assert_reported(problems(site), "evenements/typo.md", "Speaker", "vouliez-vous écrire « Speakers » ?")


def test_every_problem_is_reported_at_once(site):
    site.write("evenements/un.md", "Title: Un\nDate: demain\nVenue: museum\n\nTexte.")
    site.write("chercheurs/deux.md", "Title: Deux\nOrcid: 123\n\nTexte.")
    site.write("webtv/trois.md", "Title: Trois\n\nTexte.")
    message = problems(site)
    assert message.startswith("3 problèmes")
    for path in ["evenements/un.md", "chercheurs/deux.md", "webtv/trois.md"]:
        assert path in message


def test_failed_build_leaves_previous_output_untouched(site):
    site.build()
    before = site.files()
    mtimes = {p: p.stat().st_mtime_ns for p in site.output.rglob("*")}
    site.write("evenements/nouveau.md", "Title: Nouveau\nDate: 2026-12-21 19:00\nVenue: museum\n\nTexte.")
    site.write("evenements/casse.md", "Title: Cassé\nDate: bientôt\nVenue: museum\n\nTexte.")
    problems(site)
    assert site.files() == before
    assert {p: p.stat().st_mtime_ns for p in site.output.rglob("*")} == mtimes


def test_plain_pelican_command_fails_cleanly_and_keeps_output(site):
    command = [sys.executable, "-m", "pelican", str(site.content), "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(site.output), "-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"]
    env = {"SITE_NOW": "2026-11-25T12:00", "PATH": "/usr/bin:/bin"}
    subprocess.run(command, check=True, cwd=ROOT, env=env, capture_output=True)
    before = site.files()
    site.write("evenements/casse.md", "Title: Cassé\nDate: bientôt\nVenue: museum\n\nTexte.")
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "evenements/casse.md" in result.stdout + result.stderr
    assert site.files() == before


def test_episode_and_event_must_agree(site):
    site.write("evenements/autre.md", EVENT + "Episode: abeilles-video\n\nTexte.")
    assert_reported(problems(site), "evenements/autre.md", "Episode", "indique un autre événement")


def test_news_article_pelican_cannot_read_blocks_publication_in_french(site):
    site.build()
    before = site.files()
    site.write("actualites/cassee.md", "Title: Cassée\nDate: pas une date\n\nTexte.")
    with pytest.raises(ContentError) as error:
        site.build()
    assert [(p.path, p.line, p.field) for p in error.value.problems] == [("actualites/cassee.md", 2, "Date")]
    assert "la date n'est pas reconnue" in str(error.value)
    assert site.files() == before
