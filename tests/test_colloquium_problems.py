"""Every mistake in a colloquium's programme or translation, reported in French with file, line and fix, all at
once, by the build and by `invoke check` alike; nothing is published meanwhile."""

from __future__ import annotations

import pytest
from programme.build.check import check_site
from programme.problems import ContentError, Problem

HEADER = """Titre: Journées des sols
Début: 2027-03-11
Fin: 2027-03-12
Lieu: museum

Présentation des journées.

# Programme
"""
PATH = "colloques/journees.md"


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(next(line for line in text.split("\n") if needle in line)) + 1


def build_problems(site, programme: str, path: str = PATH) -> tuple[str, list[Problem]]:
    """The file written, the build refused (nothing published), and what `invoke check` says of it."""
    text = HEADER + programme
    site.write(path, text)
    with pytest.raises(ContentError) as error:
        site.build()
    assert not site.output.exists()
    checked = check_site(site.settings()).problems
    assert [(p.path, p.line, p.message) for p in checked] == [(p.path, p.line, p.message) for p in error.value.problems]
    return text, checked


def only(problems: list[Problem], path: str = PATH) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].path == path
    return problems[0]


def test_an_unknown_speaker_or_chair_is_named_with_the_closest_researcher(site):
    text, problems = build_problems(site, """## 2027-03-11
### 09:00-10:00 | Ouverture
Présidence: bruno-petitt
- 09:00 | alice-martine, inconnu | Titre
""")
    by_line = {(p.field, p.message): p for p in problems}
    chair = by_line[("Présidence", "« bruno-petitt » ne correspond à aucun chercheur ou chercheuse.")]
    assert chair.line == line_of(text, "Présidence:") and chair.hint == "vouliez-vous dire « bruno-petit » ?"
    speaker = by_line[("Intervenants", "« alice-martine » ne correspond à aucun chercheur ou chercheuse.")]
    assert speaker.line == line_of(text, "alice-martine") and "alice-martin" in speaker.hint
    assert ("Intervenants", "« inconnu » ne correspond à aucun chercheur ou chercheuse.") in by_line


def test_an_unknown_room_suggests_the_venues_rooms(site):
    text, problems = build_problems(site, """## 2027-03-11
### 09:00-10:00 | Ouverture
Salle: Auditoire
""")
    problem = only(problems)
    assert (problem.field, problem.line) == ("Salle", line_of(text, "Salle:"))
    assert problem.message == "« Auditoire » n'est pas une salle du lieu « museum »."
    assert problem.hint == "vouliez-vous dire « Auditorium » ?"


def test_a_room_at_a_venue_that_lists_none_says_where_to_add_it(site):
    site.write(PATH, HEADER.replace("Lieu: museum", "Lieu: cafe-du-pont") + "## 2027-03-11\n### 09:00-10:00 | Ouverture\nSalle: Terrasse\n")
    problem = only(check_site(site.settings()).problems)
    assert problem.message == "le lieu « cafe-du-pont » ne déclare aucune salle."
    assert problem.hint.startswith("ajoutez à lieux/cafe-du-pont.md une ligne « Salles: Terrasse »")


def test_a_session_that_ends_before_it_starts(site):
    text, problems = build_problems(site, "## 2027-03-11\n### 11:00-10:00 | À l'envers\n- 11:00 | alice-martin | Titre\n")
    problem = only(problems)  # its talk is not reported again
    assert problem.line == line_of(text, "À l'envers")
    assert problem.message == "la session finit (10:00) avant de commencer (11:00)."


def test_overlapping_sessions_in_one_room_but_not_in_two(site):
    text, problems = build_problems(site, """## 2027-03-11
### 09:00-10:30 | Première
Salle: Auditorium
### 10:00-11:00 | Seconde
Salle: auditorium
### 10:00-11:00 | En parallèle
Salle: Salle pédagogique
""")
    problem = only(problems)
    assert problem.line == line_of(text, "Seconde")
    assert problem.message == (f"la session (10:00-11:00) chevauche celle de 09:00-10:30 (ligne {line_of(text, 'Première')}), "
                               "dans la même salle (auditorium).")


def test_a_talk_outside_any_session_and_a_talk_outside_its_session(site):
    text, problems = build_problems(site, """## 2027-03-11
- 08:30 | alice-martin | Avant tout
### 09:00-10:00 | Ouverture
- 09:30-10:15 | alice-martin | Trop longue
""")
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "Avant tout"), "cette intervention n'est dans aucune session."),
        (line_of(text, "Trop longue"), f"l'intervention (09:30-10:15) déborde de sa session (09:00-10:00, ligne "
                                       f"{line_of(text, 'Ouverture')}).")]
    assert problems[0].hint == "ajoutez au-dessus le titre de sa session, ex. « ### 09:30-11:00 | Titre de la session »."


def test_a_day_outside_the_colloquium(site):
    text, problems = build_problems(site, "## samedi 13 mars 2027\n### 09:00-10:00 | Hors dates\n")
    problem = only(problems)
    assert problem.line == line_of(text, "samedi 13 mars")
    assert problem.message == ("le samedi 13 mars 2027 est hors des dates du colloque (du jeudi 11 mars 2027 au "
                               "vendredi 12 mars 2027).")


def test_headings_and_lines_that_cannot_be_read_say_the_expected_form(site):
    text, problems = build_problems(site, """## mercredi 11 mars 2027
### 09:00 | Sans fin
- 09:00 | alice-martin | Perdue avec sa session
## 2027-03-12
### 09:00-10:00 | Bonne
Sale: Auditorium
- 9h | alice-martin
- 09:30 | alice-martin | Un titre | klingon
#### Un sous-titre
""")
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "mercredi"), "« mercredi 11 mars 2027 » : le 11/03/2027 n'est pas un mercredi. Une journée du "
                                    "programme s'écrit en titre « ## »."),
        (line_of(text, "Sale:"), "« Sale » n'est pas un champ de session."),
        (line_of(text, "- 9h"), "une intervention s'écrit en trois parties séparées par « | » : l'horaire, les "
                                "intervenants, le titre."),
        (line_of(text, "klingon"), "« klingon » n'est pas une langue connue."),
        (line_of(text, "####"), "un titre de niveau 4 (« #### ») n'a pas de sens dans le programme.")]
    assert problems[1].hint == "vouliez-vous écrire « Salle: » ?"


def test_a_translation_without_an_original_or_with_sessions_the_original_lacks(site):
    site.write("colloques/sol-2027.en.md", "Title: Soils\n\nText.\n")
    site.write("colloques/sols-2027.en.md", """Title: Living soils
Summary: Two days.

Text.

# Programme

## 2027-03-11
### 09:45-11:00 | Late opening
## 2027-03-13
""")
    problems = {p.path: p for p in check_site(site.settings()).problems if p.path != "colloques/sols-2027.en.md"}
    lonely = problems["colloques/sol-2027.en.md"]
    assert lonely.message == "cette traduction ne correspond à aucun colloque (colloques/sol-2027.md n'existe pas)."
    assert lonely.hint == "vouliez-vous traduire « sols-2027.md » ? Renommez ce fichier « sols-2027.en.md »."
    mismatched = [p for p in check_site(site.settings()).problems if p.path == "colloques/sols-2027.en.md"]
    assert [(p.line, p.message) for p in mismatched] == [
        (9, "aucune session de l'original ne commence à 09:45 ce jour-là."),
        (10, "le samedi 13 mars 2027 n'est pas une journée du colloque original.")]
    assert mismatched[0].hint.startswith("une traduction reprend les journées et les horaires de colloques/sols-2027.md")
    with pytest.raises(ContentError):
        site.build()


def test_every_mistake_of_a_file_is_reported_at_once(site):
    text, problems = build_problems(site, """## 2027-03-11
### 09:00-10:00 | Première
- 09:00 | inconnue | Titre
### 09:30-10:30 | Seconde
- 10:00-11:00 | alice-martin | Trop tard
### 14:00-15:00 | Troisième
Salle: Auditoire
## 2027-03-20
""")
    assert sorted(p.line for p in problems) == sorted(line_of(text, needle) for needle in (
        "Salle: Auditoire", "inconnue", "Seconde", "Trop tard", "2027-03-20"))
    assert all(str(p).startswith(f"{PATH}, ligne ") for p in problems)


def test_a_colloquium_field_mistake_is_a_field_problem(site):
    site.write(PATH, HEADER.replace("Fin: 2027-03-12", "Fin: 2027-03-10").replace("Début: 2027-03-11",
                                                                                  "Début: 2027-03-11 09:00"))
    problems = check_site(site.settings()).problems
    assert [(p.field, p.line) for p in problems] == [("Début", 2)]
    assert problems[0].message == "« 2027-03-11 09:00 » donne une heure : un colloque se compte en journées."
    site.write(PATH, HEADER.replace("Fin: 2027-03-12", "Fin: 2027-03-10"))
    problem = only(check_site(site.settings()).problems)
    assert (problem.field, problem.line, problem.message) == ("Fin", 3, "le colloque finit avant de commencer.")


def test_a_translated_session_among_several_at_one_time_must_name_its_room(site):
    site.edit("colloques/sols-2027.md", "### 11:00-12:30 | Atelier : un sol à la loupe",
              "### 09:30-11:00 | Atelier : un sol à la loupe")
    site.edit("colloques/sols-2027.md", "- 11:00 | alice-martin | Observer", "- 09:30 | alice-martin | Observer")
    site.edit("colloques/sols-2027.en.md", "### 11:00-12:30 | Workshop: a soil under the magnifying glass",
              "### 09:30-11:00 | Workshop: a soil under the magnifying glass")
    problems = check_site(site.settings()).problems
    assert [(p.path, p.line) for p in problems] == [("colloques/sols-2027.en.md", 10), ("colloques/sols-2027.en.md", 15)]
    assert {p.message for p in problems} == {"plusieurs sessions de l'original commencent à 09:30 ce jour-là "
                                             "(« Auditorium », « Salle pédagogique ») : laquelle est traduite ici ?"}
    assert problems[0].hint == "ajoutez sous son titre la ligne « Room: … » (ou « Salle: … ») de l'original."
    site.edit("colloques/sols-2027.en.md", "magnifying glass\n", "magnifying glass\nRoom: Salle pédagogique\n")
    site.edit("colloques/sols-2027.en.md", "urban soils\n", "urban soils\nSalle: auditorium\n")
    assert check_site(site.settings()).problems == []


def test_text_and_sessions_that_belong_to_no_day(site):
    text, problems = build_problems(site, """Un paragraphe égaré.
### 09:00-10:00 | Sans journée
""")
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "égaré"), "ce texte est hors de toute journée du programme."),
        (line_of(text, "Sans journée"), "cette session n'est sous aucune journée.")]


def test_a_new_colloquium_and_a_new_translation_pass_the_checker(site):
    from staff.scaffold import ScaffoldError, scaffold

    (site.content / "colloques/sols-2027.en.md").unlink()
    path = scaffold("traduction", "Les sols vivants : deux journées d'étude", site.content, site.settings())
    assert path == site.content / "colloques/sols-2027.en.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Title: Les sols vivants : deux journées d'étude\n# Traduction anglaise de sols-2027.md")
    assert "### 09:30-11:00 | Ouverture : les sols des villes\nSalle: Auditorium" in text
    path.write_text(text.replace("Statut: brouillon\n", ""), encoding="utf-8")
    colloquium = scaffold("colloque", "Rencontres du fleuve", site.content, site.settings())
    assert "# Programme\n\n## 2027-06-10\n\n### 09:00-10:30 | Titre de la première session" in colloquium.read_text(encoding="utf-8")
    colloquium.write_text(colloquium.read_text(encoding="utf-8").replace("Statut: brouillon\n", ""), encoding="utf-8")
    report = check_site(site.settings())
    assert report.problems == [] and report.counts["colloquium"] == 2 and report.counts["translation"] == 1
    with pytest.raises(ScaffoldError, match="« inconnu » ne désigne aucun colloque de content/colloques/ .* colloques "
                                            "existants : rencontres-du-fleuve, sols-2027."):
        scaffold("traduction", "inconnu", site.content, site.settings())


def test_the_guides_example_colloquium_is_valid_with_the_sample_content(tmp_path):
    import re
    import shutil

    from conftest import ROOT
    from pelican.settings import read_settings

    guide = (ROOT / "docs" / "guide-redaction.md").read_text(encoding="utf-8")
    [(relative, text)] = re.findall(r"^Exemple de fichier `content/(colloques/[^`]+)` :\n\n```markdown\n(.*?)```", guide,
                                    re.MULTILINE | re.DOTALL)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / relative).write_text(text, encoding="utf-8")
    report = check_site(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))
    assert report.problems == [] and report.warnings == [] and report.counts["colloquium"] == 2
