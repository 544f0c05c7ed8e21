"""Recognises where an episode's video lives, from any usual form of its URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from ..problems import FieldError
from .fields import ParseContext, published_file
from .models import Video

VIDEO_FORMS = (
    "un lien YouTube (youtube.com/watch?v=…, youtu.be/…, /embed/…, /shorts/…), "
    "un lien PeerTube (…/w/… ou …/videos/watch/…), ou un fichier .mp4/.webm (adresse web ou chemin sous content/)"
)
FILE_SUFFIXES = (".mp4", ".webm")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PEERTUBE_PATH = re.compile(
    r"^/(?:w|videos/watch|videos/embed)/"
    r"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[1-9A-HJ-NP-Za-km-z]{22})/?$"
)
_PEERTUBE_PLAYLIST = re.compile(r"^/(?:w/p|videos/watch/playlist|video-playlists)/")
PLAYLIST = FieldError("c'est l'adresse d'une liste de lecture (playlist), pas celle d'une vidéo.",
                      "ouvrez dans la liste la vidéo voulue et copiez l'adresse de cette vidéo (sur YouTube, elle "
                      "contient « watch?v= »).")
_TIMESTAMP = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s?)?$")


def parse_start(value: str) -> int:
    """Seconds from `t=`/`start=` values such as `42`, `42s`, `1m30s` or `1h2m3s`."""
    match = _TIMESTAMP.match(value.strip())
    if not value.strip() or not match:
        return 0
    return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + int(match["s"] or 0)


def _start_of(query: dict[str, list[str]]) -> int:
    for key in ("t", "start"):
        if query.get(key):
            return parse_start(query[key][0])
    return 0


def _youtube_id(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    if host == "youtu.be":
        candidate = path.strip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        parts = [part for part in path.split("/") if part]
        if parts == ["watch"]:
            candidate = (query.get("v") or [""])[0]
        elif len(parts) == 2 and parts[0] in ("embed", "shorts", "live", "v"):
            candidate = parts[1]
        else:
            return None
    else:
        return None
    return candidate if _YOUTUBE_ID.match(candidate) else None


# A host name (letters, digits, hyphens, dots) and an optional port: nothing else may reach a page's
# Content-Security-Policy, which names the hosts of the videos the site embeds (`csp.py`).
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?(?::(?P<port>\d{1,5}))?")


def host_and_port(netloc: str, written: str) -> str:
    """`netloc` lower-cased if it is a plain host name with an optional port; else a FieldError."""
    value = netloc.lower()
    match = _HOST.fullmatch(value)
    if match is None or len(value.split(":")[0]) > 253 or (match["port"] and not 0 < int(match["port"]) < 65536):
        raise FieldError(f"« {written} » n'a pas une adresse de serveur valide ({netloc}).",
                         "recopiez l'adresse de la vidéo depuis la barre d'adresse du navigateur, "
                         "ex. « https://tube.exemple.fr/w/… ».")
    return value


def parse_video(text: str, ctx: ParseContext) -> Video:
    value = text.strip()
    rejected = FieldError(f"« {value} » n'est pas une vidéo reconnue.", f"formes acceptées : {VIDEO_FORMS}.")
    parts = urlparse(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        netloc = host_and_port(parts.netloc, value)
        host = netloc.split(":")[0]
        query = {**parse_qs(parts.fragment), **parse_qs(parts.query)}  # `#t=1m30s` also says where to start
        youtube = _youtube_id(host, parts.path, query)
        if youtube:
            return Video("youtube", youtube, f"https://www.youtube.com/watch?v={youtube}", _start_of(query))
        if host.endswith(("youtube.com", "youtu.be")):
            raise PLAYLIST if "list" in query or parts.path.rstrip("/").endswith("/playlist") else rejected
        if _PEERTUBE_PLAYLIST.match(parts.path):
            raise PLAYLIST
        peertube = _PEERTUBE_PATH.match(parts.path)
        if peertube:
            video_id = peertube["id"]
            return Video("peertube", video_id, f"https://{netloc}/w/{video_id}", _start_of(query), netloc)
        if parts.path.lower().endswith(FILE_SUFFIXES):
            return Video("file", parts.path.rsplit("/", 1)[-1], value)
        raise rejected
    if value.lower().endswith(FILE_SUFFIXES) and not parts.scheme:
        relative = published_file(value, ctx, "le fichier vidéo")
        return Video("file", relative.rsplit("/", 1)[-1], relative)
    raise rejected


def start_label(seconds: int) -> str:
    """« 2:05 », « 1:02:03 »: where a video starts, as players show it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
