"""Content can neither hang nor crash the build: every mistake is refused in French, with file, line and field,
by `invoke check` exactly as by the build, and no Python traceback ever reaches staff."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import DEFAULT_NOW, ROOT
from PIL import Image
from programme.build.check import check_site
from programme.build.staging import BuildFailed
from programme.media import artwork as art
from programme.problems import ContentError

EVENT = "Title: Soirée\nDate: 2026-12-20 19:00\nVenue: museum\n"
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def refusal(site) -> list:
    """The build's problems (content problems, or Pelican's errors told in French); check must find the same."""
    try:
        site.build()
    except ContentError as error:
        found = [(p.path, p.line, p.field) for p in error.problems]
        text = str(error)
    except BuildFailed as error:
        text = str(error)
        found = None
    else:
        pytest.fail("the build accepted it")
    checked = check_site(site.settings()).problems
    assert checked, "invoke check found nothing"
    if found is not None:
        assert {(p.path, p.line, p.field) for p in checked} == set(found)
    assert "Traceback" not in text
    return checked


def only(problems, path: str) -> list[tuple[int | None, str | None]]:
    return [(p.line, p.field) for p in problems if p.path == path]


# -- bounded work ------------------------------------------------------------------------------------


@pytest.mark.parametrize("relative, text", [
    ("evenements/long.md", "Title: {title}\nDate: 2026-12-20 19:00\nVenue: museum\n\nTexte."),
    ("pages/long.md", "Title: {title}\n\nTexte."),
    ("actualites/long.md", "Title: {title}\nDate: 2026-11-20\n\nTexte."),
])
def test_a_title_of_a_book_s_length_is_refused_in_french(site, relative, text):
    site.write(relative, text.format(title="a" * 200_000))
    problems = refusal(site)
    assert only(problems, relative) == [(1, "Title")]
    assert "200 au plus" in problems[0].message


class CountingFont:
    """A font that counts how often text is measured: the work a card's title takes, not its time."""

    def __init__(self, font):
        self.font, self.size, self.calls = font, font.size, 0

    def getlength(self, text: str) -> float:
        self.calls += 1
        return self.font.getlength(text)


def test_card_and_poster_titles_are_wrapped_with_bounded_work(monkeypatch):
    fonts: list[CountingFont] = []
    real = art._font.__wrapped__

    def counting(path, size):
        fonts.append(CountingFont(real(path, size)))
        return fonts[-1]

    monkeypatch.setattr(art, "_font", counting)
    for kind in ("card", "poster"):
        for title in ("a" * 200_000, "mot " * 50_000):
            art.fit_title(title, FONTS[0], 700, 4, range(60, 33, -3))
    assert sum(font.calls for font in fonts) < 5_000


# -- what a file may hold ----------------------------------------------------------------------------


@pytest.mark.parametrize("relative, header", [
    ("evenements/x.md", EVENT), ("pages/x.md", "Title: X\n"), ("actualites/x.md", "Title: X\nDate: 2026-11-20\n"),
])
@pytest.mark.parametrize("character", ["\x00", "\x08", "\x1b", "\x0c", "\x7f"])
def test_control_characters_are_reported_with_their_line(site, relative, header, character):
    site.write(relative, f"{header}\nPremière ligne.\nDeux{character}ième ligne.\n")
    assert only(refusal(site), relative) == [(len(header.splitlines()) + 3, None)]


def test_tabs_and_windows_line_ends_are_not_control_characters(site):
    site.write("evenements/x.md", (EVENT + "\nUne\tligne.\n").replace("\n", "\r\n"))
    site.build()


@pytest.mark.parametrize("relative, text, field", [
    ("evenements/x.md", "Title: X\nDate: 1999-12-31 19:00\nVenue: museum\n\nx", "Date"),
    ("evenements/x.md", "Title: X\nDate: 9999-12-31 23:59\nVenue: museum\n\nx", "Date"),
    ("evenements/x.md", EVENT + "End: 2101-01-01 10:00\n\nx", "End"),
    ("evenements/x.md", EVENT + "Repeat: chaque semaine jusqu'au 2999-01-01\n\nx", "Repeat"),
    ("evenements/x.md", EVENT + "Repeat: chaque semaine, 3 fois\nExcept: 3026-12-27\n\nx", "Except"),
    ("evenements/x.md", EVENT + "State: rescheduled\nPreviousDate: 0001-01-01 10:00\n\nx", "PreviousDate"),
    ("webtv/x.md", "Title: X\nDate: 9999-12-31\nVideo: https://youtu.be/Qm7vKx2Lp9A\n\nx", "Date"),
    ("actualites/x.md", "Title: X\nDate: 9999-12-31 23:59\n\nx", "Date"),
    ("pages/x.md", "Title: X\nDate: 1850-01-01\n\nx", "Date"),
])
def test_dates_outside_the_programme_s_years_are_refused(site, relative, text, field):
    site.write(relative, text)
    written = next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(f"{field}:"))
    years = [p for p in refusal(site) if "2000" in p.message and "2100" in p.message]
    assert [(p.path, p.line, p.field) for p in years] == [(relative, written, field)]


@pytest.mark.parametrize("relative, text", [
    ("evenements/x.md", EVENT + "Slug: !!!\n\nx"),
    ("evenements/___.md", EVENT + "\nx"),
    ("pages/x.md", "Title: X\nSlug: ../../../tmp/ailleurs\n\nx"),
    ("pages/y.md", "Title: Y\nSave_as: ../y.html\n\nx"),
])
def test_an_empty_or_escaping_slug_is_refused(site, relative, text):
    site.write(relative, text)
    problems = refusal(site)
    assert [p.field for p in problems if p.path == relative] in (["Slug"], ["Save_as"])


def test_markdown_files_no_reader_takes_are_named_in_a_warning(site):
    site.write("evenements/Majuscules.MD", EVENT + "\nx")
    site.write("chercheurs/longue.markdown", "Title: Y\n\nx")
    site.write("pages/texte.md.txt", "Title: Z\n\nx")
    warnings = check_site(site.settings()).warnings
    for path, name in (("evenements/Majuscules.MD", "Majuscules.md"), ("chercheurs/longue.markdown", "longue.md"),
                       ("pages/texte.md.txt", "texte.md")):
        assert any(path in warning and name in warning and "n'est pas lu" in warning for warning in warnings), warnings


# -- what check must find as the build does ----------------------------------------------------------


@pytest.mark.parametrize("name", ["agenda", "evenements", "flux", "recherche", "media", "theme", "pagefind", "images"])
def test_a_page_cannot_take_an_address_of_the_site(site, name):
    site.write(f"pages/{name}.md", f"Title: {name}\n\nTexte.")
    assert only(refusal(site), f"pages/{name}.md") == [(None, "Slug")]


def test_two_pages_cannot_share_an_address(site):
    site.write("pages/autre.md", "Title: Autre\nSlug: mentions-legales\n\nTexte.")
    assert [p.field for p in refusal(site)] == ["Slug"]


@pytest.mark.parametrize("template", ["event", "base", "inexistant", "../../etc/passwd"])
def test_a_template_that_cannot_render_the_page_is_refused(site, template):
    site.write("pages/x.md", f"Title: X\nTemplate: {template}\n\nTexte.")
    assert only(refusal(site), "pages/x.md") == [(2, "Template")]


@pytest.mark.parametrize("size", [(17_000, 40), (40, 17_000)])
def test_an_image_beyond_webp_s_limits_is_refused_by_file_and_field(site, size):
    Image.new("RGB", size, "white").save(site.content / "images" / "bande.png")
    site.write("evenements/x.md", EVENT + "Image: images/bande.png\nImageAlt: Une bande\n\nx")
    problems = refusal(site)
    assert only(problems, "evenements/x.md") == [(4, "Image")]
    assert "16383" in problems[0].message.replace("\u202f", "").replace(" ", "")


def test_an_event_at_a_draft_venue_is_an_error_not_an_online_event(site):
    site.write("lieux/bientot.md", "Title: Bientôt\nStatus: draft\n\nx")
    site.write("evenements/x.md", "Title: X\nDate: 2026-12-20 19:00\nVenue: bientot\n\nx")
    problems = refusal(site)
    assert only(problems, "evenements/x.md") == [(3, "Venue")] and "brouillon" in problems[0].message


@pytest.mark.parametrize("line", ["Speakers: alice-martin, bruno-petit, Alice-Martin", "Speakers: alice-martin, alice-martin"])
def test_a_reference_given_twice_is_reported(site, line):
    site.write("evenements/x.md", EVENT + line + "\n\nx")
    problems = refusal(site)
    assert only(problems, "evenements/x.md") == [(4, "Speakers")] and "plusieurs fois" in problems[0].message


# -- links to the site's own addresses ---------------------------------------------------------------


@pytest.mark.parametrize("link", [
    "/evenements/inexistant/", "/media/absent.mp3", "media/absent.vtt", "/agenda/inexistante/", "../inconnue/",
    "https://sciences.orleans-metropole.fr/cycles/inconnu/", "/flux/inconnu.atom", "/images/evenements/absente.jpg",
])
def test_a_broken_link_to_the_site_is_reported_whatever_its_form(site, link):
    site.write("pages/liens.md", f"Title: Liens\n\nPremier paragraphe.\n\nVoir [ceci]({link}).\n")
    assert only(refusal(site), "pages/liens.md") == [(5, None)]


def test_links_to_what_the_site_publishes_are_accepted(site):
    links = ["/agenda/", "/evenements/sols-vivants/", "/evenements/sols-vivants", "/flux/agenda.atom", "/agenda.ics",
             "/media/sols-entretien.mp4", "../agenda/", "/", "/agenda/archives/", "/cycles/conferences.ics",
             "https://sciences.orleans-metropole.fr/chercheurs/alice-martin/", "/partenaires/#universite", "/recherche/?q=sol",
             "/mentions-legales/", "/actualites/", "/theme/css/site.css", "https://www.inrae.fr/", "mailto:x@y.fr",
             "/projets/", "/projets/pollinisateurs/", "/projets/pollinisateurs.ics", "/flux/projets/pollinisateurs.rss",
             "/partenaires/universite/", "/comite-des-partenaires/"]
    site.write("pages/liens.md", "Title: Liens\n\n" + "\n\n".join(f"[lien {i}]({link})" for i, link in enumerate(links)))
    site.build()


# -- no content crashes anything ---------------------------------------------------------------------


HOSTILE = {
    "deep-list": {"evenements/l.md": EVENT + "\n" + "".join("  " * i + "- x\n" for i in range(800))},
    "deep-list-page": {"pages/l.md": "Title: L\n\n" + "".join("  " * i + "- x\n" for i in range(800))},
    "binary": {"evenements/b.md": bytes(range(256)) * 10},
    "utf-16": {"evenements/c.md": ("\ufeff" + EVENT + "\nx").encode("utf-16")},
    "bad-name": {os.fsdecode(b"evenements/\xff\xfe.md"): EVENT + "\nx"},
    "image-folder": {"evenements/i.md": EVENT + "Image: images\nImageAlt: x\n\nx"},
    "empty-image": {"images/z.jpg": b"", "evenements/i.md": EVENT + "Image: images/z.jpg\nImageAlt: x\n\nx"},
    "svg-image": {"images/x.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
                  "evenements/i.md": EVENT + "Image: images/x.svg\nImageAlt: x\n\nx"},
    "huge-series": {"evenements/r.md": EVENT + "Repeat: toutes les 999999 semaines, 99999999999 fois\n\nx"},
    "news-bad-date": {"actualites/n.md": "Title: N\nDate: 32/13/2026\n\nx"},
    "page-bad-status": {"pages/p.md": "Title: P\nStatus: secret\n\nx"},
    "video-host": {"webtv/v.md": "Title: V\nVideo: https://a.fr;script-src 'unsafe-inline'/w/9c9de5e8-0a1e-484a-b099-e80766180a6d\n\nx"},
    "no-header": {"evenements/e.md": "\n\nJuste du texte."},
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_files_are_refused_in_french_never_with_a_traceback(site, case):
    for relative, data in HOSTILE[case].items():
        path = site.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    refusal(site)


@pytest.mark.slow
def test_invoke_check_and_build_print_french_and_no_traceback_on_hostile_content(site):
    for case in ("deep-list", "bad-name", "news-bad-date", "video-host"):
        for relative, data in HOSTILE[case].items():
            path = site.content / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    environment = {**os.environ, "SITE_CONTENT": str(site.content), "SITE_OUTPUT": str(site.output),
                   "SITE_NOW": DEFAULT_NOW}
    for task in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "invoke", task], cwd=ROOT, env=environment,
                                capture_output=True, timeout=300)
        output = (result.stdout + result.stderr).decode("utf-8", errors="replace")
        assert result.returncode == 1, output
        assert "Traceback" not in output and "Error" not in output, output
        assert "imbriqué trop profondément" in output and "caractères illisibles" in output
        assert "la date n'est pas reconnue" in output and "adresse de serveur valide" in output
