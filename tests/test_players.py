"""Player addresses, the facade's wording, the collapsible transcript and the VideoObject data."""

import json
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from programme.content.models import Video
from programme.content.players import embed_url, player_for, watch_url
from programme.media.library import ResponsiveImage
from programme.outputs.episodes import collapse_transcript, iso_duration, video_data
from programme.outputs.jsonld import script_json

YOUTUBE = Video("youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", 42)
PEERTUBE = Video("peertube", "kkGMgK9ZtnKfYAgnEtQxbv", "https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv", 90,
                 "tube.example.org")
REMOTE_FILE = Video("file", "talk.mp4", "https://webtv.example.org/media/talk.mp4")
LOCAL_FILE = Video("file", "film.webm", "media/videos/film.webm")
POSTER = ResponsiveImage((), "/images/p-1024.jpg", "", 1280, 720, "", "images/p-1280.jpg")


@pytest.mark.parametrize(("video", "expected"), [
    (YOUTUBE, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=42"),
    (Video("youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    (PEERTUBE, "https://tube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv?autoplay=1&start=90"),
    (REMOTE_FILE, ""),
])
def test_embed_urls_are_cookieless_autoplaying_and_keep_the_start(video, expected):
    assert embed_url(video) == expected


@pytest.mark.parametrize(("video", "expected"), [
    (YOUTUBE, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s"),
    (PEERTUBE, "https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv?start=90s"),
    (REMOTE_FILE, "https://webtv.example.org/media/talk.mp4"),
    (LOCAL_FILE, "https://site.example/media/videos/film.webm"),
])
def test_without_javascript_the_link_goes_to_the_host(video, expected):
    assert watch_url(video, "https://site.example") == expected


@pytest.mark.parametrize(("video", "kind", "host", "mime"), [
    (YOUTUBE, "iframe", "YouTube", ""),
    (PEERTUBE, "iframe", "tube.example.org (PeerTube)", ""),
    (REMOTE_FILE, "video", "webtv.example.org", "video/mp4"),
    (LOCAL_FILE, "native", "", "video/webm"),
])
def test_player_kind_and_what_the_notice_says(video, kind, host, mime):
    player = player_for(video, "Les sols", "12 min", POSTER, "", "media/captions/sols.vtt")
    assert (player.kind, player.mime_type) == (kind, mime)
    assert player.frame_title == "Vidéo : Les sols"
    if kind == "iframe":  # a host's player cannot load our captions: they are a file to download
        assert (player.captions_url, player.captions_download) == ("", "/media/captions/sols.vtt")
    else:
        assert (player.captions_url, player.captions_download) == ("/media/captions/sols.vtt", "")
    if kind != "native":
        assert f"hébergée par {host}" in player.notice and "avant votre clic" in player.notice
    else:
        assert player.src == "/media/videos/film.webm"


@pytest.mark.parametrize(("seconds", "expected"), [
    (3723, "PT1H2M3S"), (755, "PT12M35S"), (58, "PT58S"), (3600, "PT1H"), (0, "PT0S"),
])
def test_iso_durations(seconds, expected):
    assert iso_duration(seconds) == expected


def test_transcript_section_folds_until_the_next_section():
    html = ("<p>Intro</p>\n<h2 id=\"transcription\">Transcription</h2>\n<p>« Bonsoir. »</p>\n"
            "<h2>Ressources</h2>\n<p>Liens</p>")
    folded = collapse_transcript(html)
    assert folded.startswith("<p>Intro</p>\n<details class=\"transcript\"><summary>Transcription</summary>")
    assert "<p>« Bonsoir. »</p>\n</details>" in folded and folded.endswith("<h2>Ressources</h2>\n<p>Liens</p>")
    assert collapse_transcript("<h2>Transcription</h2><p>Fin</p>").endswith("<p>Fin</p></details>\n")
    assert collapse_transcript("<h2>Autre</h2>") == "<h2>Autre</h2>"


def test_video_object_is_complete_and_cannot_close_its_script():
    episode = SimpleNamespace(
        title="Sols </script><script>alert(1)</script>", summary="Des vers & des racines", url="webtv/sols/",
        poster_url="https://site.example/images/sols-1280.jpg", duration=3723, video=YOUTUBE, event=None,
        published=datetime(2026, 11, 20, tzinfo=ZoneInfo("Europe/Paris")),
    )
    text = script_json(video_data(episode, "https://site.example"))
    assert "</" not in text and "<script" not in text
    data = json.loads(text)
    assert data == {
        "@type": "VideoObject", "name": episode.title,
        "description": "Des vers & des racines", "url": "https://site.example/webtv/sols/", "inLanguage": "fr",
        "thumbnailUrl": ["https://site.example/images/sols-1280.jpg"], "uploadDate": "2026-11-20T00:00:00+01:00",
        "duration": "PT1H2M3S", "embedUrl": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42",
    }
    local = video_data(SimpleNamespace(**{**episode.__dict__, "video": LOCAL_FILE}), "https://site.example")
    assert local["contentUrl"] == "https://site.example/media/videos/film.webm"
