"""Runs one Pelican build with a progress display and a French verdict: `python -m staff.building`.

Always a fresh process, so edited plugin code takes effect (the preview keeps one process of its own,
`staff.warm`, and restarts it when code changes). With `--report FILE` it also writes the verdict as
JSON, the same verdict the warm process sends the preview for its error page.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.log import console as pelican_console
from pelican.log import init as init_logging
from pelican.settings import read_settings
from programme.build import outputlock
from programme.build.staging import BuildFailed
from programme.problems import ContentError, Problem
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from . import interrupting
from .project import Project
from .report import print_problems
from .unexpected import describe

console = Console(highlight=False)  # ours: Pelican's is silenced while it builds


class BuildProgress:
    """Counts written files on the terminal while Pelican works (signals, so nothing in Pelican changes)."""

    def __init__(self) -> None:
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                            TextColumn("[bold]{task.completed}[/] fichiers écrits"), TimeElapsedColumn(),
                            console=console, transient=True)
        self.task = self.bar.add_task("Lecture du contenu", total=None)

    def __enter__(self) -> BuildProgress:
        signals.all_generators_finalized.connect(self.writing, weak=False)
        signals.content_written.connect(self.written, weak=False)
        signals.feed_written.connect(self.written, weak=False)
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()
        signals.all_generators_finalized.disconnect(self.writing)
        signals.content_written.disconnect(self.written)
        signals.feed_written.disconnect(self.written)

    def writing(self, generators) -> None:
        self.bar.update(self.task, description="Écriture du site")
        self.generators = generators  # their warnings are read once the run is over

    def written(self, path, **kwargs) -> None:
        self.bar.advance(self.task)

    def warnings(self) -> list[Problem]:
        return [warning for generator in getattr(self, "generators", ()) if hasattr(generator, "problems")
                for warning in generator.problems.warnings]

    def write_manifest(self, path: Path) -> None:
        """What the build published (`staff.manifest`), from its own events: `invoke publish` keeps it on the
        target beside the release."""
        from programme.build.generator import ProgrammeGenerator

        from . import manifest

        programme = next(g.programme for g in self.generators if isinstance(g, ProgrammeGenerator))
        path.write_text(manifest.dumps(manifest.entries(programme.events), programme.now) + "\n", encoding="utf-8")


@dataclass
class Verdict:
    """What a build says: the content's problems and the other errors that stopped it (none if it worked), its
    warnings, and what it published."""

    problems: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: int = 0  # in the output once published
    changed: int = 0  # of which this build wrote anew
    output: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.errors

    def data(self) -> dict:
        """As JSON data: `--report` writes it, the warm process sends it to the preview."""
        return {"problems": [asdict(p) for p in self.problems], "errors": self.errors,
                "warnings": [asdict(p) for p in self.warnings]}


def published_files(output: str, since: float) -> tuple[int, int]:
    """How many files the output holds, and how many of them were written since `since` (the others are the
    previous build's, linked: their modification time is theirs)."""
    total = changed = 0
    for folder, _folders, files in os.walk(output):
        for name in files:
            total += 1
            try:
                changed += os.stat(os.path.join(folder, name)).st_mtime >= since
            except OSError:
                pass
    return total, changed


class Interrupted(KeyboardInterrupt):
    """Ctrl+C stopped a build; `published` says whether its site had already replaced the output."""

    def __init__(self, published: bool):
        super().__init__()
        self.published = published

    def message(self) -> str:
        if self.published:
            return "Construction interrompue après la publication : output/ contient le nouveau site, entier."
        return interrupting.STOPPED_EARLY


def build(settings: dict, pelican: Callable[[], Pelican] | None = None, manifest: Path | None = None) -> Verdict:
    """Build once: the verdict (problems and errors are empty if it worked).

    `pelican` gives the Pelican object to run (the warm process keeps one); by default a new one. The
    output's lock is held for the whole run: another build into the same output waits for this one.
    Pelican's own English summary is silenced: the verdict says it in French. Ctrl+C raises `Interrupted`.
    A build that worked writes the manifest of its events to `manifest`, if given.
    """
    instance = None
    started = time.time() - 1  # file times have a second's precision on some file systems
    progress = BuildProgress()
    try:
        with outputlock.holding(settings["OUTPUT_PATH"], outputlock.timeout_of(settings), notice), \
                progress, _quiet(pelican_console):
            instance = (pelican or functools.partial(Pelican, settings))()
            instance.run()
    except ContentError as error:
        return Verdict(error.problems, warnings=error.warnings)
    except BuildFailed as error:
        return Verdict(errors=str(error).splitlines()[1:], warnings=progress.warnings())
    except outputlock.OutputBusy as error:
        return Verdict(errors=[str(error)])
    except KeyboardInterrupt:
        raise Interrupted(bool(getattr(instance, "output_published", False))) from None
    except Exception as error:  # a template or plugin error: the old output stays, say what broke
        return Verdict(errors=[describe(error, settings.get("PROGRAMME_CACHE_ROOT") or settings.get("CACHE_PATH"))])
    files, changed = published_files(settings["OUTPUT_PATH"], started)
    if manifest is not None:
        progress.write_manifest(manifest)
    return Verdict(warnings=progress.warnings(), files=files, changed=changed, output=str(settings["OUTPUT_PATH"]))


@contextlib.contextmanager
def _quiet(other: Console) -> Iterator[None]:
    saved, other.quiet = other.quiet, True
    try:
        yield
    finally:
        other.quiet = saved


def notice(message: str) -> None:
    """A French notice on the terminal (another build holds the output: this one waits)."""
    console.print(f"[yellow]{message}[/]", soft_wrap=True)


def announce(verdict: Verdict) -> None:
    """The verdict on the terminal, in French: warnings, then problems and errors, or what was published."""
    for warning in verdict.warnings:
        console.print(Text.assemble(("Avertissement : ", "yellow"), str(warning)), soft_wrap=True)
    if verdict.problems:
        print_problems(verdict.problems, console)
    for error in verdict.errors:
        console.print(f"[red]Erreur :[/] {error}", highlight=False, soft_wrap=True)
    if not verdict.ok:
        console.print("[red]La construction a échoué ; le site précédent est resté en place.[/]")
    elif verdict.output:
        console.print(f"[green]Site construit :[/] {verdict.files} fichiers dans {verdict.output}, dont "
                      f"{verdict.changed} nouveaux ou modifiés.", highlight=False, soft_wrap=True)


def command(project: Project, module: str, prod: bool = False, output: Path | None = None,
            manifest: Path | None = None) -> tuple[list[str], dict]:
    """The command line and environment of a build process (`staff.building` or `staff.warm`) for the project."""
    argv = [sys.executable, "-m", module, "--settings", str(project.settings_file(prod)),
            "--content", str(project.content), "--output", str(output or project.output), "--cache", str(project.cache)]
    if manifest is not None:
        argv += ["--manifest", str(manifest)]
    paths = [str(project.root / "plugins"), os.environ.get("PYTHONPATH", "")]
    return argv, {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def run_build(project: Project, prod: bool = False, output: Path | None = None, manifest: Path | None = None) -> int:
    """Build in a fresh Python process (plugin edits take effect); its output goes to our terminal.

    In a session of its own: Ctrl+C reaches the build through us only (`interrupting`), so that it stops
    its workers itself and says what became of the output. `manifest`: where to write what it published.
    """
    argv, env = command(project, "staff.building", prod, output, manifest)
    return interrupting.run_passing_signals(argv, cwd=project.root, env=env)


def arguments(prog: str, description: str) -> argparse.ArgumentParser:
    """The options of a build process: where the settings, the content, the output and the cache are."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--settings", required=True, type=Path)
    parser.add_argument("--content", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--cache", type=Path)
    return parser


def settings_from(args: argparse.Namespace) -> dict:
    """Pelican's settings for those options (and quiet logging, as a build process wants)."""
    init_logging(level=logging.WARNING)
    for handler in logging.getLogger().handlers:  # Pelican's errors are in the French verdict already
        handler.addFilter(lambda record: not getattr(record, "reported_in_french", False))
    sys.path.insert(0, str(args.settings.parent))  # publishconf.py imports pelicanconf
    override = {"PATH": str(args.content), "OUTPUT_PATH": str(args.output)}
    if args.cache:
        override["CACHE_PATH"] = str(args.cache)
    return read_settings(str(args.settings), override=override)


def main(argv: list[str] | None = None) -> int:
    interrupting.loaded()
    parser = arguments("python -m staff.building", __doc__)
    parser.add_argument("--report", type=Path, help="write the verdict there as JSON")
    parser.add_argument("--manifest", type=Path, help="write there what the build published (staff.manifest)")
    args = parser.parse_args(argv)
    try:
        verdict = build(settings_from(args), manifest=args.manifest)
    except Interrupted as interruption:
        console.print(f"[yellow]{interruption.message()}[/]", soft_wrap=True)
        return 130
    announce(verdict)
    if args.report:
        args.report.write_text(json.dumps(verdict.data(), ensure_ascii=False), encoding="utf-8")
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
