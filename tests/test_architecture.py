"""The plugin's layers hold: the import contracts of pyproject.toml, and modules small enough to read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "plugins" / "programme"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the plugins under `root`, with the repository's contracts, as CI runs it."""
    return subprocess.run([str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env={"PYTHONPATH": str(root / "plugins"), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("content/back_import.py", "from ..outputs import pages\n", "Layers"),
    ("outputs/back_import.py", "from ..build import generator\n", "Only the entry points import the build"),
    ("media/back_import.py", "from ..content import contents\n", "Layers"),
    ("content/fields_cycle.py", "from . import contents\n", "No import cycles"),
])
def test_a_back_import_breaks_a_contract(tmp_path, module, line, contract):
    copy = tmp_path / "repository"
    shutil.copytree(ROOT / "plugins", copy / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    if contract == "No import cycles":  # contents → players → fields_cycle → contents
        players = copy / "plugins/programme/content/players.py"
        players.write_text(players.read_text(encoding="utf-8") + "\nfrom . import fields_cycle  # noqa: E402\n",
                           encoding="utf-8")
    (copy / "plugins/programme" / module).write_text(line, encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout, result.stdout


def python_modules(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def test_no_module_is_over_400_lines():
    long = {str(path.relative_to(PLUGIN.parent)): count for path in python_modules(PLUGIN.parent)
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_the_plugin_shows_its_layers_not_a_soup_of_modules():
    top = sorted(path.name for path in PLUGIN.glob("*.py"))
    assert len(top) <= 12, top
    for package in ("content", "media", "outputs", "build"):
        doc = (PLUGIN / package / "__init__.py").read_text(encoding="utf-8")
        assert "may import" in doc, f"{package}/__init__.py must say what it owns and what it may import"


def test_the_generator_reads_like_pelicans_page_generator():
    assert len((PLUGIN / "build" / "generator.py").read_text(encoding="utf-8").splitlines()) <= 150
