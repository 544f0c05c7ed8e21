"""Sciences à Orléans: events, researchers, episodes, venues, cycles, partners and projects for Pelican."""

from __future__ import annotations

from pelican import signals

from .build import exiting, finishing, images, outputlock, parallel, staging
from .build.configure import apply_defaults
from .build.generator import ProgrammeGenerator
from .content import ledger, pelican_content
from .content.linking import link
from .media import store


def initialize(pelican) -> None:
    apply_defaults(pelican.settings)
    if pelican.settings["STAGED_OUTPUT"]:
        staging.redirect_output(pelican)


def get_generators(pelican):
    parallel.stop_abandoned()
    store.stop_abandoned()
    outputlock.hold_run(_output(pelican), pelican.settings)  # before anything touches the staging folder
    staging.start_run(pelican)
    ledger.forget(pelican.settings)
    return ProgrammeGenerator


def check_and_link(generators) -> None:
    """Cross-links once every file is read; any problem of the build stops it here, before writing. A build
    that gets past it starts its calendars and feeds at once (`invoke check` calls `link_and_check` only)."""
    link_and_check(generators)
    for generator in generators:
        if isinstance(generator, ProgrammeGenerator):
            generator.work.start_subscriptions(generator.site)


def link_and_check(generators) -> None:
    """Link and finish every item; raise `ContentError` with every problem found."""
    for generator in generators:
        if isinstance(generator, ProgrammeGenerator):
            generator.problems.extend(link(generator.programme, generator.drafts, generator.failed, generator.scheduled,
                                           generator.unlinked))
            generator.problems.extend(finishing.finish(generator, generators))
            generator.problems.extend(staging.recorded_problems(generator.settings))  # Pelican's, told in French
            if generator.problems.problems:
                generator.work.abandon()
                outputlock.end_run(generator.settings["OUTPUT_PATH"])  # a live reload waiting for a fix holds nothing
            generator.problems.raise_if_any()


def publish(pelican) -> None:
    """Swap the staged output in, then record the calendars' changes; the run's lock goes either way."""
    try:
        staging.publish(pelican)
        ledger.commit(pelican.settings)
    finally:
        outputlock.end_run(_output(pelican))


def _output(pelican) -> str:
    """The output this run publishes to (not the staging folder it writes into)."""
    return getattr(pelican, "final_output_path", pelican.output_path)


def register() -> None:
    signals.initialized.connect(initialize)
    signals.initialized.connect(exiting.skip_final_collection)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(staging.staging_writer)
    signals.static_generator_finalized.connect(images.withhold_originals)
    signals.article_generator_context.connect(pelican_content.french_metadata)
    signals.page_generator_context.connect(pelican_content.french_metadata)
    signals.all_generators_finalized.connect(check_and_link)
    signals.finalized.connect(publish)
