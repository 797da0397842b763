"""Read WARC and WARC.gz archives: every HTML or plain-text response record is one article.

Records that are not responses (requests, metadata) are passed over; a damaged archive keeps the
records read before the damage and reports the rest.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..records import RawDocument, Skip
from .decode import UnreadableInput, decode_text
from .html import document_from_html


def gzip_damage(data: bytes) -> str | None:
    """Why a gzip stream is damaged, or None when it decompresses to the end.

    warcio stops quietly at a truncated gzip member, which would drop the records after it
    without a word; checking the stream first lets the loss be reported.
    """
    if not data.startswith(b"\x1f\x8b"):
        return None
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as err:
        return str(err) or type(err).__name__
    return None


def read_warc(path: str, data: bytes) -> Iterator[RawDocument | Skip]:
    damage = gzip_damage(data)
    count = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            locator = record.rec_headers.get_header("WARC-Record-ID") or f"record {count}"
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype and "text/plain" not in ctype:
                continue
            body = record.content_stream().read()
            if "html" in ctype:
                markup = body.decode("utf-8", errors="replace")
                yield document_from_html(markup, path, locator, url=url, format="warc")
            else:
                try:
                    yield RawDocument(decode_text(body), path, locator, "warc", url=url)
                except UnreadableInput as err:
                    yield Skip(path, err.reason, err.detail, locator)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError) as err:
        # warcio raises AttributeError on a record whose headers were cut off
        yield Skip(path, "bad-warc", f"archive unreadable after {count} records: {err}",
                   action="partial" if count else "skipped")
        return
    if damage:
        yield Skip(path, "bad-warc", f"the compressed archive is damaged after {count} records "
                   f"({damage}); kept the records before the damage",
                   action="partial" if count else "skipped")
    elif count == 0:
        yield Skip(path, "no-text", "the archive holds no HTML or text response records")
