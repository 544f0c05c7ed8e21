"""A local HTTP server over a built site, and the real Chromium driven by Playwright.

Browser tests need Debian's `chromium` (installed by `.ci/run`). On a developer machine without it they
are skipped with a reason; under CI (`CI=true`) a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is not installed: .ci/run must install it")
    pytest.skip("chromium is not installed (apt-get install chromium)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `directory` on a free loopback port, adding `headers` to every response; yields the base URL
    (no trailing slash)."""
    handler_class = type("Handler", (_QuietHandler,), {"extra_headers": dict(headers or {})})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def searching(browser, directory: Path) -> Iterator[tuple[object, str]]:
    """A French-speaking browser context over the site built in `directory`, and the address of its search page."""
    with serve(directory) as base_url:
        context = browser.new_context(locale="fr-FR")
        try:
            yield context, f"{base_url}/recherche/"
        finally:
            context.close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Debian's), launched through Playwright; no network beyond loopback is needed."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
