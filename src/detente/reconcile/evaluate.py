"""Quality figures for the reconcile layer, for the quality gate to pin.

* :func:`evaluate_seed_claims` — gold claims of the seed annotation (``claims.jsonl``):
  recall of gold claims found (quote overlap) and of gold conflict pairs flagged.
* :func:`evaluate_conflicts` — reported conflicts against gold claims with ``conflicts_with``
  (the seeds, eval/realnews_dev): precision (reported conflicts that hold a gold disagreement)
  and recall (gold pairs of conflicting claims in different articles held by one conflict).
* :func:`evaluate_stories` — a multi-outlet corpus with ``gold.json`` (clusters, copies,
  disagreements): pairwise clustering precision / recall over articles, copy detection,
  disagreements found, independent-source counts.

The folders are arguments: the library never looks for evaluation data by itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from detente.errors import ConfigError
from detente.model import Article, Event
from detente.reconcile import ReconcileState, reconcile
from detente.reconcile.records import Claim, Conflict, Story

__all__ = [
    "ConflictScores",
    "SeedClaimScores",
    "StoryScores",
    "evaluate_conflicts",
    "evaluate_seed_claims",
    "evaluate_stories",
    "load_story_corpus",
]

EventSource = Callable[[list[Article]], dict[str, list[Event]]]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise ConfigError(f"{path} not found", fix="pass the folder that holds the gold files")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


@dataclass
class SeedClaimScores:
    gold_claims: int
    claims_found: int
    gold_pairs: int
    pairs_flagged: int
    missed_claims: list[str] = field(default_factory=list)
    missed_pairs: list[str] = field(default_factory=list)

    @property
    def claim_recall(self) -> float:
        return round(self.claims_found / self.gold_claims, 3) if self.gold_claims else 0.0

    @property
    def pair_recall(self) -> float:
        return round(self.pairs_flagged / self.gold_pairs, 3) if self.gold_pairs else 0.0


def evaluate_seed_claims(seeds_dir: Path, corpus_dir: Path, *, actors: Any = None,
                         events: EventSource | None = None) -> SeedClaimScores:
    """Score claims and conflicts on the seed articles against ``claims.jsonl``.

    Article dates and outlets come from ``docs.jsonl`` (as an ingest would find them)."""
    docs = {d["doc"]: d for d in _read_jsonl(seeds_dir / "docs.jsonl")}
    gold = _read_jsonl(seeds_dir / "claims.jsonl")
    articles = []
    for name, meta in sorted(docs.items()):
        text = (corpus_dir / name).read_text(encoding="utf-8")
        articles.append(Article(id=name, text=text, outlet=meta.get("outlet"),
                                published=meta.get("published"), genre=meta.get("genre")))
    texts = {a.id: a.text for a in articles}
    state = reconcile(articles, events(articles) if events else {}, actors=actors)

    def gold_span(g: dict[str, Any]) -> tuple[int, int]:
        start = texts[g["doc"]].find(g["source_text"])
        return (start, start + len(g["source_text"])) if start >= 0 else (-1, -1)

    def matches(g: dict[str, Any], c: Claim) -> bool:
        return c.article_id == g["doc"] and _overlaps(c.span, gold_span(g))

    def stands_for(g: dict[str, Any], c: Claim) -> bool:
        """A conflict shows one claim per article and value: an equal claim elsewhere in
        the same article (the same title repeated) stands for the gold quote."""
        return matches(g, c) or any(
            matches(g, x) and x.subject == c.subject and x.normalised == c.normalised
            for x in state.claims if x.article_id == c.article_id)

    by_id = {g["id"]: g for g in gold}
    found = [g for g in gold if any(matches(g, c) for c in state.claims)]
    pairs = {tuple(sorted((g["id"], ref.split(":", 1)[1]))) for g in gold for ref in g["conflicts_with"]}
    flagged = []
    for a, b in sorted(pairs):
        if any(any((stands_for(by_id[a], x) and stands_for(by_id[b], y))
                   or (stands_for(by_id[b], x) and stands_for(by_id[a], y))
                   for x, y in combinations(cf.claims, 2))
               for cf in state.conflicts):
            flagged.append((a, b))
    return SeedClaimScores(
        gold_claims=len(gold), claims_found=len(found), gold_pairs=len(pairs), pairs_flagged=len(flagged),
        missed_claims=[g["id"] for g in gold if g not in found],
        missed_pairs=[f"{a} ~ {b}" for a, b in sorted(pairs) if (a, b) not in flagged],
    )


# --- conflicts against gold claims ------------------------------------------------------------

@dataclass
class ConflictScores:
    reported: int
    correct: int  # reported conflicts holding two claims a gold disagreement pairs (or a gold error)
    gold_pairs: int  # gold pairs of conflicting claims in different articles
    pairs_found: int
    wrong: list[str] = field(default_factory=list)  # reasons of the conflicts no gold supports
    missed_pairs: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.reported)

    @property
    def recall(self) -> float:
        return _ratio(self.pairs_found, self.gold_pairs)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(ch, 0, start) for ch in ".!?\n") + 1
    ends = [i for i in (text.find(ch, end) for ch in ".!?\n") if i >= 0]
    return lo, min(ends) if ends else len(text)


def _said(c: Claim) -> str:
    """What a claim says, for telling the two sides of a conflict apart (a quote's speaker)."""
    return str(c.person if c.kind == "attribution" else c.normalised)


def _locate(c: Claim, stored: str, text: str, guess: int) -> int:
    """Where the claim's quote is in the file ``text``: found with the words around it in the
    stored article (widest context first, so a caption repeating the quote is not taken for
    it), else the copy nearest ``guess``; -1 when the file does not hold it."""
    lo, hi = c.span
    for before, after in ((80, 80), (40, 40), (20, 20), (0, 60), (60, 0), (0, 30), (30, 0)):
        start = max(0, lo - before)
        at = text.find(stored[start:hi + after])
        if at >= 0:
            return at + lo - start
    hits = [i for i in range(len(text)) if text.startswith(c.quote, i)]
    return min(hits, key=lambda i: abs(i - guess)) if hits else -1


def evaluate_conflicts(conflicts: list[Conflict], articles: dict[str, Article], files: dict[str, str],
                       gold: list[dict[str, Any]]) -> ConflictScores:
    """Score ``conflicts`` against gold claims (``claims.jsonl``: doc, id, source_text,
    normalised, conflicts_with).  ``articles`` are keyed by the gold file name they come from,
    ``files`` holds each file's full text (the article text is found inside it).

    A reported claim stands for a gold claim of its file when its quote overlaps the gold
    quote's sentence (or, for a date, gives the same day).  A conflict is correct when it holds
    two claims that stand for a gold conflicting pair, or a title standing for a gold claim that
    is wrong against the world (a ``conflicts_with`` outside the files).  The two claims must
    say different things: a conflict holding two equal claims that happen to sit in the gold
    sentences ("President Trump" in both) has not found that disagreement."""
    name_of = {a.id: name for name, a in articles.items()}
    articles_by_id = {a.id: a for a in articles.values()}
    offset = {a.id: max(0, files[name].find(a.text.strip()[:200]) - (len(a.text) - len(a.text.lstrip())))
              for name, a in articles.items()}
    spans: dict[str, tuple[int, int]] = {}
    for g in gold:
        text = files.get(g["doc"], "")
        at = text.find(g["source_text"])
        spans[g["id"]] = _sentence_around(text, at, at + len(g["source_text"])) if at >= 0 else (-1, -1)
    pairs: set[tuple[str, str]] = set()
    external: set[str] = set()
    doc_of = {g["id"]: g["doc"] for g in gold}
    for g in gold:
        for ref in g.get("conflicts_with") or []:
            doc, _, cid = ref.partition(":")
            if doc.endswith(".txt"):
                if cid != g["id"]:
                    pairs.add(tuple(sorted((g["id"], cid))))  # type: ignore[arg-type]
            else:
                external.add(g["id"])
    cross = {p for p in pairs if doc_of.get(p[0]) != doc_of.get(p[1])}

    def stands_for(c: Claim) -> set[str]:
        name = name_of.get(c.article_id)
        if name is None:
            return set()
        text = files[name]
        at = offset[c.article_id] + c.span[0]
        if text[at:at + len(c.quote)] != c.quote:  # the stored text lost some chrome
            at = _locate(c, articles_by_id[c.article_id].text, text, at)
        out = set()
        for g in gold:
            if g["doc"] != name:
                continue
            lo, hi = spans[g["id"]]
            if (at >= 0 and at < hi and lo < at + len(c.quote)) or \
                    (c.kind in {"date", "event_date"} and str(c.normalised) == str(g.get("normalised"))):
                out.add(g["id"])
        return out

    correct, found, wrong = 0, set(), []
    for cf in conflicts:
        held = [stands_for(c) for c in cf.claims]
        hit = False
        for i, j in combinations(range(len(held)), 2):
            if _said(cf.claims[i]) == _said(cf.claims[j]):
                continue  # two claims saying the same (two "President Trump") hold no disagreement
            for x in held[i]:
                for y in held[j]:
                    key = tuple(sorted((x, y)))
                    if key in pairs:
                        hit = True
                        if key in cross:
                            found.add(key)
        if not hit and (len(cf.claims) == 1 or all(c.kind == "title" for c in cf.claims)):
            hit = bool(set().union(*held) & external)
        correct += hit
        if not hit:
            wrong.append(f"{cf.subject}: {cf.reason}")
    return ConflictScores(reported=len(conflicts), correct=correct, gold_pairs=len(cross),
                          pairs_found=len(found), wrong=wrong,
                          missed_pairs=[f"{a} ~ {b}" for a, b in sorted(cross - found)])


# --- multi-outlet story corpus ---------------------------------------------------------------

def load_story_corpus(folder: Path) -> tuple[list[Article], dict[str, Any]]:
    """The articles of a story corpus (id = file name, header read by the ingest layer)
    and its ``gold.json``."""
    from detente.ingest.headers import split_header

    gold_path = folder / "gold.json"
    if not gold_path.is_file():
        raise ConfigError(f"{gold_path} not found", fix="pass a folder with gold.json and .txt reports")
    articles = []
    for path in sorted(folder.glob("*.txt")):
        header, body = split_header(path.read_text(encoding="utf-8"))
        articles.append(Article(id=path.name, text=body, url=header.url, outlet=header.outlet,
                                title=header.title, published=header.published))
    return articles, json.loads(gold_path.read_text(encoding="utf-8"))


@dataclass
class StoryScores:
    pair_precision: float
    pair_recall: float
    copy_precision: float
    copy_recall: float
    disagreements: int
    disagreements_found: int
    sources_right: int  # gold stories whose story has the gold count of independent sources
    stories: int
    article_story: dict[str, str] = field(default_factory=dict)


def _main_story(article_id: str, stories: list[Story]) -> str | None:
    """The story an article is mainly about: among its stories, the one most other outlets
    also report (the lead event is usually the widely reported one)."""
    mine = [s for s in stories if article_id in s.article_ids]
    if not mine:
        return None
    return max(mine, key=lambda s: (len(s.article_ids), len(s.event_ids))).id


def _pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}  # type: ignore[misc]


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 1.0


def evaluate_stories(folder: Path, events: EventSource, *, actors: Any = None) -> tuple[StoryScores, ReconcileState]:
    """Score clustering, copies and disagreements on a story corpus.

    ``events`` maps the articles to their events (the extraction engine, or hand-built)."""
    articles, gold = load_story_corpus(folder)
    state = reconcile(articles, events(articles), actors=actors)
    assigned = {a.id: _main_story(a.id, state.stories) or f"alone:{a.id}" for a in articles}
    groups: dict[str, list[str]] = {}
    for aid, sid in assigned.items():
        groups.setdefault(sid, []).append(aid)
    got, want = _pairs(list(groups.values())), _pairs(gold["clusters"])
    got_copies = {tuple(sorted((c.article_id, c.copy_of))) for c in state.copies}
    want_copies = {tuple(sorted(p)) for p in gold.get("copies", [])}
    found = 0
    for d in gold.get("disagreements", []):
        values = d["values"]
        for cf in state.conflicts:
            files = {c.article_id for c in cf.claims}
            if cf.subject == d["subject"] and len({values.get(f) for f in files if f in values}) > 1:
                found += 1
                break
    right = 0
    by_id = {s.id: s for s in state.stories}
    for g in gold.get("stories", []):
        story = by_id.get(assigned.get(g["files"][0], ""))
        if story is not None and story.independent_sources == g["independent_sources"]:
            right += 1
    scores = StoryScores(
        pair_precision=_ratio(len(got & want), len(got)), pair_recall=_ratio(len(got & want), len(want)),
        copy_precision=_ratio(len(got_copies & want_copies), len(got_copies)),
        copy_recall=_ratio(len(got_copies & want_copies), len(want_copies)),
        disagreements=len(gold.get("disagreements", [])), disagreements_found=found,
        sources_right=right, stories=len(gold.get("stories", [])), article_story=assigned,
    )
    return scores, state
