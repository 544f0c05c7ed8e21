"""`invoke serve`: the site on http://127.0.0.1:<port>/, rebuilt whenever content, theme or plugins change.

Each rebuild is a fresh `python -m staff.building` process, so even edits to the plugin's code take
effect. Every HTML page gets a small script that reloads it once a new build is done. When a build
fails, the last good site stays in `output/` but every page shows the French list of problems instead,
so nobody looks at a stale page thinking their edit is live, and the page recovers by itself once the
file is fixed.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles
from rich.console import Console

from programme.problems import Problem

from .building import run_build
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
Le terminal où tourne « invoke serve » affiche les mêmes messages.</p>
<ul>{items}</ul>{script}</body></html>
"""


@dataclass
class BuildState:
    """The verdict of the latest build; `number` changes at every build, which is what pages poll."""

    number: int = 0
    problems: list[str] = field(default_factory=list)  # each problem, as the terminal prints it

    @property
    def ok(self) -> bool:
        return not self.problems

    def script_tag(self) -> str:
        return f'<script src="{PREFIX}reload.js" data-build="{self.number}"></script>'

    def error_page(self) -> bytes:
        count = len(self.problems)
        label = f"{count} problème{'s' if count > 1 else ''} empêche{'nt' if count > 1 else ''} la construction"
        items = "".join(f"<li>{html.escape(text)}</li>" for text in self.problems)
        return ERROR_PAGE.format(count=label, items=items, script=self.script_tag()).encode("utf-8")


def read_verdict(report: Path) -> list[str]:
    """The problems a build reported as JSON, as text; a build that died without a report is a problem too."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ["La construction s'est arrêtée sans rapport : voyez le terminal."]
    return [str(Problem(**item)) for item in data["problems"]] + [f"Erreur : {text}" for text in data["errors"]]


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
        tag = self.state.script_tag().encode()
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
        handler = type("Handler", (PreviewHandler,), {"state": self.state})
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(project.output)))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def rebuild(self) -> None:
        with self.lock, tempfile.TemporaryDirectory(prefix="apercu-") as folder:
            report = Path(folder) / "verdict.json"
            self.project.output.mkdir(parents=True, exist_ok=True)
            code = run_build(self.project, report=report)
            problems = read_verdict(report)
            if code and not problems:
                problems = [f"La construction a échoué (code {code}) : voyez le terminal."]
            self.state.problems = problems
            self.state.number += 1
        if problems:
            self.console.print("[red]L'aperçu affiche ces problèmes dans le navigateur jusqu'à leur correction.[/]")

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
                elif changes:
                    names = ", ".join(sorted({Path(path).name for _change, path in changes if Path(path).exists()}))
                    self.console.print(f"Modifié : {names or 'fichier supprimé'} — reconstruction…", highlight=False)
                    self.rebuild()
        except KeyboardInterrupt:
            pass
        finally:
            if serving:
                self.server.shutdown()
            self.server.server_close()
