"""The site search: a Pagefind index of the built pages, written beside them, searched offline in the browser.

Pagefind reads the finished HTML, so it runs at `finalized`, on the folder Pelican wrote (the staging
folder when the output is staged), before that folder is published. Only pages marked with
`data-pagefind-body` (events, researchers, episodes, news) are indexed; `<html lang="fr">` gives French
stemming (« abeille » finds « abeilles ») and Pagefind ignores accents (« ecologie » finds « Écologie »).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

from pagefind.index import IndexConfig, PagefindIndex


def write_index(output_path: str, settings: dict) -> None:
    """Index every HTML page under `output_path` into its `SEARCH_BUNDLE` folder."""
    bundle = os.path.join(output_path, settings["SEARCH_BUNDLE"])
    config: IndexConfig = {"output_path": bundle, "force_language": settings["DEFAULT_LANG"]}
    # In a thread of its own: the caller's thread may already run an event loop (Playwright, an async server).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _index(output_path, config)).result()


async def _index(site: str, config: IndexConfig) -> None:
    async with PagefindIndex(config=config) as index:
        await index.add_directory(site)
