"""Turn an input's bytes into text, or say exactly why that is not possible.

Readers never guess an encoding silently: a file that is not valid UTF-8 (or UTF-16/UTF-32 with a
byte order mark) is reported with the offset of the first bad byte, so the user can re-encode it.
UTF-16 without a byte order mark is named as such, not just called binary.
"""

from __future__ import annotations

import codecs


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
        at = text.index("\x00")
        raise UnreadableInput("binary", f"NUL character at position {at} of the {codec} text: binary data, "
                                        "or text in another encoding")
    return text


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16/UTF-32; raise ``UnreadableInput`` otherwise."""
    if not data.strip():
        raise UnreadableInput("empty", "the input holds no text")
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise UnreadableInput("bad-encoding", f"invalid {codec.upper()} at byte {err.start}") from err
            if not text.strip():
                raise UnreadableInput("empty", "the input holds no text")
            return _check_decoded(text, codec.upper())
    if looks_binary(data):
        if utf16 := looks_like_utf16(data):
            raise UnreadableInput("bad-encoding", f"looks like {utf16} text without a byte order mark; "
                                                  "re-encode the file as UTF-8")
        raise UnreadableInput("binary", "binary data, not text (NUL or control bytes found)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UnreadableInput(
            "bad-encoding",
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-encode the file as UTF-8",
        ) from err
    return _check_decoded(text, "UTF-8")


def unpaired_surrogate(text: str) -> int | None:
    """Where ``text`` holds an unpaired UTF-16 surrogate (JSON's ``"\\ud800"`` gives one), or None.

    Such a string cannot be written as UTF-8, so it cannot be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return err.start
    return None
