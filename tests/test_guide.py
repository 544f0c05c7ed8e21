"""docs/guide-redaction.md cannot drift: every field, example file, message and task it names is checked."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from conftest import ROOT
from pelican.settings import read_settings
from programme.build.check import check_site
from programme.content.schema import SCHEMAS

GUIDE = (ROOT / "docs" / "guide-redaction.md").read_text(encoding="utf-8")
SECTIONS = {
    "event": "Ajouter un événement",
    "researcher": "Ajouter un chercheur ou une chercheuse",
    "episode": "Ajouter un épisode de la WebTV",
    "venue": "Ajouter un lieu",
    "cycle": "Ajouter un cycle",
    "partner": "Ajouter un partenaire",
    "project": "Ajouter un projet",
}
COMMON_SECTION = "Écrire une fiche"


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", GUIDE, re.MULTILINE | re.DOTALL)
    assert match, f"the guide has no section « {title} »"
    return match[1]


def test_the_field_tables_are_printed_from_the_schema():
    from staff.guide import update

    assert update(GUIDE) == GUIDE, "docs/guide-redaction.md is stale: run `PYTHONPATH=plugins python -m staff.guide`"
    for kind, title in SECTIONS.items():
        assert f"<!-- champs: {kind} -->" in section(title)
    assert "<!-- champs: commun -->" in section(COMMON_SECTION)
    for kind, specs in SCHEMAS.items():
        for spec in specs:
            assert f"| `{spec.french}` | `{spec.name}` |" in GUIDE, (kind, spec.name)


def example_files() -> dict[str, str]:
    """`Fichier `content/…` :` followed by a fenced block, throughout the guide."""
    found = re.findall(r"^Fichier `content/([^`]+)` :\n\n```markdown\n(.*?)```", GUIDE, re.MULTILINE | re.DOTALL)
    return dict(found)


def test_the_example_files_are_valid_together_with_the_sample_content(tmp_path):
    files = example_files()
    assert {path.split("/")[0] for path in files} == {"evenements", "chercheurs", "webtv", "lieux", "cycles", "partenaires",
                                                       "projets"}
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for relative, text in files.items():
        assert not (content / relative).exists(), f"{relative} would overwrite sample content"
        (content / relative).write_text(text, encoding="utf-8")
    report = check_site(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))
    assert report.problems == [] and report.warnings == []
    sample = check_site(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "content")}))
    assert report.counts["event"] == sample.counts["event"] + 1 and report.counts["partner"] == sample.counts["partner"] + 1
    assert report.counts["project"] == sample.counts["project"] + 1


def test_every_checker_message_explained_is_one_the_checker_really_prints():
    sources = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "plugins").rglob("*.py"))
    messages = re.findall(r"^\| `([^`]+)` \|", section("Comprendre les messages du vérificateur"), re.MULTILINE)
    assert len(messages) >= 15
    for message in messages:
        assert message in sources, f"the guide explains « {message} », which no module prints"


def test_the_cheat_sheet_names_every_task():
    tasks = re.findall(r"^  (\w+)\s", subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT,
                                                     capture_output=True, text=True).stdout, re.MULTILINE)
    staff_tasks = set(tasks) - {"bench", "screenshots"}  # developers' tasks (docs/performance.md, README)
    assert staff_tasks == {"build", "check", "lettre", "new", "publish", "rollback", "serve", "versions"}
    cheat_sheet = section("Aide-mémoire")
    for name in staff_tasks:
        assert f"`./site {name}" in cheat_sheet


def test_the_readme_links_the_guide():
    assert "(docs/guide-redaction.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
