"""Every usual form of a `Video` field, and the ones refused."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from programme.content.fields import ParseContext
from programme.content.video import parse_video
from programme.problems import FieldError

CTX = ParseContext(ZoneInfo("Europe/Paris"), Path(__file__).parent / "fixtures" / "site")


@pytest.mark.parametrize(
    ("url", "host", "video_id", "start"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", 0),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s&list=PL123", "youtube", "dQw4w9WgXcQ", 90),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", 0),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "youtube", "dQw4w9WgXcQ", 42),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ", 0),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=125", "youtube", "dQw4w9WgXcQ", 125),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", 0),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", 0),
        ("https://youtube.com/live/dQw4w9WgXcQ?t=1h2m3s", "youtube", "dQw4w9WgXcQ", 3723),
        ("http://youtube.com/watch?v=dQw4w9WgXcQ&feature=youtu.be", "youtube", "dQw4w9WgXcQ", 0),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=2m5s", "youtube", "dQw4w9WgXcQ", 125),
        ("https://youtu.be/dQw4w9WgXcQ?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&t=1m", "youtube", "dQw4w9WgXcQ", 60),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", 0),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?list=PL123&start=30", "youtube", "dQw4w9WgXcQ", 30),
        ("https://tube.univ-orleans.fr/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "peertube", "9c9de5e8-0a1e-484a-b099-e80766180a6d", 0),
        ("https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv?start=1m", "peertube", "kkGMgK9ZtnKfYAgnEtQxbv", 60),
        ("https://peertube.example.org/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d", "peertube", "9c9de5e8-0a1e-484a-b099-e80766180a6d", 0),
        ("https://webtv.univ-orleans.fr/media/conference.mp4", "file", "conference.mp4", 0),
        ("https://webtv.univ-orleans.fr/media/conference.webm", "file", "conference.webm", 0),
        ("https://webtv.univ-orleans.fr/media/CONFERENCE.MP4", "file", "CONFERENCE.MP4", 0),
    ],
)
def test_recognised_forms(url, host, video_id, start):
    video = parse_video(url, CTX)
    assert (video.host, video.id, video.start) == (host, video_id, start)


def test_local_file_under_content(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "film.mp4").write_bytes(b"\x00")
    video = parse_video("media/film.mp4", ParseContext(ZoneInfo("Europe/Paris"), tmp_path))
    assert (video.host, video.url) == ("file", "media/film.mp4")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC1234567890",
        "https://www.youtube.com/playlist?list=PL123",
        "https://vimeo.com/123456",
        "https://www.youtube.com/",
        "https://youtu.be/",
        "https://tube.univ-orleans.fr/videos/watch/playlist/9c9de5e8-0a1e-484a-b099-e80766180a6d",
        "ftp://webtv.univ-orleans.fr/media/conference.mp4",
        "https://tube.univ-orleans.fr/w/p/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://exemple.fr/video.avi",
        "media/absent.mp4",
        "ma vidéo",
    ],
)
def test_rejected_forms_explain_what_is_accepted(url):
    with pytest.raises(FieldError) as error:
        parse_video(url, CTX)
    assert "YouTube" in (error.value.hint or "") or "introuvable" in error.value.message
