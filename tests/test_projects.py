"""Research projects and partners: every mistake told at once, in French; the links both ways, read from the pages."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import FIXTURE, Site
from programme.build.check import check_site
from programme.content.schema import SCHEMAS
from programme.problems import ContentError, Problem

# A small research network over the fixture site: three partners besides its university, two projects (one in
# French, one in English and over), and events, an episode and researchers that name them.
NETWORK = {
    "partenaires/anr.md": "Titre: Agence nationale de la recherche\nType: financeur\nSite web: https://anr.fr\n\n"
                          "Finance la recherche sur projets.\n",
    "partenaires/inrae.md": "Title: INRAE Val de Loire\nKind: organisme de recherche\nCommittee: yes\n\n"
                            "Un organisme de recherche.\n",
    "partenaires/amis-du-museum.md": "Titre: Les Amis du muséum\nComité: oui\n\nUne association, sans type.\n",
    "projets/polliville.md": """Titre: Pollinisateurs des villes
Acronyme: POLLIVILLE
Début: 2025-01
Fin: 2028-12
Financeurs: anr
Appel: ANR — AAPG 2025 (JCJC)
Partenaires: inrae, universite
Porteur: alice-martin
Chercheurs: bruno-petit, alice-martin
Site web: https://polliville.example.fr/
HAL: hal-09900101
DOI: https://doi.org/10.57745/EXEMPLE-1
Mention de financement: Ce projet a bénéficié d'une aide de l'ANR (ANR-25-CE32-0001).

Les abeilles sauvages des jardins orléanais.
""",
    "projets/ancien.md": """Title: Un projet terminé
Acronym: ANCIEN
Start: 2020-01-15
End: 06/2023
Funders: anr
Label: Science avec et pour la société (SAPS)
Researchers: bruno-petit
FundingMention: Projet soutenu par l'ANR.

Un projet fini depuis longtemps.
""",
    "projets/a-venir.md": "Titre: Un projet à venir\nDébut: 2027-03\nPartenaires: amis-du-museum\n\nIl commence bientôt.\n",
}
LINKS = [  # (file, the line after which, the lines added): French names in English files, as staff would add them
    ("evenements/sols-vivants.md", "Speakers: alice-martin, bruno-petit", "Projet: polliville\nPartenaires: inrae, universite"),
    ("evenements/abeilles-et-cafe.md", "Speakers: bruno-petit", "Project: polliville, ancien"),
    ("webtv/abeilles-video.md", "Event: abeilles-et-cafe", "Project: polliville"),
    ("chercheurs/alice-martin.md", "Institution: CNRS", "Affiliations: inrae"),
    ("chercheurs/bruno-petit.md", "Institution: Université d'Orléans", "Organismes: universite, inrae"),
]


def add_network(site: Site) -> None:
    for relative, text in NETWORK.items():
        site.write(relative, text)
    for relative, _after, _lines in LINKS:  # the fixture's own links to its project give way to this network's
        path = site.content / relative
        kept = [line for line in path.read_text(encoding="utf-8").split("\n")
                if not line.startswith(("Project:", "Partners:", "Affiliations:"))]
        path.write_text("\n".join(kept), encoding="utf-8")
    for relative, after, lines in LINKS:
        site.edit(relative, after + "\n", f"{after}\n{lines}\n")


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Site:
    """The fixture site with the network, built once for the read-only tests of the links."""
    root = tmp_path_factory.mktemp("network")
    shutil.copytree(FIXTURE, root / "content")
    site = Site(root)
    add_network(site)
    site.build()
    return site


def problems_of(site: Site) -> list[Problem]:
    with pytest.raises(ContentError) as error:
        site.build()
    assert "Traceback" not in str(error.value)
    return error.value.problems


def found(problems: list[Problem], path: str, field: str) -> Problem:
    matching = [problem for problem in problems if problem.path == path and problem.field == field]
    assert len(matching) == 1, f"{len(matching)} problems name {path}, « {field} », in:\n" + "\n".join(map(str, problems))
    return matching[0]


# ── Mistakes ────────────────────────────────────────────────────────────────────────────────────────────────────


def test_every_mistake_of_the_network_is_reported_at_once_with_file_line_field_and_fix(site):
    add_network(site)
    site.write("projets/fautes.md", """Titre: Plein de fautes
Début: 2026-09
Fin: 2026-03
Financeurs: anrr
Partenaires: inra
Porteur: alice-martine
Chercheurs: bruno-petti
HAL: hal-123
DOI: doi 10/abc
Image: images/affiche.jpg

Texte.
""")
    site.write("projets/wrong.md", "Title: Wrong\nStart: 2024-05-10\nEnd: 2024-05-09\nFunders: anr\n\nText.\n")
    site.edit("evenements/conference-annulee.md", "Venue: museum\n", "Venue: museum\nProjet: polivile\nPartenaires: inre\n")
    site.edit("webtv/sols-entretien.md", "Speakers: alice-martin\n", "Speakers: alice-martin\nProject: ancein\n")
    site.edit("chercheurs/alice-martin.md", "Affiliations: inrae\n", "Affiliations: inrea\n")
    site.write("partenaires/mairie.md", "Titre: Mairie\nType: mairie\nComité: peut-être\n\nTexte.\n")
    problems = problems_of(site)

    expected = [  # path, field, line, what the message says, what the fix says
        ("projets/fautes.md", "Fin", 3, "le projet finit avant de commencer", "« Début » et « Fin »"),
        ("projets/fautes.md", "Financeurs", 4, "« anrr » ne correspond à aucun partenaire", "« anr »"),
        ("projets/fautes.md", "Partenaires", 5, "« inra » ne correspond à aucun partenaire", "« inrae »"),
        ("projets/fautes.md", "Porteur", 6, "« alice-martine » ne correspond à aucun chercheur", "« alice-martin »"),
        ("projets/fautes.md", "Chercheurs", 7, "« bruno-petti » ne correspond à aucun chercheur", "« bruno-petit »"),
        ("projets/fautes.md", "HAL", 8, "« hal-123 » n'est pas un identifiant HAL", "huit chiffres"),
        ("projets/fautes.md", "DOI", 9, "« doi 10/abc » n'est pas un DOI", "« 10. »"),
        ("projets/fautes.md", "Texte alternatif", 10, "l'image n'a pas de texte alternatif", "décorative"),
        ("projets/wrong.md", "End", 3, "le projet finit avant de commencer", "« Start » et « End »"),
        ("evenements/conference-annulee.md", "Projet", 4, "« polivile » ne correspond à aucun projet", "« polliville »"),
        ("evenements/conference-annulee.md", "Partenaires", 5, "« inre » ne correspond à aucun partenaire", "« inrae »"),
        ("webtv/sols-entretien.md", "Project", 6, "« ancein » ne correspond à aucun projet", "« ancien »"),
        ("chercheurs/alice-martin.md", "Affiliations", 5, "« inrea » ne correspond à aucun partenaire", "« inrae »"),
        ("partenaires/mairie.md", "Type", 2, "« mairie » n'est pas une valeur possible", "financeur"),
        ("partenaires/mairie.md", "Comité", 3, "« peut-être » n'est pas une valeur possible", "oui"),
    ]
    for path, field, line, message, hint in expected:
        problem = found(problems, path, field)
        assert (problem.line, problem.warning) == (line, False), str(problem)
        assert message in problem.message and hint in (problem.hint or ""), str(problem)
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    assert not site.output.exists()  # nothing published


def test_check_reports_the_same_problems_as_the_build(site):
    add_network(site)
    site.write("projets/fautes.md", "Titre: Fautes\nDébut: 2026-09\nFinanceurs: anrr\nDOI: 10.1/x\n\nTexte.\n")
    report = check_site(site.settings())
    assert [(p.path, p.field, p.line) for p in report.problems] == [("projets/fautes.md", "Financeurs", 3),
                                                                     ("projets/fautes.md", "DOI", 4)]


@pytest.mark.parametrize("start, end", [("2025-13", None), ("2025-01-15 10:00", None), ("2025-01", "le 3 mars")])
def test_project_dates_are_a_month_or_a_day(site, start, end):
    site.write("projets/dates.md", f"Titre: Dates\nDébut: {start}\n" + (f"Fin: {end}\n" if end else "")
               + "Financeurs: universite\n\nTexte.\n")
    [problem] = problems_of(site)
    assert problem.field == ("Fin" if end else "Début") and "2025-01" in problem.hint


def test_dois_and_hal_ids_are_accepted_as_links_too(network):
    page = network.html("projets/polliville/index.html")
    links = {a.get_text(strip=True): a["href"] for a in section(page, "Publications").find_all("a")}
    assert links == {"HAL : hal-09900101": "https://hal.science/hal-09900101",
                     "DOI : 10.57745/EXEMPLE-1": "https://doi.org/10.57745/EXEMPLE-1"}


@pytest.mark.parametrize("language, names", [("fr", ("Titre", "Début", "Financeurs", "Partenaires")),
                                             ("en", ("Title", "Start", "Funders", "Partners"))])
def test_a_project_with_no_funder_and_no_partner_is_a_warning_and_the_build_goes_on(site, language, names):
    title, start, funders, partners = names
    site.write("projets/seul.md", f"{title}: Tout seul\n{start}: 2026-01\n\nTexte.\n")
    [warning] = [w for w in check_site(site.settings()).warnings if "projets/seul.md" in w]
    assert f"champ « {funders} »" in warning and "ni financeur ni partenaire" in warning
    assert f"« {funders}: »" in warning and f"« {partners}: »" in warning  # the fix, in the file's language
    site.build()  # not a ContentError
    assert "Tout seul" in site.text("projets/seul/index.html")


def in_english(text: str) -> str:
    """A file's header with each field's English name instead of its French one."""
    header, _, body = text.partition("\n\n")
    english = {spec.french: spec.name for spec in SCHEMAS["project"]}
    lines = [f"{english[name]}:{value}" for name, _, value in (line.partition(":") for line in header.splitlines())]
    return "\n".join(lines) + "\n\n" + body


def test_french_and_english_field_names_make_the_same_page(tmp_path):
    french = NETWORK["projets/polliville.md"]
    assert in_english(french).startswith("Title: Pollinisateurs des villes\nAcronym: POLLIVILLE\nStart: 2025-01\n")
    pages = []
    for language, text in [("fr", french), ("en", in_english(french))]:
        shutil.copytree(FIXTURE, tmp_path / language / "content")
        site = Site(tmp_path / language)
        add_network(site)
        site.write("projets/polliville.md", text)
        site.build()
        pages.append(site.html("projets/polliville/index.html").find("main"))
    assert pages[0] == pages[1]


def test_a_draft_project_is_left_out_and_its_links_are_a_warning(site):
    add_network(site)
    site.edit("projets/ancien.md", "Acronym: ANCIEN\n", "Acronym: ANCIEN\nStatus: draft\n")
    warnings = [w for w in check_site(site.settings()).warnings if "« ancien » est un brouillon" in w]
    assert len(warnings) == 1 and "evenements/abeilles-et-cafe.md, ligne 6, champ « Project »" in warnings[0]
    site.build()
    assert not (site.output / "projets/ancien").exists()
    assert "/projets/ancien/" not in site.text("projets/index.html") + site.text("partenaires/anr/index.html")


# ── Links both ways, read from the pages ────────────────────────────────────────────────────────────────────────


def section(page: BeautifulSoup, heading: str) -> BeautifulSoup:
    """What follows the `<h2>` titled `heading`, up to the next `<h2>`, as a document of its own."""
    start = next((h2 for h2 in page.find_all("h2") if h2.get_text(strip=True) == heading), None)
    assert start is not None, f"no « {heading} » among {[h2.get_text(strip=True) for h2 in page.find_all('h2')]}"
    parts = []
    for element in start.next_siblings:
        if isinstance(element, Tag) and (element.name == "h2" or element.find("h2")):
            break
        parts.append(str(element))
    return BeautifulSoup("".join(parts), "html5lib")


def fact(page: BeautifulSoup, label: str) -> Tag:
    """The value of a page's fact (`<dt>label</dt><dd>…</dd>`)."""
    dt = next((dt for dt in page.select("main dl dt") if dt.get_text(strip=True) == label), None)
    assert dt is not None, f"no fact « {label} »"
    return dt.find_next_sibling("dd")


def hrefs(element: Tag) -> list[str]:
    return [a["href"] for a in element.find_all("a", href=True)]


def test_the_project_page_shows_its_team_money_partners_events_videos_and_mention(network):
    page = network.html("projets/polliville/index.html")
    assert page.h1.get_text(" ", strip=True) == "POLLIVILLE Pollinisateurs des villes"
    assert fact(page, "Durée").get_text(strip=True) == "Janvier 2025 – décembre 2028"
    assert hrefs(fact(page, "Financement")) == ["/partenaires/anr/"]
    assert fact(page, "Appel").get_text(strip=True) == "ANR — AAPG 2025 (JCJC)"
    team = [li.get_text(" ", strip=True) for li in section(page, "L'équipe").find_all("li")]
    assert team == ["Alice Martin — Porteur du projet (ISTO, CNRS)", "Bruno Petit — Membre (Université d'Orléans)"]
    assert hrefs(section(page, "L'équipe")) == ["/chercheurs/alice-martin/", "/chercheurs/bruno-petit/"]
    assert "/partenaires/anr/" in hrefs(section(page, "Financeurs"))
    assert [h.get_text(strip=True) for h in section(page, "Partenaires").find_all("h3")] == ["INRAE Val de Loire",
                                                                                         "Université d'Orléans"]
    assert {"/partenaires/inrae/", "/partenaires/universite/"} <= set(hrefs(section(page, "Partenaires")))
    assert "/evenements/sols-vivants/" in hrefs(section(page, "Rendez-vous"))
    assert "/evenements/abeilles-et-cafe/" not in hrefs(section(page, "Rendez-vous"))
    assert "/evenements/abeilles-et-cafe/" in hrefs(section(page, "Rendez-vous passés"))
    assert "/webtv/abeilles-video/" in hrefs(section(page, "Vidéos"))
    assert page.select_one("footer.funding-mention").get_text(strip=True) == (
        "Ce projet a bénéficié d'une aide de l'ANR (ANR-25-CE32-0001).")


def test_the_event_page_shows_its_projects_co_organisers_and_their_funding_mentions(network):
    page = network.html("evenements/sols-vivants/index.html")
    assert hrefs(fact(page, "Projet")) == ["/projets/polliville/"]
    assert fact(page, "Projet").get_text(strip=True) == "POLLIVILLE — Pollinisateurs des villes"
    assert hrefs(fact(page, "Coorganisé avec")) == ["/partenaires/inrae/", "/partenaires/universite/"]
    mentions = [p.get_text(strip=True) for p in page.select("article footer.funding-mention p")]
    assert mentions == ["Ce projet a bénéficié d'une aide de l'ANR (ANR-25-CE32-0001)."]
    two = network.html("evenements/abeilles-et-cafe/index.html")
    assert hrefs(fact(two, "Projet")) == ["/projets/polliville/", "/projets/ancien/"]
    assert [p.get_text(strip=True) for p in two.select("footer.funding-mention p")] == [
        "Ce projet a bénéficié d'une aide de l'ANR (ANR-25-CE32-0001).", "Projet soutenu par l'ANR."]
    plain = network.html("evenements/conference-annulee/index.html")
    assert not plain.select("footer.funding-mention") and "Projet" not in [dt.get_text() for dt in plain.find_all("dt")]


def test_the_episode_page_shows_its_project(network):
    page = network.html("webtv/abeilles-video/index.html")
    assert "/projets/polliville/" in hrefs(page.find("main"))
    assert "/projets/" not in " ".join(hrefs(network.html("webtv/sols-entretien/index.html").find("main")))


def test_the_researcher_page_lists_projects_and_organisations(network):
    alice = network.html("chercheurs/alice-martin/index.html")
    assert hrefs(fact(alice, "Organismes")) == ["/partenaires/inrae/"]
    assert hrefs(section(alice, "Projets de recherche")) == [  # once each, though she leads polliville and
        "/projets/polliville/", "/projets/pollinisateurs/"]       # is listed among its researchers too
    bruno = network.html("chercheurs/bruno-petit/index.html")
    assert hrefs(fact(bruno, "Organismes")) == ["/partenaires/universite/", "/partenaires/inrae/"]
    assert hrefs(section(bruno, "Projets de recherche")) == ["/projets/polliville/", "/projets/pollinisateurs/",
                                                             "/projets/ancien/"]


def test_the_partner_page_lists_what_it_funds_joins_co_organises_and_who_works_there(network):
    anr = network.html("partenaires/anr/index.html")
    assert hrefs(section(anr, "Projets financés")) == ["/projets/polliville/", "/projets/pollinisateurs/", "/projets/ancien/"]
    assert fact(anr, "Type").get_text(strip=True) == "Financeur"
    inrae = network.html("partenaires/inrae/index.html")
    assert hrefs(section(inrae, "Projets auxquels il participe")) == ["/projets/polliville/"]
    assert "/evenements/sols-vivants/" in hrefs(section(inrae, "Prochains rendez-vous coorganisés"))
    assert {"/chercheurs/alice-martin/", "/chercheurs/bruno-petit/"} <= set(
        hrefs(section(inrae, "Chercheuses et chercheurs")))
    assert hrefs(fact(inrae, "Comité")) == ["/comite-des-partenaires/"]
    assert "Comité" not in [dt.get_text(strip=True) for dt in anr.select("main dl dt")]
    university = network.html("partenaires/universite/index.html")
    assert "/chercheurs/alice-martin/" not in hrefs(section(university, "Chercheuses et chercheurs"))


def test_the_partners_page_groups_them_under_their_kind(network):
    page = network.html("partenaires/index.html")
    groups = {section_.h2.get_text(strip=True): [h3.get_text(strip=True) for h3 in section_.find_all("h3")]
              for section_ in page.find("main").find_all("section")}
    assert list(groups) == ["Universités", "Organismes de recherche", "Financeurs", "Autres partenaires"]
    assert groups == {"Universités": ["Université d'Orléans"], "Organismes de recherche": ["INRAE Val de Loire"],
                      "Financeurs": ["Agence nationale de la recherche"], "Autres partenaires": ["Les Amis du muséum"]}
    assert "/comite-des-partenaires/" in hrefs(page.find("main"))


def test_the_committee_page_lists_exactly_the_committee(network):
    main = network.html("comite-des-partenaires/index.html").find("main")
    assert [h2.get_text(strip=True) for h2 in main.find_all("h2")] == ["INRAE Val de Loire", "Les Amis du muséum",
                                                                          "Université d'Orléans"]
    assert set(hrefs(main)) == {"/partenaires/amis-du-museum/", "/partenaires/inrae/", "/partenaires/universite/",
                                "/partenaires/"}


def test_the_projects_page_lists_current_projects_before_finished_ones(network):
    page = network.html("projets/index.html")
    headings = [h2.get_text(strip=True) for h2 in page.find("main").find_all("h2")]
    assert headings == ["Projets en cours", "Projets terminés"]
    assert hrefs(section(page, "Projets en cours")) == ["/projets/a-venir/", "/projets/polliville/",
                                                        "/projets/pollinisateurs/"]  # the newest first
    assert hrefs(section(page, "Projets terminés")) == ["/projets/ancien/"]
    finished = section(page, "Projets terminés").get_text(" ", strip=True)
    assert "15 janvier 2020 – juin 2023" in finished and "Financé par Agence nationale de la recherche" in finished


def test_a_project_ends_on_the_last_day_of_its_month(site):
    add_network(site)
    site.build(now="2028-12-31T23:00")
    assert "/projets/polliville/" in hrefs(section(site.html("projets/index.html"), "Projets en cours"))
    site.build(now="2029-01-01T00:30")
    assert "/projets/polliville/" in hrefs(section(site.html("projets/index.html"), "Projets terminés"))
