"""Briefings: what happened over a period, which milestones moved, where sources disagree and
how relations went, each line citing its sources; written as Markdown and as HTML (inert).

``build_brief(store, since, until)`` gathers the lines from the stored derived records;
``render_markdown`` / ``render_html`` write them out.  ``parse_period`` reads ``7d``, ``2w``,
``1m`` or a date, relative to a ``today`` the caller may fix.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from detente.dates import in_range, precision_of
from detente.derive.records import RelationScore
from detente.errors import ConfigError
from detente.outputs.alerts import Citation
from detente.store import Store

__all__ = ["Brief", "BriefLine", "BriefSection", "build_brief", "parse_period", "render_html", "render_markdown",
           "write_brief"]

_RELATIVE = re.compile(r"^(\d{1,4})([dwm])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STORIES = 30  # most stories listed
# genres whose events are views, not reports: left out of "What happened" unless asked for
OPINION_GENRES = frozenset({"opinion", "editorial", "advocacy", "seo"})
_MODALITY = {"negated": "negated: did not happen", "hypothetical": "hypothetical", "future": "planned, not yet done",
             "reported_claim": "claimed"}
_PAIRS = 6  # most pairs of actors in the relations section
_CITED = 4  # most sources cited per line


@dataclass
class BriefLine:
    text: str
    sources: list[Citation] = field(default_factory=list)
    quote: str | None = None


@dataclass
class BriefSection:
    title: str
    groups: list[tuple[str, list[BriefLine]]] = field(default_factory=list)  # heading (e.g. a day) → lines
    empty: str = "Nothing in this period."


@dataclass
class Brief:
    since: str
    until: str
    generated: str
    sections: list[BriefSection] = field(default_factory=list)


def parse_period(since: str, until: str | None = None, *,
                 today: date | str | None = None) -> tuple[date, date]:
    """``since``: ``7d``, ``2w``, ``1m`` (back from ``until``) or ``YYYY-MM-DD``; ``until``: a date,
    default ``today`` (a date or YYYY-MM-DD; default the real today)."""
    if isinstance(today, str):
        today = _parse_date(today, "--today")
    end = _parse_date(until, "--until") if until else (today or date.today())
    m = _RELATIVE.match(since.strip().lower())
    if m:
        n, unit = int(m.group(1)), m.group(2)
        if unit == "m":
            month = end.month - n
            year = end.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            start = date(year, month, min(end.day, 28))
        else:
            start = end - timedelta(days=n * (7 if unit == "w" else 1))
    else:
        start = _parse_date(since, "--since")
    if start > end:
        raise ConfigError(f"the period starts ({start}) after it ends ({end})", fix="give --since before --until")
    return start, end


def _parse_date(value: str, name: str) -> date:
    if not _DATE.match(value.strip()):
        raise ConfigError(f"{name} {value!r} is not a date or a period", fix="write 7d, 2w, 1m or YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigError(f"{name} {value!r} is not a real date", fix="write YYYY-MM-DD") from exc


class _Sources:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.articles: dict[str, Any] = {}
        self.event_docs: dict[str, str | None] = {}

    def cite(self, article_ids: list[str]) -> list[Citation]:
        out = []
        for aid in list(dict.fromkeys(article_ids))[:_CITED]:
            if aid not in self.articles:
                self.articles[aid] = self.store.get_article(aid)
            art = self.articles[aid]
            out.append(Citation(aid, art.outlet, art.title, art.url) if art else Citation(aid))
        return out

    def article(self, aid: str) -> Any:
        if aid not in self.articles:
            self.articles[aid] = self.store.get_article(aid)
        return self.articles[aid]

    def genre_of(self, event: Any) -> str | None:
        """The genre of the piece that states ``event``: its segment's, else its article's."""
        art = self.article(event.doc_id)
        if art is None:
            return None
        for seg in art.segments:
            if seg.start <= event.span[0] < seg.end:
                return str(seg.genre)
        return art.genre  # type: ignore[no-any-return]

    def docs_of(self, event_ids: list[str]) -> list[str]:
        docs = []
        for eid in event_ids[: _CITED * 3]:
            if eid not in self.event_docs:
                ev = self.store.get_event(eid)
                self.event_docs[eid] = ev.doc_id if ev else None
            if self.event_docs[eid]:
                docs.append(str(self.event_docs[eid]))
        return docs


def _short(text: str, width: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def build_brief(store: Store, since: date, until: date, *, now: datetime | None = None,
                with_opinion: bool = False) -> Brief:
    """The brief of [since, until] from the stored stories, milestones, conflicts and relations.
    ``with_opinion``: also list stories only opinion, editorial, advocacy or SEO pieces state."""
    s, u = since.isoformat(), until.isoformat()
    src = _Sources(store)
    brief = Brief(s, u, (now or datetime.now(UTC)).isoformat(timespec="seconds"))
    brief.sections = [_happened(store, src, s, u, with_opinion=with_opinion), _milestones(store, src, s, u),
                      _disagreements(store, src, s, u), _relations(store, src, s, u)]
    return brief


def _story_day(story: dict[str, Any]) -> str | None:
    first = story.get("first_report") or {}
    return story.get("date") or first.get("published")


def _happened(store: Store, src: _Sources, s: str, u: str, *, with_opinion: bool = False) -> BriefSection:
    """Stories of the period, most corroborated first: by independent sources, then reports,
    then the latest day first.  A story only opinion pieces state (every event from an opinion,
    editorial, advocacy or SEO piece) is left out unless ``with_opinion``; a story whose
    report is negated, hypothetical, planned or claimed says so."""
    found: list[tuple[dict[str, Any], str, Any]] = []
    left_out = 0
    for story in store.list_derived("stories"):
        day = _story_day(story)
        if not (day and in_range(day, s, u)):
            continue
        events = [e for eid in list(story.get("event_ids") or [])[:_CITED * 5] if (e := store.get_event(str(eid)))]
        if not with_opinion and events and all(src.genre_of(e) in OPINION_GENRES for e in events):
            left_out += 1
            continue
        canonical = next((e for e in events if e.id == story.get("canonical_event_id")), None) or (
            store.get_event(str(story.get("canonical_event_id") or "")))
        found.append((story, day, canonical))
    section = BriefSection("What happened", empty="No reported events in this period.")
    found.sort(key=lambda f: (-int(f[0].get("independent_sources") or 0), -len(f[0].get("article_ids") or []),
                              _neg_day(f[1]), str(f[0].get("id"))))
    lines = []
    for st, day, ev in found[:_STORIES]:
        loc = st.get("location") or {}
        where = f" in {loc.get('name') or loc.get('text')}" if loc else ""
        n = int(st.get("independent_sources") or 0)
        mood = _MODALITY.get(ev.modality) if ev is not None else None
        kind = f"{st.get('event_type')} [{mood}]" if mood else str(st.get("event_type"))
        told = st.get("headline") if st.get("headline") != (ev.sentence if ev else None) else None
        headline = f": {_short(str(told), 160)}" if told else ""  # the quote below says it otherwise
        when = day if precision_of(day) == "day" else f"{day} (day not stated)"
        text = (f"{when} — {kind} — {', '.join(st.get('actors') or []) or 'actors not identified'}{where}"
                f"{headline} ({n} independent source{'s' if n != 1 else ''})")
        lines.append(BriefLine(text, src.cite(list(st.get("article_ids") or [])),
                               _short(ev.sentence) if ev and ev.sentence else None))
    if len(found) > _STORIES:
        lines.append(BriefLine(f"… and {len(found) - _STORIES} more stories (detente stories)"))
    if left_out:
        lines.append(BriefLine(f"{left_out} stor{'y' if left_out == 1 else 'ies'} only opinion, editorial, "
                               "advocacy or SEO pieces state left out"))
    if lines:
        section.groups.append(("Most corroborated first", lines))
    return section


def _neg_day(day: str) -> tuple[int, ...]:
    """A sort key putting later days first."""
    return tuple(-ord(c) for c in day)


def _milestones(store: Store, src: _Sources, s: str, u: str) -> BriefSection:
    lines: list[tuple[str, BriefLine]] = []
    for m in store.list_derived("milestones"):
        history = m.get("status_history") or []
        for i, step in enumerate(history):
            if not in_range(step.get("date"), s, u):
                continue
            old = history[i - 1]["status"] if i else None
            move = f"{old} → {step['status']}" if old else f"first recorded as {step['status']}"
            who = ", ".join(m.get("responsible") or []) or "parties not identified"
            deadline = f"; deadline {m['deadline']}" if m.get("deadline") else ""
            text = f"{_short(str(m.get('what')), 160)} ({who}): {move} on {step.get('date')}{deadline}"
            ids = list(step.get("article_ids") or []) or ([m["article_id"]] if m.get("article_id") else [])
            lines.append((str(step.get("date")), BriefLine(text, src.cite(ids),
                                                           _short(step["evidence"]) if step.get("evidence") else None)))
    lines.sort(key=lambda pair: pair[0], reverse=True)
    section = BriefSection("Milestones that moved", empty="No milestone changed status in this period.")
    if lines:
        section.groups.append(("", [line for _, line in lines]))
    return section


def _disagreements(store: Store, src: _Sources, s: str, u: str) -> BriefSection:
    section = BriefSection("Where sources disagree", empty="No disagreement between sources in this period.")
    lines = []
    for c in store.list_derived("conflicts"):
        claims = c.get("claims") or []
        if not any(in_range(cl.get("article_date"), s, u) for cl in claims):
            continue
        said = "; ".join(f"{cl.get('outlet') or 'unknown outlet'} says “{cl.get('value')}”" for cl in claims)
        text = f"{c.get('subject')}: {said}"
        lines.append(BriefLine(text, src.cite([str(cl["article_id"]) for cl in claims if cl.get("article_id")]),
                               str(c.get("reason") or "") or None))
    if lines:
        section.groups.append(("", lines))
    return section


def _relations(store: Store, src: _Sources, s: str, u: str) -> BriefSection:
    pairs: dict[tuple[str, str], list[RelationScore]] = {}
    for r in store.records("relations", RelationScore):  # typed through the registry of kinds
        if in_range(str(r.period), s, u):
            pairs.setdefault((str(r.a), str(r.b)), []).append(r)
    ranked = sorted(pairs.items(), key=lambda kv: (-sum(int(r.n_events or 0) for r in kv[1]), kv[0]))
    section = BriefSection("Relations trend, main pairs", empty="No events between pairs of actors in this period.")
    lines = []
    for (a, b), rows in ranked[:_PAIRS]:
        for r in sorted(rows, key=lambda r: str(r.period)):
            score = float(r.score or 0.0)
            text = f"{a}–{b} {r.period}: {score:+.1f} over {r.n_events} events, trend {r.trend}"
            lines.append(BriefLine(text, src.cite(src.docs_of(list(r.event_ids or []))), str(r.reason or "") or None))
    if lines:
        section.groups.append(("", lines))
    return section


# --------------------------------------------------------------------------- rendering
def _md(text: str) -> str:
    """Markdown text that renders as itself: HTML and link syntax neutralised."""
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://[^\s<>\"']+$", url) else None


def _md_cite(c: Citation) -> str:
    label = _md(f"{c.outlet or 'unknown outlet'}: {c.title or 'untitled'}")
    url = _safe_url(c.url)
    return f"[{label}]({url.replace('(', '%28').replace(')', '%29')})" if url else f"{label} (article {c.article_id})"


def render_markdown(brief: Brief) -> str:
    out = [f"# détente brief, {brief.since} to {brief.until}", "",
           f"_Generated {brief.generated} from the stored articles; every line cites its sources._", ""]
    for section in brief.sections:
        out += [f"## {section.title}", ""]
        if not section.groups:
            out += [section.empty, ""]
        for heading, lines in section.groups:
            if heading:
                out += [f"### {_md(heading)}", ""]
            for line in lines:
                out.append(f"- {_md(line.text)}")
                if line.quote:
                    out.append(f"  > {_md(line.quote)}")
                if line.sources:
                    out.append("  Sources: " + "; ".join(_md_cite(c) for c in line.sources))
            out.append("")
    return "\n".join(out)


def _html_cite(c: Citation) -> str:
    label = html.escape(f"{c.outlet or 'unknown outlet'}: {c.title or 'untitled'}")
    url = _safe_url(c.url)
    if url:
        return f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{label}</a>'
    return f"{label} <span class=\"id\">(article {html.escape(c.article_id)})</span>"


def render_html(brief: Brief) -> str:
    """A self-contained page; every stored string is escaped (a script tag shows as text)."""
    body: list[str] = []
    for section in brief.sections:
        body.append(f"<section><h2>{html.escape(section.title)}</h2>")
        if not section.groups:
            body.append(f"<p class=\"empty\">{html.escape(section.empty)}</p>")
        for heading, lines in section.groups:
            if heading:
                body.append(f"<h3>{html.escape(heading)}</h3>")
            body.append("<ul>")
            for line in lines:
                item = html.escape(line.text)
                if line.quote:
                    item += f"<blockquote>{html.escape(line.quote)}</blockquote>"
                if line.sources:
                    item += "<p class=\"sources\">Sources: " + "; ".join(_html_cite(c) for c in line.sources) + "</p>"
                body.append(f"<li>{item}</li>")
            body.append("</ul>")
        body.append("</section>")
    page = Template(resources.files("detente.outputs").joinpath("templates/brief.html").read_text("utf-8"))
    return page.safe_substitute(
        title=html.escape(f"détente brief, {brief.since} to {brief.until}"),
        generated=html.escape(brief.generated), body="\n".join(body))


def write_brief(brief: Brief, out_dir: str | Path) -> list[Path]:
    """Write ``brief-SINCE_UNTIL.md`` and ``.html`` into ``out_dir``; return their paths."""
    folder = Path(out_dir)
    stem = f"brief-{brief.since}_{brief.until}"
    paths = [folder / f"{stem}.md", folder / f"{stem}.html"]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths[0].write_text(render_markdown(brief), encoding="utf-8")
        paths[1].write_text(render_html(brief), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the brief into {folder}: {exc}", fix="choose a writable --out folder") from exc
    return paths
