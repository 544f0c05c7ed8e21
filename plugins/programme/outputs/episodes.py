"""What an episode page and the WebTV listing add: collapsible transcript, VideoObject data, groupings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.players import embed_url, file_url

if TYPE_CHECKING:
    from ..content.contents import Episode
    from ..content.programme import Programme

_TRANSCRIPT_HEADING = re.compile(r"<h2\b[^>]*>\s*Transcription\s*</h2>", re.I)
_NEXT_SECTION = re.compile(r"<h2\b", re.I)


def collapse_transcript(html: str) -> str:
    """The `## Transcription` section of a body, folded into `<details>` (long text, read on demand)."""
    heading = _TRANSCRIPT_HEADING.search(html)
    if heading is None:
        return html
    following = _NEXT_SECTION.search(html, heading.end())
    end = following.start() if following else len(html)
    return (f'{html[: heading.start()]}<details class="transcript"><summary>Transcription</summary>'
            f"{html[heading.end() : end]}</details>\n{html[end:]}")


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration, as schema.org wants it: 3723 → PT1H2M3S."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if value]
    return "PT" + ("".join(parts) or "0S")


def video_data(episode: Episode, public_url: str) -> dict:
    """schema.org VideoObject (`structured.py` prints it)."""
    data: dict[str, object] = {
        "@type": "VideoObject",
        "name": episode.title,
        "description": episode.summary,
        "url": f"{public_url}/{episode.url}",
        "inLanguage": "fr",
        "thumbnailUrl": [episode.poster_url],
    }
    uploaded = episode.published or (episode.event.schedule.start if episode.event else None)
    if uploaded:
        data["uploadDate"] = uploaded.isoformat()
    if episode.duration:
        data["duration"] = iso_duration(episode.duration)
    if episode.video.host in ("youtube", "peertube"):
        data["embedUrl"] = embed_url(episode.video, autoplay=False)
    else:
        data["contentUrl"] = file_url(episode.video, public_url)
    return data


@dataclass(frozen=True)
class EpisodeGroup:
    """Episodes under a heading: a cycle, or a speaker."""

    key: str
    label: str
    url: str
    episodes: list[Episode]


def by_cycle(programme: Programme) -> list[EpisodeGroup]:
    """Episodes under the cycle of the event they recorded, cycles in order; the rest last."""
    groups = {cycle.slug: EpisodeGroup(cycle.slug, cycle.title, cycle.url, []) for cycle in programme.cycles}
    others = EpisodeGroup("autres", "Autres vidéos", "", [])
    for episode in programme.episodes:
        cycle = episode.event.cycle if episode.event else None
        (groups[cycle.slug] if cycle else others).episodes.append(episode)
    return [group for group in (*groups.values(), others) if group.episodes]


def by_speaker(programme: Programme) -> list[EpisodeGroup]:
    """Episodes under each speaker, in directory order."""
    return [EpisodeGroup(r.slug, r.title, r.url, r.episodes) for r in programme.researchers if r.episodes]


def listing(programme: Programme) -> dict[str, list]:
    """What /webtv/ shows: every episode newest first, then the same by cycle and by speaker."""
    return {"episodes": programme.episodes, "cycles": by_cycle(programme), "speakers": by_speaker(programme)}
