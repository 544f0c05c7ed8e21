"""deploy/nginx.conf in a real nginx, over a built site, checked with real HTTP and HTTPS requests.

The production file is the only copy of the rules: the test runs the whole file, both servers, and
replaces just its `listen` addresses (loopback ports), its `root` folders (temporary ones) and its
certificate paths (a throwaway certificate for the site's name, made with openssl).
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import icalendar
import pytest
from conftest import FIXTURE, ROOT, Site
from staff.compress import precompress

pytestmark = pytest.mark.slow

PRODUCTION = ROOT / "deploy" / "nginx.conf"
HOST = "sciences.orleans-metropole.fr"
CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\n" + "X-NOTE:Conférence\r\n" * 50 + "END:VCALENDAR\r\n"
# Files the site must never serve, whatever the location that would otherwise serve their folder.
DOTFILES = (".env", "media/.env", "images/.git/config", "theme/.DS_Store", "evenements/sols-vivants/.hidden",
            ".hidden/index.html", "feeds/.agenda.atom.xml", ".agenda.ics", ".well-known/security.txt")
# A Let's Encrypt HTTP-01 token (RFC 8555's example), and what must not be reachable beside it.
TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"
ACME_DOTFILES = (".env", ".well-known/acme-challenge/.htaccess", ".well-known/acme-challenge/.git/config")
FEED = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Agenda</title></feed>\n'


def required_program(name: str, package: str) -> str:
    path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if Path(p).exists()), None)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"Debian's {package} is not installed: .ci/run must install it")
    pytest.skip(f"{name} is not installed (apt-get install {package})")


def local_config(conf: str, ports: dict[str, int], roots: dict[str, Path], certificate: Path, key: Path) -> str:
    """The production file, line by line, with only its listen addresses, roots and certificate paths replaced.

    `ports` maps each production port to a loopback port; IPv6 `listen` lines are dropped (the IPv4 line
    beside each has the same parameters). `roots` maps each production folder to a local one.
    """
    lines = []
    for line in conf.splitlines(keepends=True):
        if match := re.match(r"(\s*)listen\s+(\S+)(.*;\s*)$", line):
            indent, address, rest = match.groups()
            if address.startswith("["):
                continue
            assert address in ports, f"deploy/nginx.conf listens on {address}, which the test does not map"
            line = f"{indent}listen 127.0.0.1:{ports[address]}{rest}"
        elif match := re.match(r"(\s*)root\s+([^;]+);(\s*)$", line):
            indent, folder, end = match.groups()
            assert folder in roots, f"deploy/nginx.conf serves {folder}, which the test does not map"
            line = f"{indent}root {roots[folder]};{end}"
        elif match := re.match(r"(\s*)include\s+(/var/www/[^;]+);(\s*)$", line):  # a file of a served folder
            indent, path, end = match.groups()
            folder = next((folder for folder in roots if path.startswith(folder + "/")), None)
            assert folder, f"deploy/nginx.conf includes {path}, from a folder the test does not map"
            line = f"{indent}include {roots[folder]}{path.removeprefix(folder)};{end}"
        elif match := re.match(r"(\s*)(ssl_certificate|ssl_certificate_key)\s+[^;]+;(\s*)$", line):
            indent, directive, end = match.groups()
            line = f"{indent}{directive} {certificate if directive == 'ssl_certificate' else key};{end}"
        lines.append(line)
    return "".join(lines)


def free_ports(count: int) -> list[int]:
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:  # bound together, so that they differ
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


class TLSConnection(http.client.HTTPSConnection):
    """HTTPS to the loopback address, naming `server_name` in the handshake (SNI) as a browser would."""

    def __init__(self, port: int, server_name: str | None, context: ssl.SSLContext):
        super().__init__("127.0.0.1", port, timeout=10, context=context)
        self.server_name = server_name

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.server_name)


@dataclass
class Nginx:
    """The running nginx: its ports, the folders it serves, and how to talk to it."""

    http_port: int
    https_port: int
    site: Path
    acme: Path
    config: Path
    work: Path
    certificate: Path

    def trusting(self) -> ssl.SSLContext:
        """A client context that trusts only the throwaway certificate, and checks the site's name against it."""
        return ssl.create_default_context(cafile=str(self.certificate))

    def get(self, path: str, server_name: str | None = HOST, context: ssl.SSLContext | None = None,
            **headers: str) -> tuple[int, dict[str, str], bytes]:
        """A GET over HTTPS; `Host` is the site's name unless given."""
        connection = TLSConnection(self.https_port, server_name, context or self.trusting())
        return request(connection, path, headers)

    def get_http(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """A GET on the port-80 server; `Host` is the site's name unless given."""
        return request(http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10), path, headers)


def request(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]):
    try:
        connection.request("GET", path, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def throwaway_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the site's name, valid for a day."""
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [required_program("openssl", "openssl"), "req", "-x509", "-nodes", "-days", "1",
         "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )
    return certificate, key


# The webinaire, renamed twice since it was published: its oldest name is long, as a slug made of a title is.
RENAMED = "webinaire-crues"
OLD_NAMES = ("webinaire-sur-la-cartographie-des-zones-inondables-du-val-de-loire-et-de-ses-affluents-avec-les-"
             "hydrologues-du-brgm-et-de-l-universite-d-orleans", "webinaire")


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Site:
    """The fixture site, built as published, with one event renamed and its old names kept (`Anciens noms`)."""
    root = tmp_path_factory.mktemp("renamed")
    shutil.copytree(FIXTURE, root / "content")
    result = Site(root)
    source = result.content / "evenements" / "webinaire.md"
    header, body = source.read_text(encoding="utf-8").split("\n\n", 1)
    (result.content / "evenements" / f"{RENAMED}.md").write_text(
        f"{header}\nAnciens noms: {', '.join(OLD_NAMES)}\n\n{body}", encoding="utf-8")
    source.unlink()
    result.build()
    return result


@pytest.fixture(scope="module")
def nginx(renamed, tmp_path_factory):
    """nginx on two loopback ports over the built fixture site, pre-compressed as `invoke publish` does."""
    binary = required_program("nginx", "nginx")
    work = tmp_path_factory.mktemp("nginx")
    site, acme = work / "site", work / "letsencrypt"
    shutil.copytree(renamed.output, site)
    (site / "agenda.ics").write_text(CALENDAR, encoding="utf-8")  # calendars and feeds come from other modules
    (site / "feeds").mkdir()
    (site / "feeds" / "agenda.atom.xml").write_text(FEED + "<!-- -->" * 100, encoding="utf-8")
    (site / "feeds" / "agenda.rss.xml").write_text(FEED, encoding="utf-8")
    (site / ".secret").write_text("not public", encoding="utf-8")
    precompress(site)
    (site / "agenda.ics.gz").write_bytes(gzip.compress(CALENDAR.encode()))  # present, and must not be served
    for relative in DOTFILES:
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(f"SECRET {relative}", encoding="utf-8")
    for relative in (*ACME_DOTFILES, f".well-known/acme-challenge/{TOKEN}"):
        (acme / relative).parent.mkdir(parents=True, exist_ok=True)
        (acme / relative).write_text(f"SECRET {relative}", encoding="utf-8")
    (acme / ".well-known" / "acme-challenge" / TOKEN).write_text(f"{TOKEN}.thumbprint", encoding="utf-8")
    certificate, key = throwaway_certificate(work)
    http_port, https_port = free_ports(2)
    server = local_config(
        PRODUCTION.read_text(encoding="utf-8"),
        ports={"80": http_port, "443": https_port},
        roots={"/var/www/sciences-orleans/current": site, "/var/www/letsencrypt": acme},
        certificate=certificate, key=key,
    )
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {work / kind};" for kind in kinds)
    user = "user root root;\n" if os.geteuid() == 0 else ""  # as root, workers would drop to nobody
    config = work / "nginx.conf"
    config.write_text(
        f"{user}daemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'} warn;\nevents {{}}\n"
        f"http {{\n    access_log off;\n{temp}\n{server}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([binary, "-p", str(work), "-e", str(work / "error.log"), "-c", str(config)],
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    for port in (http_port, https_port):
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
                time.sleep(0.05)
    yield Nginx(http_port, https_port, site, acme, config, work, certificate)
    process.terminate()
    process.wait(timeout=10)


def test_pages_are_html_with_a_short_cache_and_every_security_header(nginx):
    status, headers, body = nginx.get("/evenements/sols-vivants/")
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


def csp_directives(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, _, value in (part.strip().partition(" ") for part in headers["content-security-policy"].split(";"))}


@pytest.mark.parametrize("path", ["/lieux/", "/lieux/museum/", "/lieux/cafe-du-pont/index.html"])
def test_the_venue_map_pages_may_show_openstreetmaps_tiles(nginx, path):
    """Their interactive map loads tiles from VENUE_MAP_TILES's host after a click; only there (see below)."""
    from programme.settings import DEFAULTS

    tiles = re.match(r"https://[^/]+", DEFAULTS["VENUE_MAP_TILES"])[0]
    status, headers, _body = nginx.get(path)
    assert status == 200 and csp_directives(headers)["img-src"] == f"'self' data: {tiles}"
    assert csp_directives(headers)["script-src"] == "'self' 'wasm-unsafe-eval'"  # nothing else widened


@pytest.mark.parametrize("path", ["/", "/agenda/", "/evenements/sols-vivants/", "/lieux-caches/", "/agenda/lieux/",
                                  "/theme/css/site.css", "/nulle-part/"])
def test_no_other_page_allows_them(nginx, path):
    _status, headers, _body = nginx.get(path)
    assert csp_directives(headers)["img-src"] == "'self' data:" and "openstreetmap" not in headers["content-security-policy"]


def test_page_narrows_frames_to_its_video_hosts(nginx):
    site = nginx.site
    page = (site / "webtv" / "abeilles-video" / "index.html").read_text(encoding="utf-8")
    assert 'content="frame-src https://www.youtube-nocookie.com; media-src &#39;self&#39;; img-src &#39;self&#39; data:"' in page


def test_html_is_served_pre_compressed_to_browsers_that_accept_gzip(nginx):
    site = nginx.site
    status, headers, body = nginx.get("/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
    assert gzip.decompress(body) == (site / "index.html").read_bytes()


def test_calendars_are_text_calendar_and_never_compressed(nginx):
    status, headers, body = nginx.get("/agenda.ics", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
    assert "content-encoding" not in headers and body == CALENDAR.encode()
    assert headers["cache-control"] == "max-age=3600"
    assert headers["x-content-type-options"] == "nosniff"  # the location keeps the server's headers


def test_a_calendar_is_cached_no_longer_than_subscribers_are_told_to_wait(nginx):
    """A subscribed client fetches a calendar again after its REFRESH-INTERVAL (RFC 7986; X-PUBLISHED-TTL for
    Outlook): a cache allowed to keep it longer could hand back the old copy, and a cancellation would reach
    subscribers later than the file promises. Read from a calendar the build wrote, as served."""
    status, headers, body = nginx.get("/cycles/conferences.ics")
    assert status == 200 and body == (nginx.site / "cycles" / "conferences.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(body)
    refresh = calendar["REFRESH-INTERVAL"].dt
    published_ttl = icalendar.vDuration.from_ical(str(calendar["X-PUBLISHED-TTL"]))
    max_age = timedelta(seconds=int(re.fullmatch(r"max-age=(\d+)", headers["cache-control"])[1]))
    lifetime = parsedate_to_datetime(headers["expires"]) - parsedate_to_datetime(headers["date"])
    assert max_age == lifetime == refresh == published_ttl
    # A plain calendar, not an iTIP message: no METHOD, so no `method` parameter either (RFC 5545 §8.1).
    assert "METHOD" not in calendar and headers["content-type"] == "text/calendar; charset=utf-8"


@pytest.mark.parametrize("path, media_type", [
    ("/feeds/agenda.atom.xml", "application/atom+xml"),
    ("/feeds/agenda.rss.xml", "application/rss+xml"),
])
def test_feeds_have_their_own_types_and_a_short_cache(nginx, path, media_type):
    status, headers, _body = nginx.get(path)
    assert status == 200 and headers["content-type"] == f"{media_type}; charset=utf-8"
    assert headers["cache-control"] == "max-age=3600"


def test_versioned_theme_files_are_cached_for_a_year(nginx):
    site = nginx.site
    href = re.search(r'href="(/theme/css/site\.css\?v=\w+)"', (site / "index.html").read_text(encoding="utf-8"))[1]
    status, headers, _body = nginx.get(href)
    assert status == 200 and headers["content-type"] == "text/css; charset=utf-8"
    assert headers["cache-control"] == "max-age=31536000"


@pytest.mark.parametrize("path, media_type", [
    ("/favicon.ico", "image/x-icon"),
    ("/apple-touch-icon.png", "image/png"),
    ("/icon.svg", "image/svg+xml; charset=utf-8"),
    ("/site.webmanifest", "application/manifest+json; charset=utf-8"),
])
def test_icons_and_the_manifest_have_their_types_at_the_root(nginx, path, media_type):
    status, headers, body = nginx.get(path)
    assert status == 200 and headers["content-type"] == media_type and body == (nginx.site / path[1:]).read_bytes()
    assert headers["cache-control"] == "max-age=600"  # stable names: a new design is seen within minutes


def test_images_are_cached_for_a_week(nginx):
    site = nginx.site
    image = min(site.glob("images/**/*.jpg"))  # a derivative (originals are never published)
    status, headers, _body = nginx.get(f"/{image.relative_to(site)}")
    assert status == 200 and headers["content-type"] == "image/jpeg" and headers["cache-control"] == "max-age=604800"


@pytest.mark.parametrize("path", ["/nulle-part/", "/evenements/inconnu/index.html", "/.secret"])
def test_missing_pages_get_the_french_404_page(nginx, path):
    status, headers, body = nginx.get(path)
    assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
    assert "Page introuvable" in body.decode() and 'href="/agenda/"' in body.decode()
    assert "content-security-policy" in headers and "strict-transport-security" in headers


@pytest.mark.parametrize("path", [
    "/.env", "/media/.env", "/images/.git/config", "/theme/.DS_Store", "/evenements/sols-vivants/.hidden",
    "/.hidden/", "/.hidden/index.html", "/feeds/.agenda.atom.xml", "/.agenda.ics",
    # Spelt otherwise: nginx decodes and normalises the path before choosing a location.
    "/media/%2eenv", "/media/%2Eenv", "/media%2F.env", "//media//.env", "/media/./.env", "/media/x/../.env",
    "/images/%2egit/config", "/theme//.DS_Store", "/media/.env?download=1",
    # .well-known too: the build publishes none, and Let's Encrypt is answered on port 80.
    "/.well-known/security.txt", f"/.well-known/acme-challenge/{TOKEN}",
])
def test_no_dotfile_is_served_under_any_location(nginx, path):
    status, headers, body = nginx.get(path)
    assert status == 404 and b"SECRET" not in body and "Page introuvable" in body.decode()
    assert "content-security-policy" in headers and "strict-transport-security" in headers


@pytest.mark.parametrize("path", [
    "/.env", "/.well-known/acme-challenge/.htaccess", "/.well-known/acme-challenge/%2ehtaccess",
    "/.well-known/acme-challenge//.htaccess", "/.well-known/acme-challenge/.git/config",
    "/.well-known/acme-challenge/x/../.htaccess",
])
def test_port_80_serves_no_dotfile_beside_the_challenges(nginx, path):
    status, _headers, body = nginx.get_http(path)
    assert status == 404 and b"SECRET" not in body


def test_port_80_answers_lets_encrypt_challenges(nginx):
    status, _headers, body = nginx.get_http(f"/.well-known/acme-challenge/{TOKEN}")
    assert status == 200 and body == f"{TOKEN}.thumbprint".encode()


@pytest.mark.parametrize("host", [HOST, "evil.example", "evil.example:8080", f"{HOST}.evil.example", "127.0.0.1"])
def test_port_80_redirects_to_the_site_whatever_host_is_asked_for(nginx, host):
    status, headers, _body = nginx.get_http("/agenda/?cycle=sols", Host=host)
    assert status == 301 and headers["location"] == f"https://{HOST}/agenda/?cycle=sols"


@pytest.mark.parametrize("path", ["/agenda/", "/.env"])
def test_port_80_does_not_name_the_nginx_version(nginx, path):
    status, headers, body = nginx.get_http(path)
    assert status in (301, 404) and headers["server"] == "nginx" and b"nginx/" not in body


def tolerant() -> ssl.SSLContext:
    """A client context that accepts any certificate: a failed handshake can then only be the server's doing."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


@pytest.mark.parametrize("server_name", ["evil.example", f"{HOST}.evil.example", None])
def test_https_refuses_a_handshake_for_another_name_or_none(nginx, server_name):
    """So the site is never served under a name pointed at this machine by someone else."""
    with pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"):
        nginx.get("/", server_name=server_name, context=tolerant())


def test_https_does_not_serve_the_site_to_another_host_header(nginx):
    """A client that negotiated the site's name and then asks for another gets no response at all."""
    with pytest.raises(http.client.RemoteDisconnected):
        nginx.get("/", Host="evil.example")
    status, _headers, _body = nginx.get("/", Host=f"{HOST}:443")  # a port in Host is still the site
    assert status == 200


def test_nginx_t_accepts_the_file_without_a_warning(nginx):
    """`nginx -t`, as run before every reload, on the very configuration the other tests run."""
    result = subprocess.run(
        [required_program("nginx", "nginx"), "-t", "-p", str(nginx.work), "-e", str(nginx.work / "error.log"),
         "-c", str(nginx.config)],
        capture_output=True, text=True, timeout=30,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "test is successful" in output, output
    assert not [line for line in output.splitlines() if re.search(r"\[(warn|error|crit|alert|emerg)\]", line)], output


@pytest.mark.parametrize("old", [f"/evenements/{name}{end}" for name in OLD_NAMES for end in ("/", "", "/index.html")])
def test_a_renamed_events_old_addresses_are_permanently_redirected_to_its_page(nginx, old):
    status, headers, _body = nginx.get(old)
    assert status == 301 and headers["location"] == f"https://{HOST}/evenements/{RENAMED}/"
    status, _headers, body = nginx.get(f"/evenements/{RENAMED}/")
    assert status == 200 and "<h1>Webinaire inondations</h1>" in body.decode()


def test_a_redirect_keeps_the_query_string_and_the_security_headers(nginx):
    status, headers, _body = nginx.get("/evenements/webinaire/?utm_source=lettre")
    assert status == 301 and headers["location"] == f"https://{HOST}/evenements/{RENAMED}/?utm_source=lettre"
    assert headers["strict-transport-security"].startswith("max-age=63072000")


def test_a_renamed_events_old_calendar_file_leads_to_its_new_one(nginx):
    status, headers, _body = nginx.get("/evenements/webinaire.ics")
    assert status == 301 and headers["location"] == f"https://{HOST}/evenements/{RENAMED}.ics"
    status, headers, body = nginx.get(headers["location"].removeprefix(f"https://{HOST}"))
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert status == 200 and str(event["UID"]) == f"evenement-{OLD_NAMES[0]}@{HOST}"  # its first name's


def test_over_http_an_old_address_reaches_the_new_page_in_two_hops(nginx):
    status, headers, _body = nginx.get_http("/evenements/webinaire/")
    assert status == 301 and headers["location"] == f"https://{HOST}/evenements/webinaire/"
    status, headers, _body = nginx.get("/evenements/webinaire/")
    assert status == 301 and headers["location"].endswith(f"/evenements/{RENAMED}/")


def test_other_addresses_are_not_redirected_and_the_map_is_not_served(nginx):
    assert (nginx.site / "redirections.map").is_file()
    assert nginx.get("/redirections.map")[0] == 404
    assert nginx.get("/evenements/sols-vivants/")[0] == 200
    assert nginx.get("/evenements/webinaires/")[0] == 404


def test_nginx_starts_on_a_release_without_the_map(nginx, tmp_path):
    """A release published before renames existed has no redirections.map: nginx must still accept it."""
    config = nginx.config.read_text(encoding="utf-8").replace(str(nginx.site), str(tmp_path))
    assert str(tmp_path / "redirections*.map") in config
    (tmp_path / "nginx.conf").write_text(config, encoding="utf-8")
    result = subprocess.run(
        [required_program("nginx", "nginx"), "-t", "-p", str(nginx.work), "-e", str(nginx.work / "error.log"),
         "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0 and "test is successful" in result.stdout + result.stderr, result.stderr
