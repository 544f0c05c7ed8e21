"""Colloquia as a visitor, a calendar, a printer and a search engine get them, from a real build of the fixture's
two-day colloquium (`colloques/sols-2027.md`) and its English translation (`sols-2027.en.md`)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pypdf
import pytest
import recurring_ical_events
import schema_org
from programme.outputs import pdf as pdf_engine
from programme.problems import ContentError
from test_preview import project, replies, warm  # noqa: F401  (the preview's warm process, as `invoke serve` runs it)

FRENCH = "colloques/sols-2027/index.html"
ENGLISH = "en/colloquia/sols-2027/index.html"
BASE = "https://sciences.orleans-metropole.fr"
PARIS = ZoneInfo("Europe/Paris")


def texts(elements) -> list[str]:
    return [" ".join(element.get_text(" ", strip=True).split()) for element in elements]


def test_the_timetable_reads_day_by_day_with_sessions_and_talks(built):
    page = built.html(FRENCH)
    days = page.select(".programme-day")
    assert [day["id"] for day in days] == ["jour-2027-03-11", "jour-2027-03-12"]
    assert [a["href"] for a in page.select("nav.day-tabs a")] == ["#jour-2027-03-11", "#jour-2027-03-12"]
    assert texts(page.select("nav.day-tabs a")) == ["Jeudi 11 mars", "Vendredi 12 mars"]
    assert texts(days[0].select("h3")) == ["Jeudi 11 mars 2027"]
    assert texts(days[0].select(".session h4")) == ["9 h 30 – 11 h Ouverture : les sols des villes",
                                                    "11 h – 12 h 30 Atelier : un sol à la loupe"]
    opening = days[0].select_one(".session")
    assert opening["id"] == "seance-2027-03-11-0930-auditorium"
    assert texts(opening.select(".session-facts")) == ["Salle : Auditorium Présidence : Bruno Petit"]
    assert opening.select_one(".session-facts a")["href"] == "/chercheurs/bruno-petit/"
    talks = opening.select("ol.talks > li")
    assert texts(talk.select_one(".talk-head") for talk in talks) == [
        "9 h 30 Ce que les vers de terre font aux villes", "10 h 15 Soil life under the pavement (en anglais)"]
    english = talks[1].select_one(".talk-title span")
    assert english["lang"] == "en" and english.get_text() == "Soil life under the pavement"
    assert [a["href"] for a in talks[0].select(".talk-speakers a")] == ["/chercheurs/alice-martin/"]
    abstract = talks[0].select_one("details.abstract")
    assert abstract is not None and abstract.summary.get_text(" ", strip=True).startswith("Résumé")
    assert "aèrent les sols urbains" in abstract.get_text()
    workshop = days[0].select(".session")[1]
    assert "Un atelier pratique" in workshop.select_one(".session-note").get_text()
    both = days[1].select_one("ol.talks > li .talk-speakers")
    assert [a["href"] for a in both.select("a")] == ["/chercheurs/bruno-petit/", "/chercheurs/alice-martin/"]


def test_each_session_can_be_added_to_a_calendar_and_the_whole_programme_too(built):
    page = built.html(FRENCH)
    links = page.select_one("#seance-2027-03-11-0930-auditorium .session-calendar")
    google, outlook = links.select("a")
    assert google["href"].startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert "dates=20270311T083000Z%2F20270311T100000Z" in google["href"]
    assert "Auditorium%2C%20Mus%C3%A9um%20d%27Orl%C3%A9ans" in google["href"]
    assert outlook["href"].startswith("https://outlook.live.com/calendar/")
    files = {a["href"]: a.get("type") for a in page.select(".programme-files a")}
    assert files == {"/colloques/sols-2027/programme.pdf": "application/pdf", "/colloques/sols-2027.ics": "text/calendar"}


def test_the_colloquia_listing_and_the_speakers_pages_lead_to_it(built):
    listing = built.html("colloques/index.html")
    assert [a["href"] for a in listing.select(".colloquium-card h3 a")] == ["/colloques/sols-2027/"]
    alice = built.html("chercheurs/alice-martin/index.html")
    talks = {a["href"]: a.get_text() for a in alice.select(".talk-list a")}
    assert talks == {"/colloques/sols-2027/#intervention-2027-03-11-0930-auditorium": "Ce que les vers de terre font aux villes",
                     "/colloques/sols-2027/#intervention-2027-03-11-1100-salle-pedagogique": "Observer un sol à la loupe",
                     "/colloques/sols-2027/#intervention-2027-03-12-0900-auditorium": "Les abeilles qui nichent dans le sol"}
    for anchor in talks:
        assert built.html(FRENCH).find(id=anchor.split("#")[1]) is not None
    assert "Les sols vivants" in built.html("partenaires/universite/index.html").get_text()
    assert "Les sols vivants" in built.html("projets/pollinisateurs/index.html").get_text()


def test_registration_and_the_call_close_themselves_after_their_deadlines(site):
    site.build(now="2026-12-01T12:00")
    page = site.html(FRENCH)
    boxes = texts(page.select(".colloquium-box p"))
    assert "Inscriptions ouvertes jusqu'au dimanche 28 février 2027." in boxes
    assert page.select_one(".colloquium-box a.button")["href"] == "https://www.example.org/inscription-sols"
    assert "Propositions attendues jusqu'au mardi 15 décembre 2026. Lire l'appel" in boxes
    site.build(now="2027-03-01T08:00")
    page = site.html(FRENCH)
    assert texts(page.select(".colloquium-box p")) == ["Inscriptions closes.", "L'appel à contributions est clos."]
    assert page.select_one(".colloquium-box a.button") is None
    assert "Registration closed." in site.text(ENGLISH)


def test_the_english_version_and_hreflang_both_ways(built):
    french, english = built.html(FRENCH), built.html(ENGLISH)
    alternates = {"fr": f"{BASE}/colloques/sols-2027/", "en": f"{BASE}/en/colloquia/sols-2027/",
                  "x-default": f"{BASE}/colloques/sols-2027/"}
    for page in (french, english):
        assert {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")} == alternates
    assert french.html["lang"] == "fr" and english.html["lang"] == "en"
    switch = french.select_one(".language-switch a")
    assert (switch["href"], switch["hreflang"], switch["lang"], switch.get_text()) == \
        ("/en/colloquia/sols-2027/", "en", "en", "English version")
    back = english.select_one(".language-switch a")
    assert (back["href"], back["hreflang"], back["lang"], back.get_text()) == \
        ("/colloques/sols-2027/", "fr", "fr", "Version française")
    assert english.select_one("header.site-header")["lang"] == "fr"  # the site's menus stay French, and say so
    assert english.select_one("footer.site-footer")["lang"] == "fr"
    assert english.select_one("meta[property='og:locale']")["content"] == "en_GB"
    assert english.h1.get_text() == "Living soils: two study days"
    assert english.select_one(".event-when").get_text() == "Thursday 11 March 2027 – Friday 12 March 2027"
    assert "Registration open until Sunday 28 February 2027." in texts(english.select(".colloquium-box p"))
    assert texts(english.select(".session h4"))[:2] == ["09:30 – 11:00 Opening: urban soils",
                                                        "11:00 – 12:30 Workshop: a soil under the magnifying glass"]
    assert texts(english.select("nav.day-tabs a")) == ["Thursday 11 March", "Friday 12 March"]
    assert texts(english.select(".session-facts"))[0] == "Room: Auditorium Chair: Bruno Petit"
    note = english.select(".session-note")[0]
    assert note["lang"] == "fr"  # not translated: shown as written, marked French
    untranslated = english.select_one("#intervention-2027-03-11-1100-salle-pedagogique .talk-head")
    assert untranslated.select_one(".talk-title span")["lang"] == "fr" and "(in French)" in untranslated.get_text()
    assert english.select_one("#intervention-2027-03-11-0930-auditorium .talk-title").get_text() == \
        "What earthworms do to cities"
    assert english.select_one("[data-pagefind-body]") is None  # the search is French: only the French page is indexed


def test_only_a_colloquium_with_a_translation_gets_an_english_page(site):
    (site.content / "colloques/sols-2027.en.md").unlink()
    site.build()
    page = site.html(FRENCH)
    assert not (site.output / "en").exists()
    assert page.select("link[hreflang]") == [] and page.select(".language-switch") == []


def read_calendar(site) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site.output / "colloques/sols-2027.ics").read_bytes())


def test_the_calendar_holds_one_event_per_session(built):
    calendar = read_calendar(built)
    sessions = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert sorted(sessions) == [f"seance--sols-2027--{key}@sciences.orleans-metropole.fr" for key in
                                ("20270311-0930-auditorium", "20270311-1100-salle-pedagogique", "20270312-0900-auditorium")]
    opening = sessions["seance--sols-2027--20270311-0930-auditorium@sciences.orleans-metropole.fr"]
    assert str(opening["SUMMARY"]) == "Ouverture : les sols des villes — Les sols vivants : deux journées d'étude"
    assert str(opening["LOCATION"]) == "Auditorium, Muséum d'Orléans, 6 rue Marcel Proust, 45000 Orléans"
    description = str(opening["DESCRIPTION"])
    assert "Présidence : Bruno Petit" in description
    assert "9 h 30 : Ce que les vers de terre font aux villes — Alice Martin (ISTO, CNRS)" in description
    assert "Soil life under the pavement (en anglais) — Bruno Petit (Université d'Orléans)" in description
    assert str(opening["URL"]) == f"{BASE}/colloques/sols-2027/#seance-2027-03-11-0930-auditorium"
    friday = recurring_ical_events.of(calendar).between(date(2027, 3, 12), date(2027, 3, 13))
    assert [(str(event["SUMMARY"]).split(" — ")[0], event.start, event.end) for event in friday] == [
        ("Sols et abeilles", datetime(2027, 3, 12, 9, tzinfo=PARIS), datetime(2027, 3, 12, 10, 30, tzinfo=PARIS))]
    assert len(recurring_ical_events.of(calendar).between(date(2027, 3, 1), date(2027, 4, 1))) == 3


def test_sessions_keep_their_identity_and_count_their_changes(site):
    site.build()
    first = {str(e["UID"]): (e["SEQUENCE"], e["DTSTAMP"].dt) for e in read_calendar(site).walk("VEVENT")}
    assert all(sequence == 0 for sequence, _stamp in first.values())
    site.edit("colloques/sols-2027.md", "Les abeilles qui nichent dans le sol", "Les abeilles terricoles")
    site.build(now="2026-12-02T10:00")
    second = {str(e["UID"]): (e["SEQUENCE"], e["DTSTAMP"].dt) for e in read_calendar(site).walk("VEVENT")}
    assert second.keys() == first.keys()
    changed = "seance--sols-2027--20270312-0900-auditorium@sciences.orleans-metropole.fr"
    assert second[changed][0] == 1 and second[changed][1] > first[changed][1]
    assert {uid: value for uid, value in second.items() if uid != changed} == \
        {uid: value for uid, value in first.items() if uid != changed}
    memory = site.content / ".memoire-calendriers" / "seance--sols-2027--20270312-0900-auditorium.json"
    assert json.loads(memory.read_text(encoding="utf-8"))["sequence"] == 1


def pdf(site, relative: str) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO((site.output / relative).read_bytes()))


@pytest.mark.parametrize(("relative", "title", "language", "sessions"), [
    ("colloques/sols-2027/programme.pdf", "Programme — Les sols vivants : deux journées d'étude", "fr",
     ("Ouverture : les sols des villes", "Atelier : un sol à la loupe", "Sols et abeilles")),
    ("en/colloquia/sols-2027/programme.pdf", "Programme — Living soils: two study days", "en",
     ("Opening: urban soils", "Workshop: a soil under the magnifying glass", "Soils and bees")),
])
def test_the_printed_programme_is_an_accessible_a4_pdf(built, relative, title, language, sessions):
    reader = pdf(built, relative)
    assert reader.metadata.title == title
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert all(round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
               for page in reader.pages)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for session in sessions:
        assert session in text
    assert "Alice Martin (ISTO, CNRS)" in text and "Bruno Petit (Université d'Orléans)" in text
    assert "Auditorium" in text and "Salle pédagogique" in text
    assert "Muséum d'Orléans, 6 rue Marcel Proust, 45000 Orléans" in text
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages for annotation in page.get("/Annots", [])
             if "/A" in annotation.get_object()]
    assert "https://www.openstreetmap.org/?mlat=47.9095&mlon=1.9096#map=18/47.9095/1.9096" in links


def test_an_unchanged_programme_is_not_laid_out_again(site, monkeypatch):
    weasyprint = pdf_engine.engine()
    made = []
    real = weasyprint.HTML.write_pdf
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: made.append(1) or real(self, *a, **k))
    site.build()
    assert len(made) == 2  # French and English
    before = site.files()["colloques/sols-2027/programme.pdf"]
    site.build()
    assert len(made) == 2 and site.files()["colloques/sols-2027/programme.pdf"] == before
    site.edit("colloques/sols-2027.md", "Sols et abeilles", "Les sols et leurs abeilles")
    site.build()
    assert len(made) == 3  # the French programme only: the English one names its session in English
    assert "Les sols et leurs abeilles" in " ".join(p.extract_text() for p in pdf(site, "colloques/sols-2027/programme.pdf").pages)


def test_a_programme_weasyprint_cannot_lay_out_is_reported_in_french(site, monkeypatch):
    def fail(self, *args, **kwargs):
        raise AssertionError("line box overflow")  # what an internal WeasyPrint failure looks like

    monkeypatch.setattr(pdf_engine.engine().HTML, "write_pdf", fail)
    with pytest.raises(ContentError) as error:
        site.build()
    message = str(error.value)
    assert "colloques/sols-2027.md : le programme imprimable (PDF) n'a pas pu être mis en page" in message
    assert "Traceback" not in message and not site.output.exists()


def test_the_structured_data_is_an_event_with_its_sessions(built):
    for relative, name, first in ((FRENCH, "Les sols vivants : deux journées d'étude", "Ouverture : les sols des villes"),
                                  (ENGLISH, "Living soils: two study days", "Opening: urban soils")):
        event = built.node(relative, "Event")
        assert schema_org.problems(event) == []
        assert (event["name"], event["startDate"], event["endDate"]) == (name, "2027-03-11", "2027-03-12")
        assert event["inLanguage"] == ["fr", "en"]
        assert [organizer["name"] for organizer in event["organizer"]][1:] == ["Université d'Orléans"]
        assert event["offers"]["validThrough"] == "2027-02-28" and event["offers"]["price"] == "0"
        assert event["offers"]["availability"] == "https://schema.org/InStock"
        sessions = event["subEvent"]
        assert [session["name"] for session in sessions][0] == first and len(sessions) == 3
        assert sessions[0]["startDate"] == "2027-03-11T09:30:00+01:00"
        assert sessions[0]["location"]["name"] == "Auditorium"
        assert [person["name"] for person in sessions[0]["performer"]] == ["Alice Martin", "Bruno Petit"]
        assert sessions[0]["inLanguage"] == ["fr", "en"] and sessions[1]["inLanguage"] == "fr"
        assert all(session["superEvent"] == {"@id": event["@id"]} for session in sessions)


@pytest.mark.parametrize(("relative", "old", "new", "page"), [
    ("colloques/sols-2027.md", "Chercheurs, gestionnaires", "Chercheuses, gestionnaires", "colloques/sols-2027"),
    ("colloques/sols-2027.en.md", "Opening: urban soils", "Opening: soils of the city", "en/colloquia/sols-2027"),
])
def test_the_preview_writes_an_edited_colloquium_first_as_the_full_build_does(site, request, relative, old, new, page):
    process = request.getfixturevalue("warm")
    replies(process, [])
    source = site.content / relative
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    output = site.output / page / "index.html"
    fast = {}
    received = replies(process, [source], lambda: fast.setdefault("page", output.read_bytes()))
    assert [reply["reply"] for reply in received] == ["page", "build"] and received[1]["problems"] == []
    assert new.encode() in fast["page"] and output.read_bytes() == fast["page"]


def test_making_a_pdf_leaves_the_check_of_pictures_cut_short_as_it_was(site):
    from test_image_pass import truncated_jpeg

    site.build()  # the printed programmes load WeasyPrint in this process, as the preview's builds do
    site.write("images/portrait.jpg", truncated_jpeg())
    with pytest.raises(ContentError) as error:
        site.build()
    assert [(p.path, p.field) for p in error.value.problems] == [("chercheurs/alice-martin.md", "Photo")]
