"""Which Unicode encoding a file's bytes declare or plainly are: a byte-order mark, or UTF-16
without one (what Excel's "Unicode text" export and some editors write).

UTF-16 text in a Latin script has a zero byte in every other position, which no UTF-8 or
single-byte text has, so the pattern of zero bytes is a safe sign of it where no mark is given.
"""

from __future__ import annotations

import codecs

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose mark it begins with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 4096
_ZERO_SHARE = 0.3  # share of one half's bytes that are zero for that half to be UTF-16's high bytes


def byte_order_mark(data: bytes) -> tuple[str, int] | None:
    """(encoding, length of the mark) when the bytes start with a Unicode byte-order mark."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when unmarked bytes have UTF-16's zero-byte pattern, else None."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zeros, odd_zeros = even.count(0), odd.count(0)
    if odd_zeros >= len(odd) * _ZERO_SHARE and even_zeros <= len(even) * 0.02:
        return "utf-16-le"
    if even_zeros >= len(even) * _ZERO_SHARE and odd_zeros <= len(odd) * 0.02:
        return "utf-16-be"
    return None


def unicode_text(data: bytes) -> str | None:
    """The text, when the bytes carry a byte-order mark or are unmarked UTF-16; else None.

    Undecodable sequences become U+FFFD, so the caller's own checks can judge how much is text.
    """
    if marked := byte_order_mark(data):
        encoding, length = marked
        return data[length:].decode(encoding, errors="replace")
    if unmarked := bomless_utf16(data):
        return data.decode(unmarked, errors="replace")
    return None
