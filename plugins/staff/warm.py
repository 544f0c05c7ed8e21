"""The preview's builder: one long-lived process that loads Pelican once and builds on request.

`python -m staff.warm --settings … --content … --output … --cache … --replies FD`, started by the preview
(which restarts it whenever code, theme or settings change, so that they take effect). Each request is a
JSON line on stdin: `{"changed": [absolute paths]}` (none for the first build). Replies are JSON lines on
file descriptor FD (stdout stays the terminal's): `{"reply": "page", "urls": […]}` when the edited items'
pages were written first (`programme.rerender`, only after a successful build), then always
`{"reply": "build", "problems": […], "errors": […], "own_files": […]}`: the verdict `staff.building`
reports, and the content files a build wrote itself (the calendars' memory, only if its settings record
it), which are not edits.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from pelican import Pelican, signals
from programme.build import outputlock
from programme.build.generator import ProgrammeGenerator
from programme.build.rerender import rerender
from programme.content import ledger

from . import building, interrupting

logger = logging.getLogger(__name__)


class WarmBuilder:
    """Runs builds with one Pelican object, as `pelican --autoreload` does, and keeps the last good programme."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.pelican: Pelican | None = None
        self.last: ProgrammeGenerator | None = None  # the last successful build's, for the fast path
        self._latest: ProgrammeGenerator | None = None
        signals.all_generators_finalized.connect(self._keep, weak=False)

    def _keep(self, generators) -> None:
        self._latest = next((g for g in generators if isinstance(g, ProgrammeGenerator)), None)

    def _pelican(self) -> Pelican:
        if self.pelican is None:
            self.pelican = Pelican(self.settings)
        return self.pelican

    def handle(self, changed: list[Path], reply: Callable[[dict], None]) -> None:
        """The edited pages first when possible, then the full build, both under the output's lock.

        The lock is given back before the verdict is sent, whatever happened (a failed build, a refusal):
        this long-lived process never keeps a colleague's build waiting between two requests.
        """
        try:
            with outputlock.holding(self.settings["OUTPUT_PATH"], outputlock.timeout_of(self.settings),
                                    building.notice):
                verdict = self._handle(changed, reply)
        except outputlock.OutputBusy as error:
            self.last = None
            verdict = building.Verdict(errors=[str(error)])
            building.announce(verdict)
        reply({"reply": "build", **verdict.data(), "own_files": self.own_files()})

    def _handle(self, changed: list[Path], reply: Callable[[dict], None]) -> building.Verdict:
        if changed and self.last is not None:
            urls = self.fast_path(changed)
            if urls:
                reply({"reply": "page", "urls": urls})
        self.last = None  # the old programme goes before the build makes a new one: one in memory at a time
        verdict = building.build(self.settings, self._pelican)
        building.announce(verdict)
        self.last = self._latest if verdict.ok else None
        self._latest = None
        return verdict

    def fast_path(self, changed: list[Path]) -> list[str] | None:
        try:
            return rerender(self.last, changed, str(self.settings["OUTPUT_PATH"]))
        except Exception:  # whatever broke, the full build that follows reports it in French
            logger.debug("fast path abandoned", exc_info=True)
            return None

    def own_files(self) -> list[str]:
        """The content files the last build wrote or removed itself: the calendars' memory, when the build
        records it (`RECORD_CALENDAR_CHANGES`; a preview's never does, so this is usually empty)."""
        settings = self.pelican.settings if self.pelican else self.settings
        return ledger.written(settings)


def main(argv: list[str] | None = None) -> int:
    interrupting.loaded()
    parser = building.arguments("python -m staff.warm", __doc__)
    parser.add_argument("--replies", required=True, type=int, help="file descriptor to write the replies to")
    args = parser.parse_args(argv)
    builder = WarmBuilder(building.settings_from(args))
    with os.fdopen(args.replies, "w", encoding="utf-8") as replies:

        def reply(message: dict) -> None:
            replies.write(json.dumps(message, ensure_ascii=False) + "\n")
            replies.flush()

        try:
            for line in sys.stdin:
                builder.handle([Path(path) for path in json.loads(line)["changed"]], reply)
        except building.Interrupted as interruption:  # Ctrl+C in the preview's terminal reaches us too
            building.console.print(f"[yellow]{interruption.message()}[/]", soft_wrap=True)
            return 130
        except KeyboardInterrupt:
            return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
