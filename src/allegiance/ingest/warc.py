"""Read WARC and WARC.gz archives: every HTML or plain-text response record is one article.

Records that are not responses (requests, metadata) are passed over; a damaged archive keeps the
records read before the damage and reports the rest.

A ``.warc.gz`` is checked member by member before warcio reads it (``compressed.scan_gzip``):
warcio stops quietly at a truncated gzip member, which would drop the records after it without
a word, and would decompress a bomb to the end. Reading stops at the first damaged member, or at
the member that takes the output past ``max_decompressed_bytes`` (or the compression-ratio
limit), and the loss is reported. Each record's body is read with a cap, since HTTP
``Content-Encoding: gzip`` inside a record is a second way to hide a bomb.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator

from ..records import RawDocument, Skip
from . import limits as _limits
from .compressed import GZIP_MAGIC, scan_gzip
from .decode import UnreadableInput, decode_text
from .html import document_from_html
from .text import too_large


def gzip_damage(data: bytes) -> str | None:
    """Why a gzip stream is damaged or refused, or None when it decompresses to the end."""
    if not data.startswith(GZIP_MAGIC):
        return None
    limits = _limits.current()
    scan = scan_gzip(data, max_bytes=limits.max_decompressed_bytes, max_ratio=limits.max_compression_ratio,
                     ratio_floor=limits.ratio_floor_bytes)
    return f"{scan.reason}: {scan.detail}" if scan.reason else None


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 200 else text[:197] + "..."


@contextlib.contextmanager
def _quiet(log: io.StringIO):
    """warcio writes a warning to stderr for each record whose length looks wrong; keep it."""
    with contextlib.redirect_stderr(log):
        yield


def read_warc(path: str, data: bytes, limits: _limits.Limits | None = None) -> Iterator[RawDocument | Skip]:
    limits = limits or _limits.current()
    scan = None
    if data.startswith(GZIP_MAGIC):
        scan = scan_gzip(data, max_bytes=limits.max_decompressed_bytes, max_ratio=limits.max_compression_ratio,
                         ratio_floor=limits.ratio_floor_bytes)
        if scan.reason:
            data = data[:scan.good_end]  # the whole members before the damage or the bomb
        elif scan.members == 1:
            # one gzip member for the whole archive (warcio wants one per record): its size is
            # known to be within the limits, so read it decompressed
            data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
    count = 0
    log = io.StringIO()
    try:
        with _quiet(log):
            records = iter(ArchiveIterator(io.BytesIO(data)))
        while True:
            with _quiet(log):
                record = next(records, None)
            if record is None:
                break
            if record.rec_type != "response" or record.http_headers is None:
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            locator = record.rec_headers.get_header("WARC-Record-ID") or f"record {count}"
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype and "text/plain" not in ctype:
                continue
            cap = 4 * (limits.max_markup_chars if "html" in ctype else limits.max_article_chars) + 4
            try:
                with _quiet(log):
                    body = record.content_stream().read(cap + 1)
            except (OSError, EOFError, ValueError, zlib.error) as err:
                yield Skip(path, "bad-warc", f"the record's body could not be read ({_one_line(err)})", locator)
                continue
            if len(body) > cap:
                yield Skip(path, "too-large", f"the record's body is over {cap:,} bytes "
                           "(max_markup_chars / max_article_chars); not read", locator)
                continue
            if "html" in ctype:
                markup = body.decode("utf-8", errors="replace")
                yield document_from_html(markup, path, locator, url=url, format="warc", limits=limits)
            else:
                try:
                    text = decode_text(body)
                except UnreadableInput as err:
                    yield Skip(path, err.reason, err.detail, locator)
                    continue
                if detail := too_large(text, limits.max_article_chars):
                    yield Skip(path, "too-large", detail, locator)
                else:
                    yield RawDocument(text, path, locator, "warc", url=url)
    except Exception as err:  # warcio parses hostile bytes: any failure ends this archive, not the run
        yield Skip(path, "bad-warc", f"archive unreadable after {count} records: {_one_line(err)}",
                   action="partial" if count else "skipped")
        return
    if scan is not None and scan.reason == "decompression-bomb":
        yield Skip(path, "decompression-bomb", f"the compressed archive {scan.detail}; kept the {count} "
                   "record(s) before it", action="partial" if count else "skipped")
    elif scan is not None and scan.reason:
        yield Skip(path, "bad-warc", f"the compressed archive is damaged after {count} records "
                   f"({scan.detail}); kept the records before the damage",
                   action="partial" if count else "skipped")
    elif count == 0:
        yield Skip(path, "no-text", "the archive holds no HTML or text response records")
    if warnings := log.getvalue().count("WARNING: Record not followed by newline"):
        yield Skip(path, "bad-warc", f"{warnings} record(s) end where their Content-Length says they should "
                   "not (the length is wrong); read as far as possible", action="partial" if count else "skipped")
