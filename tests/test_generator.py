"""The generator over the fixture folder, without writing anything."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from programme.build import configure
from programme.build.generator import ProgrammeGenerator
from programme.content.linking import link
from programme.content.models import State


@pytest.fixture
def generator(site):
    settings = site.settings()
    configure.apply_defaults(settings)
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {}, "localsiteurl": ""}
    generator = ProgrammeGenerator(context=context, settings=settings, path=settings["PATH"],
                                   theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
    generator.generate_context()
    assert link(generator.programme, generator.drafts) == []
    return generator


def test_reads_every_kind_and_leaves_drafts_out(generator):
    programme = generator.programme
    assert len(programme.events) == 5 and len(programme.episodes) == 2 and len(programme.partners) == 2
    assert [project.slug for project in programme.projects] == ["pollinisateurs"]
    assert [r.slug for r in programme.researchers] == ["alice-martin", "bruno-petit"]  # chloe-zed is a draft
    assert generator.drafts["event"] == {"brouillon"}
    assert generator.problems.problems == []


def test_events_are_typed_and_sorted(generator):
    events = generator.programme.events
    assert [e.slug for e in events] == ["abeilles-et-cafe", "exposition", "sols-vivants", "conference-annulee", "webinaire"]
    sols = events[2]
    assert sols.schedule.start == datetime(2026, 12, 3, 19, tzinfo=ZoneInfo("Europe/Paris"))
    assert sols.state is State.SCHEDULED and events[3].state is State.CANCELLED
    assert sols.tags == ["sol", "biodiversité"] and sols.price_label == "Entrée libre"
    assert sols.url == "evenements/sols-vivants/" and sols.save_as == "evenements/sols-vivants/index.html"


def test_registers_sources_for_intrasite_links(generator):
    assert "evenements/sols-vivants.md" in generator.context["generated_content"]


def test_relations_and_time_split(generator):
    programme = generator.programme
    bruno = next(r for r in programme.researchers if r.slug == "bruno-petit")
    assert [e.slug for e in bruno.upcoming_events] == ["sols-vivants"]
    assert [e.slug for e in bruno.past_events] == ["abeilles-et-cafe"]
    assert [e.slug for e in bruno.episodes] == ["abeilles-video"]
    assert programme.episodes[0].event.slug == "abeilles-et-cafe"

