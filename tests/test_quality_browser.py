"""Quality gates in the real Chromium, over every page of the built fixture site, served under the production
Content-Security-Policy: accessibility (axe-core, WCAG 2.1 A/AA), no third-party request, no CSP violation,
no console error nor failed request (the icons browsers ask for on their own included), no horizontal
scrolling at 320 and 375 px with JavaScript on, keyboard focus, and print."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from PIL import Image
from quality import AXE, PAGE_TYPES, checker, html_pages, production_csp
from serving import serve

pytestmark = pytest.mark.browser

PRODUCTION_CSP = production_csp()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SEARCH_WITH_RESULTS = "recherche/?q=abeilles"  # the search page after its script ran Pagefind

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
});
"""
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)))"
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""


@dataclass
class Visit:
    """What one page did in the browser."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # answered 4xx/5xx, or not at all
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def base_url(built):
    with serve(built.output, {"Content-Security-Policy": PRODUCTION_CSP}) as url:
        yield url


@pytest.fixture(scope="module")
def page_paths(built) -> list[str]:
    """Every page of the build as a URL path, plus the search page showing results."""
    return [path.removesuffix("index.html") for path in html_pages(built.output)] + [SEARCH_WITH_RESULTS]


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages-for-review")
    print(f"\nscreenshots and PDFs for review: {folder}")
    return folder


def open_context(browser, base_url: str, width: int):
    """A browser context, JavaScript on, that refuses every request leaving the local server (pages record them)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", java_script_enabled=True)
    context.add_init_script(WATCH_CSP)

    def route(route):
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context


def visit(context, base_url: str, path: str, wait_until: str = "load") -> tuple[object, Visit]:
    page, seen = context.new_page(), Visit()
    page.on("request", lambda request: seen.requests.append(request.url))

    def answered(response) -> None:
        if response.status >= 400:
            seen.failed.append(f"{response.status} {response.url}")

    page.on("response", answered)
    page.on("requestfailed", lambda request: seen.failed.append(f"{request.failure} {request.url}"))
    page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.goto(f"{base_url}/{path}", wait_until=wait_until)
    if path == SEARCH_WITH_RESULTS:
        page.locator(".search-result").first.wait_for(timeout=10_000)  # no wait_for_function: it needs eval
    page.evaluate(SETTLED)
    seen.outside = [url for url in seen.requests if not url.startswith((base_url + "/", "data:", "blob:"))]
    seen.csp_violations = page.evaluate("window.__cspViolations")
    return page, seen


@pytest.fixture(scope="module")
def visits(browser, base_url, page_paths) -> dict[str, Visit]:
    """Each page loaded once at desktop width: what it requested, logged and broke, then axe's verdict."""
    axe = checker(AXE).read_text(encoding="utf-8")
    context = open_context(browser, base_url, 1280)
    found = {}
    for path in page_paths:
        page, seen = visit(context, base_url, path)
        page.evaluate(axe)
        seen.axe_violations = page.evaluate(RUN_AXE, WCAG_TAGS)
        page.close()
        found[path] = seen
    context.close()
    return found


def failures(visits: dict[str, Visit], attribute: str) -> dict[str, list[str]]:
    return {path: getattr(seen, attribute) for path, seen in visits.items() if getattr(seen, attribute)}


def test_every_page_and_page_type_is_visited(visits):
    print(f"\n{len(visits)} pages checked in Chromium")
    samples = {page_type.sample.removesuffix("index.html") for name, page_type in PAGE_TYPES.items()
               if name != "404" and page_type.web}
    assert samples <= set(visits)


def test_no_accessibility_violation_at_wcag_21_aa(visits):
    assert failures(visits, "axe_violations") == {}


@pytest.fixture(scope="module")
def dark_visits(browser, base_url) -> dict[str, list[str]]:
    """axe's verdict on a page of each type with the reader's system in dark mode (`prefers-color-scheme: dark`)."""
    axe = checker(AXE).read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", color_scheme="dark")
    found = {}
    for name, page_type in PAGE_TYPES.items():
        if not page_type.web:
            continue
        page = context.new_page()
        page.goto(f"{base_url}/{page_type.sample.removesuffix('index.html')}", wait_until="load")
        page.evaluate(SETTLED)
        page.evaluate(axe)
        found[name] = page.evaluate(RUN_AXE, WCAG_TAGS)
        page.close()
    context.close()
    return found


def test_no_accessibility_violation_in_dark_mode(dark_visits):
    assert len(dark_visits) == sum(page_type.web for page_type in PAGE_TYPES.values())
    assert {name: found for name, found in dark_visits.items() if found} == {}


def test_no_request_leaves_the_site_before_consent(visits):
    assert failures(visits, "outside") == {}
    assert all(seen.requests for seen in visits.values())


@pytest.fixture(scope="module")
def loads(browser, base_url, page_paths) -> dict[str, Visit]:
    """Each page loaded until the network is idle, in a context that intercepts nothing: only then does Chromium
    fetch the favicon (on its own, outside the page's requests; once per site), and a 404 reaches the console."""
    context = browser.new_context(viewport={"width": 375, "height": 900}, locale="fr-FR")
    found = {}
    for path in page_paths:
        page, found[path] = visit(context, base_url, path, wait_until="networkidle")
        page.close()
    context.close()
    return found


def test_no_page_logs_an_error_or_a_failed_request(loads):
    """Nothing a page loads is missing (the favicon included: « Failed to load resource » in the console)."""
    assert failures(loads, "failed") == {}
    assert {path: errors for path, seen in loads.items()
            if (errors := [message for message in seen.console if message.startswith("error")])} == {}


# What browsers fetch on their own, whatever the page says (Safari and iOS the Apple names, everyone the favicon).
ASKED_UNPROMPTED = {"favicon.ico": "ICO", "apple-touch-icon.png": "PNG", "apple-touch-icon-precomposed.png": "PNG"}


def test_the_icons_browsers_ask_for_on_their_own_exist(browser, base_url):
    context = open_context(browser, base_url, 1280)
    for name, kind in ASKED_UNPROMPTED.items():
        response = context.request.get(f"{base_url}/{name}")
        assert response.status == 200, name
        assert Image.open(io.BytesIO(response.body())).format == kind, name
    context.close()


def test_pages_work_under_the_production_csp(visits):
    assert failures(visits, "csp_violations") == {}
    assert {path: seen.console for path, seen in visits.items() if any("Content Security Policy" in m for m in seen.console)} == {}
    assert failures(visits, "errors") == {}


PROBE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Sonde</title></head><body>
<main><h1>Sonde</h1><img src="/x.png"><p><a href="https://tiers.example/">tiers</a> <a class="bare" href="#">sans contour</a></p>
<div class="large" style="color: red">Trop large</div><script>document.title = "inline";</script></main></body></html>"""
PROBE_CSS = ".large { width: 600px; } .bare:focus { outline: none; }"


@pytest.fixture(scope="module")
def probe_url(tmp_path_factory):
    """A deliberately faulty page, so that each gate shows it does catch what it is for."""
    folder = tmp_path_factory.mktemp("probe")
    (folder / "index.html").write_text(PROBE.replace("</title>", '</title><link rel="stylesheet" href="/p.css"><img src="https://tiers.example/pixel.gif" alt="">'))
    (folder / "p.css").write_text(PROBE_CSS)
    with serve(folder, {"Content-Security-Policy": PRODUCTION_CSP}) as url:
        yield url


def test_the_gates_catch_a_faulty_page(browser, probe_url):
    axe = checker(AXE).read_text(encoding="utf-8")
    context = open_context(browser, probe_url, 375)
    page, seen = visit(context, probe_url, "")
    page.evaluate(axe)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    overflow = page.evaluate(OVERFLOWS)
    context.close()
    assert any(v.startswith("image-alt") for v in violations)
    assert seen.outside == ["https://tiers.example/pixel.gif"]
    blocked = {violation.split()[0] for violation in seen.csp_violations}
    assert {"img-src", "script-src-elem", "style-src-attr"} <= blocked
    assert overflow
    assert any(failure.startswith("404 ") and failure.endswith("/x.png") for failure in seen.failed)
    assert any(message.startswith("error: Failed to load resource") for message in seen.console)
    walk = tab_through(browser, probe_url, "")
    assert [stop["focused"]["ring"] for stop in walk.stops] == [True, False]


OVERFLOWS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
WIDEST = """() => Array.from(document.querySelectorAll("body *"))
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))"""


SCROLL_WIDTH = "() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })"
FILTER_SHOWN = "() => { const form = document.querySelector('[data-agenda-filter]'); return !!form && !form.hidden; }"


@pytest.mark.parametrize("width", [320, 375])
def test_no_page_scrolls_sideways_on_a_phone(browser, base_url, page_paths, width):
    """Every page at the width of small phones, once its scripts ran (the agenda's filter appears only then)."""
    context = open_context(browser, base_url, width)
    overflowing = {}
    for path in page_paths:
        page, _seen = visit(context, base_url, path)
        size = page.evaluate(SCROLL_WIDTH)
        if size["scroll"] > size["viewport"]:
            overflowing[path] = (size["scroll"], page.evaluate(WIDEST))
        if path == PAGE_TYPES["agenda"].sample.removesuffix("index.html"):
            assert page.evaluate(FILTER_SHOWN), "the agenda's script did not run: its filter is still hidden"
        page.close()
    context.close()
    assert overflowing == {}


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_agenda_and_event_for_review(browser, base_url, artifacts, width):
    context = open_context(browser, base_url, width)
    for name in ("agenda", "event"):
        page, _seen = visit(context, base_url, PAGE_TYPES[name].sample.removesuffix("index.html"))
        path = artifacts / f"{name}-{width}px.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000
        page.close()
    context.close()


PRINT_STATE = """() => ({
  hidden: ["nav[aria-label='Menu principal']", ".skip-link", ".site-footer"].map((s) => getComputedStyle(document.querySelector(s)).display),
  external: Array.from(document.querySelectorAll("main a[href^='http']"))
    .map((a) => [a.href, getComputedStyle(a, "::after").content]),
})"""


@pytest.mark.parametrize("name", ["agenda", "event"])
def test_agenda_and_event_print_without_menus_and_with_link_urls(browser, base_url, artifacts, name):
    context = open_context(browser, base_url, 1280)
    page, _seen = visit(context, base_url, PAGE_TYPES[name].sample.removesuffix("index.html"))
    screen = page.evaluate(PRINT_STATE)
    page.emulate_media(media="print")
    printed = page.evaluate(PRINT_STATE)
    assert "none" not in screen["hidden"] and set(printed["hidden"]) == {"none"}
    if name == "event":
        assert printed["external"], "the event page links to its registration and map"
    for href, after in printed["external"]:
        assert href in after
    assert all(after in ("none", "normal") for _href, after in screen["external"])
    page.pdf(path=str(artifacts / f"{name}.pdf"))
    context.close()


# Which element each Tab lands on, and how it looks focused compared with before it was focused.
LOOK = """(e) => { const s = getComputedStyle(e);
  return { text: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" "),
           ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none" }; }"""
MARK_FOCUSABLE = f"""() => {{
  const look = {LOOK};
  document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]").forEach((e, i) => {{
    e.dataset.probe = String(i);
    e.dataset.look = look(e).text;
  }});
}}"""
TAB_PROBE = f"""(groups) => {{
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  return {{
    id: element.dataset.probe || "",
    groups: Object.entries(groups).filter(([, selector]) => element.matches(selector)).map(([name]) => name),
    focused: ({LOOK})(element),
    before: element.dataset.look || "",
    on_screen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.left < innerWidth,
  }};
}}"""
COUNT_GROUPS = """(groups) => Object.fromEntries(Object.entries(groups).map(([name, selector]) => [name, document.querySelectorAll(selector).length]))"""
KEYBOARD_GROUPS = {
    "skip link": ".skip-link",
    "menu": "nav[aria-label='Menu principal'] a",
    "add to calendar": "section.add-to-calendar a",
    "video facade": ".video-facade a, .video-facade button",
    "venue map": ".venue-map-plan a, .venue-map-load",
}


@dataclass
class TabWalk:
    stops: list[dict]  # every element Tab landed on, in order
    present: dict[str, int]  # how many elements of each group the page has

    def check(self, group: str) -> None:
        """Tab reaches every element of `group`, each shown on screen with a visible focus ring."""
        reached = [stop for stop in self.stops if group in stop["groups"]]
        assert reached, f"Tab never reaches the {group}"
        assert len(reached) == self.present[group] > 0
        for stop in reached:
            assert stop["on_screen"], f"{group}: the focused element is off screen"
            assert stop["focused"]["ring"] and stop["focused"]["text"] != stop["before"], f"{group}: no visible focus"


def tab_through(browser, base_url: str, path: str, limit: int = 80) -> TabWalk:
    """Press Tab from the top of the page until focus leaves the page or comes back to the first stop."""
    context = open_context(browser, base_url, 1280)
    page, _seen = visit(context, base_url, path)
    page.evaluate(MARK_FOCUSABLE)
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        stop = page.evaluate(TAB_PROBE, KEYBOARD_GROUPS)
        if stops and stop["id"] == stops[0]["id"]:
            break
        stops.append(stop)
    walk = TabWalk(stops, page.evaluate(COUNT_GROUPS, KEYBOARD_GROUPS))
    context.close()
    return walk


@pytest.fixture(scope="module")
def event_walk(browser, base_url) -> TabWalk:
    return tab_through(browser, base_url, "evenements/sols-vivants/")


def test_keyboard_reaches_skip_link_first_then_every_menu_link(event_walk):
    assert event_walk.stops[0]["groups"] == ["skip link"]
    event_walk.check("skip link")
    event_walk.check("menu")


def test_keyboard_reaches_the_add_to_calendar_links(event_walk):
    event_walk.check("add to calendar")


@pytest.mark.parametrize("path", ["evenements/abeilles-et-cafe/", "webtv/abeilles-video/"])
def test_keyboard_reaches_the_video_facade(browser, base_url, path):
    tab_through(browser, base_url, path).check("video facade")


@pytest.mark.parametrize("name", ["venue list", "venue"])
def test_keyboard_reaches_every_marker_of_the_venue_plan_and_the_interactive_maps_button(browser, base_url, name):
    tab_through(browser, base_url, PAGE_TYPES[name].sample.removesuffix("index.html")).check("venue map")


MONTH_PRINT = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const weeks = Array.from(document.querySelectorAll(".month-week"));
  return {
    nav: style(".month-nav").display, menu: style("nav[aria-label='Menu principal']").display,
    columns: style(".month-week").columnCount, breaks: weeks.slice(1).map((week) => getComputedStyle(week).breakBefore),
    url: style(".month-url").display, linkAfter: getComputedStyle(document.querySelector(".month-event a"), "::after").content,
  };
}"""


def test_the_month_prints_as_an_a4_programme(browser, base_url, artifacts):
    """No navigation, two columns, a page per week, each event's address in short; the PDF is kept for review."""
    context = open_context(browser, base_url, 1280)
    page, _seen = visit(context, base_url, PAGE_TYPES["month"].sample.removesuffix("index.html"))
    screen = page.evaluate(MONTH_PRINT)
    assert screen["url"] == "none" and screen["columns"] == "auto"
    page.emulate_media(media="print")
    printed = page.evaluate(MONTH_PRINT)
    assert printed["nav"] == printed["menu"] == "none" and printed["columns"] == "2"
    assert printed["breaks"] and set(printed["breaks"]) == {"page"}
    assert printed["url"] == "block" and printed["linkAfter"] in ("none", "normal")
    path = artifacts / "programme-du-mois.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True)
    assert path.read_bytes().startswith(b"%PDF")
    context.close()


def test_the_kit_copies_a_text_to_the_clipboard(browser, base_url):
    context = open_context(browser, base_url, 1280)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page, seen = visit(context, base_url, PAGE_TYPES["kit"].sample.removesuffix("index.html"))
    button = page.locator("button[data-copy='texte-mastodon']")
    assert button.is_visible()
    button.click()
    page.locator(".kit-post .kit-status", has_text="Copié.").first.wait_for(timeout=5_000)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.locator("#texte-mastodon").input_value() and "sols vivants" in copied
    assert seen.errors == [] and seen.csp_violations == []
    context.close()
