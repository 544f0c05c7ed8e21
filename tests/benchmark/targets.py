"""The performance targets, checked against a run's figures: printed after the table, kept in the JSON.

A verdict only says on which side of its limit a figure falls; the figures stay the medians of paired
rounds that the table shows. The targets are set on the 2 000-event programme (memory on the 8 000 one):
a run that did not build a size gets no verdict for it. The image pass has no ratio target: it runs once
per picture, then is cached, so the cold build is judged with its image cache kept (no-img cold), and the
image pass is reported on its own (`image_cold_s`, `image_warm_s`), judged only on what it must not do.
See docs/performance.md.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

TARGET_EVENTS = 2000
LARGE_EVENTS = 8000

Figure = Callable[[dict[int, dict]], float | None]


@dataclass(frozen=True)
class Target:
    name: str
    sizes: tuple[int, ...]  # the sizes the figure needs
    figure: Figure
    compare: Callable[[float, float], bool]
    limit: float


def _at(events: int, key: str) -> Figure:
    return lambda rows: rows[events][key]


def _image_cores(rows: dict[int, dict]) -> float | None:
    """The image workers' CPU time over the pass's span: the cores it used, on average."""
    row = rows[TARGET_EVENTS]
    return row["image_cold_worker_cpu_s"] / row["image_cold_s"] if row["image_cold_s"] else None


TARGETS = (
    Target("cold / vanilla, image cache kept (no-img cold)", (TARGET_EVENTS,),
           _at(TARGET_EVENTS, "site_ratio_to_baseline"), operator.le, 1.5),
    Target("no-op / cold", (TARGET_EVENTS,), _at(TARGET_EVENTS, "noop_to_cold"), operator.le, 0.35),
    Target("files a no-op rewrites", (TARGET_EVENTS,), _at(TARGET_EVENTS, "noop_rewritten_max"), operator.le, 0),
    Target("one-event edit / cold", (TARGET_EVENTS,), _at(TARGET_EVENTS, "edit_to_cold"), operator.le, 0.4),
    Target("images a warm rebuild encodes", (TARGET_EVENTS,), _at(TARGET_EVENTS, "images_encoded_warm"),
           operator.le, 0),
    Target("cores the cold image pass uses", (TARGET_EVENTS,), _image_cores, operator.gt, 1),
    Target("process tree at 8 000 events, MiB", (LARGE_EVENTS,), _at(LARGE_EVENTS, "tree_peak_mib"),
           operator.lt, 600),
    Target("live preview, s", (TARGET_EVENTS,), _at(TARGET_EVENTS, "preview_s"), operator.lt, 2),
)
SYMBOLS = {operator.le: "≤", operator.lt: "<", operator.gt: ">"}


@dataclass(frozen=True)
class Verdict:
    target: str  # the figure and its limit: « no-op / cold ≤ 0.35 »
    figure: float | None
    limit: float
    met: bool | None  # None: the run has no such figure (e.g. `--no-preview`)


def verdicts(results: list[dict], targets: tuple[Target, ...] = TARGETS) -> list[Verdict]:
    """Each target whose sizes the run built, with its figure and whether it is met."""
    rows = {row["events"]: row for row in results}
    found = []
    for target in targets:
        if not all(size in rows for size in target.sizes):
            continue
        figure = target.figure(rows)
        met = None if figure is None else target.compare(figure, target.limit)
        found.append(Verdict(f"{target.name} {SYMBOLS[target.compare]} {target.limit:g}", figure, target.limit, met))
    return found


def report(found: list[Verdict]) -> str:
    """One line a target: the figure, then « met », « NOT MET » or « no figure »."""
    width = max((len(verdict.target) for verdict in found), default=0)
    lines = []
    for verdict in found:
        figure = "—" if verdict.figure is None else f"{verdict.figure:.{3 if abs(verdict.figure) < 100 else 0}f}"
        state = {True: "met", False: "NOT MET", None: "no figure"}[verdict.met]
        lines.append(f"{verdict.target:<{width}}  {figure:>8}  {state}")
    return "\n".join(lines)
