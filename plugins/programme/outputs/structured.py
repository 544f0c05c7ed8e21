"""What search engines read of each page: one JSON-LD `@graph`, and the breadcrumb trail it shares with the page.

Each page describes its subject: an `Event` (or a repeating event's `EventSeries` and its coming dates,
`jsonld.py`), a researcher's `Person`, an episode's `VideoObject`, a cycle's `EventSeries`, a venue's
`Place`, a project's `ResearchProject` and a partner's `Organization` (`network_jsonld.py`); every item
page has its `BreadcrumbList`, the same trail the page shows above its title; the home page describes the
museum (`Organization`) and the site (`WebSite`, with its search). Printed by one Jinja global from
base.html, so that no template builds data.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from . import colloquium_jsonld, episodes, jsonld, network_jsonld

# Where each kind of page sits: the listing (a `PROGRAMME_LISTINGS` key) its trail goes through.
PARENTS = {"event": "agenda", "cycle": "agenda", "researcher": "researchers", "episode": "episodes",
           "partner": "partners", "project": "projects"}
PARENTS.update(colloquium="colloquia", translation="colloquia", venue="venues")
LISTING_NAMES = {"agenda": "Agenda", "researchers": "Chercheurs", "episodes": "WebTV", "partners": "Partenaires",
                 "projects": "Projets"}
LISTING_NAMES.update(colloquia="Colloques", venues="Lieux")
HOME = "Accueil"
NEWS = "Actualités"


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str  # site-relative, as templates print after SITEURL
    lang: str = ""  # a page's own title in another language than the site's (an English colloquium's)


def _subject(context: Context):
    return context.get("article") or context.get("page")


def trail(context: Context) -> list[Crumb]:
    """Home, the listing the page belongs to, the page: for item pages (ours, news and pages), else none.
    Worked out once per page (its `<head>` and its body both ask)."""
    cached = context.vars.get("_trail")
    if cached is not None:
        return cached
    context.vars["_trail"] = found = _trail(context)
    return found


def _trail(context: Context) -> list[Crumb]:
    subject = _subject(context)
    if subject is None or not getattr(subject, "url", None):
        return []
    settings = context.get("PROGRAMME_LISTINGS") or {}
    crumbs = [Crumb(HOME, "")]
    kind = getattr(subject, "kind", None)
    if kind in PARENTS and PARENTS[kind] in settings:
        crumbs.append(Crumb(LISTING_NAMES[PARENTS[kind]], settings[PARENTS[kind]][0]))
    elif kind is None and type(subject).__name__ == "Article":
        crumbs.append(Crumb(NEWS, context.get("INDEX_URL", "")))
    own = getattr(subject, "lang", "")
    crumbs.append(Crumb(subject.title, subject.url, own if own and own != context.get("DEFAULT_LANG", "fr") else ""))
    return crumbs


@pass_context
def breadcrumbs(context: Context) -> list[Crumb]:
    """The trail the page shows (base.html prints it as a `nav`)."""
    return trail(context)


def breadcrumb_list(crumbs: list[Crumb], base: str) -> dict:
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": position, "name": crumb.name, "item": f"{base}/{crumb.url}"}
        for position, crumb in enumerate(crumbs, start=1)]}


def subject_nodes(subject, base: str) -> list[dict]:
    """The schema.org nodes describing one of our items."""
    kind = getattr(subject, "kind", None)
    if kind in ("colloquium", "translation"):
        return colloquium_jsonld.nodes(subject, base)
    if kind == "event":
        graph = jsonld.event_graph(subject, base)
        nodes = graph.get("@graph") or [{key: value for key, value in graph.items() if key != "@context"}]
        return network_jsonld.with_support(subject, nodes)
    if kind == "episode":
        return [episodes.video_data(subject, base)]
    if kind == "researcher":
        data = jsonld.person(subject)
        if subject.portrait:
            data["image"] = f"{base}/{subject.portrait.largest}"
        if subject.summary:
            data["description"] = subject.summary
        return [data]
    if kind == "cycle":
        return [cycle_series(subject, base)]
    if kind == "venue":
        return [jsonld.place(subject)]
    if kind == "project":
        return [network_jsonld.project_node(subject, base)]
    if kind == "partner":
        return [network_jsonld.partner_node(subject, base)]
    return []


def cycle_series(cycle, base: str) -> dict:
    """A cycle as `EventSeries`: its coming events are its `subEvent`s, each described on its own page."""
    data = {"@type": "EventSeries", "@id": f"{cycle.absolute_url}#cycle", "name": cycle.title,
            "url": cycle.absolute_url, "inLanguage": "fr"}
    if cycle.summary:
        data["description"] = cycle.summary
    if cycle.picture:
        data["image"] = f"{base}/{cycle.picture.largest}"
    organizer = jsonld.organisation(cycle.settings, base)
    if organizer:
        data["organizer"] = organizer
    coming = getattr(cycle, "upcoming_events", [])
    if coming:
        data["subEvent"] = [{"@type": "Event", "name": event.title, "url": event.absolute_url,
                             **jsonld.dates(event.upcoming_occurrences[0] if event.upcoming_occurrences else event.schedule)}
                            for event in coming]
    return data


def home_nodes(context: Context, base: str) -> list[dict]:
    """The museum and the site, described once, on the home page."""
    settings = context
    nodes = []
    organisation = jsonld.organisation(settings, base)
    if organisation:
        logo = context.get("SITE_LOGO")
        if logo:
            organisation["logo"] = {"@type": "ImageObject", "url": f"{base}/{logo.path}", "width": logo.width,
                                    "height": logo.height}
        nodes.append(organisation)
    search = context.get("PROGRAMME_LISTINGS", {}).get("search")
    website = {"@type": "WebSite", "@id": f"{base}/#site", "name": context.get("SITENAME", ""), "url": f"{base}/",
               "inLanguage": "fr"}
    if context.get("SITESUBTITLE"):
        website["description"] = context["SITESUBTITLE"]
    if organisation:
        website["publisher"] = {"@id": organisation["@id"]}
    if search:
        website["potentialAction"] = {"@type": "SearchAction", "target": f"{base}/{search[0]}?q={{search_term_string}}",
                                      "query-input": "required name=search_term_string"}
    nodes.append(website)
    return nodes


@pass_context
def structured_data(context: Context) -> Markup:
    """The page's `<script type="application/ld+json">`, or nothing for a page that describes nothing."""
    base = context.get("PUBLIC_URL", "")
    subject = _subject(context)
    nodes = subject_nodes(subject, base) if subject is not None else []
    crumbs = trail(context)
    if len(crumbs) > 1:
        nodes.append(breadcrumb_list(crumbs, base))
    if subject is None and context.get("page_url") == "":
        nodes = home_nodes(context, base)
    if not nodes:
        return Markup("")
    text = jsonld.script_json({"@context": "https://schema.org", "@graph": nodes})
    return Markup(f'<script type="application/ld+json">{text}</script>')
