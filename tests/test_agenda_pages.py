"""The agenda page, the event pages' « Ajouter à mon agenda » and their schema.org JSON-LD, read back with real parsers."""

from urllib.parse import parse_qs, urlsplit

import pytest
from agenda_events import build_with_agenda_events
from conftest import Site

BASE = "https://sciences.orleans-metropole.fr"


@pytest.fixture(scope="module")
def agenda_site(tmp_path_factory) -> Site:
    return build_with_agenda_events(tmp_path_factory.mktemp("agenda"))


def json_ld(site: Site, slug: str) -> dict:
    """The event page's `Event` (a one-off event has exactly one)."""
    return site.node(f"evenements/{slug}/index.html", "Event")


def query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {key: values[0] for key, values in parse_qs(parts.query).items()}


def entries(site: Site) -> list:
    return site.html("agenda/index.html").select("section[data-agenda-month] li[data-agenda-entry]")


def test_agenda_lists_each_date_of_a_series_in_its_month(agenda_site):
    soup = agenda_site.html("agenda/index.html")
    months = {section.h2.get_text(): [card.find(class_="event-when").get_text() for card in section.find_all(class_="event-card")
                                      if "Marché aux graines" in card.get_text()]
              for section in soup.select("section[data-agenda-month]")}
    assert months["Décembre 2026"] == ["samedi 5 décembre 2026", "samedi 19 décembre 2026"]  # 12 December is excepted
    card = next(c for c in soup.find_all(class_="event-card") if "Marché aux graines" in c.get_text())
    assert card.find(class_="event-series").get_text() == (
        "tous les samedis, du samedi 5 décembre 2026 au samedi 19 décembre 2026 (sauf le samedi 12 décembre 2026)")


def test_agenda_entries_carry_what_the_filter_needs(agenda_site):
    sols = next(li for li in entries(agenda_site) if "Les sols vivants" in li.get_text())
    assert sols["data-end"] == "2026-12-03T21:00:00+01:00"
    assert (sols["data-cycle"], sols["data-venue"], sols["data-audience"], sols["data-accessibility"]) == (
        "conferences", "museum", "tout-public-des-10-ans", "motor hearing")
    online = next(li for li in entries(agenda_site) if "Soirée passée en ligne" in li.get_text())
    assert online["data-venue"] == "en-ligne"
    facts = sols.find(class_="event-facts").get_text(" ", strip=True)
    for fact in ["Muséum d'Orléans", "Conférences du jeudi", "Alice Martin", "Tout public, dès 10 ans", "Entrée libre"]:
        assert fact in facts
    registration = sols.find("a", class_="registration")
    assert registration["href"] == "https://billetterie.example.fr/sols"
    assert registration.get_text() == "S'inscrire : Les sols vivants"  # a link name that stands alone
    cancelled = next(li for li in entries(agenda_site) if "Conférence annulée" in li.get_text())
    assert cancelled.find(class_="state").get_text() == "Annulé"


def test_filter_form_is_labelled_and_hidden_until_the_script_runs(agenda_site):
    soup = agenda_site.html("agenda/index.html")
    form = soup.find("form", attrs={"data-agenda-filter": True})
    assert form.has_attr("hidden") and form.fieldset.legend.get_text() == "Filtrer les rendez-vous"
    menus = {select["name"]: [option["value"] for option in select.find_all("option")] for select in form.find_all("select")}
    assert menus["cycle"] == ["", "conferences"]  # only what the listed dates have: « Bar des sciences » is over
    assert menus["venue"] == ["", "cafe-du-pont", "en-ligne", "museum"]
    assert menus["accessibility"] == ["", "motor", "hearing", "visual"]
    assert "tout-public-des-10-ans" in menus["audience"]
    for select in form.find_all("select"):
        assert form.find("label", attrs={"for": select["id"]}).get_text()
    assert soup.find(attrs={"data-agenda-status": True})["role"] == "status"
    script = soup.find("script", src=True)
    assert script["src"].startswith("/theme/js/agenda-filter.js?v=") and script.has_attr("defer")
    assert not soup.find("script", src=False, type=lambda kind: kind != "application/ld+json")  # no inline script
    assert (agenda_site.output / "theme/js/agenda-filter.js").is_file()


def test_filters_without_javascript_are_the_cycle_and_venue_pages(agenda_site):
    links = {a["href"] for a in agenda_site.html("agenda/index.html").find("nav", class_="agenda-browse").find_all("a")}
    assert {"/cycles/conferences/", "/cycles/bar-des-sciences/", "/lieux/museum/", "/lieux/cafe-du-pont/"} <= links


def test_subscribe_block(agenda_site):
    block = agenda_site.html("agenda/index.html").find("section", class_="subscribe")
    hrefs = [a["href"] for a in block.find_all("a")]
    assert "webcal://sciences.orleans-metropole.fr/agenda.ics" in hrefs
    google = next(href for href in hrefs if href.startswith("https://calendar.google.com/"))
    assert query(google) == ("https://calendar.google.com/calendar/render", {"cid": "webcal://sciences.orleans-metropole.fr/agenda.ics"})
    text = block.get_text(" ", strip=True)
    for client in ["iPhone", "Google Agenda", "Android", "Outlook", f"{BASE}/agenda.ics"]:
        assert client in text


def test_cycle_page_offers_its_own_calendar(agenda_site):
    line = agenda_site.html("cycles/conferences/index.html").find(class_="subscribe-line")
    hrefs = [a["href"] for a in line.find_all("a")]
    assert hrefs[:2] == ["webcal://sciences.orleans-metropole.fr/cycles/conferences.ics", "/cycles/conferences.ics"]


def test_archives_link_to_the_episode_that_recorded_the_event(agenda_site):
    card = next(c for c in agenda_site.html("agenda/archives/2026/index.html").find_all(class_="event-card")
                if "Abeilles & café" in c.get_text())
    assert card.find(class_="event-episode").a["href"] == "/webtv/abeilles-video/"


def test_add_to_calendar_links_for_a_timed_event(agenda_site):
    block = agenda_site.html("evenements/sols-vivants/index.html").find("section", class_="add-to-calendar")
    ics, google, outlook = [a["href"] for a in block.find_all("a")]
    assert ics == "/evenements/sols-vivants.ics"
    assert query(google) == ("https://calendar.google.com/calendar/render", {
        "action": "TEMPLATE", "text": "Les sols vivants", "dates": "20261203T180000Z/20261203T200000Z",
        "details": f"Une conférence sur la vie des sols.\n\n{BASE}/evenements/sols-vivants/",
        "location": "Muséum d'Orléans, 6 rue Marcel Proust, 45000 Orléans", "ctz": "Europe/Paris"})
    address, params = query(outlook)
    assert address == "https://outlook.live.com/calendar/0/deeplink/compose"
    assert (params["rru"], params["subject"], params["startdt"], params["enddt"]) == (
        "addevent", "Les sols vivants", "2026-12-03T18:00:00Z", "2026-12-03T20:00:00Z")
    assert "allday" not in params and "+" not in outlook  # spaces are %20: Outlook shows a + literally


def test_add_to_calendar_links_for_an_all_day_event(agenda_site):
    block = agenda_site.html("evenements/exposition/index.html").find("section", class_="add-to-calendar")
    _ics, google, outlook = [a["href"] for a in block.find_all("a")]
    assert query(google)[1]["dates"] == "20261114/20270301"  # exclusive end, as in iCalendar
    params = query(outlook)[1]
    assert (params["startdt"], params["enddt"], params["allday"]) == ("2026-11-14", "2027-03-01", "true")


def test_a_series_page_lists_its_next_dates_and_says_what_the_links_add(agenda_site):
    soup = agenda_site.html("evenements/visite/index.html")
    assert [li.get_text() for li in soup.find(class_="event-dates").find_all("li")] == ["dimanche 3 janvier 2027, de 15 h à 16 h"]
    block = soup.find("section", class_="add-to-calendar")
    assert "prochaine date (dimanche 3 janvier 2027, 15 h)" in block.get_text()
    assert query(block.find_all("a")[1]["href"])[1]["dates"] == "20270103T140000Z/20270103T150000Z"


@pytest.mark.parametrize("slug", ["conference-annulee", "abeilles-et-cafe"])
def test_nothing_to_add_once_cancelled_or_over(agenda_site, slug):
    assert agenda_site.html(f"evenements/{slug}/index.html").find("section", class_="add-to-calendar") is None


def test_json_ld_of_an_event(agenda_site):
    data = json_ld(agenda_site, "sols-vivants")
    assert data["name"] == "Les sols vivants"
    assert (data["startDate"], data["endDate"]) == ("2026-12-03T19:00:00+01:00", "2026-12-03T21:00:00+01:00")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["url"] == f"{BASE}/evenements/sols-vivants/"
    place = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Muséum d'Orléans"
    assert place["address"] == {"@type": "PostalAddress", "addressCountry": "FR", "streetAddress": "6 rue Marcel Proust",
                                "postalCode": "45000", "addressLocality": "Orléans"}
    assert place["geo"]["latitude"] == 47.9095
    assert [feature["name"] for feature in place["amenityFeature"]] == ["Accessible : Handicap moteur", "Accessible : Handicap auditif"]
    assert [(p["@type"], p["name"]) for p in data["performer"]] == [("Person", "Alice Martin"), ("Person", "Bruno Petit")]
    assert "https://orcid.org/0000-0002-1825-0097" in data["performer"][0]["sameAs"]
    assert data["organizer"] == {"@type": "Organization", "@id": f"{BASE}/#organisation",
                                 "name": "Muséum d'Orléans pour la Biodiversité et l'Environnement (MOBE)",
                                 "url": "https://www.mobe-orleans.fr/"}
    assert data["offers"]["price"] == "0" and data["offers"]["priceCurrency"] == "EUR"  # « Entrée libre »
    assert data["offers"]["url"] == "https://billetterie.example.fr/sols" and data["isAccessibleForFree"] is True


def test_event_images_for_search_engines_are_published_wide_enough_in_each_shape(agenda_site):
    from PIL import Image

    shapes = set()
    for url in json_ld(agenda_site, "sols-vivants")["image"]:
        assert url.startswith(f"{BASE}/")
        published = agenda_site.output / url.removeprefix(f"{BASE}/")
        assert published.is_file(), f"{url} is not published"
        with Image.open(published) as image:
            assert image.width >= 1200
            shapes.add(round(image.width / image.height, 2))
    assert shapes == {round(16 / 9, 2), round(4 / 3, 2), 1.0}


@pytest.mark.parametrize(
    ("slug", "status", "mode"),
    [
        ("conference-annulee", "EventCancelled", "OfflineEventAttendanceMode"),
        ("reporte", "EventPostponed", "OfflineEventAttendanceMode"),
        ("deplace", "EventRescheduled", "OfflineEventAttendanceMode"),
        ("en-ligne", "EventMovedOnline", "OnlineEventAttendanceMode"),
        ("complet", "EventScheduled", "OfflineEventAttendanceMode"),
        ("webinaire", "EventScheduled", "OnlineEventAttendanceMode"),
    ],
)
def test_json_ld_status_and_attendance(agenda_site, slug, status, mode):
    data = json_ld(agenda_site, slug)
    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"


def test_json_ld_details_per_state_and_kind(agenda_site):
    assert json_ld(agenda_site, "deplace")["previousStartDate"] == "2026-12-01T19:00:00+01:00"
    assert json_ld(agenda_site, "en-ligne")["location"] == {"@type": "VirtualLocation", "url": "https://visio.example.fr/soiree"}
    full = json_ld(agenda_site, "complet")["offers"]
    assert (full["price"], full["availability"]) == ("5", "https://schema.org/SoldOut")
    assert json_ld(agenda_site, "abeilles-et-cafe")["offers"]["price"] == "3"
    exhibition = json_ld(agenda_site, "exposition")
    assert (exhibition["startDate"], exhibition["endDate"]) == ("2026-11-14", "2027-02-28")  # dates only, last day
    schedule = agenda_site.node("evenements/atelier/index.html", "EventSeries")["eventSchedule"]
    assert schedule == {"@type": "Schedule", "repeatFrequency": "P1W", "startDate": "2027-03-17", "endDate": "2027-04-07",
                        "scheduleTimezone": "Europe/Paris", "byDay": "https://schema.org/Wednesday",
                        "startTime": "14:00:00", "endTime": "16:00:00", "exceptDate": ["2027-03-31"]}


def test_json_ld_cannot_be_broken_out_of(site):
    title = 'Sciences </script><script>alert("x")</script> & <!-- co'
    site.write("evenements/piege.md", f"Title: {title}\nDate: 2026-12-20 10:00\nVenue: museum\n\nTexte.")
    site.build()
    raw = site.text("evenements/piege/index.html")
    assert "</script><script>" not in raw and "<!--" not in raw
    assert json_ld(site, "piege")["name"] == title
