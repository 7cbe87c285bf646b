"""Remove site chrome from an article's text, line by line, by general rules.

A line is dropped when it is navigation (breadcrumbs, "Skip to content", "Exit mobile
version"), a pitch (follow us, join us on a messenger, subscribe, newsletter, "continue
reading", "Discover more from …"), comment-form text ("Leave a Reply", "No comments", a lone
comment counter), a bare photo credit ("Photo: EPA-EFE / X / POOL", "Name/Agency"), a wire
attribution ("(With inputs from agencies)", "[ Source: Reuters ]"), a cookie notice, a
language or edition switcher, a section path or menu ("News / World"), share buttons, a
timestamp standing alone ("Published: 11:48 | 18 July 2025"), a gallery caption
("… - photo 2") or, at the very end, a list of tags. Fragments are cut from lines that are
otherwise content: a call to action glued to the start of a paragraph ("Sign our petition",
"Donate now"), and chrome ending a paragraph (a photo credit, share buttons, a timestamp,
"Source: X", "5 min read", an embedded tweet's picture link). What was dropped is kept aside, because it
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
    # wire and agency attributions standing apart from the text
    r"^\W*with (?:inputs?|contributions?) from\b[^.]{0,60}\W*$",
    r"^\W*source\s*:\s*[^.:]{1,50}?\W*$",
    # the page's and the player's furniture
    r"\b(?:audio|voice|narration|summary)\b[^.]{0,40}\b(?:created|generated|produced|made)\b[^.]{0,20}"
    r"\b(?:ai|artificial intelligence)\b",
    r"^\W*editor['’]?s note\b",
    r"\bthis (?:story|article|page|post|report) (?:is being|will be|has been) updated\b",
    r"\bbe (?:among )?the first to (?:get|read|know|receive|see|hear|find out)\b",
    r"\b(?:uses?|use of|accept|allow|reject|enable) (?:all )?cookies?\b",
    r"\bcookies? (?:settings|policy|preferences|notice|consent)\b",
    r"^\W*(?:more information|more info|learn more|see more|show more|load more|view more)\W*$",
    r"^\W*(?:our |follow our )?social (?:media|networks?)\W*$",
    r"\b(?:choose|select|change) (?:your |the )?(?:language|edition|region)\b",
    r"\bhotline\b[^.]{0,40}\d{3,}",
    r"^\W*\d{1,3}\s*min(?:ute)?s?\s+read\W*$",
    # a byline that only names a role: "Jane Doe - editor"
    r"^\W*[\w'’.-]+(?:\s+[\w'’.-]+){0,3}\s+[-–—|]\s+(?:editor|author|reporter|correspondent|journalist|"
    r"writer|columnist|contributor)s?\W*$",
    # gallery captions ("… - photo 2") and image captions ending with a file number ("(54729703961)")
    r"[-–—]\s*(?:photo|image|picture|video)\s*\d{1,3}\W*$",
    r"\(\d{7,}\)\s*$",
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
# after "Photo:" a credit may run longer: "EPA-EFE / JUSTIN TALLIS / POOL", "X Y/Pool via REUTERS"
_CREDIT_LINE = r"(?:[A-Z][\w.&'’-]*(?:(?:\s*/\s*|\s+(?:(?i:via|by)\s+)?)[A-Z][\w.&'’-]*){0,7})"
_CREDIT_WORD = r"(?i:photo|photograph|image|picture|foto|file photo|credit|photo credit)s?"
_CREDIT = (
    rf"(?:{_CREDIT_WORD}\s*(?::|(?i:by))\s*{_CREDIT_LINE}"
    rf"|\((?:(?i:photo)(?: (?i:by))?:?\s*|(?i:via)\s+)?{_AGENCY}(?:/{_AGENCY})?\)"
    rf"|\b(?i:getty images)\b)"
)
_TRAILING_CREDIT = re.compile(rf"\s*(?:{_CREDIT})\s*$")
_LONE_CREDIT = re.compile(rf"^\s*(?:{_CREDIT})\s*$")
# "Photo: anything short" on its own line is a caption or credit, never reporting
_LONE_CAPTION = re.compile(rf"^\W*{_CREDIT_WORD}\s*(?::|(?i:by))\s*(?:[^.!?\s]|[.!?](?=\S)|\s){{1,150}}$")
# "Name Surname/Agency", "Name/picture alliance via Getty", "Name/WANA (West Asia News Agency)"
_SLASH_CREDIT = r"(?:©\s*)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}/[\w'’.&-]+(?:\s+[\w'’.&-]+){0,4}(?:\s*\([^()]{2,40}\))?"
_LONE_SLASH_CREDIT = re.compile(rf"^\s*{_SLASH_CREDIT}\s*$")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?)"
_DATE = (
    rf"(?i:\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}\b)"
)
_TIME = r"(?i:\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)"
_STAMP_RE = re.compile(rf"{_DATE}|{_TIME}")
_STAMP_WORDS = re.compile(
    rf"^(?:published|updated|posted|last|modified|edited|created|first|date|time|on|at|and|"
    rf"am|pm|utc|gmt|est|edt|cet|cest|eet|eest|bst|ist|msk|pst|pdt|cst|cdt|{_DAY}|(?i:{_MONTH}))$",
    re.IGNORECASE,
)
_TRAILING_CUTS = [
    _TRAILING_CREDIT,
    re.compile(rf"(?<=[.!?\"”])\s+{_SLASH_CREDIT}\s*$"),
    re.compile(r"(?:\s+(?:Tweet|Share|Email|E-mail|Print|Pin|WhatsApp|Facebook|Telegram|LinkedIn|Reddit)){2,}\s*$"),
    re.compile(rf"\s+(?:{_DAY},?\s+)?{_DATE}\s*(?:[|,·-]|(?i:at))?\s*{_TIME}(?:\s*(?i:utc|gmt)[+-]?\d*)?\s*$"),
    re.compile(r"(?<=[.!?\"”])\s+[\[(]?\s*(?i:source)\s*:\s*[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}\s*[\])]?\s*$"),
    re.compile(r"\s+\d{1,3}\s*(?i:min(?:ute)?s?\s+read)\s*$"),
]
_TWEET_PICTURE = re.compile(r"\s*\bpic\.twitter\.com/\w+")
# "News / World", "World > Europe": a section path on its own line
_SECTION_PATH = re.compile(
    r"^\s*[A-Z][\w&'-]*(?:\s[A-Z&][\w&'-]*){0,2}(?:\s+[/>»›]\s+[A-Z][\w&'-]*(?:\s[\w&'-]+){0,2}){1,4}\s*$"
)
_SECTION_WORDS = frozenset(
    ["world", "news", "politics", "business", "economy", "sport", "sports", "opinion", "opinions", "science", "society", "culture", "technology", "tech", "health", "entertainment", "video", "videos", "photos", "home", "latest", "lifestyle", "life", "travel", "incidents", "education", "environment", "local", "national", "international", "region", "regions", "weather", "markets", "finance", "money", "arts", "books", "food", "style", "media", "podcasts", "features", "columns", "editorials", "blogs", "live", "tv", "radio", "menu", "search", "climate", "crime", "defence", "defense", "africa", "asia", "europe", "americas", "analysis", "interviews", "multimedia", "gallery", "investigations", "trending", "top", "stories"]
)
_SHARE_WORDS = frozenset(
    ["tweet", "share", "email", "e-mail", "print", "pin", "whatsapp", "facebook", "twitter", "linkedin", "telegram", "reddit", "copy", "link", "save", "comment", "comments"]
)
_FUNCTION_WORDS = frozenset(
    ["the", "a", "an", "of", "and", "to", "in", "on", "for", "with", "at", "by", "from", "is", "are", "was", "were", "as", "after", "over", "says", "said", "will", "has", "have", "not", "its", "be", "that", "this"]
)
_LONE_NUMBER = re.compile(r"^\s*\d{1,5}\s*$")
_BREADCRUMB_SEP = re.compile(r"\s(?:>|»|›|/|\||arrow)\s")
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
    if len(line) > 300:
        return False
    if re.match(r"^\s*main\s+(?:arrow|>|»|›)\s", line, re.IGNORECASE):
        return True  # "Main arrow News arrow Title": the icons' names left between the steps
    if not re.match(r"^\s*home\b", line, re.IGNORECASE):
        return False
    if _BREADCRUMB_SEP.search(line) or line.rstrip().endswith(("...", "…")):
        return True
    # "Home Section Title" repeating a headline that follows
    return any(len(other) >= 20 and other[:20] in line for other in later_lines[:5])


def _is_timestamp(line: str) -> bool:
    """A date or time standing alone, with at most words like "Published", "updated on", "UTC"."""
    if len(line) > 100 or not _STAMP_RE.search(line):
        return False
    rest = _STAMP_RE.sub(" ", line)
    return all(_STAMP_WORDS.match(word) for word in re.findall(r"[^\W\d_]+", rest))


def _is_furniture(line: str) -> bool:
    """A short line that is the page's furniture by its shape: a section path or menu, a
    language switcher ("EN ru"), share buttons, a timestamp."""
    words = line.split()
    if not words or len(line) > 120:
        return False
    lowered = [w.lower().strip("|·•,") for w in words]
    if _SECTION_PATH.match(line) or _is_timestamp(line):
        return True
    if len(words) <= 8 and all(len(w) == 2 and w.isalpha() for w in words):
        return True
    if all(w in _SHARE_WORDS for w in lowered if w):
        return True
    if len(words) >= 4 and all(re.fullmatch(r"[A-Z][\w&-]*", w) for w in words):
        return sum(w in _SECTION_WORDS for w in lowered) >= 0.6 * len(words)
    return False


def _is_tag_list(line: str) -> bool:
    """A list of tags closing the page: names and words with no sentence punctuation and no
    function words, in mixed case ("USA peace talks Jane Doe ceasefire")."""
    words = line.split()
    if len(words) < 4 or len(line) > 200 or re.search(r"[.,;:!?\"“”()]", line):
        return False
    if any(w.lower() in _FUNCTION_WORDS for w in words):
        return False
    return any(w[:1].islower() for w in words) and any(w[:1].isupper() for w in words)


def _cut_trailing_chrome(line: str) -> tuple[str, list[str]]:
    """``line`` without the chrome ending it (credits, share buttons, a timestamp, "Source: X"),
    cut one piece at a time, and the pieces cut."""
    cuts: list[str] = []
    line = _TWEET_PICTURE.sub("", line)
    changed = True
    while changed:
        changed = False
        for pattern in _TRAILING_CUTS:
            m = pattern.search(line)
            if not m or m.start() == 0:
                continue
            if pattern is _TRAILING_CREDIT and not (
                re.search(r"[.!?\"”]$", line[: m.start()].rstrip()) or re.search(r"(?i)photo|foto|getty|images|credit", m.group())
            ):
                continue
            cuts.append(m.group().strip())
            line = line[: m.start()]
            changed = True
    return line, cuts


def _is_chrome_line(line: str) -> bool:
    stripped = line.strip()
    if (
        _LONE_NUMBER.match(stripped)
        or _LONE_CREDIT.match(stripped)
        or _LONE_CAPTION.match(stripped)
        or _LONE_SLASH_CREDIT.match(stripped)
        or _is_furniture(stripped)
    ):
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
        line, cuts = _cut_trailing_chrome(line)
        result.dropped.extend(cuts)
        out.append(line)
        offset += len(line) + 1
        seen_content = True
    while out and out[-1] == "":
        out.pop()
    while out and _is_tag_list(out[-1]):
        result.dropped.append(out.pop())
        while out and out[-1] == "":
            out.pop()
    result.text = "\n".join(out)
    return result
