"""The part of the Content-Security-Policy that depends on content: which video hosts pages may embed.

nginx sends the site-wide policy (deploy/nginx.conf), which lets frames and media come from https
origins; every page narrows it with a `<meta>` policy naming only the hosts the programme really uses,
computed at each build. Browsers enforce both, so the effective policy is exact, and an episode from a
new PeerTube instance needs no change on the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

from ..content.models import Video
from ..content.programme import Programme
from .site import Site

YOUTUBE_EMBEDS = "https://www.youtube-nocookie.com"


def embed_policy(programme: Programme, embedded: Iterable[Video] = ()) -> str:
    """`frame-src …; media-src …` for the published episodes' videos (iframes after a click, or files), and
    for the videos bodies embed (`[video: …]`). Hosts were checked as host names (`video.host_and_port`)."""
    frames: set[str] = set()
    media: set[str] = set()
    for video in [*(episode.video for episode in programme.episodes), *embedded]:
        if video.host == "youtube":
            frames.add(YOUTUBE_EMBEDS)
        elif video.host == "peertube":
            frames.add(f"https://{video.instance}")
        elif urlparse(video.url).scheme in ("http", "https"):
            parts = urlparse(video.url)
            media.add(f"{parts.scheme}://{parts.netloc.lower()}")
    frame_src = " ".join(sorted(frames)) or "'none'"
    media_src = " ".join(["'self'", *sorted(media)])
    return f"frame-src {frame_src}; media-src {media_src}"


def advertise(site: Site) -> None:
    """The policy of the episodes' videos; the build adds the bodies' once it has read them (`finishing`)."""
    site.context["content_security_policy"] = embed_policy(site.programme)
