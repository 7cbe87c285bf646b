"""Commitments, goals and milestones stated in one article, from its text and its tables.

Four sources, each explainable:

1. **Tables** whose header names a milestone, objective, goal, target, commitment or area of
   collaboration: one item per row, with the columns for the deadline ("Proposed Timeline"),
   the responsible parties ("Responsible parties", "Stakeholders") and the status when present.
   Rows of other tables that name an agreement, accord, treaty or ceasefire ("Minsk Agreements")
   are commitments too.
2. **Lists** introduced by a sentence ending in a colon that attributes them to the talks or to
   an agreement ("Both sides agreed on three goals:", "Key elements of the discussions
   include:"): one item per bullet or numbered entry ("Name: what it means").  Lists introduced
   as advice or speculation ("should", "might", "could") are not commitments.
3. **Inline lists** after a colon in such a sentence ("agreed on three goals: A, B and C").
4. **Sentences** with a commitment verb: "agreed to", "committed to", "pledged to",
   "will work toward", "proposed", "put forward", "hope to reach", "must include"; and the
   extraction engine's AGREE events not already covered.

Responsible parties are ISO3 / organisation codes: the subject side of the sentence, else the
actors it names, else the article's parties ("both sides", "All Involved Parties").
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from detente.extract.tables import Table, lines_with_offsets, parse_tables
from detente.model import Article, Event
from detente.track.deadlines import (
    find_deadline_text,
    find_duration,
    resolve_deadline,
    statement_date,
)
from detente.track.parties import ActorLookup, Parties, default_parties
from detente.track.records import Milestone, StatusChange
from detente.track.text import Sentence, anchored, content_words, sentences
from detente.vocabulary import number_words, said_words

__all__ = ["article_parties", "extract_commitments", "milestone_id", "well_formed"]

# --- tables -------------------------------------------------------------------------------
_ITEM_HEADER = re.compile(
    r"\b(milestones?|objectives?|goals?|targets?|commitments?|pledges?|deliverables?|benchmarks?"
    r"|action items?|collaboration areas?|areas? of (?:collaboration|cooperation)|cooperation areas?)\b",
    re.I,
)
_AGREEMENT_HEADER = re.compile(r"\b(initiatives?|agreements?|accords?|treat(?:y|ies)|deals?|process(?:es)?)\b", re.I)
_AGREEMENT_NAME = re.compile(r"\b(agreements?|accords?|treat(?:y|ies)|ceasefire|truce|armistice|protocol|memorandum)\b", re.I)
_DEADLINE_COL = ("deadline", "timeline", "timeframe", "time frame", "target date", "by when", "due", "when", "date")
_PARTIES_COL = ("responsible", "part", "stakeholder", "actor", "lead", "who", "signator", "participant", "owner")
_STATUS_COL = ("status", "progress", "state")

# --- lists --------------------------------------------------------------------------------
_LIST_ITEM = re.compile(r"^\s*(?:[-*•▪●‣◦]|\d{1,2}[.)]|\(?[a-z][.)])\s+(?P<body>.+)$")
_TALKS_WORDS = re.compile(
    r"\b(agreed|agree|agreement|committed|commitment|pledged|discussions?|negotiations?|talks|"
    r"summit|meeting|accord|deal|goals?|objectives?|milestones?|roadmap|plan)\b",
    re.I,
)
_SPECULATIVE = re.compile(r"\b(should|might|could|may|would|can|prudent|essential|consider|recommend\w*|such as)\b", re.I)
# the author addressing the reader with advice ("Consider the following approaches:", "we
# recommend"), not a report of what the parties discussed or may discuss
_ADVICE = re.compile(
    r"^\s*(?:consider|take|try|look at|here are)\b|\bwe (?:recommend|suggest|advise)\b|\brecommendations?\b"
    r"|\bthe following (?:strategies|approaches|tips|recommendations)\b", re.I)
_NUMBER_WORDS = number_words(range(2, 9))  # the count of a list ("agreed on three points")

# --- sentences ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Trigger:
    pattern: re.Pattern[str]
    kind: str
    status: str


_WHEN = r"(?:\s+(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}|week))?"
_TRIGGERS: tuple[_Trigger, ...] = (
    _Trigger(re.compile(r"\b(?:agreed|agreeing|agrees|agree)" + _WHEN + r"(?:,[^,]{1,60},)?\s+(?:to|on|upon|that)\s+", re.I), "commitment", "agreed"),
    _Trigger(re.compile(r"\b(?:committed|commits|commit|pledged|pledges|promised|promises|vowed|vows|undertook|undertakes|undertake)" + _WHEN + r"\s+(?:themselves\s+)?to\s+", re.I), "commitment", "agreed"),
    # an arrangement stated as fact: "Russia and Ukraine are to swap 175 prisoners each"
    _Trigger(re.compile(r"\b(?:are|is)\s+to\s+(?=(?:swap|exchange|meet|hold|sign|release|return|hand|free)\b)", re.I), "commitment", "agreed"),
    # a reported undertaking: "Putin told Trump that Russia would stop attacking ..."
    _Trigger(re.compile(r"\b(?:would|will)\s+(?:also\s+)?(?=(?:stop|halt|pause|cease|hand|return|release|free|exchange|swap|withdraw|lift|resume|restore)\b)", re.I), "commitment", "agreed"),
    _Trigger(re.compile(r"\bwill\s+(?=meet\b)", re.I), "milestone", "agreed"),
    _Trigger(re.compile(r"\b(?:ready|willing)\s+to\s+accept\s+(?=(?:a|an|the)\b)", re.I), "milestone", "agreed"),
    # a joint intention ("the two sides said they intended to finish a deal"); one party's
    # intention ("Beijing intends to play a role") is no commitment
    _Trigger(re.compile(r"\b(?:" + "|".join(said_words("say", base=True, present=True) + said_words("state")) + r")\s+(?:that\s+)?(?:they|both sides|the two sides)\s+(?:intend|intended)\s+to\s+", re.I), "goal", "agreed"),
    _Trigger(re.compile(r"\b(?:asked|asks|asking)\s+for\s+(?=(?:a|an|the)\b)", re.I), "milestone", "proposed"),
    _Trigger(re.compile(r"\bwill\s+work\s+towards?\s+", re.I), "commitment", "agreed"),
    _Trigger(re.compile(r"\b(?:proposed|proposes|propose|proposing|offered|offers|suggested)" + _WHEN + r"\s+(?=(?:a|an|the|to|that)\b|\w+ing\b|[A-Z])", re.I), "milestone", "proposed"),
    _Trigger(re.compile(r"\b(?:their|its|his|her|the)\s+proposed\s+", re.I), "goal", "proposed"),
    _Trigger(re.compile(r"\b(?:hopes?|hoping|aims?|aiming|seeks?|seeking)\s+to\s+(?:reach|achieve|secure|conclude|sign|agree)\s+", re.I), "goal", "proposed"),
    _Trigger(re.compile(r"\bmust\s+include\s+", re.I), "goal", "proposed"),
)
# the cue of an item named by a reference to a proposal ("the proposed talks")
_REFERENCE_CUE = re.compile(r"cue '(?:their|its|his|her|the)\s+proposed\s*'", re.I)
_PUT_FORWARD = re.compile(r"\b(?:the|a|an|its|their)\s+(?P<what>(?:[\w-]+\s+){0,4}?[\w-]+)\s+put forward\b", re.I)
_POSSESSIVE_PROPOSAL = re.compile(r"\b(?P<who>[A-Z][\w.-]+)['’]s\s+(?P<what>(?:[\w-]+\s+){0,2}?(?:proposal|offer|peace plan|plan|initiative|roadmap))\b")
_CLAUSE_END = re.compile(
    r"[;:()]|\s[—–]\s|\sand\s+that\s|\s(?:and|but)\s+(?:had|has|have|was|were|is|are|would|will|then)\s|\s(?:while|but|although|though|which|as(?!\s+(?:a|the)\s+(?:venue|host)\b)|after|amid|so that|whereas)\s"
    r"|(?<![A-Z])[.!?](?:\s|$)"
)
_ENUM_NEXT = re.compile(r"\s*[\w-]+(?:\s+[\w-]+){0,2}\s*(?:,|\s(?:and|or)\s)")
_ENUM_LAST = re.compile(r"\s*(?:and|or)\s")
_GROUP = re.compile(r"\b(both|the two|all)\s+(sides|leaders|nations|countries|parties|governments|delegations|men|presidents|teams)\b", re.I)
_COMMIT_VERB = re.compile(r"^(agree[sd]?|agreeing|commit\w*|sign(?:s|ed|ing)?|pledg\w*|accept\w*|propos\w*|offer(?:s|ed)?)$", re.I)
_NOT_AN_OBJECT = frozenset(["in", "at", "on", "by", "last", "with", "it", "them", "this", "which", "so", "until",
                           "unless", "if", "when", "because", "while", "after", "before", "whether", "as"])
# what a well-formed item must not be: a fragment ending on an auxiliary, a pronoun or a
# reflexive, a list count ("three things"), a bare definite noun pointing back ("the talks")
_AUXILIARY_END = re.compile(r"\b(had|has|have|was|were|is|are|been|be|would|will|could|should|did|do|does|said|that|to|and|or|of)$", re.I)
_PRONOUN_ONLY = re.compile(r"^(?:it|them|this|that|these|those|him|her|us|they|which|what|something|anything|everything|nothing)$", re.I)
_REFLEXIVE_END = re.compile(r"\s+(?:himself|herself|itself|themselves|ourselves)$", re.I)
_LIST_COUNT = re.compile(
    r"^(?:the\s+)?(?:" + "|".join(number_words(range(2, 11))) + r"|several|a few|\d+)\s+(?:[\w-]+\s+)?"
    r"(?:things|points|goals|steps|areas|issues|measures|objectives|priorities|elements|principles|commitments)$",
    re.I,
)
# what an "offer" of a feeling or a view names: "offers a glimmer of hope", "offered condolences"
_SENTIMENT = re.compile(
    r"^(?:(?:a|an|the|some|new|fresh|little|much)\s+)?(?:(?:glimmer|ray|sense|message|note|signs?)\s+of\s+)?"
    r"(?:hope|optimism|reassurance|condolences|sympathy|thanks|gratitude|praise|insights?|perspectives?|"
    r"encouragement|comfort|clarity)\b", re.I)
_BARE_DEFINITE = re.compile(r"^(?:the|this|that|these|those|its|their|his|her)\s+[\w-]+$", re.I)
_TRAILING_ADVERB = re.compile(r"\s+(?:straight away|right away|at once|immediately|in full)$", re.I)
_LIST_NOUNS = r"(?:goals?|objectives?|priorities|steps|points|measures|commitments?|principles|things|areas|issues|elements)"
_PROPOSAL_OF = re.compile(r"^(?:an?|the|its|their)\s+(?P<who>[A-Z][\w.-]*\s+)?(?:proposal|offer|plan)\s+(?:for|of)\s+(?=\w)")
_DEMANDED = re.compile(r"\b(?:demand(?:s|ed)?|insist(?:s|ed)?|want(?:s|ed)?|call(?:s|ed) on)\b(?:\s+that)?\s+\w+", re.I)
_DEPENDS_ON = re.compile(
    r"\b(?:depend\w*|conditional|contingent|hing\w*)\s+(?:up)?on\s+(?P<who>[^,;.]{2,40}?)\s+"
    r"(?:accepting|agreeing to|approving|endorsing)\s+(?:it|them|the\s+(?:truce|ceasefire|proposal|plan|deal))\b",
    re.I,
)
_CONDITION = re.compile(r"^\s*(?:if|should|unless|whether)\b", re.I)
_CLAUSE_SPLIT = re.compile(r"(?:,\s*(?:and|but)|;|:)\s")
_REPORTED = re.compile(r"\b(?:" + "|".join(said_words("say", "tell", "announce", present=True)
                                              + said_words("state", "write", "add", "promise", "pledge", "assure"))
                       + r")\b", re.I)
_NEGATED = re.compile(r"\b(not|n't|never|yet to|refused to)\s+(?:\w+\s+)?$", re.I)
_HYPOTHETICAL = re.compile(r"^\s*(if|should|unless|whether)\b|\b(could|might|would)\b", re.I)


def milestone_id(article_id: str, start: int, what: str) -> str:
    key = f"{article_id}:{start}:{what.strip().lower()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def article_parties(article: Article, events: list[Event], parties: Parties) -> list[str]:
    """The parties an article is about: its events' actors and recipients, else the actors most
    often named on the subject side of its sentences (countries and organisations)."""
    counts: Counter[str] = Counter()
    for e in events:
        if e.modality in ("negated", "hypothetical"):
            continue
        for ref in [*e.actors, *e.recipients]:
            code = ref.country or ref.org
            if code:
                counts[code] += 1
    if not counts:
        for sent in sentences(article.text):
            for code in parties.holders(sent.text, on_date=article.reading_day):
                counts[code] += 1
    if not counts:
        return []
    top = counts.most_common(1)[0][1]
    return [code for code, n in counts.most_common() if n >= max(2, top / 2)] or [counts.most_common(1)[0][0]]


def _countries(codes: list[str]) -> list[str]:
    return [c for c in codes if len(c) == 3 and c.isupper() and c not in {"UN", "EU"}]


class _Builder:
    """Collects the items of one article, with ids, evidence and first status."""

    def __init__(self, article: Article, events: list[Event], parties: Parties) -> None:
        self.article = article
        self.events = events
        self.parties = parties
        self.items: list[Milestone] = []
        self.covered: list[tuple[int, int]] = []
        self._main: list[str] | None = None
        self.sents: list[Sentence] = sentences(article.text)

    @property
    def main_parties(self) -> list[str]:
        if self._main is None:
            self._main = article_parties(self.article, self.events, self.parties)
        return self._main

    def date_of(self, span: tuple[int, int], deadline_text: str | None) -> str | None:
        """The day a statement reports: its own date phrase (not its deadline), else the last
        date stated before it in its paragraph, else the date of the article's lead."""
        return statement_date(self.article, span[0], span[1], deadline_text)

    def event_ids(self, start: int, end: int) -> list[str]:
        return [e.id for e in self.events if e.span[0] < end and e.span[1] > start]

    def is_covered(self, start: int, end: int) -> bool:
        return any(s < end and e > start for s, e in self.covered)

    def add(
        self,
        *,
        what: str,
        kind: str,
        status: str,
        responsible: list[str],
        span: tuple[int, int],
        deadline_text: str | None = None,
        from_table: bool = False,
        detail: str | None = None,
        reason: str,
        duration: str | None = None,
        proposed_by: list[str] | None = None,
    ) -> None:
        what = " ".join(what.split()).strip(" .:;,-")
        if len(what) < 3:
            return
        source = self.article.text[span[0] : span[1]]
        published = self.article.reading_day
        self.covered.append(span)
        self.items.append(
            Milestone(
                id=milestone_id(self.article.id, span[0], what),
                what=what,
                kind=kind,
                responsible=responsible,
                # a duration becomes a date only once the item takes effect (see status.py)
                deadline_text=deadline_text or duration or None,
                deadline=resolve_deadline(deadline_text, published) if deadline_text else None,
                proposed_by=[c for c in proposed_by or [] if c not in responsible],
                status=status,
                status_history=[
                    StatusChange(
                        status=status,
                        date=self.date_of(span, deadline_text),
                        article_ids=[self.article.id],
                        event_ids=self.event_ids(*span),
                        evidence=source,
                        reason=reason,
                    )
                ],
                source_text=source,
                article_id=self.article.id,
                from_table=from_table,
                first_seen=published,
                detail=detail or None,
            )
        )

    # ---- 1. tables
    def tables(self, tables: list[Table]) -> None:
        for table in tables:
            if self._advised(table):
                continue  # "Consider the following approaches:": the author's advice, not a commitment
            header_text = " | ".join(table.header)
            item_header = _ITEM_HEADER.search(header_text)
            agreement_table = not item_header and _AGREEMENT_HEADER.search(header_text)
            if not item_header and not agreement_table:
                continue
            name_col = table.column(item_header.group(0)) if item_header else 0
            name_col = 0 if name_col is None else name_col
            deadline_col = table.column(*_DEADLINE_COL)
            parties_col = table.column(*_PARTIES_COL)
            status_col = table.column(*_STATUS_COL)
            used = {name_col, deadline_col, parties_col, status_col}
            kind = _table_kind(header_text)
            listed = _countries([c for r in table.rows if parties_col is not None
                                 for c in self.parties.party_list(r.cells[parties_col])])
            everyone = _merge(listed, _countries(self.main_parties))
            for row in table.rows:
                name = row.cells[name_col]
                if agreement_table and not _AGREEMENT_NAME.search(name):
                    continue
                if parties_col is not None and row.cells[parties_col]:
                    responsible = self.parties.party_list(row.cells[parties_col], all_parties=everyone)
                else:
                    # "Minsk Agreements": a place in the name is the venue, not a party
                    rest = " ".join(c for i, c in enumerate(row.cells) if i != name_col)
                    responsible = self.parties.involved(rest) or self.main_parties
                status = _status_word(row.cells[status_col]) if status_col is not None else None
                if status is None:
                    status = "agreed" if agreement_table else "proposed"
                detail = "; ".join(c for i, c in enumerate(row.cells) if i not in used and c)
                self.add(
                    what=name,
                    kind="commitment" if agreement_table else kind,
                    status=status,
                    responsible=responsible,
                    span=row.span,
                    deadline_text=row.cells[deadline_col] if deadline_col is not None else None,
                    from_table=True,
                    detail=detail,
                    reason=f"row {row.index + 1} of table {table.index + 1} headed {header_text!r}",
                )

    def _advised(self, table: Table) -> bool:
        """Whether the sentence introducing ``table`` (the last one before it, ending in a
        colon) offers it as the author's advice to the reader ("Consider the following
        approaches:").  A guess at what the talks may bring ("the table below, outlining
        possible milestones:") or what the parties would do well to set ("objectives ...
        articulated in a simplified format:") still lists the talks' items."""
        intro = [s for s in self.sents if s.end <= table.span[0] and s.text.strip()]
        if not intro:
            return False
        last = intro[-1].text.strip()
        return last.endswith(":") and bool(_ADVICE.search(last))

    # ---- 2. lists after an introducing sentence
    def lists(self, sents: list[Sentence]) -> None:
        lines = lines_with_offsets(self.article.text)
        for n, sent in enumerate(sents):
            if not sent.text.endswith(":"):
                continue
            context = " ".join(s.text for s in sents[max(0, n - 1) : n + 1])
            if _SPECULATIVE.search(sent.text) or not _TALKS_WORDS.search(context):
                continue
            items = _list_after(lines, sent.end)
            if not items:
                continue
            kind = _intro_kind(sent.text)
            status = "agreed" if re.search(r"\b(agreed|committed|signed|reached|pledged)\b", sent.text, re.I) else "proposed"
            intro_parties = self._group_parties(sents, n)
            self.covered.append((sent.start, sent.end))
            for start, end in items:
                body = self.article.text[start:end]
                name, _, desc = body.partition(":")
                if not desc.strip() or len(name.split()) > 8:
                    name, desc = body, ""
                first_desc = sentences(desc)[0].text if desc.strip() else ""
                # evidence: the entry's name and its first sentence
                span_end = start + len(name) + 1 + desc.find(first_desc) + len(first_desc) if first_desc else end
                responsible = self.parties.involved(first_desc or body) or intro_parties
                self.add(
                    what=name,
                    kind=kind,
                    status=status,
                    responsible=responsible,
                    span=(start, span_end),
                    deadline_text=find_deadline_text(body),
                    detail=first_desc,
                    reason=f"entry of the list introduced by {sent.text!r}",
                )
                self.covered.append((start, end))

    def _group_parties(self, sents: list[Sentence], n: int, *, skip_own: bool = False) -> list[str]:
        """Who an introducing sentence speaks for: its subject, else the nearest earlier
        sentence naming actors (up to three back), else the article's parties."""
        own = self.parties.holders(sents[n].text, on_date=self.article.reading_day)
        if own and not skip_own and not _GROUP.search(sents[n].text):
            return own
        for back in range(n - 1, max(-1, n - 4), -1):
            found = self.parties.involved(sents[back].text, on_date=self.article.reading_day)
            if len(_countries(found)) >= 2:
                return found
        return self.main_parties

    # ---- 3 and 4. sentences
    def sentences(self, sents: list[Sentence]) -> None:
        for sent in sents:
            if self.is_covered(sent.start, sent.end) or _LIST_ITEM.match(sent.text) or _is_heading(sent):
                continue
            if _CONDITION.match(sent.text) and not re.search(r"\bagreed\b", sent.text):
                continue  # "If Russia agrees, ...": a condition, not a commitment
            if self._inline_list(sent):
                continue
            # every cue of the sentence, left to right, each outside the object of an earlier one
            # ("Russia would return the bodies ..., and he proposed short local truces ...")
            taken_until = -1
            for m, trig in sorted(((m, t) for t in _TRIGGERS for m in t.pattern.finditer(sent.text)),
                                  key=lambda mt: mt[0].start()):
                if m.start() < taken_until:
                    continue
                clause_at = max([0, *(c.end() for c in _CLAUSE_SPLIT.finditer(sent.text, 0, m.start()))])
                lead_in = sent.text[clause_at : m.start()]
                if _HYPOTHETICAL.search(lead_in) and not re.search(r"\bagreed\b", sent.text):
                    continue  # "Analysts say both sides could agree to more later"
                lead = sent.text[max(0, m.start() - 30) : m.start()]
                if trig.status == "agreed" and (_SPECULATIVE.search(lead) or _NEGATED.search(lead)):
                    taken_until = m.end()
                    continue  # "could agree to", "has not agreed to": not a commitment
                what = _clause(sent.text[m.end() :])
                taken_until = m.end() + len(what)
                # "X proposed a ...", "Moscow would hand over ...": only an actor's word counts
                needs_holder = (trig.status == "proposed" and trig.kind != "goal") or m.group(0).lower().startswith(("would", "will"))
                if needs_holder and not self.parties.holders(sent.text, before=m.start(), on_date=self.article.reading_day):
                    continue
                if m.group(0).lower().startswith("would") and not _REPORTED.search(sent.text[: m.start()]):
                    continue  # "would" outside reported speech is a conditional
                self._add_sentence(sent, m.start(), what, trig.kind, trig.status, f"{m.group(0).strip()!r}")
            found = _PUT_FORWARD.search(sent.text)
            if found:
                self._add_sentence(sent, found.start(), found.group("what"), "milestone", "proposed",
                                   repr(found.group(0)))
            found = _POSSESSIVE_PROPOSAL.search(sent.text)
            if found:
                who = self.parties.codes(found.group("who"), on_date=self.article.reading_day)
                if who:
                    self.add(
                        what=found.group(0),
                        kind="milestone",
                        status="proposed",
                        responsible=who,
                        span=(sent.start, sent.end),
                        deadline_text=find_deadline_text(sent.text),
                        reason=f"sentence naming {found.group(0)!r}",
                    )

    def _add_sentence(self, sent: Sentence, cue_at: int, what: str, kind: str, status: str, cue: str) -> None:
        undertaking = bool(re.match(r"'(?:would|will|are|is)\b", cue))  # "Russia would return ..."
        acts_itself = bool(re.match(r"to\s", what))  # "offered to hand over ...": the offerer acts
        cleaned = well_formed(what, self.parties, self.article.reading_day)
        if cleaned is None:
            return  # "the ceasefire that Ukraine agreed to in Jeddah": the object is elsewhere
        what = cleaned
        if kind != "goal" and re.search(r"\b(ceasefire|truce|moratorium|armistice|withdrawal|exchange)\b", what, re.I):
            kind = "milestone"
        subject = self._responsible(sent, cue_at)
        proposed_by: list[str] = []
        proposal = _PROPOSAL_OF.match(what)
        if proposal:
            # "accept an American proposal for a ceasefire": the item is the ceasefire, the
            # proposer is not bound by it
            proposed_by = self.parties.codes(proposal.group("who") or "", on_date=self.article.reading_day)
            what = what[proposal.end() :]
        named = self.parties.involved(what, on_date=self.article.reading_day)
        if status == "proposed" and not named and _GROUP.search(what):
            # "a meeting between the two presidents": the parties of the talks
            n = next((i for i, x in enumerate(self.sents) if x.start == sent.start), 0)
            named = _countries(self._group_parties(self.sents, n, skip_own=True))[:2]
        if status == "proposed" and named and not acts_itself:
            # "X proposed that Russia and Ukraine stop fighting": Russia and Ukraine are to act
            responsible, proposed_by = named, subject
        elif status == "agreed" and not undertaking:
            # "Putin agreed to stop attacks on Ukraine's energy infrastructure": both sides' halt
            responsible = _merge(subject, named)
        else:
            # "Russia would return the bodies of 6,000 Ukrainian soldiers": Russia acts alone
            responsible = subject
        if proposal:
            responsible = [c for c in responsible if c not in proposed_by] or responsible
        self.add(
            what=what,
            kind=kind,
            status=status,
            responsible=responsible,
            span=(sent.start, sent.end),
            deadline_text=find_deadline_text(sent.text[cue_at:]),
            duration=find_duration(what),
            proposed_by=proposed_by,
            reason=f"sentence with the commitment cue {cue}",
        )

    def acceptance_needed(self, sents: list[Sentence]) -> None:
        """"The truce ... would depend on Russia accepting it": a proposal accepted by one side
        binds the party whose acceptance it waits for too (the nearest accepted proposal before)."""
        for sent in sents:
            m = _DEPENDS_ON.search(sent.text)
            if not m:
                continue
            who = self.parties.involved(m.group("who"), on_date=self.article.reading_day)
            before = [i for i in self.items if i.proposed_by and i.status == "agreed"
                      and self.article.text.find(i.source_text) < sent.start]
            if who and before:
                item = before[-1]
                item.responsible = _merge(item.responsible, [c for c in who if c not in item.proposed_by])

    def drop_references(self) -> None:
        """An item named only by a reference to a proposal ("backed the proposed high-level
        negotiations between Trump and Putin") is the article's own item of the same subject
        told again ("both leaders agreed to initiate formal negotiations"): it goes when another
        item of the article shares two content words with it (actors' names left out)."""
        def words(m: Milestone) -> set[str]:
            named = set().union(*(content_words(x.text) for x in self.parties.mentions(m.what, self.article.reading_day)))
            return content_words(m.what) - named

        refs = [m for m in self.items if _REFERENCE_CUE.search(m.status_history[0].reason)]
        if not refs:
            return
        others = [m for m in self.items if m not in refs]
        drop = {r.id for r in refs if any(len(words(r) & words(o)) >= 2 for o in others)}
        self.items = [m for m in self.items if m.id not in drop]

    def _responsible(self, sent: Sentence, cue_at: int) -> list[str]:
        on = self.article.reading_day
        head = sent.text[:cue_at]
        # reported speech: the subject of the reported clause ("Putin told Trump that Russia would ...")
        said = [m.end() for m in re.finditer(r"\bthat\b|" + _REPORTED.pattern, head, re.I)]
        if said:
            inner = self.parties.holders(head[said[-1] :], on_date=on)
            if inner and not _GROUP.search(head[said[-1] :]):
                return inner
        clause = [m.end() for m in re.finditer(r"(?:,\s*(?:and|but)|;|:)\s", head)]
        if clause:
            inner = self.parties.holders(head[clause[-1] :], on_date=on)
            if inner and not _GROUP.search(head[clause[-1] :]):
                return inner
        own = self.parties.holders(sent.text, before=cue_at, on_date=on)
        group = _GROUP.search(head)
        if own and not group:
            return own
        if group:
            # "both sides", "the two delegations": the parties of the sentences just before
            here = _countries(self.parties.involved(head, on_date=on))
            n = next((i for i, x in enumerate(self.sents) if x.start == sent.start), 0)
            earlier = here if len(here) >= 2 else (
                _countries(self._group_parties(self.sents, n, skip_own=True)) or self.main_parties)
            if len(earlier) >= 2:
                return earlier[:2] if group.group(1).lower() in ("both", "the two") else earlier
        named = self.parties.involved(sent.text, on_date=on)
        if named:
            return named
        return own or self.main_parties

    def _inline_list(self, sent: Sentence) -> bool:
        """"agreed on three goals: A, B and C" → one goal per item (True when handled)."""
        head, colon, tail = sent.text.partition(":")
        if not colon or not tail.strip() or not re.search(r"\b(agreed|committed|pledged)\b", head, re.I):
            return False
        if not re.search(rf"\b{_LIST_NOUNS}\b", head, re.I):
            return False
        parts = [p.strip(" .") for p in re.split(r",\s*(?:and\s+)?|;\s*|\s+and\s+(?=[^,]*$)", tail) if p.strip(" .")]
        # "to restore staffing, to form teams": the items are the verb phrases after "to"
        parts = [re.sub(r"^to\s+", "", p) for p in parts]
        count = re.search(rf"\b({'|'.join(_NUMBER_WORDS)}|\d)\s+(?:[\w-]+\s+)?{_LIST_NOUNS}\b", head, re.I)
        if count:
            expected = int(count.group(1)) if count.group(1).isdigit() else _NUMBER_WORDS[count.group(1).lower()]
            if len(parts) != expected:
                return False
        responsible = self._responsible(sent, len(head))
        offset = sent.start + len(head) + 1
        kind = _intro_kind(head)
        for part in parts:
            at = self.article.text.find(part, offset, sent.end)
            if at < 0:
                continue
            self.add(
                what=part,
                kind=kind,
                status="agreed",
                responsible=responsible,
                span=(at, at + len(part)),
                deadline_text=find_deadline_text(part),
                reason=f"item of the list agreed in {head.strip()!r}",
            )
            offset = at + len(part)
        return True

    # ---- AGREE events of the extraction engine not covered above
    def events_left(self) -> None:
        """AGREE events stated with a commitment verb ("signed", "pledged", "offered") that no
        pattern above caught; expressions of willingness or intention are not commitments."""
        for e in self.events:
            if e.event_type != "AGREE" or e.modality in ("negated", "hypothetical"):
                continue
            if e.span[0] >= e.span[1]:
                continue  # its sentence is not in the text (an imported event's missing article)
            if self.is_covered(*e.span) or not _COMMIT_VERB.match(e.trigger.strip()):
                continue
            line_start = e.span[0] == 0 or self.article.text[e.span[0] - 1] == "\n"
            if _is_heading(Sentence(e.sentence, e.span[0], e.span[1], line_start)):
                continue
            at = e.sentence.find(e.trigger)
            what = _clause(e.sentence[at + len(e.trigger) :]) if at >= 0 else e.sentence
            what = re.sub(r"^(?:to|on|upon)\s+", "", what)
            if at >= 0 and _DEMANDED.search(e.sentence[max(0, at - 120) : at]):
                continue  # "demands that Ukraine ... accept limits": what one side asks of the other
            cleaned = well_formed(what, self.parties, self.article.reading_day)
            if cleaned is None:
                continue
            what = cleaned
            responsible = [c for c in _merge(
                [r.country or r.org or "" for r in e.actors], [r.country or r.org or "" for r in e.recipients]
            ) if c]
            if not responsible or not what or what.split()[0].lower() in _NOT_AN_OBJECT:
                continue
            status = "proposed" if re.match(r"(propos|offer)", e.trigger, re.I) else "agreed"
            self.add(
                what=what,
                kind="commitment",
                status=status,
                responsible=responsible,
                span=e.span,
                deadline_text=find_deadline_text(e.sentence),
                reason=f"AGREE event {e.id} ({e.trigger!r})",
            )


def _merge(a: list[str], b: list[str]) -> list[str]:
    out = list(a)
    out.extend(x for x in b if x not in out)
    return out


def _is_heading(sent: Sentence) -> bool:
    """A title, heading or breadcrumb: a whole line in title case without end punctuation."""
    words = re.findall(r"[A-Za-z][\w'’-]*", sent.text)
    ellipsis = sent.text.endswith(("...", "…"))
    if not sent.line_start or (sent.text[-1:] in ".!?\"”" and not ellipsis) or len(words) < 3:
        return False
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals / len(words) >= 0.6


def _table_kind(header: str) -> str:
    h = header.lower()
    if re.search(r"milestone|timeline|deadline|timeframe", h):
        return "milestone"
    if re.search(r"commitment|pledge", h):
        return "commitment"
    return "goal"


def _intro_kind(text: str) -> str:
    t = text.lower()
    if re.search(r"\bmilestones?|steps|phases?|roadmap\b", t):
        return "milestone"
    if re.search(r"\bcommitments?|pledges?|committed\b", t):
        return "commitment"
    return "goal"


_STATUS_WORDS: tuple[tuple[str, str], ...] = (
    (r"partial", "partially_met"),
    (r"\b(met|done|complete[d]?|achieved|implemented|fulfilled)\b", "met"),
    (r"\b(missed|overdue|failed)\b", "missed"),
    (r"\b(stalled|delayed|on hold|suspended)\b", "stalled"),
    (r"\b(abandoned|dropped|cancel+ed|collapsed)\b", "abandoned"),
    (r"\b(in progress|ongoing|under way|underway|started|begun)\b", "in_progress"),
    (r"\b(agreed|signed|accepted)\b", "agreed"),
    (r"\b(proposed|planned|pending|draft)\b", "proposed"),
)


def _status_word(cell: str) -> str | None:
    for pattern, status in _STATUS_WORDS:
        if re.search(pattern, cell, re.I):
            return status
    return None


def well_formed(what: str, parties: Parties, on_date: str | None = None) -> str | None:
    """``what`` as a well-formed phrase naming a commitment, or None for a fragment.

    Leading "that" / "to" go; trailing adverbs ("straight away") and reflexives go; fragments
    ending on an auxiliary ("Russian side had"), pronouns, places or actors alone ("Istanbul"),
    list counts ("three things"), clauses opened by a subordinator ("until everything was
    agreed"), a bare definite noun that points back ("the talks") and a feeling or view offered
    ("a glimmer of hope") are rejected.
    """
    what = " ".join(what.split()).strip(" .,;:-")
    what = re.sub(r"^(?:that|to)\s+", "", what, flags=re.I)
    what = _TRAILING_ADVERB.sub("", _REFLEXIVE_END.sub("", what)).strip(" ,")
    words = what.split()
    if not words or words[0].lower() in _NOT_AN_OBJECT:
        return None
    if _AUXILIARY_END.search(what) or _PRONOUN_ONLY.match(what) or _LIST_COUNT.match(what):
        return None
    if _BARE_DEFINITE.match(what) or not content_words(what) or _SENTIMENT.match(what):
        return None
    named = "".join(what[m.start : m.end] for m in parties.mentions(what, on_date))
    rest = re.sub(r"[\W_]+", "", what.replace(named, "")) if named else what
    if not rest or (len(words) == 1 and words[0][:1].isupper()):
        return None  # a place or an actor alone
    return what


def _clause(text: str, max_words: int = 20) -> str:
    """The clause at the start of ``text``: up to a clause boundary or a comma that does not
    continue an enumeration ("diplomatic, economic, and geopolitical fronts" stays whole)."""
    m = _CLAUSE_END.search(text)
    clause = (text[: m.start()] if m else text).rstrip(" ,")
    in_enum = False
    for comma in re.finditer(",", clause):
        after = clause[comma.end() :]
        if clause[comma.start() - 1 : comma.start()].isdigit() and after[:1].isdigit():
            continue  # "1,000"
        if re.search(r"\b(?:a|an|the)\s+[\w-]+$", clause[: comma.start()]) and re.match(r"\s[a-z]", after):
            continue  # "an immediate, interim 30-day ceasefire": adjectives in a row
        if _ENUM_LAST.match(after) and in_enum:
            continue
        if _ENUM_NEXT.match(after) and not _ENUM_LAST.match(after):
            in_enum = True
            continue
        clause = clause[: comma.start()]
        break
    words = clause.split()
    return " ".join(words[:max_words])


def _list_after(lines: list[tuple[int, int, str]], after: int) -> list[tuple[int, int]]:
    """Spans of the entries of the list that starts on the line after offset ``after``.

    An entry is a bulleted or numbered line plus the indented lines under it ("1. Name:" then
    its description).  The list ends at the first line that is neither.
    """
    items: list[list[int]] = []
    started = False
    for start, end, body in lines:
        if end <= after:
            continue
        if start < after:  # the introducing line itself
            continue
        if not body.strip():
            if started:
                continue
            continue
        m = _LIST_ITEM.match(body)
        if m:
            started = True
            lead = start + m.start("body")
            items.append([lead, end])
            continue
        indented = body[:1].isspace()
        if started and indented and items:
            items[-1][1] = end  # the description under a numbered heading
            continue
        break
    return [(s, e) for s, e in items]


def extract_commitments(
    article: Article,
    events: list[Event],
    *,
    actors: ActorLookup | Parties | None = None,
    tables: list[Table] | None = None,
) -> list[Milestone]:
    """Commitments, goals and milestones one article states (see the module docstring).

    ``actors`` is an actor dictionary (``find_mentions``) or a :class:`Parties`; by default the
    extraction layer's dictionary.  ``tables`` are the article's parsed tables when the caller
    has them already.
    """
    if isinstance(actors, Parties):
        parties = actors
    elif actors is not None:
        parties = Parties(actors)
    else:
        parties = default_parties()
    builder = _Builder(article, anchored(article.text, events), parties)
    builder.tables(tables if tables is not None else parse_tables(article.text, article_id=article.id))
    sents = builder.sents
    builder.lists(sents)
    builder.sentences(sents)
    builder.events_left()
    builder.acceptance_needed(sents)
    builder.drop_references()
    return sorted(builder.items, key=lambda m: (article.text.find(m.source_text), m.id))
