"""Lighthouse (12.2.3, pinned in tests/node/) over one page of each main type of the built fixture, served on
loopback under the production Content-Security-Policy, in Debian's Chromium: at least 0.95 in every category
and exactly 1 in best-practices, on a phone (Lighthouse's default, simulated throttling) and on a desktop.

Nothing here needs the internet: Lighthouse 12 fetches nothing but the page and what it loads (its robots.txt
included), which `test_lighthouse_loads_nothing_but_the_site` checks from Lighthouse's own network record;
Chromium's own background traffic is switched off by `CHROMIUM_FLAGS`. No audit is disabled.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from quality import NODE_MODULES, PAGE_TYPES, checker, missing, production_csp
from serving import CHROMIUM_FLAGS, chromium_path, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("home", "agenda", "event", "episode", "researcher profile", "venue", "venue list", "project", "partner",
         "colloquium", "colloquium in English", "month", "letter")
FORM_FACTORS = ("mobile", "desktop")
MINIMUM = 0.95
EXACT = {"best-practices": 1.0}


@pytest.fixture(scope="module")
def base_url(built):
    with serve(built.output, {"Content-Security-Policy": production_csp()}) as url:
        yield url


@pytest.fixture(scope="module")
def lighthouse(base_url, tmp_path_factory):
    """Runs Lighthouse once per page and form factor, when a test first asks (so `-k` runs only what it needs)."""
    node = _node()
    cli = checker(LIGHTHOUSE)
    browser = chromium_path()
    folder = tmp_path_factory.mktemp("lighthouse")
    reports: dict[tuple[str, str], dict] = {}

    def report(name: str, form_factor: str) -> dict:
        if (name, form_factor) not in reports:
            path = PAGE_TYPES[name].sample.removesuffix("index.html")
            output = folder / f"{name.replace(' ', '-')}-{form_factor}.json"
            reports[name, form_factor] = run(node, cli, browser, f"{base_url}/{path}", form_factor, output)
        return reports[name, form_factor]

    return report


def _node() -> str:
    from shutil import which

    return which("node") or missing("node is not installed (apt-get install nodejs)")


def run(node: str, cli: Path, browser: str, url: str, form_factor: str, output: Path) -> dict:
    """One Lighthouse run in a fresh headless Chromium; the JSON report (also left at `output`)."""
    flags = ["--headless=new", *dict.fromkeys(CHROMIUM_FLAGS)]
    command = [node, str(cli), url, "--output=json", f"--output-path={output}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(flags)}"]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": browser}, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0 and output.is_file(), f"Lighthouse failed on {url}:\n{done.stderr[-3000:]}"
    report = json.loads(output.read_text(encoding="utf-8"))
    assert "runtimeError" not in report, report.get("runtimeError")
    return report


def shortfalls(report: dict, category: str) -> list[str]:
    """The audits that cost a category points: id, title, score (and what Lighthouse says of them)."""
    audits = report["audits"]
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            detail = audit.get("displayValue") or audit.get("explanation") or ""
            items = [item.get("description") or item.get("url") or item.get("node", {}).get("snippet") or ""
                     for item in (audit.get("details") or {}).get("items", [])[:5]]
            found.append(f"{ref['id']} — {audit['title']} (score {audit['score']}, weight {ref['weight']}) {detail} "
                         + " | ".join(filter(None, map(str, items))))
    return found


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores(lighthouse, name, form_factor):
    report = lighthouse(name, form_factor)
    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    print(f"\n{name} ({form_factor}): " + ", ".join(f"{category} {score}" for category, score in scores.items()))
    low = {category: shortfalls(report, category) for category, score in scores.items()
           if score is None or score < EXACT.get(category, MINIMUM)}
    assert low == {}, (f"{name} ({form_factor}) scores {scores}; audits short of full marks: "
                       + json.dumps(low, ensure_ascii=False, indent=1))


def test_lighthouse_loads_nothing_but_the_site(lighthouse, base_url):
    """Every request Lighthouse recorded went to the local server: no audit depended on the internet."""
    for name in PAGES:
        recorded = lighthouse(name, "mobile")["audits"]["network-requests"]["details"]["items"]
        requests = [item["url"] for item in recorded]
        assert requests and all(url.startswith((base_url + "/", "data:")) for url in requests), (name, requests)
