"""More of a research network than the fixture site's own (one project, its funder, a partner): a lab without
logo or website, a project without funder, end or event, a coming event of the fixture's project. Written
into a test's own copy (`conftest.Site`), never into the shared fixture."""

from __future__ import annotations

from conftest import Site

PROJECT = "projets/pollinisateurs/index.html"  # the fixture's: funded by the ANR, with the university
QUIET_PROJECT = "projets/sols-urbains/index.html"  # no funder, no event, no end
FUNDER = "partenaires/anr/index.html"
LAB = "partenaires/isto/index.html"
UNIVERSITY = "partenaires/universite/index.html"  # with a logo and a website
PAST_EVENT = "evenements/abeilles-et-cafe/index.html"  # of the project, co-organised with the university
COMING_EVENT = "evenements/webinaire/index.html"  # of the project
OTHER_EVENT = "evenements/sols-vivants/index.html"  # of no project
EPISODE = "webtv/abeilles-video/index.html"  # of the project


def add_network(site: Site) -> Site:
    site.write("partenaires/isto.md", "Titre: Institut des sciences de la Terre d'Orléans\nType: laboratoire\n"
               "Comité: oui\n\nUn laboratoire du CNRS, de l'université et du BRGM.")
    site.write("projets/sols-urbains.md", "Titre: Sols urbains\nDébut: 2024-03-15\nPartenaires: isto\n"
               "Résumé: Ce que vivent les sols sous la ville.\n\nUn projet en cours.")
    site.edit("projets/pollinisateurs.md", "Partenaires: universite\n", "Partenaires: universite, isto\n"
              "Image: images/affiche.jpg\nTexte alternatif: Une abeille sauvage sur une fleur\n")
    site.edit("evenements/webinaire.md", "Online:", "Projet: pollinisateurs\nOnline:")
    site.edit("chercheurs/alice-martin.md", "Affiliations: universite\n", "Affiliations: universite, isto\n")
    return site
