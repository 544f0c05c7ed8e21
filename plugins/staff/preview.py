"""`invoke serve`: the site on http://127.0.0.1:<port>/, rebuilt whenever content, theme or plugins change.

Builds run in one long-lived process, `python -m staff.warm`, which keeps Pelican loaded: an edited
event's page is written first, in a fraction of a second, and the full build (listings, calendars,
feeds, search) follows. Edits to the code, the theme or the settings restart that process, so they
take effect. Every HTML page gets a small script that reloads it whenever the build number moves (after
the edited page, then after the full build). When a build fails, the last good site stays in `output/`
but every page shows the French list of problems instead, so nobody looks at a stale page thinking
their edit is live, and the page recovers by itself once the file is fixed.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles
from programme.problems import Problem
from rich.console import Console

from . import building
from .project import Project

PREFIX = "/__apercu__/"
RELOAD_SCRIPT = """(function () {
  var built = document.currentScript.getAttribute("data-build");
  function poll() {
    fetch("%sstate", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) { if (String(state.build) !== built) { location.reload(); } })
      .catch(function () {})
      .then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
""" % PREFIX
ERROR_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Aperçu : la construction a échoué</title>
<style>body{{font:1.05rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
h1{{color:#a40000}}li{{margin:.8rem 0;white-space:pre-wrap;font-family:ui-monospace,monospace}}</style></head>
<body><h1>Le site n'a pas pu être reconstruit</h1>
<p>{count}. Corrigez le fichier indiqué et enregistrez-le : cette page se rechargera toute seule.
Le terminal où tourne « ./site serve » affiche les mêmes messages.</p>
<ul>{items}</ul>{script}</body></html>
"""


# The preview's own notice of warnings, on every page (a stylesheet: the pages' policy allows no inline style).
PANEL_STYLE = """.apercu-avertissements{position:fixed;right:1rem;bottom:1rem;max-width:min(40rem,calc(100vw - 2rem));
max-height:60vh;overflow:auto;background:#fff8e1;color:#222;border:2px solid #8a6d00;border-radius:.4rem;
padding:.5rem 1rem;font:1rem/1.4 system-ui,sans-serif;z-index:1000;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.apercu-avertissements summary{cursor:pointer;font-weight:700}
.apercu-avertissements li{margin:.5rem 0;white-space:pre-wrap}
@media print{.apercu-avertissements{display:none}}
"""


@dataclass
class BuildState:
    """The verdict of the latest build; `number` changes at every build, which is what pages poll."""

    number: int = 0
    problems: list[str] = field(default_factory=list)  # each problem, as the terminal prints it
    warnings: list[str] = field(default_factory=list)  # shown on every page of the preview, not published

    @property
    def ok(self) -> bool:
        return not self.problems

    def script_tag(self) -> str:
        return f'<script src="{PREFIX}reload.js" data-build="{self.number}"></script>'

    def warnings_panel(self) -> str:
        """The latest build's warnings, folded in a corner of each page (the preview's, never the public site's)."""
        if not self.warnings:
            return ""
        count = len(self.warnings)
        items = "".join(f"<li>{html.escape(text)}</li>" for text in self.warnings)
        return (f'<link rel="stylesheet" href="{PREFIX}apercu.css"><aside class="apercu-avertissements" '
                f'aria-label="Avertissements de l\'aperçu"><details><summary>{count} avertissement'
                f'{"s" if count > 1 else ""} (aperçu seulement)</summary><ul>{items}</ul></details></aside>')

    def error_page(self) -> bytes:
        count = len(self.problems)
        label = f"{count} problème{'s' if count > 1 else ''} empêche{'nt' if count > 1 else ''} la construction"
        items = "".join(f"<li>{html.escape(text)}</li>" for text in self.problems)
        return ERROR_PAGE.format(count=label, items=items, script=self.script_tag()).encode("utf-8")


def verdict_lines(verdict: dict | None) -> list[str]:
    """The problems a build reported (`building.verdict`), as text; a build that died without a verdict is a problem too."""
    if verdict is None:
        return ["La construction s'est arrêtée sans rapport : voyez le terminal."]
    return [str(Problem(**item)) for item in verdict["problems"]] + [f"Erreur : {text}" for text in verdict["errors"]]


def verdict_warnings(verdict: dict | None) -> list[str]:
    return [str(Problem(**item)) for item in (verdict or {}).get("warnings", [])]


class WarmProcess:
    """The preview's side of `staff.warm`: requests go to its stdin, replies come back on a pipe of their own."""

    def __init__(self, project: Project):
        self.project = project
        self.process: subprocess.Popen | None = None
        self.replies = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> None:
        read, write = os.pipe()
        argv, env = building.command(self.project, "staff.warm")
        self.process = subprocess.Popen([*argv, "--replies", str(write)], cwd=self.project.root, env=env,
                                        stdin=subprocess.PIPE, text=True, pass_fds=(write,))
        os.close(write)
        self.replies = os.fdopen(read, encoding="utf-8")

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            self.process.stdin.close()  # it finishes what it does, then sees the end of its requests
        except BrokenPipeError:
            pass  # it is gone already
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.replies.close()
        self.process = self.replies = None

    def request(self, changed: list[Path]) -> Iterator[dict]:
        """Yield the replies to one request: maybe a "page", then the "build" (missing if the process died)."""
        if self.process is None:
            self.start()
        try:
            self.process.stdin.write(json.dumps({"changed": [str(path) for path in changed]}) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # it died: the replies end at once
        for line in self.replies:
            reply = json.loads(line)
            yield reply
            if reply["reply"] == "build":
                return
        self.stop()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the terminal is for build messages
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == f"{PREFIX}state":
            return self._send(200, "application/json", json.dumps({"build": self.state.number}).encode())
        if path == f"{PREFIX}reload.js":
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.encode())
        if path == f"{PREFIX}apercu.css":
            return self._send(200, "text/css; charset=utf-8", PANEL_STYLE.encode())
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        is_page = file.suffix == ".html" or not file.suffix
        if is_page and not self.state.ok:
            return self._send(500, "text/html; charset=utf-8", self.state.error_page())
        if not file.is_file():
            missing = Path(self.directory) / "404.html"
            if missing.is_file():
                return self._send(404, "text/html; charset=utf-8", self._with_script(missing.read_bytes()))
            return super().do_GET()
        if file.suffix == ".html":
            return self._send(200, "text/html; charset=utf-8", self._with_script(file.read_bytes()))
        return super().do_GET()

    def _with_script(self, page: bytes) -> bytes:
        tag = (self.state.warnings_panel() + self.state.script_tag()).encode()
        return page.replace(b"</body>", tag + b"</body>", 1) if b"</body>" in page else page + tag

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class Preview:
    def __init__(self, project: Project, port: int, console: Console):
        self.project = project
        self.console = console
        self.state = BuildState()
        self.lock = threading.Lock()
        self.builder = WarmProcess(project)
        self.own_files: dict[Path, bytes | None] = {}  # written by the last build itself, not by anyone editing
        handler = type("Handler", (PreviewHandler,), {"state": self.state})
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(project.output)))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def rebuild(self, changed: Iterable[Path] = ()) -> None:
        """Edited pages first when the warm process can, then the full build; each bumps the build number."""
        changed = list(changed)
        verdict = None
        with self.lock:
            if any(not path.is_relative_to(self.project.content) for path in changed):
                self.builder.stop()  # code, theme or settings: a new process loads them
            self.project.output.mkdir(parents=True, exist_ok=True)
            for reply in self.builder.request(changed):
                if reply["reply"] == "page":
                    self.state.number += 1
                    self.console.print(f"Page à jour : {', '.join(reply['urls'])} — reconstruction du site…", highlight=False)
                else:
                    verdict = reply
            problems = verdict_lines(verdict)
            self.own_files = {Path(path): _read_bytes(Path(path)) for path in (verdict or {}).get("own_files", [])}
            self.state.problems = problems
            self.state.warnings = verdict_warnings(verdict)
            self.state.number += 1
        if problems:
            self.console.print("[red]L'aperçu affiche ces problèmes dans le navigateur jusqu'à leur correction.[/]")

    def is_own_write(self, path: Path) -> bool:
        """A file the last build wrote (the calendars' memory, if it records it), as it wrote it: not an edit."""
        return path in self.own_files and _read_bytes(path) == self.own_files[path]

    def run(self, stop: threading.Event | None = None) -> None:
        """Serve and rebuild on every change until Ctrl+C (or `stop`, for tests)."""
        watched = [path for path in self.project.watched() if path.exists()]
        serving = False
        try:
            # The first (empty) yield comes once the watcher is armed: build and serve only then, so that
            # no edit made after the first page was served can go unnoticed.
            for changes in watchfiles.watch(*watched, stop_event=stop, yield_on_timeout=True, rust_timeout=500):
                if not serving:
                    self.rebuild()
                    threading.Thread(target=self.server.serve_forever, daemon=True).start()
                    self.console.print(f"[green bold]Aperçu :[/] {self.url}  (Ctrl+C pour arrêter)")
                    serving = True
                elif changes := [Path(path) for path in sorted({path for _change, path in changes})
                                 if not self.is_own_write(Path(path))]:
                    names = ", ".join(sorted({path.name for path in changes if path.exists()}))
                    self.console.print(f"Modifié : {names or 'fichier supprimé'} — reconstruction…", highlight=False)
                    self.rebuild(changes)
        except KeyboardInterrupt:
            pass
        finally:
            self.builder.stop()
            if serving:
                self.server.shutdown()
            self.server.server_close()


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
