"""Remove site chrome from an article's text, line by line, by general rules.

A line is dropped when it is navigation (breadcrumbs, "Skip to content", "Exit mobile
version"), a pitch (follow us, join us on a messenger, subscribe, newsletter, "continue
reading", "Discover more from …"), comment-form text ("Leave a Reply", "No comments", a lone
comment counter) or a bare photo credit. Fragments are cut from lines that are otherwise
content: a call to action glued to the start of a paragraph ("Sign our petition", "Donate
now") and a photo credit ending a caption. What was dropped is kept aside, because it
names the outlet ("Discover more from X", a contact address) and shows where a new piece
starts (a call to action glued to a paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CleanText", "clean_text", "is_chrome_sentence"]

_SOCIAL = r"(?:whatsapp|telegram|twitter|x|facebook|instagram|linkedin|youtube|pinterest|tiktok|threads|bluesky|mastodon|google news|rss)"
# Sentences that are pitches or site furniture wherever they appear.
_CHROME_SENTENCE = [
    r"\bfollow (?:us|me)\b(?: on\b)?",
    rf"\bjoin (?:us|our \w+(?: \w+)?) on\b.*\b{_SOCIAL}\b",
    r"\b(?:like|find) us on\b",
    rf"\b(?:follow|join|like|watch|listen to)\b[^.]*\bon {_SOCIAL}\b",
    rf"\b{_SOCIAL}\b[^.]*\bfor (?:instant |real-time |breaking |the latest |daily )?(?:alerts|updates|news)\b",
    r"\bsubscribe\b.*\b(?:newsletter|updates|inbox|archive|keep reading|channel|free|now|today|podcast)\b",
    r"\bsign up\b.*\b(?:newsletter|updates|inbox|alerts|briefing|free|account)\b",
    r"\b(?:our|daily|weekly|free) newsletter\b",
    r"\bnewsletter\b.*\b(?:sign up|subscribe|inbox|delivered)\b",
    r"\bget (?:full )?access to (?:the|our) (?:full )?archive\b",
    r"\b(?:continue|keep) reading\b",
    r"\bdiscover more from\b",
    r"\bread more\s*(?::|»|›|>|\.\.\.|…|$)",
    r"\b(?:also read|related (?:posts|articles|stories)|recommended for you|most read)\b",
    r"\bstay (?:ahead|informed|updated|up to date|tuned)\b.*\b(?:latest|news|updates|follow|subscribe)\b",
    r"\b(?:have|got) a (?:news )?(?:tip|story|report|press release)\b",
    r"\bsend (?:it|them|us|your [\w ]{1,20}?) (?:to|at)\b[^.]*@",
    r"\b(?:for|get) real-time updates\b",
    r"\bshare (?:this|on (?:facebook|x|twitter|whatsapp|linkedin))\b",
    r"\bclick to (?:share|print|email)\b",
    r"\bleave a (?:reply|comment)",
    r"cancel reply\b",
    r"\b(?:no|\d+) comments?\b\s*$",
    r"\byour email address will not be published\b",
    r"\brequired fields are marked\b",
    r"\bsave my name, email\b",
    r"\b(?:exit|switch to|view) (?:the )?(?:mobile|desktop|full) (?:version|site)\b",
    r"\b(?:post|add|write|submit) a comment\b",
    r"\bbe the first to comment\b",
    r"\bcomments? (?:are )?closed\b",
    r"\bskip to (?:main )?content\b",
    r"\bback to top\b",
    r"\ball rights reserved\b",
    r"^\s*(?:©|\(c\)|copyright)\s",
    r"\bsign (?:our|the|this) petition\b",
    r"\bdonate (?:now|today|here)\b",
    r"\bsupport (?:our|independent) journalism\b",
    r"\b(?:advertisement|sponsored content)\s*$",
]
_CHROME_RE = re.compile("|".join(f"(?:{p})" for p in _CHROME_SENTENCE), re.IGNORECASE)

# A call to action glued to the start of a paragraph, with no space before the real first
# word ("Sign our petitionThe meeting …", "Donate today to help.Moscow said …"), or standing
# as the paragraph's first sentence ("Sign up for alerts. Moscow said …").
_CTA_WORDS = re.compile(
    r"\b(?:petition|donat(?:e|ion)|subscribe|sign up|support (?:us|our|independent))\b", re.IGNORECASE
)
_CTA_START = re.compile(
    r"^\s*(?:sign|donate|subscribe|support|petition|join|help|please|click|chip in|give)\b",
    re.IGNORECASE,
)
_GLUED_PREFIX = re.compile(r"^\s*(?P<frag>[^\n]{3,120}?[\w.!?:)])(?=[A-Z][a-z])(?<![A-Z])")
_FIRST_SENTENCE = re.compile(r"^\s*(?P<frag>[^.!?\n]{3,120}[.!?])\s+(?=[A-Z])")
# A photo credit ending a caption, or standing alone: "Photo: AFP", "(Getty Images)", "Photo by X/Reuters".
_AGENCY = r"(?:[A-Z][\w.&'-]*(?:[ /][A-Z][\w.&'-]*){0,3})"
_CREDIT = (
    rf"(?:(?i:photo|photograph|image|picture|file photo|credit|photo credit)s?\s*(?::|(?i:by))\s*{_AGENCY}"
    rf"|\((?:(?i:photo)(?: (?i:by))?:?\s*)?{_AGENCY}(?:/{_AGENCY})?\)"
    rf"|\b(?i:getty images)\b)"
)
_TRAILING_CREDIT = re.compile(rf"\s*(?:{_CREDIT})\s*$")
_LONE_CREDIT = re.compile(rf"^\s*(?:{_CREDIT})\s*$")
_LONE_NUMBER = re.compile(r"^\s*\d{1,5}\s*$")
_BREADCRUMB_SEP = re.compile(r"\s(?:>|»|›|/|\|)\s")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")
_EMAIL = re.compile(r"\b[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})\b", re.IGNORECASE)
_DISCOVER = re.compile(
    r"\b(?:discover more from|subscribe to|more from|newsletter from)\s+(?P<name>[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4})"
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<name>[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4})",
    re.IGNORECASE,
)
_CHROME_SHARE = 0.6  # a long line is dropped when this share of its sentences is chrome
_SHORT_LINE = 160


def is_chrome_sentence(sentence: str) -> bool:
    """True when a sentence is a pitch or site furniture rather than reporting."""
    return bool(_CHROME_RE.search(sentence))


@dataclass
class CleanText:
    text: str
    dropped: list[str] = field(default_factory=list)  # whole lines removed as chrome
    cta_breaks: list[int] = field(default_factory=list)  # offsets where a glued call to action was cut
    breadcrumbs: list[str] = field(default_factory=list)

    def outlet_hints(self) -> list[str]:
        """Outlet names or domains stated by the removed chrome, most explicit first."""
        names: list[str] = []
        domains: list[str] = []
        for line in self.dropped:
            for m in _DISCOVER.finditer(line):
                names.append(m["name"].rstrip(".").strip())
            for m in _COPYRIGHT.finditer(line):
                if m["name"] and not m["name"].lower().startswith("all rights"):
                    names.append(m["name"].rstrip(".").strip())
            domains.extend(m[1].lower() for m in _EMAIL.finditer(line))
        return names + domains


def _is_breadcrumb(line: str, later_lines: list[str]) -> bool:
    if not re.match(r"^\s*home\b", line, re.IGNORECASE) or len(line) > 300:
        return False
    if _BREADCRUMB_SEP.search(line) or line.rstrip().endswith(("...", "…")):
        return True
    # "Home Section Title" repeating a headline that follows
    return any(len(other) >= 20 and other[:20] in line for other in later_lines[:5])


def _is_chrome_line(line: str) -> bool:
    stripped = line.strip()
    if _LONE_NUMBER.match(stripped) or _LONE_CREDIT.match(stripped):
        return True
    if len(stripped) <= _SHORT_LINE:
        return is_chrome_sentence(stripped)
    sentences = [s for s in _SENTENCE_SPLIT.split(stripped) if s.strip()]
    chrome = sum(len(s) for s in sentences if is_chrome_sentence(s))
    return chrome >= _CHROME_SHARE * sum(len(s) for s in sentences)


def _leading_call_to_action(line: str) -> int:
    """Length of a call to action at the start of a content line (0 when there is none)."""
    for pattern in (_GLUED_PREFIX, _FIRST_SENTENCE):
        m = pattern.match(line)
        if (
            m
            and _CTA_START.match(m["frag"])
            and _CTA_WORDS.search(m["frag"])
            and len(line) - m.end() >= 40
        ):
            if pattern is _GLUED_PREFIX and re.search(r"[.!?]\s", m["frag"]):
                continue  # a whole sentence before the glue point: not a short fragment
            return m.end()
    return 0


def clean_text(text: str) -> CleanText:
    """Drop chrome lines and fragments; collapse runs of blank lines; keep everything else
    byte for byte so quotes and offsets match the source."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped_lines = [ln.strip() for ln in lines]
    out: list[str] = []
    result = CleanText(text="")
    offset = 0
    seen_content = False
    for index, line in enumerate(lines):
        later = [s for s in stripped_lines[index + 1 : index + 12] if s]
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
                offset += 1
            continue
        if _is_breadcrumb(line, later):
            result.dropped.append(line)
            result.breadcrumbs.append(line.strip())
            continue
        cut = _leading_call_to_action(line)
        if _is_chrome_line(line[cut:]):
            result.dropped.append(line)
            continue
        if cut:
            result.dropped.append(line[:cut].strip())
            line = line[cut:]
            if seen_content:
                result.cta_breaks.append(offset)
        credit = _TRAILING_CREDIT.search(line)
        if credit and credit.start() > 0 and (
            re.search(r"[.!?\"”]$", line[: credit.start()].rstrip())
            or re.search(r"(?i)photo|getty|images|credit", credit.group())
        ):
            result.dropped.append(credit.group().strip())
            line = line[: credit.start()]
        out.append(line)
        offset += len(line) + 1
        seen_content = True
    while out and out[-1] == "":
        out.pop()
    result.text = "\n".join(out)
    return result
