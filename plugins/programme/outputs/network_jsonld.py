"""What search engines read of the research network: a project's `ResearchProject`, a partner's `Organization`,
and, on the pages of a project's events, who funds and supports them.

A partner is described in full on its own page (`partner_node`) and named elsewhere by its `@id` with its
name, page and website (`partner_reference`). A project is a `ResearchProject` (an `Organization` in
schema.org): its funders are its `funder`, its partners and researchers its `member`, its events and
videos its `subjectOf`; schema.org gives organisations `foundingDate` and `dissolutionDate`, not the
`startDate`/`endDate` of events. An event of a project gets the project's funders as its `funder`, the
project itself as its `sponsor`, and its co-organisers beside the museum as its `organizer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import episodes, jsonld

if TYPE_CHECKING:
    from ..content.contents import Event
    from ..content.models import ProjectDate
    from ..content.network import Partner, Project

# The properties a video is named by in a project's `subjectOf` (its page describes it in full).
VIDEO_KEYS = ("@type", "name", "url", "thumbnailUrl", "uploadDate")


def partner_reference(partner: Partner) -> dict:
    """A partner where another node names it: enough to tell which organisation it is."""
    data = {"@type": "Organization", "@id": f"{partner.absolute_url}#organisation", "name": partner.title,
            "url": partner.absolute_url}
    if partner.website:
        data["sameAs"] = partner.website
    return data


def partner_node(partner: Partner, base: str) -> dict:
    """A partner's page: the organisation, its logo (a real one only, not the one drawn with its name) and the
    researchers who name it among their organisations."""
    data = partner_reference(partner)
    if partner.summary:
        data["description"] = partner.summary
    if partner.logo and partner.logo_image:
        image = partner.logo_image
        data["logo"] = {"@type": "ImageObject", "url": f"{base}/{image.largest}", "width": image.width,
                        "height": image.height}
    if partner.researchers:
        data["member"] = [jsonld.person(researcher) for researcher in partner.researchers]
    return data


def project_reference(project: Project) -> dict:
    """A project where another node names it: its title, its acronym and its page."""
    data = {"@type": "ResearchProject", "@id": f"{project.absolute_url}#projet", "name": project.title,
            "url": project.absolute_url}
    if project.acronym and project.acronym != project.title:
        data["alternateName"] = project.acronym
    return data


def project_date(when: ProjectDate) -> str:
    """ISO 8601: « 2025-01 » for a month (the agreement says no more), else the day."""
    return f"{when.day:%Y-%m}" if when.month_only else when.day.isoformat()


def project_node(project: Project, base: str) -> dict:
    data = project_reference(project)
    if project.summary:
        data["description"] = project.summary
    if project.picture:
        data["image"] = f"{base}/{project.picture.largest}"
    if project.website:
        data["sameAs"] = project.website
    data["foundingDate"] = project_date(project.start)
    if project.end:
        data["dissolutionDate"] = project_date(project.end)
    if project.funders:
        data["funder"] = [partner_reference(partner) for partner in project.funders]
    members = [partner_reference(partner) for partner in project.partners]
    members += [jsonld.person(researcher) for researcher in project.people]
    if members:
        data["member"] = members
    subjects = [{"@type": "Event", "name": event.title, "url": event.absolute_url, **jsonld.dates(event.span)}
                for event in (*project.upcoming_events, *project.past_events)]
    for episode in project.episodes:
        video = episodes.video_data(episode, base)
        subjects.append({key: video[key] for key in VIDEO_KEYS if key in video})
    if subjects:
        data["subjectOf"] = subjects
    return data


def event_support(event: Event) -> dict:
    """What an event's nodes add from its projects: their funders (`funder`) and the projects themselves
    (`sponsor`). Empty for an event of no project."""
    support: dict = {}
    funders = list(dict.fromkeys(funder for project in event.projects for funder in project.funders))
    if funders:
        support["funder"] = [partner_reference(partner) for partner in funders]
    if event.projects:
        support["sponsor"] = [project_reference(project) for project in event.projects]
    return support


def with_support(event: Event, nodes: list[dict]) -> list[dict]:
    """The event's `Event` and `EventSeries` nodes, with what `event_support` says and its co-organisers."""
    support = event_support(event)
    co_organisers = [partner_reference(partner) for partner in event.partners]
    for node in nodes:
        if node.get("@type") not in ("Event", "EventSeries"):
            continue
        node.update(support)
        if co_organisers:
            museum = node.get("organizer")
            node["organizer"] = [museum, *co_organisers] if museum else co_organisers
    return nodes
