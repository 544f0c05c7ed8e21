"""Pre-compressed copies (`.gz`) of text files, for nginx's `gzip_static`: compressed once, at publication.

Calendars are left alone: Outlook fails on compressed `.ics`, and nginx serves them with gzip off.
The copies are byte-identical from one publication to the next (no name, no time in the gzip
header), so unchanged files stay hard links between releases.
"""

from __future__ import annotations

import gzip
from pathlib import Path

COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".vtt", ".webmanifest", ".atom", ".rss"}
MIN_SIZE = 512  # smaller files gain nothing


def precompress(folder: Path) -> int:
    """Write `<file>.gz` beside every compressible file that it makes smaller; return how many."""
    count = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in COMPRESSED or path.stat().st_size < MIN_SIZE:
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            count += 1
    return count
