"""Write the byte-level fixtures in tests/data/bad/ (run: python tests/data/make_bad.py).

The outputs are committed; this script documents how they were made and rebuilds them.
"""

from __future__ import annotations

from pathlib import Path

BAD = Path(__file__).resolve().parent / "bad"

LATIN1_TEXT = (
    "Les négociateurs américains et russes se sont réunis mardi à Riyad.\n"
    "Selon le communiqué, les deux délégations ont décidé de rétablir le personnel des "
    "ambassades et de préparer une rencontre entre leurs présidents.\n"
)
UTF8_TEXT = (
    "Diplomats from both capitals met in Riyadh on Tuesday and agreed to restore their "
    "embassies’ staff, officials said. The talks lasted about four and a half hours, and "
    "a further round was planned for the coming weeks, according to a joint statement.\n"
)


def main() -> None:
    BAD.mkdir(exist_ok=True)
    # binary: a PNG-like header, NUL bytes and control characters
    (BAD / "binary.bin").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(0, 32)) * 8 + b"\x00" * 64
    )
    # a valid Latin-1 article: accepted and decoded correctly
    (BAD / "latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    # mostly UTF-8 with two stray Latin-1 bytes: accepted, the two bytes become U+FFFD
    mixed = UTF8_TEXT.encode("utf-8").replace(b"Riyadh", b"Riy\xe4dh").replace(
        b"Tuesday", b"Tu\xe9sday"
    )
    (BAD / "mixed_encoding.txt").write_bytes(mixed)
    # UTF-8 text with a third of its bytes replaced by stray bytes: refused as garbled
    garbled = bytearray("Les délégations se sont réunies à Riyad. ".encode() * 3)
    for i in range(0, len(garbled), 3):
        if garbled[i] < 0x80:
            garbled[i] = 0xE9
    (BAD / "garbled_encoding.txt").write_bytes(bytes(garbled))


if __name__ == "__main__":
    main()
