"""Times real builds of synthetic programmes, side by side with vanilla Pelican, and reports medians.

Every build is a child process (`probe.py`, which runs `pelican` exactly as the command line does) of
this one, so all of them share one process tree and one machine; wall time, CPU time and peak memory
come from `os.wait4` on that child. Each round runs every kind of build once, the cold builds of every
round before the rebuilds (see `measure_size`); ratios are the median of each round's ratio. The whole
tree's memory is sampled in cold builds of their own, which are not timed: sampling makes the kernel walk
every process's page tables, which slowed the build it watched.
See docs/performance.md for what each figure means.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from programme.settings import IMAGE_CACHE_FOLDER

from . import comparison, memory, synthetic, targets

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("probe.py")
SETTINGS = ROOT / "pelicanconf.py"
PREVIEW_TIMEOUT = 300.0


@dataclass
class Build:
    """One build: wall and CPU seconds, peak memory, and what the probe saw inside."""

    seconds: float
    cpu_seconds: float
    peak_mib: float  # the largest single process
    tree_peak_mib: float | None  # the whole tree at once (summed PSS), in the untimed memory build only
    phases: dict[str, float]
    rendered: int
    images: dict[str, float]
    rewritten: int = 0  # output files created or whose modification time changed
    system_seconds: float = 0.0  # the kernel's share of cpu_seconds (creating files, faults): what varies most


@dataclass
class Measure:
    builds: list[Build] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(build, attribute) for build in self.builds)

    def median_of(self, key: str, inner: str) -> float:
        return statistics.median(getattr(build, key)[inner] for build in self.builds)


def paired_ratio(numerator: Measure, denominator: Measure, attribute: str) -> float:
    """The median of the ratios within each round: builds of one round ran minutes apart, so drift cancels."""
    return round(statistics.median(getattr(a, attribute) / getattr(b, attribute)
                                   for a, b in zip(numerator.builds, denominator.builds)), 3)


def _snapshot(output: Path) -> dict[str, int]:
    if not output.is_dir():
        return {}
    return {str(p.relative_to(output)): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}


def run_build(root: Path, settings: Path, output: Path, cache: Path | None, report: Path,
              sample_memory: bool = False) -> Build:
    """Build `root/content` with `settings`, as `pelican` would, in a child process; with `sample_memory`,
    the whole tree's memory is sampled meanwhile (which costs the build time: see `memory.py`)."""
    args = [sys.executable, str(PROBE), str(report), "--", "content", "-s", str(settings), "-o", str(output), "-q"]
    if cache is not None:
        args += ["--cache-path", str(cache)]
    before = _snapshot(output)
    os.sync()  # the previous build's writes reach the disk before the clock starts, not during this build
    env = {**os.environ, "SITE_NOW": synthetic.SITE_NOW, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    # Pelican logs through rich on stdout: both streams are kept, to say why a build failed.
    child = subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    messages: list[bytes] = []
    reader = threading.Thread(target=lambda: messages.extend(child.stdout), daemon=True)
    reader.start()
    tree_peak = None
    if sample_memory:
        tree = memory.TreeMemory(child.pid).start()
        if hasattr(os, "waitid"):  # exited but not reaped yet: its pid cannot be another process's while sampling stops
            os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        tree_peak = tree.stop()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    if child.returncode != 0:
        raise RuntimeError(f"build of {root} failed ({child.returncode}):\n{b''.join(messages).decode(errors='replace')}")
    after = _snapshot(output)
    probe = json.loads(report.read_text(encoding="utf-8"))
    return Build(
        seconds=round(seconds, 4),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 4),
        peak_mib=round(usage.ru_maxrss / 1024, 1),  # KiB on Linux: the largest process of the tree
        tree_peak_mib=tree_peak,
        phases=probe["phases"],
        rendered=probe["rendered"],
        images=probe["images"],
        rewritten=sum(1 for name, stamp in after.items() if before.get(name) != stamp),
        system_seconds=round(usage.ru_stime, 4),
    )


class Trash:
    """What the harness clears between builds, moved aside at once and deleted when every build has run.

    ext4 does not reuse an inode freed in the last minute (`recently_deleted`): right after thousands
    of files are deleted, creating files scans for other inodes and costs several times more kernel
    time. Deleting the last build's output and staging (23 000 files at 2 000 events) just before a cold
    build took that build from ~1.7 to ~5 s of system time, ~2.5 s of wall time. The harness's cleaning
    must not be billed to the build it times, and a real cold build (a fresh clone, a new machine) does
    not follow a mass deletion; a rename frees nothing.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def clear(self, *paths: Path) -> None:
        for path in paths:
            if path.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                path.rename(Path(tempfile.mkdtemp(dir=self.folder)) / path.name)  # a run cut short may have left some

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def preview_latency(site: synthetic.SyntheticSite, output: Path, cache: Path, repeat: int) -> list[float]:
    """Seconds from saving one event to its new page in the output, under our preview (`invoke serve`).

    The preview runs as staff run it, on a free port, over the synthetic content, output and cache; its
    first build is waited for, then each edit is timed until the event's page in the output holds the
    edited text, and the full build that follows is waited for before the next edit.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SITE_NOW": synthetic.SITE_NOW, "SITE_CONTENT": str(site.content), "SITE_OUTPUT": str(output),
           "SITE_CACHE": str(cache)}
    child = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    done = threading.Semaphore(0)

    def watch() -> None:
        for line in child.stdout:
            if line.startswith(("Site construit", "La construction a échoué")):  # the end of each build
                done.release()

    threading.Thread(target=watch, daemon=True).start()
    latencies: list[float] = []
    try:
        if not done.acquire(timeout=PREVIEW_TIMEOUT):
            raise RuntimeError("the preview never finished its first build")
        for attempt in range(repeat):
            index = 1 + attempt  # every event has a page; event 1 is upcoming at every size
            marker = f"apercu-{attempt}-{time.time_ns()}"
            page = output / "evenements" / site.event_paths[index].stem / "index.html"
            time.sleep(1.0)  # a person saves seconds apart
            os.sync()
            site.edit_event(index, marker)
            started = time.perf_counter()
            while marker not in (page.read_text(encoding="utf-8") if page.exists() else ""):
                if child.poll() is not None or time.perf_counter() - started > PREVIEW_TIMEOUT:
                    raise RuntimeError(f"{page} never showed the edit (preview exit status: {child.poll()})")
                time.sleep(0.02)
            latencies.append(round(time.perf_counter() - started, 4))
            done.acquire(timeout=PREVIEW_TIMEOUT)  # the full build after the page
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=30)
    return latencies


def measure_size(events: int, repeat: int, work: Path, trash: Trash, preview: bool = True, log=print) -> dict:
    """Every figure for one programme size."""
    root = work / f"programme-{events}"
    base_root = work / f"baseline-{events}"
    trash.clear(root, base_root)
    site = synthetic.generate(root, events)
    base_settings = synthetic.write_baseline(site, base_root)
    output, cache, staging = root / "output", root / "cache", root / ".output.staging"
    reports = work / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    cold, first, noop, edit, baseline = Measure(), Measure(), Measure(), Measure(), Measure()
    site_cold = Measure()  # cold, but with the image cache of the previous builds: the site without its image pass

    def report(label: str, build: Build) -> None:
        log(f"  N={events} {label}: {build.seconds:.2f} s ({build.cpu_seconds:.2f} s CPU), {build.peak_mib:.0f} MiB, "
            f"{build.rewritten} files rewritten")

    def step(label: str, measure: Measure, build: Build) -> None:
        measure.builds.append(build)
        report(label, build)

    def clear_but_images() -> None:
        trash.clear(output, staging, *(path for path in cache.iterdir() if path.name != IMAGE_CACHE_FOLDER))

    # Cold builds first, every round of them, then the rebuilds. A rebuild deletes files (the search lots
    # it indexes again); on this ext4 (no
    # journal) the inodes it frees stay "recently deleted" for one to six minutes, and a cold build
    # creating files meanwhile pays for skipping them. Run after the rebuilds, the no-img cold build took
    # 8.3 s (3.0 s of system time) against 7.5 s (1.6) for the same build a minute later; vanilla, which
    # follows no rebuild of its own, never paid it. Each round's three cold builds stay side by side, so
    # their ratios are paired.
    for attempt in range(repeat):  # each round measures every cold build, so drift on a shared machine hits them alike
        trash.clear(output, cache, staging)
        step("cold", cold, run_build(root, SETTINGS, output, cache, reports / f"{events}-cold-{attempt}.json"))
        clear_but_images()
        step("cold, images cached", site_cold, run_build(root, SETTINGS, output, cache,
                                                         reports / f"{events}-site-cold-{attempt}.json"))
        trash.clear(base_root / "output")
        step("vanilla", baseline, run_build(base_root, base_settings, base_root / "output", None,
                                             reports / f"{events}-baseline-{attempt}.json"))
    for attempt in range(repeat):
        if attempt:  # the first rebuild follows a cold build: for the first round, the last one above
            clear_but_images()
            run_build(root, SETTINGS, output, cache, reports / f"{events}-before-rebuilds-{attempt}.json")
        # The first rebuild after a cold one also recreates the staging folders the cold build moved over whole.
        step("first rebuild", first, run_build(root, SETTINGS, output, cache, reports / f"{events}-first-{attempt}.json"))
        step("no-op", noop, run_build(root, SETTINGS, output, cache, reports / f"{events}-noop-{attempt}.json"))
        site.edit_event(2 + attempt, f"modification {attempt}")
        step("edit", edit, run_build(root, SETTINGS, output, cache, reports / f"{events}-edit-{attempt}.json"))
    # The whole tree's memory, in cold builds of their own: with images (the most processes at once) and
    # without (the image workers gone, but the calendars' process and Pagefind's lots meet otherwise).
    trash.clear(output, cache, staging)
    sampled = run_build(root, SETTINGS, output, cache, reports / f"{events}-memory.json", sample_memory=True)
    report("cold, memory sampled", sampled)
    clear_but_images()
    sampled_site = run_build(root, SETTINGS, output, cache, reports / f"{events}-memory-site.json", sample_memory=True)
    report("cold, images cached, memory sampled", sampled_site)
    latencies = preview_latency(site, output, cache, repeat) if preview else []
    if latencies:
        log(f"  N={events} preview: {', '.join(f'{value:.2f}' for value in latencies)} s")

    figures: dict[str, object] = {"events": events, "counts": site.counts, "images_in_content": len(site.image_paths),
                                  "output_files": len(_snapshot(output))}
    measures = {"cold": cold, "first_rebuild": first, "noop": noop, "edit": edit, "baseline": baseline,
                "site_cold": site_cold}
    for name, measure in measures.items():
        figures[f"{name}_s"] = measure.median("seconds")
        figures[f"{name}_cpu_s"] = measure.median("cpu_seconds")
    for attribute, suffix in (("seconds", ""), ("cpu_seconds", "_cpu")):  # CPU time: less disturbed by other work
        figures[f"ratio_to_baseline{suffix}"] = paired_ratio(cold, baseline, attribute)
        figures[f"site_ratio_to_baseline{suffix}"] = paired_ratio(site_cold, baseline, attribute)
        figures[f"first_rebuild_to_cold{suffix}"] = paired_ratio(first, cold, attribute)
        figures[f"noop_to_cold{suffix}"] = paired_ratio(noop, cold, attribute)
        figures[f"edit_to_cold{suffix}"] = paired_ratio(edit, cold, attribute)
    ours = [*cold.builds, *first.builds, *noop.builds, *edit.builds, *site_cold.builds, sampled, sampled_site]
    return figures | {
        "noop_rewritten_max": max(build.rewritten for build in first.builds + noop.builds),
        "peak_mib": max(build.peak_mib for build in ours),
        "tree_peak_mib": max(sampled.tree_peak_mib, sampled_site.tree_peak_mib),
        "memory_build": asdict(sampled),
        "memory_build_site": asdict(sampled_site),
        "baseline_peak_mib": max(build.peak_mib for build in baseline.builds),
        "image_cold_s": cold.median_of("images", "seconds"),
        "image_cold_busy_s": cold.median_of("images", "busy_seconds"),
        "image_cold_worker_cpu_s": cold.median_of("images", "worker_cpu_seconds"),
        "image_warm_s": noop.median_of("images", "seconds"),
        "images_encoded_cold": cold.median_of("images", "encoded"),
        "images_encoded_warm": noop.median_of("images", "encoded"),
        "images_opened_cold": cold.median_of("images", "opened"),
        "images_opened_warm": noop.median_of("images", "opened"),
        "preview_s": statistics.median(latencies) if latencies else None,
        "builds": {name: [asdict(build) for build in measure.builds] for name, measure in measures.items()},
        "preview_runs_s": latencies,
    }


def machine() -> dict:
    import pelican

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "pelican": pelican.__version__,
            "platform": platform.platform(), "commit": commit}


COLUMNS = [  # title, key, decimals
    ("N", "events", 0), ("cold s", "cold_s", 2), ("1st rebuild s", "first_rebuild_s", 2), ("no-op s", "noop_s", 2),
    ("edit s", "edit_s", 2),
    ("vanilla s", "baseline_s", 2), ("cold/vanilla", "ratio_to_baseline", 2), ("(cpu)", "ratio_to_baseline_cpu", 2),
    ("no-img cold s", "site_cold_s", 2), ("no-img cold/vanilla", "site_ratio_to_baseline", 2),
    ("no-op/cold", "noop_to_cold", 2), ("(cpu)", "noop_to_cold_cpu", 2), ("edit/cold", "edit_to_cold", 2),
    ("(cpu)", "edit_to_cold_cpu", 2), ("peak MiB", "peak_mib", 0), ("tree MiB", "tree_peak_mib", 0),
    ("img cold s", "image_cold_s", 2),
    ("img warm s", "image_warm_s", 2), ("preview s", "preview_s", 2),
]


def table(results: list[dict]) -> str:
    """The figures as a fixed-width table, one line per size, then the growth from size to size."""
    lines = ["  ".join(title for title, _key, _decimals in COLUMNS)]
    for row in results:
        cells = ("—" if row[key] is None else f"{row[key]:.{decimals}f}" for _title, key, decimals in COLUMNS)
        lines.append("  ".join(f"{cell:>{len(title)}}" for (title, _k, _d), cell in zip(COLUMNS, cells)))
    for smaller, larger in zip(results, results[1:]):
        lines.append(f"cold {larger['events']} / cold {smaller['events']} = {larger['cold_s'] / smaller['cold_s']:.2f} "
                     f"(cpu {larger['cold_cpu_s'] / smaller['cold_cpu_s']:.2f}) "
                     f"for {larger['events'] / smaller['events']:.0f}× the events")
    return "\n".join(lines)


def run(sizes: list[int], repeat: int, output: Path | None, work: Path | None = None, preview: bool = True,
        log=print, earlier: Path | None = None) -> dict:
    """Measure every size, print the table (and the figures beside an `earlier` report's), write the JSON
    report; returns the report."""
    previous = json.loads(earlier.read_text(encoding="utf-8")) if earlier else None  # before the run: it may be `output`
    temporary = None if work else tempfile.TemporaryDirectory(prefix="bench-")
    base = work or Path(temporary.name)
    trash = Trash(base / "trash")
    try:
        results = []
        for events in sizes:
            log(f"N={events}: generating and building (repeat {repeat})…")
            results.append(measure_size(events, repeat, base, trash, preview, log))
        found = targets.verdicts(results)
        report = {"machine": machine(), "site_now": synthetic.SITE_NOW, "repeat": repeat, "results": results,
                  "targets": [asdict(verdict) for verdict in found]}
    finally:
        trash.empty()
        if temporary:
            temporary.cleanup()
    log(table(results))
    if found:
        log(targets.report(found))
    if previous:
        log(comparison.compare(previous, report))
    if output:
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"written: {output}")
    return report
