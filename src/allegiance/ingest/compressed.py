"""Check a gzip stream before anything reads it: where it is damaged, and whether it is a bomb.

A decompression bomb is a small ``.gz`` that expands to gigabytes. ``scan_gzip`` decompresses
member by member in bounded steps, counting what comes out, and stops at the first member that
is damaged or that takes the output past the limits (``max_decompressed_bytes``, or more than
``max_compression_ratio`` times the compressed size once past ``ratio_floor_bytes``). It
returns the compressed offset where the whole, acceptable members end, so a reader can keep
those (a WARC.gz has one record per member) and report the rest.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .limits import bytes_text

GZIP_MAGIC = b"\x1f\x8b"
_IN_STEP = 1 << 16   # compressed bytes fed at a time
_OUT_STEP = 1 << 20  # most decompressed bytes produced at a time


@dataclass(frozen=True, slots=True)
class GzipScan:
    """``good_end``: compressed bytes that hold whole members within the limits; ``reason`` and
    ``detail`` say why the stream stops being usable there (None when it is all good)."""

    good_end: int
    members: int
    decompressed: int
    reason: str | None = None  # "decompression-bomb" | "damaged"
    detail: str = ""


def _chunks(source: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source)
        for start in range(0, len(view), _IN_STEP):
            yield bytes(view[start:start + _IN_STEP])
    else:
        while chunk := source.read(_IN_STEP):
            yield chunk


def scan_gzip(source: bytes | BinaryIO, *, max_bytes: int, max_ratio: float, ratio_floor: int,
              sink=None) -> GzipScan:
    """Walk the gzip members of ``source`` (bytes or a binary file) without holding the output.

    ``sink``, when given, receives every decompressed piece as it comes, the readable start of a
    damaged member included (an importer keeps the whole lines of it).
    """
    chunks = _chunks(source)
    pending = b""          # compressed bytes not yet given to a decompressor
    consumed = 0           # compressed bytes of finished members
    out = 0                # decompressed bytes of finished members
    members = 0

    def result(reason=None, detail=""):
        return GzipScan(consumed, members, out, reason, detail)

    while True:
        if not pending:
            pending = next(chunks, b"")
            if not pending:
                return result()
        if len(pending) < len(GZIP_MAGIC):
            pending += next(chunks, b"")
        if not pending.startswith(GZIP_MAGIC):
            if members and not pending.strip(b"\x00"):
                # zero padding after the last member (gzip tolerates it)
                rest = b"".join(chunks)
                if not rest.strip(b"\x00"):
                    return result()
            return result("damaged", f"bytes after compressed member {members} are not gzip data" if members
                          else "the data does not start with a gzip header")
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        member_in = member_out = 0
        data = pending
        pending = b""
        while True:
            try:
                piece = decompressor.decompress(data, _OUT_STEP)
            except zlib.error as err:
                return result("damaged", f"compressed member {members + 1} is corrupt ({err})")
            member_out += len(piece)
            if sink is not None and piece:
                sink(piece)
            total = out + member_out
            used = consumed + member_in + len(data) - len(decompressor.unconsumed_tail)
            if total > max_bytes:
                return result("decompression-bomb", f"expands past the {bytes_text(max_bytes)} limit "
                                                    f"on decompressed data")
            if total > ratio_floor and total > max_ratio * max(used, 1):
                return result("decompression-bomb", f"expands more than {max_ratio:g} times its compressed "
                                                    f"size ({bytes_text(total)} from {bytes_text(used)})")
            if decompressor.eof:
                member_in += len(data) - len(decompressor.unused_data)
                pending = decompressor.unused_data
                consumed += member_in
                out += member_out
                members += 1
                break
            if decompressor.unconsumed_tail:
                member_in += len(data) - len(decompressor.unconsumed_tail)
                data = decompressor.unconsumed_tail
                continue
            member_in += len(data)
            data = next(chunks, b"")
            if not data:
                return result("damaged", f"the compressed data ends inside member {members + 1} "
                                         f"(truncated after {bytes_text(out + member_out)} of output)")
