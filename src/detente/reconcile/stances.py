"""Claims that sides make about each other, which another report can contradict.

* **allegation** — whether a party broke a ceasefire: an accusation ("X had violated the
  truce", "X's rocket launches after the ceasefire began", "accused X of breaching the
  ceasefire") is ``yes``, a denial by the accused ("X denied any post-ceasefire launches",
  "claims of X attacks after the truce began were false") is ``no``.  Subject: ``whether
  ISO3 broke the ceasefire``.
* **agreement** — whether the sides reached a ceasefire: a mutual agreement said to exist
  ("both sides agreed to a truce", "complying with a ceasefire agreement announced by ...") is
  ``yes``; its denial ("there is no agreement on any ceasefire", "denied ... that a ceasefire
  deal had been reached") ``no``.  One side accepting or refusing a proposal is not a claim
  here (that side's position, not the agreement's existence).
* **allegation** also — who carried out an attack: blamed for it ("blamed X for the strikes"),
  said to be behind it, claiming it (``yes``); denying any part in it (``no``, only where an
  attack is named).  Subject: ``whether ISO3 carried out the attack``.
* **concession** — who gave way: "X capitulated", "X backed down", "X caved" give X.
* **approval** — which body of a state approved a truce or a deal ("Israel's security cabinet
  approved", "the cabinet approved"): the security (war) cabinet, the cabinet (government) or
  parliament.  Compared only between approvals given the same day (a security cabinet's vote
  and the full government's the next day are two steps, not a disagreement).
* **attribution** — who said a quoted sentence: a sentence of eight words or more inside
  quotation marks, with its speaker named before ("The foreign minister argued, “...”") or
  after ("“...,” Name said"); a speaker given by role alone is the person the article names
  with that role.  Two reports giving one sentence to two different people disagree.

Parties are ISO3 codes (or organisation codes), an armed group's as "ISO3 rebels" (the M23 and
Congo's government are two sides): the names the article's events resolved, the actor
dictionary, and for a generic noun ("the rebels", "the country") the nearest party of that
kind named before it.  Patterns are English and narrow on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from detente.model import Article, Event
from detente.reconcile.records import Claim
from detente.reconcile.text import names_match
from detente.text import fold
from detente.vocabulary import said_words

__all__ = ["quote_words", "same_quote", "speakers_differ", "stance_claims"]

_TRUCE = r"(?:ceasefire|cease-fire|truce|armistice)"
_Q = r"[\"“”'‘’]?"  # a quotation mark the writer may put around the verb
_FORCE = (r"(?:rebels|forces|militia|army|military|troops|fighters|group|government|movement|side|officials|"
          r"(?:(?:defen[cs]e|foreign|interior)\s+)?ministry|spokes(?:man|woman|person))")
_NAME = (r"(?P<party>(?:[Tt]he\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?:\s+" + _FORCE + r")?"
         r"|[Tt]he\s+(?:country|group|rebels|militants|movement|government|regime|militia))")
_POSS = r"(?:['’]s)?"
_AUX = r"(?:(?:had|has|have|was|were)\s+)?"
_ADV = r"(?:\w+ly\s+)?"

# an accusation: the party broke the truce
_VIOLATED = re.compile(_NAME + _POSS + r"\s+" + _AUX + _Q + _ADV + r"(?:violated|breached|broken|broke|broke off)" + _Q
                       + r"\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}" + _TRUCE)
_ACCUSED_OF = re.compile(r"\b(?:accus\w+|blam\w+)\s+" + _NAME + r"\s+(?:of|for)\s+(?:\w+\s+){0,2}?"
                         r"(?:violat\w+|breach\w*|break\w*)\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}" + _TRUCE)
_BREACH_BY = re.compile(r"\b(?:violations?|breach(?:es)?)\s+of\s+the\s+" + _TRUCE + r"\s+(?:\w+\s+){0,3}?by\s+" + _NAME)
# attacks by a party after the truce began: "Iranian missile launches ... after the ceasefire began"
_ACT = r"(?:launch(?:es|ed|ing)?|attacks?|attacked|strikes?|struck|fired|firing|shelling|shelled|rockets?|missiles?|drones?)"
_AFTER_TRUCE = (r"(?:\w+\s+){0,12}?after\s+the\s+(?:\w+\s+){0,2}" + _TRUCE
                + r"\s+(?:had\s+|has\s+)?(?:\w+ly\s+)?(?:began|begun|started|took effect|came into (?:force|effect)|"
                r"was in place|went into effect|was (?:due|meant|intended) to)")
_WEAPON = r"(?:(?:missile|rocket|drone|artillery|air|ballistic|mortar|cross-border)\s+)?"
_ATTACKS_AFTER = re.compile(r"\b(?P<party>[A-Z][\w'’-]+)" + _POSS + r"\s+(?:(?:troops|forces|army|soldiers|military|jets|warplanes)\s+)?"
                            + _WEAPON + _ACT + r"\s+" + _AFTER_TRUCE)
# a denial by the accused: "Iran has vehemently denied any post-ceasefire missile launches"
_DENIED = re.compile(_NAME + r"\s+" + _AUX + _Q + _ADV + r"(?:denied|denies|deny|rejected|dismissed)\s+"
                     r"(?:(?:any|all|that it|having|ever)\s+)?(?P<what>[^.;]{0,90})")
_DENIAL_ACT = re.compile(r"^(?:(?:post-" + _TRUCE + r")|violat|breach|break|launch|fir|attack|strik|shell)", re.I)
# who carried out an attack: blamed for it, said to be behind it, claiming it -- or denying it
_ATTACK = r"(?:attacks?|strikes?|bombings?|shelling|massacre|assault|raids?|ambush|killings?|drone strikes?|missile strikes?)"
_BLAMED = re.compile(r"\b(?:blam\w+|accus\w+|held)\s+" + _NAME + r"\s+(?:responsible\s+)?(?:for|of)\s+"
                     r"(?:carrying out\s+|launching\s+|staging\s+)?(?:the\s+|an?\s+|its\s+)?(?:[\w-]+\s+){0,2}?" + _ATTACK + r"\b")
_BEHIND = re.compile(_NAME + r"\s+(?:was|were|is|are)\s+(?:\w+ly\s+)?behind\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?" + _ATTACK + r"\b"
                     r"|" + _NAME.replace("?P<party>", "?P<party2>") + r"\s+" + _AUX + r"claimed\s+responsibility\s+for\b")
_NOT_US = re.compile(_NAME + r"\s+" + _AUX + _Q + _ADV + r"(?:denied|denies|deny|rejected|disclaimed)\s+(?:any\s+)?"
                     r"(?:responsibility|involvement|role|part|being\s+behind|carrying\s+out|(?:that\s+)?it\s+(?:was\s+behind|carried\s+out))\b")
# which body of a state approved a truce or a deal: "Israel's security cabinet approved on
# Tuesday night a ceasefire agreement", "the Armenian parliament ratified the accord"
_BODIES = {"security cabinet": "security cabinet", "war cabinet": "security cabinet", "cabinet": "cabinet",
           "full cabinet": "cabinet", "government": "cabinet", "parliament": "parliament", "knesset": "parliament",
           "legislature": "parliament", "senate": "parliament", "national assembly": "parliament", "rada": "parliament"}
_APPROVED = re.compile(
    r"(?P<party>\b[A-Z][\w-]+)(?:['’]s)?\s+(?P<body>(?:full\s+|security\s+|war\s+)?cabinet|government|parliament|"
    r"Knesset|legislature|[Ss]enate|[Nn]ational [Aa]ssembly|Rada)\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?"
    r"(?:approved|approves|ratified|ratifies|endorsed|endorses|voted\s+(?:to\s+approve|for))\b"
    r"(?:[^.;]|\.(?=[\w-])){0,60}?\b(?P<what>ceasefire|cease-fire|truce|deal|agreement|accord)\b")  # "the U.S.-backed truce"
# "Cambodia rejected the accusation": the denial of an accusation just made against it
_REJECTS_IT = re.compile(_NAME + r"\s+" + _AUX + _ADV + r"(?:denied|denies|rejected|rejects|dismissed|dismisses)\s+"
                         r"(?:the|these|those|such|that|this|all|any)\s+(?:\w+\s+)?(?:accusations?|allegations?|claims?|charges?)\b")
_CLAIMS_FALSE = re.compile(r"\bclaims?\s+of\s+(?P<party>[A-Z][\w'’-]+)\s+" + _WEAPON + _ACT + r"\s+"
                           + _AFTER_TRUCE + r"[^.;]{0,40}?\b(?:were|was|are|is)\s+(?:false|untrue|baseless|lies|fabricated)")

# whether a ceasefire was agreed
_MUTUAL = (r"(?:[Bb]oth\s+(?:sides|parties|countries)|[Tt]he\s+(?:two\s+)?(?:sides|parties)"
           r"|[A-Z][\w'’-]+\s+and\s+(?:the\s+)?[A-Z][\w'’.-]+(?:\s+both)?)")
_AGREED = re.compile(r"\b" + _MUTUAL + r"\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+)?agreed\s+(?:to\s+|on\s+)?(?:an?\s+|the\s+)?"
                     r"(?:[\"“]?[\w-]+\s+){0,4}?[\"“]?" + _TRUCE)
_REACHED = re.compile(r"\b" + _MUTUAL + r"\s+(?:had\s+|have\s+|has\s+)?(?:reached|struck|sealed|signed|clinched)\s+(?:an?\s+|the\s+)?"
                      r"(?:[\w-]+\s+){0,3}?" + _TRUCE)
_AGREEMENT_EXISTS = re.compile(r"\b(?:complying|comply|abiding|abide)\s+(?:with|by)\s+(?:an?|the)\s+" + _TRUCE + r"\s+(?:agreement|deal)"
                               r"|\b" + _TRUCE + r"\s+(?:agreement|deal)\s+(?:\w+\s+)?(?:announced|reached|brokered|struck|sealed)\b", re.I)
_NO_AGREEMENT = re.compile(r"\b(?:ended|concluded|broke\s+up|closed|finished)\s+without\s+(?:an?\s+)?" + _TRUCE + r"\s+(?:agreement|deal)"
                           r"|\bfailed\s+to\s+(?:reach|agree|secure|clinch|strike)\s+(?:on\s+)?(?:an?\s+|the\s+)?" + _TRUCE
                           + r"|\bno\s+" + _TRUCE + r"\s+(?:agreement|deal)\s+(?:has|had|was)\s+(?:yet\s+)?(?:been\s+)?(?:reached|agreed|struck)"
                           r"|\bthere\s+(?:is|was|has been)\s+no\s+[\"“‘']?(?:agreement|deal)[\"”’']?\s+on\s+(?:any\s+|a\s+|the\s+)?" + _TRUCE
                           + r"|\bdenied\b[^.;]{0,80}?\bthat\s+(?:an?|the)\s+" + _TRUCE + r"\s+(?:agreement|deal)?\s*(?:has|had|was)\s+"
                           r"(?:been\s+)?(?:reached|agreed|struck)", re.I)

# who gave way
_GAVE_WAY = re.compile(_NAME + r"\s+" + _AUX + r"[\"“]?(?:capitulated|backed down|caved(?: in)?|blinked|climbed down|gave in)\b")

# quotations and their speakers
_QUOTE = re.compile(r"[\"“](?P<q>[^\"“”]{30,1200})[\"”]")
_SAY = "(?:" + "|".join([*said_words("say", present=True), *said_words("state", "add", "argue"), r"told\s+\w+",
                         *said_words("write", "declare", "note", "insist", "stress", "warn")]) + ")"
_WHO = r"(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w'’-]+\s+){0,6}[A-Z][\w'’-]+)"  # "Thai Deputy Prime Minister Phumtham Wechayachai"
# "..., said Zelensky's chief of staff": the name after the verb must end the phrase
_SPEAKER_AFTER = re.compile(r"[,.]?\s*[\"”]?\s*,?\s*(?:" + _WHO + r"\s+" + _SAY + r"\b|" + _SAY + r"\s+"
                            + _WHO.replace("?P<who>", "?P<who2>")
                            + r"(?![\w'’])(?=\s*(?:[,.;:!?]|$)|\s+(?:on|in|at|after|before|when|while|during|told)\b))")
_SPEAKER_BEFORE = re.compile(_WHO + r"\s+" + _SAY + r"(?:\s+(?:on\s+)?\w+day)?\s*[,:]\s*$")
_ROLE_WORDS = re.compile(r"\b(President|Prime Minister|Foreign Minister|Defen[cs]e Minister|Chancellor|Secretary of State|"
                         r"Envoy|Spokes(?:man|woman|person))\b", re.I)
_STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "we",
    "our", "you", "your", "they", "their", "he", "his", "she", "her", "i", "not", "no", "will", "would",
    "can", "could", "should", "may", "might", "has", "have", "had", "do", "does", "did", "so", "than",
    "then", "there", "here", "also", "just", "now", "very",
})
_GENERIC = {"country": "GOV", "government": "GOV", "regime": "GOV", "group": "REB", "rebels": "REB",
            "militants": "REB", "movement": "REB", "militia": "REB"}
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def quote_words(text: str) -> frozenset[str]:
    """The content words of a quoted sentence (folded; short and common words left out):
    what two reports of one quotation share whatever their small edits."""
    return frozenset(w for w in fold(text).split() if w not in _STOP and len(w) > 1)


def _key(code: str | None, sector: str | None) -> str | None:
    """A party's key: its country or organisation code, and for an armed group "CODE rebels"
    (the M23 and Congo's government are two sides of one country)."""
    if not code:
        return None
    return f"{code} rebels" if sector == "REB" else code


class _Parties:
    """Resolves a party phrase to its code with what the article's events resolved, the actor
    dictionary, and for a generic noun the nearest party of its kind named before it."""

    def __init__(self, article: Article, events: list[Event], actors: Any) -> None:
        self.article = article
        self.actors = actors
        self.known: dict[str, str] = {}
        self.mentions: list[tuple[int, str, str | None]] = []  # (offset, code, sector)
        for ev in events:
            for ref in [*ev.actors, *ev.recipients]:
                code = _key(ref.country or ref.org, ref.sector)
                if not code:
                    continue
                for name in (ref.text, ref.name):
                    if name:
                        self.known.setdefault(fold(name).removeprefix("the "), code)
                at = article.text.find(ref.text, max(0, ev.span[0] - 1)) if ref.text else -1
                if at >= 0:
                    self.mentions.append((at, code, ref.sector))
        self.mentions.sort(key=lambda m: m[0])

    def code(self, phrase: str, at: int) -> str | None:
        key = fold(phrase).removeprefix("the ")
        kind = _GENERIC.get(key.split()[-1]) if key and len(key.split()) == 1 else None
        if kind is not None:
            return self._before(at, kind)
        if key in self.known:
            return self.known[key]
        if self.actors is not None:
            try:
                ref = self.actors.resolve(phrase, self.article.reading_day)
            except (LookupError, ValueError, TypeError):
                ref = None
            if ref is not None and (ref.country or ref.org):
                return _key(ref.country or ref.org, ref.sector)
            if ref is not None and ref.sector:
                return self._before(at, ref.sector)
        for name, code in self.known.items():  # "the Yemeni group": a known name inside it
            if len(name) > 3 and re.search(r"\b" + re.escape(name) + r"\b", key):
                return code
        return None

    def _before(self, at: int, sector: str) -> str | None:
        """The last party named before ``at`` (within a few sentences): of the sector for a
        group word ("the rebels"), any state for "the country"."""
        found = None
        for pos, code, sec in self.mentions:
            if pos >= at:
                break
            if at - pos > 600:
                continue
            if sector == "REB" and sec != "REB":
                continue
            found = code
        if found is None and self.actors is not None:
            window = self.article.text[max(0, at - 300):at]
            try:
                refs = [r for _, _, r in self.actors.find_mentions(window, self.article.reading_day)
                        if r.country and (sector != "REB" or r.sector == "REB")]
            except (LookupError, ValueError, TypeError):
                refs = []
            found = _key(refs[-1].country, refs[-1].sector) if refs else None
        return found


def stance_claims(article: Article, events: list[Event], actors: Any,
                  sentences: Iterable[tuple[int, int]], add: Any) -> None:
    """Find the claims of the module docstring in ``article`` and pass each to ``add(kind,
    subject, value, normalised, start, end, **extra)`` (the claim builder of
    :mod:`detente.reconcile.claims`)."""
    parties = _Parties(article, events, actors)
    text = article.text
    titled = _titled_people(text)
    accused: list[tuple[int, str]] = []  # (where, party) of the accusations found so far
    for s0, s1 in sentences:
        sentence = text[s0:s1]
        if re.search(_TRUCE, sentence, re.I):
            accused += _allegations(sentence, s0, parties, add)
        _responsibility(sentence, s0, parties, add, text[max(0, s0 - 200):s0])
        _rejections(sentence, s0, parties, accused, add)
        if re.search(_TRUCE, sentence, re.I):
            _agreements(sentence, s0, add)
        _concessions(sentence, s0, parties, add)
        _approvals(sentence, s0, parties, add)
    _attributions(text, titled, add, actors)


def _approvals(sentence: str, s0: int, parties: _Parties, add: Any) -> None:
    for m in _APPROVED.finditer(sentence):
        code = parties.code(m.group("party"), s0 + m.start())
        body = _BODIES.get(" ".join(m.group("body").lower().split()))
        if not code or not body:
            continue
        what = "deal" if m.group("what").lower() in {"deal", "agreement", "accord"} else "ceasefire"
        add("approval", f"which body of {code} approved the {what}", m.group().strip(), body,
            s0 + m.start(), s0 + m.end(), parties=[code])


def _responsibility(sentence: str, s0: int, parties: _Parties, add: Any, before: str) -> None:
    """An attack's author: blamed, said to be behind it, claiming it (``yes``), or denying a
    part in it (``no``, only where an attack is named in the sentence or just before it)."""
    if _OTHER_TIME.search(sentence):
        return
    found = [(m, "yes") for p in (_BLAMED, _BEHIND) for m in p.finditer(sentence)]
    if re.search(r"\b" + _ATTACK + r"\b", before + sentence, re.I):
        found += [(m, "no") for m in _NOT_US.finditer(sentence)]
    for m, value in found:
        name = m.groupdict().get("party2") or m.group("party")
        code = parties.code(name, s0 + m.start())
        if code:
            word = "said to have carried out" if value == "yes" else "denies carrying out"
            add("allegation", f"whether {code} carried out the attack", f"{name} {word} the attack", value,
                s0 + m.start(), s0 + m.end(), parties=[code])


_REJECT_REACH = 400  # characters: an accusation this close before "X rejected the accusation"


def _rejections(sentence: str, s0: int, parties: _Parties, accused: list[tuple[int, str]], add: Any) -> None:
    for m in _REJECTS_IT.finditer(sentence):
        code = parties.code(m.group("party"), s0 + m.start("party"))
        at = s0 + m.start()
        if code and any(p == code and 0 <= at - pos <= _REJECT_REACH for pos, p in accused):
            add("allegation", f"whether {code} broke the ceasefire", f"{m.group('party')} denies breaking the ceasefire",
                "no", at, s0 + m.end(), parties=[code])


# an accusation or denial about another time than the report's ("violated the truce last year")
_OTHER_TIME = re.compile(r"\b(?:last\s+(?:year|month)|years?\s+ago|months\s+ago|previous(?:ly)?|in\s+(?:19|20)\d\d)\b", re.I)


def _allegations(sentence: str, s0: int, parties: _Parties, add: Any) -> list[tuple[int, str]]:
    """Add the sentence's accusations and denials; returns (where, party) of the accusations."""
    if _OTHER_TIME.search(sentence):
        return []
    denied = [(m, "no") for m in _CLAIMS_FALSE.finditer(sentence)]
    denied += [(m, "no") for m in _DENIED.finditer(sentence) if _DENIAL_ACT.match(m.group("what").lstrip("\"“ "))]
    # an accusation quoted inside a denial ("claims of X launches after the truce were false")
    # is the denial's object, not a claim of its own
    said = [(m, "yes") for p in (_VIOLATED, _ACCUSED_OF, _BREACH_BY, _ATTACKS_AFTER) for m in p.finditer(sentence)
            if not any(d.start() <= m.start() < d.end() for d, _ in denied)]
    said += denied
    out = []
    for m, value in said:
        code = parties.code(m.group("party"), s0 + m.start("party"))
        if not code:
            continue
        if value == "yes":
            out.append((s0 + m.start(), code))
        word = "accused of breaking" if value == "yes" else "denies breaking"
        add("allegation", f"whether {code} broke the ceasefire", f"{m.group('party')} {word} the ceasefire", value,
            s0 + m.start(), s0 + m.end(), person=None, parties=[code])
    return out


_NOT_THIS = re.compile(r"\b(?:not|no|without|never|rather\s+than|instead\s+of|but)\b", re.I)
_IF = re.compile(r"\b(?:if|unless|whether|once|should|would|could|might|until|hope|hopes|expect\w*)\b[^.;]*$", re.I)


def _agreements(sentence: str, s0: int, add: Any) -> None:
    found = [(m, "yes") for p in (_AGREED, _REACHED, _AGREEMENT_EXISTS) for m in p.finditer(sentence)]
    found += [(m, "no") for m in _NO_AGREEMENT.finditer(sentence)]
    for m, value in found:
        if _IF.search(sentence[max(0, m.start() - 60):m.start()]):
            continue  # "if both sides agreed to a truce": a condition, not a report
        if value == "yes" and _NOT_THIS.search(m.group()):
            continue  # "agreed to a swap but not a ceasefire"
        add("agreement", "whether a ceasefire was agreed", m.group().strip(), value, s0 + m.start(), s0 + m.end())


def _concessions(sentence: str, s0: int, parties: _Parties, add: Any) -> None:
    for m in _GAVE_WAY.finditer(sentence):
        code = parties.code(m.group("party"), s0 + m.start("party"))
        if code:
            add("concession", "who gave way", m.group().strip(), code, s0 + m.start(), s0 + m.end(), parties=[code])


def _titled_people(text: str) -> dict[tuple[str, str], str]:
    """(demonym or '', role) → the person the article names with it ("Serbian President
    Aleksandar Vucic" → ("serbian", "president"): "Aleksandar Vucic")."""
    from detente.reconcile.claims import _POSSESSIVE, _TITLE

    out: dict[tuple[str, str], str] = {}
    holders: dict[str, set[str]] = {}
    for m in _TITLE.finditer(text):
        if m.group("former"):
            continue
        name = _POSSESSIVE.sub("", m.group("name"))
        role = fold(m.group("role"))
        out.setdefault((fold(m.group("nation") or ""), role), name)
        holders.setdefault(role, set()).add(fold(name))
        out.setdefault(("", role), name)
    for role, names in holders.items():
        if len(names) > 1:  # "the president" in an article naming two presidents: nobody
            out.pop(("", role), None)
    return out


def _speaker(who: str, titled: dict[tuple[str, str], str]) -> str | None:
    """A person's name, or the person a role phrase stands for; None for pronouns, outlets
    and phrases the article does not tie to one person."""
    words = who.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words:
        return None
    role = _ROLE_WORDS.search(" ".join(words))
    if role:
        nation = fold(" ".join(words)[:role.start()]).strip()
        return titled.get((nation, fold(role.group()))) or titled.get(("", fold(role.group())))
    if who.split()[0].lower() == "the" or len(words) > 3:
        return None  # "the statement", "the ministry": no person
    return " ".join(words)


def _not_a_person(name: str, actors: Any) -> bool:
    """A state, a capital, an agency or an outlet ("Israel said", "Moscow said", "Xinhua
    said"): its words may be its leader's, so another report giving them to the leader is no
    disagreement."""
    from detente.reconcile.claims import place_country

    if place_country(name):
        return True
    if actors is None:
        return False
    try:
        entry = actors.lookup(name)
    except (LookupError, ValueError, TypeError):
        return False
    return entry is not None and getattr(entry, "type", "person") != "person"


def _attributions(text: str, titled: dict[tuple[str, str], str], add: Any, actors: Any = None) -> None:
    for m in _QUOTE.finditer(text):
        # "“...,” Name said": the speaker after a quote ending in a comma (or ? !); after a
        # full stop the next sentence may be anyone's
        closes = m.group("q").rstrip()[-1:] in {",", "?", "!"} or text[m.end():m.end() + 1] == ","
        after = _SPEAKER_AFTER.match(text, m.end()) if closes else None
        before = _SPEAKER_BEFORE.search(text[max(0, m.start() - 120):m.start()])
        who = (after.group("who") or after.group("who2") if after else None) or (before.group("who") if before else None)
        speaker = _speaker(who, titled) if who else None
        if not speaker or _not_a_person(speaker, actors):
            continue
        q0 = m.start("q")
        for s in _SENTENCE.finditer(m.group("q")):
            part = s.group().strip()
            words = quote_words(part)
            if len(part.split()) < 8 or len(words) < 6:
                continue
            lo = q0 + s.start() + (len(s.group()) - len(s.group().lstrip()))
            add("attribution", "who said the quoted words", part, speaker, lo, lo + len(part), person=speaker)


def same_quote(a: Claim, b: Claim) -> bool:
    """Two quoted sentences are one quotation when most of their content words are shared."""
    wa, wb = quote_words(a.value), quote_words(b.value)
    shared = len(wa & wb)
    return shared >= 6 and shared / min(len(wa), len(wb)) >= 0.7


def speakers_differ(a: Claim, b: Claim) -> bool:
    """Two named speakers who are not one person however the name is spelt."""
    return bool(a.person and b.person) and not names_match(str(a.person), str(b.person))
