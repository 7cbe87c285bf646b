"""Bytes → text: UTF-8 first (with or without a BOM), then a guessed single-byte encoding.

Binary files, empty files and text that is mostly undecodable are refused with an
:class:`~detente.errors.InputError` naming the fix; callers turn it into a ``Rejection``.
"""

from __future__ import annotations

import codecs

from detente.errors import InputError

__all__ = ["MAX_REPLACEMENT_RATIO", "decode_bytes", "is_binary"]

#: Share of characters that may be replaced (U+FFFD) in a file that mixes UTF-8 with
#: other bytes before it is refused as garbled.
MAX_REPLACEMENT_RATIO = 0.02

_CONTROL_OK = {9, 10, 11, 12, 13, 27}  # tab, newlines, form feed, escape
_BINARY_CONTROL_RATIO = 0.05
_WESTERN = "cp1252"


def is_binary(data: bytes) -> bool:
    """True for bytes that are not text: a NUL byte, or many control characters."""
    sample = data[:65536]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if (b < 32 and b not in _CONTROL_OK) or b == 127)
    return controls / len(sample) > _BINARY_CONTROL_RATIO


def _controls(text: str) -> bool:
    """True for decoded text that is not text: a NUL, or many control characters."""
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ord(ch) not in _CONTROL_OK) or ord(ch) == 127)
    return bool(sample) and controls / len(sample) > _BINARY_CONTROL_RATIO


def _utf8_multibyte_count(data: bytes) -> int:
    """How many well-formed UTF-8 multi-byte sequences the bytes hold."""
    text = data.decode("utf-8", errors="ignore")
    return sum(1 for ch in text if ord(ch) > 127)


def _guess_single_byte(data: bytes) -> str:
    """Decode bytes that are not UTF-8 with the most likely single-byte encoding.

    charset-normalizer ranks candidates; on short Western texts several Latin code pages tie,
    and Windows-1252 (a superset of Latin-1's printable range) is then the safe choice.
    """
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        return data.decode(_WESTERN, errors="replace")
    best = results[0]
    for candidate in results:
        if (
            candidate.encoding == _WESTERN
            and candidate.chaos <= best.chaos + 0.01
            and candidate.coherence >= best.coherence - 0.01
        ):
            return str(candidate)
    return str(best)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode one input item's bytes to text, or raise InputError saying why and what to do."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: starts like UTF-16 but does not decode ({exc.reason})",
                fix="re-save it as UTF-8",
            ) from exc
        if _controls(text):
            # bytes that only begin like a UTF-16 mark: NULs and control codes once decoded
            raise InputError(
                f"binary file, not text: {name} (starts like UTF-16 but decodes to control characters)",
                fix="give a text, HTML, feed or JSON Lines file",
            )
        return text
    if is_binary(data):
        raise InputError(
            f"binary file, not text: {name}",
            fix="give a text, HTML, feed or JSON Lines file",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _utf8_multibyte_count(data) == 0:
        return _guess_single_byte(data)
    # Mixed: mostly UTF-8 with stray bytes from another encoding.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad / max(len(text), 1) > MAX_REPLACEMENT_RATIO:
        raise InputError(
            f"{name}: mixed or unknown text encoding, {bad} of {len(text)} characters "
            "cannot be decoded",
            fix="re-save the file as UTF-8",
        )
    return text
