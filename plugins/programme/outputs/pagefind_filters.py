"""Pagefind's filter index, written the same for the same pages: `settle` runs on each bundle Pagefind made.

Pagefind 1.5 writes a filter's values in the order of a Rust `HashMap`, which differs from run to run
(upstream, Pagefind/pagefind#638: « other files will still change, such as the filter/metadata indexes »):
the filter file changed, so did its name, the metadata naming it and the entry naming that, and two builds
of the same site differed. `settle` sorts each filter's values, names the file after its content as
Pagefind does (`<language>_<hash>`), and renames the metadata and the entry's hash to follow. The search
page reads the values into a map: their order means nothing to it.

The files are gzip'd CBOR after Pagefind's mark; `decode` and `encode` read and write the part of CBOR they
use (integers, byte and text strings, arrays, maps), in the definite lengths and shortest forms Pagefind
writes: what is not changed is written back byte for byte. Anything else is left as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import zlib
from pathlib import Path

logger = logging.getLogger(__name__)

MARK = b"pagefind_dcd"  # before the CBOR, in every file the search page decompresses
META_FILTERS = 3  # the metadata: [version, pages, index chunks, filters ([name, file hash]…), sorts, meta fields]


class Unexpected(ValueError):
    """A CBOR item Pagefind's files are not known to hold (a float, an indefinite length…)."""


def decode(data: bytes, at: int = 0) -> tuple[object, int]:
    """The CBOR item at `at`, and where the next one starts."""
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise Unexpected(f"CBOR : longueur {info} à l'octet {at - 1}")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        raw = data[at:at + number]
        return (raw if major == 2 else raw.decode("utf-8")), at + number
    if major in (4, 5):
        items = []
        for _ in range(number * (2 if major == 5 else 1)):
            item, at = decode(data, at)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2]))), at
    raise Unexpected(f"CBOR : type majeur {major} à l'octet {at - 1}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    size = next(size for size in (1, 2, 4, 8) if number < 1 << (8 * size))
    return bytes([major << 5 | (24 + size.bit_length() - 1)]) + number.to_bytes(size, "big")


def encode(value: object) -> bytes:
    if isinstance(value, bool) or value is None:
        raise Unexpected(f"CBOR : {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(map(encode, value))
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(key) + encode(item) for key, item in value.items())
    raise Unexpected(f"CBOR : {type(value).__name__}")


def read(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MARK):
        raise Unexpected(f"{path.name} : pas de marque Pagefind")
    value, end = decode(data, len(MARK))
    if end != len(data):
        raise Unexpected(f"{path.name} : {len(data) - end} octets après la fin")
    return value


def write(folder: Path, name: str, suffix: str, value: object) -> str:
    """Write `value` as `<folder>/<language>_<hash><suffix>`, hashed as long as `name`'s; returns the new name."""
    data = MARK + encode(value)
    language, _, old_hash = name.rpartition("_")
    new = f"{language}_{hashlib.sha256(data).hexdigest()[:len(old_hash)]}"
    (folder / f"{new}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return new


def settle(bundle: Path) -> None:
    """Sort the filter values of every language of the bundle, renaming what names them (see above). Every file
    is read before any is written: a file it cannot read leaves the whole bundle as Pagefind wrote it."""
    entry_path = bundle / "pagefind-entry.json"
    if not entry_path.is_file():
        return
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    try:
        read_all = [(language, _read_language(bundle, language["hash"])) for language in entry["languages"].values()]
    except (Unexpected, KeyError, IndexError, TypeError, ValueError, OSError, EOFError, zlib.error) as error:
        logger.warning("Recherche : l'index des filtres est laissé tel que Pagefind l'a écrit (%s).", error)
        return
    changed = False
    for language, (meta, filters) in read_all:
        if filters:  # else nothing Pagefind orders at random
            language["hash"], changed = _write_language(bundle, language["hash"], meta, filters), True
    if changed:
        entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_language(bundle: Path, meta_hash: str) -> tuple[list, list[tuple[list, list]]]:
    """One language's metadata, and each of its filters: its [name, file hash] in the metadata, and its content
    with the values sorted."""
    meta = read(bundle / f"pagefind.{meta_hash}.pf_meta")
    filters = []
    for pair in meta[META_FILTERS]:
        name, values = read(bundle / "filter" / f"{pair[1]}.pf_filter")
        filters.append((pair, [name, sorted(values, key=lambda value: value[0])]))
    return meta, filters


def _write_language(bundle: Path, meta_hash: str, meta: list, filters: list[tuple[list, list]]) -> str:
    """Every filter file written again (even one Pagefind happened to sort: the same content always gets the
    same name and bytes), then the metadata naming them; returns the metadata's new hash."""
    for pair, content in filters:
        new = write(bundle / "filter", pair[1], ".pf_filter", content)
        if new != pair[1]:
            (bundle / "filter" / f"{pair[1]}.pf_filter").unlink()
            pair[1] = new
    new_meta = write(bundle, f"pagefind.{meta_hash}", ".pf_meta", meta).removeprefix("pagefind.")
    if new_meta != meta_hash:
        (bundle / f"pagefind.{meta_hash}.pf_meta").unlink()
    return new_meta
