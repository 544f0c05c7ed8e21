"""deploy/nginx.conf in a real nginx, over a built site, checked with real HTTP requests.

The production file is the only copy of the rules: the test keeps its HTTPS server block and replaces
just its `listen`, `root` and `ssl_*` lines to run on a loopback port over a temporary folder.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT
from staff.compress import precompress

pytestmark = pytest.mark.slow

CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\n" + "X-NOTE:Conférence\r\n" * 50 + "END:VCALENDAR\r\n"
FEED = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Agenda</title></feed>\n'


def nginx_binary() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("Debian's nginx is not installed: .ci/run must install it")
    pytest.skip("nginx is not installed (apt-get install nginx)")


def https_server_block(conf: str) -> str:
    """The `server { … }` block that has the TLS certificate, found by matching braces."""
    for match in re.finditer(r"^server\s*\{", conf, re.MULTILINE):
        depth, index = 0, match.end() - 1
        for index in range(match.end() - 1, len(conf)):
            depth += {"{": 1, "}": -1}.get(conf[index], 0)
            if depth == 0:
                break
        block = conf[match.start() : index + 1]
        if "ssl_certificate" in block:
            return block
    raise AssertionError("deploy/nginx.conf has no HTTPS server block")


def local_server(port: int, root: Path) -> str:
    block = https_server_block((ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8"))
    block = re.sub(r"^\s*ssl_\w+\s[^;]*;\n", "", block, flags=re.MULTILINE)
    block = re.sub(r"^(\s*)listen\s[^;]*;\n", "", block, count=1, flags=re.MULTILINE)  # keep one to replace
    block = re.sub(r"^(\s*)listen\s[^;]*;", rf"\1listen 127.0.0.1:{port};", block, count=1, flags=re.MULTILINE)
    block, count = re.subn(r"^(\s*)root\s[^;]*;", rf"\1root {root};", block, flags=re.MULTILINE)
    assert count == 1 and "ssl" not in re.sub(r"#.*", "", block)
    return block


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(built, tmp_path_factory):
    """nginx on a loopback port over the built fixture site, pre-compressed as `invoke publish` does."""
    binary = nginx_binary()
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    shutil.copytree(built.output, site)
    (site / "agenda.ics").write_text(CALENDAR, encoding="utf-8")  # calendars and feeds come from other modules
    (site / "feeds").mkdir()
    (site / "feeds" / "agenda.atom.xml").write_text(FEED + "<!-- -->" * 100, encoding="utf-8")
    (site / "feeds" / "agenda.rss.xml").write_text(FEED, encoding="utf-8")
    (site / ".secret").write_text("not public", encoding="utf-8")
    precompress(site)
    (site / "agenda.ics.gz").write_bytes(gzip.compress(CALENDAR.encode()))  # present, and must not be served
    port = free_port()
    temp = "\n".join(f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root root;\n" if os.geteuid() == 0 else ""  # as root, workers would drop to nobody
    config = work / "nginx.conf"
    config.write_text(
        f"{user}daemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'} warn;\nevents {{}}\n"
        f"http {{\n    access_log off;\n{temp}\n{local_server(port, site)}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([binary, "-p", str(work), "-e", str(work / "error.log"), "-c", str(config)],
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield port, site
    process.terminate()
    process.wait(timeout=10)


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "sciences.orleans-metropole.fr", **headers})
    response = connection.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return result


def test_pages_are_html_with_a_short_cache_and_every_security_header(nginx):
    port, _site = nginx
    status, headers, body = get(port, "/evenements/sols-vivants/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "max-age=600"
    directives = (part.strip().partition(" ") for part in headers["content-security-policy"].split(";"))
    csp = {name: value for name, _, value in directives}
    assert csp["script-src"] == "'self' 'wasm-unsafe-eval'" and csp["style-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'self'" and csp["img-src"] == "'self' data:"
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert "'unsafe-eval'" not in headers["content-security-policy"]
    assert headers["strict-transport-security"].startswith("max-age=63072000")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert "<h1>Les sols vivants</h1>" in body.decode()


def test_page_narrows_frames_to_its_video_hosts(nginx):
    _port, site = nginx
    page = (site / "webtv" / "abeilles-video" / "index.html").read_text(encoding="utf-8")
    assert 'content="frame-src https://www.youtube-nocookie.com; media-src &#39;self&#39;"' in page


def test_html_is_served_pre_compressed_to_browsers_that_accept_gzip(nginx):
    port, site = nginx
    status, headers, body = get(port, "/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
    assert gzip.decompress(body) == (site / "index.html").read_bytes()


def test_calendars_are_text_calendar_and_never_compressed(nginx):
    port, _site = nginx
    status, headers, body = get(port, "/agenda.ics", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
    assert "content-encoding" not in headers and body == CALENDAR.encode()
    assert headers["cache-control"] == "max-age=3600"
    assert headers["x-content-type-options"] == "nosniff"  # the location keeps the server's headers


@pytest.mark.parametrize("path, media_type", [
    ("/feeds/agenda.atom.xml", "application/atom+xml"),
    ("/feeds/agenda.rss.xml", "application/rss+xml"),
])
def test_feeds_have_their_own_types_and_a_short_cache(nginx, path, media_type):
    port, _site = nginx
    status, headers, _body = get(port, path)
    assert status == 200 and headers["content-type"] == f"{media_type}; charset=utf-8"
    assert headers["cache-control"] == "max-age=3600"


def test_versioned_theme_files_are_cached_for_a_year(nginx):
    port, site = nginx
    href = re.search(r'href="(/theme/css/site\.css\?v=\w+)"', (site / "index.html").read_text(encoding="utf-8"))[1]
    status, headers, _body = get(port, href)
    assert status == 200 and headers["content-type"] == "text/css; charset=utf-8"
    assert headers["cache-control"] == "max-age=31536000"


def test_images_are_cached_for_a_week(nginx):
    port, site = nginx
    image = min(site.glob("images/**/*.jpg"))  # a derivative (originals are never published)
    status, headers, _body = get(port, f"/{image.relative_to(site)}")
    assert status == 200 and headers["content-type"] == "image/jpeg" and headers["cache-control"] == "max-age=604800"


@pytest.mark.parametrize("path", ["/nulle-part/", "/evenements/inconnu/index.html", "/.secret"])
def test_missing_pages_get_the_french_404_page(nginx, path):
    port, _site = nginx
    status, headers, body = get(port, path)
    assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
    assert "Page introuvable" in body.decode() and 'href="/agenda/"' in body.decode()
    assert "content-security-policy" in headers and "strict-transport-security" in headers
