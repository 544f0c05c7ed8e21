"""Staff and developer tasks: `invoke --list` shows them all, with their help in French.

The work is done in `plugins/staff/` (importable, tested); each task only calls it. `SITE_CONTENT` and
`SITE_OUTPUT` in the environment point the tasks at other folders (the tests use throwaway copies).
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Exit, task

sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))

from staff.project import Project  # noqa: E402


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _finish(code: int) -> None:
    if code:
        raise Exit(code=code)


@task(help={"prod": "Construire avec publishconf.py (adresses du site public)."})
def build(c, prod=False):
    """Construit le site dans output/ (l'ancien site reste en place si la construction échoue)."""
    from staff.building import run_build

    _finish(run_build(Project.from_environment(), prod))


@task(help={"port": "Port de l'aperçu sur cet ordinateur (8000 par défaut)."})
def serve(c, port=8000):
    """Aperçu sur http://127.0.0.1:8000/, reconstruit et rechargé à chaque modification (Ctrl+C pour arrêter)."""
    from staff.preview import Preview

    try:
        preview = Preview(Project.from_environment(), int(port), _console())
    except OSError as error:
        raise Exit(f"Impossible d'ouvrir le port {port} ({error.strerror}) : essayez « ./site serve --port 8001 ».", 1)
    preview.run()


@task
def check(c):
    """Vérifie tout le contenu sans construire le site : chaque problème, avec le fichier, la ligne et la correction."""
    from programme.build.check import check_site
    from staff.report import print_check
    from staff.unexpected import describe
    from staff.vanished import add_to, compare_with_live

    project = Project.from_environment()
    try:
        report = check_site(project.settings())
    except Exception as error:  # a bug, not a content mistake: said in French, detail kept for developers
        raise Exit(f"La vérification n'a pas pu aller au bout : {describe(error, project.cache)}", 1)
    console = _console()
    # Compared with what is live too: a published upcoming event must not lose its page (the production
    # settings say where the site is published).
    add_to(report, compare_with_live(project.settings(prod=True), report, console, strict=False) or [])
    print_check(report, console)
    _finish(1 if report.problems else 0)


@task(help={"kind": "event, researcher, episode, venue, cycle, partner ou project (ou : evenement, chercheur, lieu, "
                    "partenaire, projet).",
            "title": "Le titre, entre guillemets ; il donne aussi le nom du fichier."})
def new(c, kind, title):
    """Crée une fiche pré-remplie : ./site new event|researcher|episode|venue|cycle|partner|project "Titre"."""
    from staff.scaffold import ScaffoldError, scaffold

    project = Project.from_environment()
    try:
        path = scaffold(kind, title, project.content, project.settings())
    except ScaffoldError as error:
        raise Exit(f"Rien n'a été créé : {error}", 1)
    _console().print(f"Créé : {path.relative_to(project.content.parent)}\n"
                     "Complétez-le, vérifiez avec « ./site check », puis retirez la ligne « Statut: brouillon » pour la publier.")


@task(help={"mois": "Le mois de la lettre : l'année puis le mois, par exemple 2027-01."})
def lettre(c, mois):
    """Construit le site et indique les fichiers de la lettre du mois (en ligne, e-mail, texte), sans rien ouvrir."""
    from staff.letter import run

    _finish(run(Project.from_environment(), mois, _console()))


@task
def publish(c):
    """Vérifie, construit le site public et le met en ligne d'un coup (DEPLOY_TARGET de publishconf.py)."""
    from staff.publishing import publish as run

    _finish(run(Project.from_environment(), _console()))


@task
def rollback(c):
    """Remet en ligne la version qui l'était avant la dernière publication, et retire celle-ci."""
    from staff.publishing import rollback as run

    _finish(run(Project.from_environment(), _console()))


@task(help={"count": "Nombre de mises en ligne à montrer, les plus récentes (10 par défaut)."})
def versions(c, count=10):
    """Liste les versions mises en ligne, de la plus récente à la plus ancienne, avec ce que chacune a changé."""
    from staff.publishing import versions as run

    _finish(run(Project.from_environment(), _console(), int(count)))


@task
def screenshots(c):
    """Reprend les captures d'écran du README (docs/screenshots/) avec le Chromium des tests."""
    import tempfile

    root = Path(__file__).resolve().parent
    sys.path[:0] = [str(root / "tests")]
    from screenshots import FOLDER, build_sample, take

    with tempfile.TemporaryDirectory() as folder:
        for path in take(build_sample(Path(folder)), FOLDER):
            print(path.relative_to(root))


@task(
    help={
        "sizes": "Tailles des programmes synthétiques (nombres d'événements), séparées par des virgules.",
        "repeat": "Nombre de constructions par mesure ; la médiane est retenue.",
        "output": "Fichier JSON où écrire les résultats.",
        "preview": "Mesurer aussi le délai de l'aperçu en direct (--no-preview pour l'omettre).",
        "compare": "Rapport JSON d'une mesure antérieure, dont les chiffres sont affichés à côté des nouveaux.",
    }
)
def bench(c, sizes="500,2000,8000", repeat=3, output="bench.json", preview=True, compare=""):
    """Mesure la construction sur des programmes synthétiques, face à Pelican seul (voir docs/performance.md)."""
    from tests.benchmark.harness import run

    run([int(size) for size in sizes.split(",")], int(repeat), Path(output), preview=preview,
        earlier=Path(compare) if compare else None)
