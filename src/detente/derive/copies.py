"""Near-duplicate articles (syndicated, republished or lightly edited copies).

Each article becomes a set of word 5-shingles; a MinHash signature of the set goes through
LSH banding, so only articles that share a band are compared (near-linear in the number of
articles).  Candidates are then checked exactly: the similarity is the share of the shorter
article's shingles that the other one also has, so a copy with a different header, footer
or a trimmed ending still counts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from detente.model import Article, _Record
from detente.text import words

__all__ = ["CopiesSince", "CopyPair", "band_index", "band_keys", "find_copies", "shingles", "text_signature"]

SHINGLE = 5
BANDS = 24
ROWS = 3  # 72 hashes; a pair with Jaccard 0.35 shares a band with probability ~0.65
MIN_SHINGLES = 25  # shorter texts are too short to call copies
_PRIME = (1 << 61) - 1


@dataclass
class CopyPair(_Record):
    """``article_id`` repeats the text of ``copy_of`` (the earlier or fuller original)."""

    article_id: str
    copy_of: str
    similarity: float  # share of the shorter text's word shingles found in the other


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """The hashed word ``size``-shingles of a text (accent- and case-folded)."""
    toks = words(text)
    if len(toks) < size:
        return {_hash(" ".join(toks))} if toks else set()
    return {_hash(" ".join(toks[i:i + size])) for i in range(len(toks) - size + 1)}


def _hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    import numpy as np

    rng = np.random.default_rng(20250815)
    n = BANDS * ROWS
    a = rng.integers(1, _PRIME, size=n, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=n, dtype=np.uint64)
    return a, b


def _signature(sh: set[int]) -> tuple[int, ...]:
    import numpy as np

    a, b = _permutations()
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh)) % np.uint64(_PRIME)
    # (a*x + b) mod 2^64 over uint64 is a fine universal-ish hash for MinHash purposes.
    with np.errstate(over="ignore"):
        h = x[:, None] * a[None, :] + b[None, :]
    return tuple(int(v) for v in h.min(axis=0))


def _original_first(x: Article, y: Article) -> tuple[Article, Article]:
    """(original, copy): the earlier published; then the longer text; then the smaller id."""
    def key(art: Article) -> tuple[str, int, str]:
        return (art.published or "9999", -len(art.text), art.id)

    return (x, y) if key(x) <= key(y) else (y, x)


def _candidates(sigs: dict[str, tuple[int, ...]]) -> Iterable[tuple[str, str]]:
    """Pairs of articles that share a band of their signatures."""
    seen: set[tuple[str, str]] = set()
    for band in range(BANDS):
        buckets: dict[tuple[int, ...], list[str]] = defaultdict(list)
        for aid, sig in sigs.items():
            buckets[sig[band * ROWS:(band + 1) * ROWS]].append(aid)
        for ids in buckets.values():
            for i, x in enumerate(ids):
                for y in ids[i + 1:]:
                    pair = (x, y) if x < y else (y, x)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair


def band_keys(sig: tuple[int, ...]) -> list[str]:
    """The LSH buckets a signature falls in, one per band, each named by a short text (the
    keys of the kept band index, :class:`CopiesSince`)."""
    return [f"{band}:" + hashlib.blake2b(repr(sig[band * ROWS:(band + 1) * ROWS]).encode(),
                                         digest_size=8).hexdigest() for band in range(BANDS)]


def band_index(sigs: dict[str, tuple[int, ...] | None]) -> dict[str, list[str]]:
    """Every bucket of these signatures with the articles in it (ids sorted)."""
    out: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(sigs):
        sig = sigs[aid]
        if sig is not None:
            for key in band_keys(sig):
                out[key].append(aid)
    return dict(out)


@dataclass
class CopiesSince:
    """What :func:`find_copies` needs to look only for the copies new articles make: the pairs
    among the other articles (as found before), the new articles' ids, and, for the buckets
    of the new articles' signatures, the other articles in each (the kept band index)."""

    known: list[CopyPair]
    new: set[str]
    buckets: Callable[[set[str]], dict[str, list[str]]]  # bucket keys → the articles in each


def _candidates_since(sigs: dict[str, tuple[int, ...]], since: CopiesSince,
                      stored: set[str]) -> Iterable[tuple[str, str]]:
    """The pairs :func:`_candidates` gives over all signatures that have a new article in them,
    from the new articles' signatures and the buckets of the others."""
    seen: set[tuple[str, str]] = set()
    news = {x: band_keys(sigs[x]) for x in sorted(since.new & sigs.keys())}
    buckets = since.buckets({k for keys in news.values() for k in keys})
    met: dict[str, list[str]] = defaultdict(list)  # new articles met so far, by bucket
    for x, keys in news.items():
        for key in keys:
            for y in [*(o for o in buckets.get(key, ()) if o in stored and o not in since.new), *met[key]]:
                pair = (x, y) if x < y else (y, x)
                if pair not in seen:
                    seen.add(pair)
                    yield pair
            met[key].append(x)


def text_signature(text: str) -> tuple[int, ...] | None:
    """The MinHash signature of a text's shingles; None when it is too short to call a copy."""
    sh = shingles(text)
    return _signature(sh) if len(sh) >= MIN_SHINGLES else None


def find_copies(articles: list[Article], *, threshold: float = 0.8,
                signatures: dict[str, tuple[int, ...] | None] | None = None,
                since: CopiesSince | None = None) -> list[CopyPair]:
    """Pairs of articles whose texts are near-duplicates, each pointing at its original.

    ``similarity`` is the share of the shorter text's 5-word shingles present in the
    other; pairs at or above ``threshold`` are returned, most similar first.
    ``signatures`` (article id → :func:`text_signature`), when given, are used instead of
    computing them: then only the articles of candidate pairs are shingled again.

    ``since``: only the pairs with a new article are looked for, and only the new articles'
    signatures are needed.  Whether two articles are a pair, and which one is the original,
    depends on those two alone, so the pairs found before among the others still hold, and
    the result is the one of a search over all."""
    by_id = {a.id: a for a in articles}
    if signatures is None:
        wanted = by_id.keys() if since is None else since.new & by_id.keys()
        signatures = {aid: text_signature(by_id[aid].text) for aid in wanted}
    sigs = {aid: sig for aid in by_id if (sig := signatures.get(aid)) is not None}
    sets: dict[str, set[int]] = {}
    pairs: list[CopyPair] = []
    if since is None:
        candidates = _candidates(sigs)
    else:
        pairs = [p for p in since.known if p.article_id in by_id and p.copy_of in by_id
                 and p.article_id not in since.new and p.copy_of not in since.new]
        candidates = _candidates_since(sigs, since, set(by_id))
    for x, y in candidates:
        sx = sets.get(x) or sets.setdefault(x, shingles(by_id[x].text))
        sy = sets.get(y) or sets.setdefault(y, shingles(by_id[y].text))
        sim = len(sx & sy) / min(len(sx), len(sy))
        if sim >= threshold:
            original, copy = _original_first(by_id[x], by_id[y])
            pairs.append(CopyPair(article_id=copy.id, copy_of=original.id, similarity=round(sim, 3)))
    pairs.sort(key=lambda p: (-p.similarity, p.article_id, p.copy_of))
    return pairs
