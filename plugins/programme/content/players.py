"""How a video is shown: a click-to-play facade for videos hosted elsewhere, a native player for ours.

A French public body may not load YouTube before consent. Until a visitor clicks, the page holds only
our poster and a plain link to the video on its host; theme/static/js/video-facade.js replaces that
link by the player (youtube-nocookie.com or PeerTube iframe, or a `<video>`) on click. Every URL is
built here and handed to the page in `data-*` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from ..media.library import ResponsiveImage
from .models import Video

FILE_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
FRAME_PERMISSIONS = "autoplay; fullscreen; picture-in-picture"


def embed_url(video: Video, autoplay: bool = True) -> str:
    """The player's address: YouTube's cookie-less domain, or the PeerTube instance's embed page."""
    query = {"autoplay": 1} if autoplay else {}
    if video.start:
        query["start"] = video.start
    suffix = f"?{urlencode(query)}" if query else ""
    if video.host == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video.id}{suffix}"
    if video.host == "peertube":
        return f"https://{video.instance}/videos/embed/{video.id}{suffix}"
    return ""


def watch_url(video: Video, site_url: str) -> str:
    """The video on its host, at its start time: the facade's link when JavaScript does not run."""
    if video.host == "youtube":
        return f"https://www.youtube.com/watch?v={video.id}" + (f"&t={video.start}s" if video.start else "")
    if video.host == "peertube":
        return video.url + (f"?start={video.start}s" if video.start else "")
    return file_url(video, site_url)


def file_url(video: Video, site_url: str) -> str:
    """A video file's address: as given when on another host, under the site for a file in content/."""
    return video.url if is_remote(video) else f"{site_url}/{video.url}"


def is_remote(video: Video) -> bool:
    return bool(urlparse(video.url).scheme)


def host_name(video: Video) -> str:
    """« YouTube », « tube.univ-orleans.fr (PeerTube) », « webtv.univ-orleans.fr »: who serves the video."""
    if video.host == "youtube":
        return "YouTube"
    if video.host == "peertube":
        return f"{video.instance} (PeerTube)"
    return urlparse(video.url).netloc


@dataclass(frozen=True)
class VideoPlayer:
    """Everything the `video_player` macro (theme/templates/_video.html) prints."""

    title: str
    duration_label: str
    poster: ResponsiveImage
    kind: str  # "iframe" or "video" (loaded on click), "native" (our own file, in the page at once)
    watch_url: str
    src: str  # what the click loads (iframe or video address); the native player's file
    mime_type: str = ""
    captions_url: str = ""  # a `<track>` of our `<video>` players
    captions_download: str = ""  # captions a host's player cannot load: offered as a file beside it
    host: str = ""

    @property
    def is_native(self) -> bool:
        return self.kind == "native"

    @property
    def frame_title(self) -> str:
        return f"Vidéo : {self.title}"

    @property
    def permissions(self) -> str:
        return FRAME_PERMISSIONS

    @property
    def notice(self) -> str:
        """What clicking does, said before the click."""
        cookies = "YouTube peut alors déposer des cookies et recueillir des données" if self.host == "YouTube" \
            else "ce site peut alors déposer des cookies et recueillir des données"
        return (f"Vidéo hébergée par {self.host}. Rien n'en est chargé avant votre clic : en cliquant sur "
                f"« Lire la vidéo », vous la chargez depuis {self.host} ; {cookies} selon sa propre politique "
                "de confidentialité.")


def player_for(video: Video, title: str, duration_label: str, poster: ResponsiveImage, site_url: str,
               captions: str = "") -> VideoPlayer:
    """The player of a video: native for our files, a facade for anything on another host."""
    captions_url = f"{site_url}/{captions}" if captions else ""
    common = {"title": title, "duration_label": duration_label, "poster": poster,
              "watch_url": watch_url(video, site_url), "host": host_name(video)}
    if video.host in ("youtube", "peertube"):  # their players show their own captions, never a file of ours
        return VideoPlayer(kind="iframe", src=embed_url(video), captions_download=captions_url, **common)
    mime_type = FILE_TYPES.get("." + video.url.rsplit(".", 1)[-1].lower(), "")
    src = file_url(video, site_url) + (f"#t={video.start}" if video.start else "")
    return VideoPlayer(kind="video" if is_remote(video) else "native", src=src, mime_type=mime_type,
                       captions_url=captions_url, **common)


FACADE_MARKER = "data-video-facade"
