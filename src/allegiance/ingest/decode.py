"""Turn an input's bytes into text, or say exactly why that is not possible.

Readers never guess an encoding silently: a file that is not valid UTF-8 (or UTF-16 with a byte
order mark) is reported with the offset of the first bad byte, so the user can re-encode it.
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


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; raise ``UnreadableInput`` otherwise."""
    if not data.strip():
        raise UnreadableInput("empty", "the input holds no text")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise UnreadableInput("bad-encoding", f"invalid UTF-16 at byte {err.start}") from err
    if looks_binary(data):
        raise UnreadableInput("binary", "binary data, not text (NUL or control bytes found)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UnreadableInput(
            "bad-encoding",
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-encode the file as UTF-8",
        ) from err
