"""The part of the Content-Security-Policy that depends on content: which video hosts pages may embed, and
where images may come from.

nginx sends the site-wide policy (deploy/nginx.conf), which lets frames and media come from https
origins; every page narrows it with a `<meta>` policy naming only the hosts the programme really uses,
computed at each build. Browsers enforce both, so the effective policy is exact, and an episode from a
new PeerTube instance needs no change on the server. Images come from the site (and `data:`) only, but on
the venue map's pages, whose interactive map may load tiles (`venue_map.policy`): nginx allows the tile
host under /lieux/, and these pages' `<meta>` names it too, so that no other page could load a tile even
from a server that sent a wider policy (or none, as the preview does).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

from ..content.models import Video
from ..content.programme import Programme
from .site import Site

YOUTUBE_EMBEDS = "https://www.youtube-nocookie.com"
IMAGES = "'self' data:"


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


def page_policy(embeds: str, *image_origins: str) -> str:
    """A page's `<meta>` policy: `embed_policy`'s frames and media, and images from the site and `image_origins`."""
    return f"{embeds}; img-src {' '.join((IMAGES, *image_origins))}"


def announce(context: dict, embeds: str) -> None:
    """Every page's policy into the templates' context, and its embeds' part for pages that add to it."""
    context["embed_policy"] = embeds
    context["content_security_policy"] = page_policy(embeds)


def advertise(site: Site) -> None:
    """The policy of the episodes' videos; the build adds the bodies' once it has read them (`finishing`)."""
    announce(site.context, embed_policy(site.programme))
