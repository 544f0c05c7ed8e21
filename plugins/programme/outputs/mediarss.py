"""Media RSS (http://search.yahoo.com/mrss/) for video entries, as a feedgen extension.

feedgen's bundled `media` extension wraps every element in <media:group> and cannot write <media:player>,
which a video playing only on its host's page (YouTube, PeerTube) needs in place of a file URL.
Each entry gets one <media:content medium="video"> (the file, or the player page, and the duration)
and the poster as <media:thumbnail>, which is what readers show next to the title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml.etree import SubElement

if TYPE_CHECKING:
    from .feed_entries import EntryVideo

MEDIA_NS = "http://search.yahoo.com/mrss/"


class MediaRss(BaseExtension):
    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class MediaRssEntry(BaseEntryExtension):
    def __init__(self) -> None:
        self.video: EntryVideo | None = None

    def extend_rss(self, item):
        video = self.video
        if video is None:
            return item
        content = SubElement(item, f"{{{MEDIA_NS}}}content", medium="video", expression="full", isDefault="true")
        if video.file_url:
            content.set("url", video.file_url)
            content.set("type", video.file_type)
            if video.file_size:
                content.set("fileSize", str(video.file_size))
        if video.duration:
            content.set("duration", str(video.duration))
        if video.player_url:
            SubElement(content, f"{{{MEDIA_NS}}}player", url=video.player_url)
        if video.poster_url:
            SubElement(item, f"{{{MEDIA_NS}}}thumbnail", url=video.poster_url)
        return item

    extend_atom = extend_rss
