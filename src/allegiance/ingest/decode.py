"""Turn an input's bytes into text, or say exactly why that is not possible.

Readers never guess an encoding silently: a file that is not valid UTF-8 (or UTF-16/UTF-32 with a
byte order mark) is reported with the offset of the first bad byte, so the user can re-encode it.
UTF-16 without a byte order mark is named as such, not just called binary.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO


class UnreadableInput(ValueError):
    """Raised with a short ``reason`` code and a human sentence that says what to do."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or mostly control characters in its first 8 KiB.

    UTF-16 text has NUL bytes too, so callers check for a UTF-16 byte order mark first.
    """
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def looks_like_utf16(data: bytes) -> str | None:
    """``UTF-16-LE``/``UTF-16-BE`` for text that is UTF-16 without a byte order mark (a NUL in
    every other byte of mostly ASCII text), else None."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, name in ((odd, even, "UTF-16-LE"), (even, odd, "UTF-16-BE")):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.1 * len(other):
            return name
    return None


def _check_decoded(text: str, codec: str) -> str:
    if "\x00" in text:
        raise _nul(text.index("\x00"), codec)
    return text


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _binary_error(head: bytes) -> UnreadableInput:
    if utf16 := looks_like_utf16(head):
        return UnreadableInput("bad-encoding", f"looks like {utf16} text without a byte order mark; "
                                               "re-encode the file as UTF-8")
    return UnreadableInput("binary", "binary data, not text (NUL or control bytes found)")


def _bad_utf8(byte: int, offset: int) -> UnreadableInput:
    return UnreadableInput("bad-encoding", f"not valid UTF-8 (byte 0x{byte:02x} at offset {offset}); "
                                           "re-encode the file as UTF-8")


def _nul(at: int, codec: str) -> UnreadableInput:
    return UnreadableInput("binary", f"NUL character at position {at} of the {codec} text: binary data, "
                                     "or text in another encoding")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16/UTF-32; raise ``UnreadableInput`` otherwise."""
    if not data.strip():
        raise UnreadableInput("empty", "the input holds no text")
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise UnreadableInput("bad-encoding", f"invalid {codec.upper()} at byte {err.start}") from err
            if not text.strip():
                raise UnreadableInput("empty", "the input holds no text")
            return _check_decoded(text, codec.upper())
    if looks_binary(data):
        raise _binary_error(data)
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _bad_utf8(body[err.start], len(data) - len(body) + err.start) from err
    return _check_decoded(text, "UTF-8")


def decode_lines(stream: BinaryIO) -> Iterator[str]:
    """The lines of a seekable binary stream, split at ``\n`` only and without it, as
    ``decode_text(stream.read()).split("\n")`` gives them, but one line in memory at a time.

    The whole stream is checked before the first line is given (a second, streamed pass), so a
    file is read or refused whole, with the same ``UnreadableInput`` as ``decode_text``. UTF-8
    only ever has byte 0x0A as a line end, so each line decodes on its own. A UTF-16 or UTF-32
    file (with its byte order mark) is decoded whole: such feeds are rare.
    """
    head = stream.read(8192)
    stream.seek(0)
    if any(head.startswith(bom) for bom, _ in _WIDE_BOMS):
        return iter(decode_text(stream.read()).split("\n"))
    _check_utf8(stream, head)
    stream.seek(0)
    return _utf8_lines(stream)


def _check_utf8(stream: BinaryIO, head: bytes) -> None:
    """Raise what ``decode_text`` would for the stream's bytes, in the same order of checks."""
    blank, bad, nul, offset, chars = True, None, None, 0, 0
    for raw in stream:
        body = raw[3:] if offset == 0 and raw.startswith(codecs.BOM_UTF8) else raw
        blank = blank and not raw.strip()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = _bad_utf8(body[err.start], offset + len(raw) - len(body) + err.start)
            blank = False
            break
        if nul is None and "\x00" in text:
            nul = _nul(chars + text.index("\x00"), "UTF-8")
        chars += len(text)
        offset += len(raw)
    if blank:
        raise UnreadableInput("empty", "the input holds no text")
    if looks_binary(head):
        raise _binary_error(head)
    if bad or nul:
        raise bad or nul


def _utf8_lines(stream: BinaryIO) -> Iterator[str]:
    for index, raw in enumerate(stream):
        if index == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        yield (raw[:-1] if raw.endswith(b"\n") else raw).decode("utf-8")


def unpaired_surrogate(text: str) -> int | None:
    """Where ``text`` holds an unpaired UTF-16 surrogate (JSON's ``"\\ud800"`` gives one), or None.

    Such a string cannot be written as UTF-8, so it cannot be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return err.start
    return None
