"""Briefings: the period is read as users write it; the brief lists what happened (most
corroborated first), milestones that moved, disagreements and relations, each line citing its
sources; the HTML is inert.  One end-to-end run on the sample corpus (loads spaCy)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import cli
from detente.errors import ConfigError
from detente.model import Article, content_id
from detente.outputs.briefing import (
    build_brief,
    parse_period,
    render_html,
    render_markdown,
    write_brief,
)
from detente.store import Store, open_store

SCRIPT = "<script>alert('x')</script>"
TODAY = date(2025, 3, 1)


def test_periods() -> None:
    assert parse_period("7d", today=TODAY) == (date(2025, 2, 22), TODAY)
    assert parse_period("2w", today=TODAY) == (date(2025, 2, 15), TODAY)
    assert parse_period("1m", today="2025-03-31") == (date(2025, 2, 28), date(2025, 3, 31))
    assert parse_period("2025-02-01", "2025-02-10") == (date(2025, 2, 1), date(2025, 2, 10))
    for bad in ("yesterday", "2025-02-30", "3x"):
        with pytest.raises(ConfigError):
            parse_period(bad, today=TODAY)
    with pytest.raises(ConfigError):
        parse_period("2025-03-05", "2025-03-01")


@pytest.fixture
def filled(tmp_path: Path) -> Store:
    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    ids = []
    for n, (outlet, title) in enumerate([("Harbor Ledger", f"Riyadh {SCRIPT}"), ("Baltic Wire", "Riyadh talks"),
                                         ("Steppe Courier", "Old news")]):
        text = f"Article {n} about the talks."
        art = Article(content_id(text), text, url=f"https://n{n}.test/a", outlet=outlet, title=title,
                      published="2025-02-19")
        store.add_article(art, [])
        ids.append(art.id)
    store.replace_derived("stories", [
        ("s1", {"id": "s1", "event_type": "CONSULT", "actors": ["RUS", "USA"], "date": "2025-02-18",
                "location": {"text": "Riyadh", "name": "Riyadh"}, "article_ids": ids[:2], "independent_sources": 2}),
        ("s2", {"id": "s2", "event_type": "REJECT", "actors": ["UKR"], "date": "2025-02-18",
                "article_ids": ids[:1], "independent_sources": 1}),
        ("s3", {"id": "s3", "event_type": "ASSAULT", "actors": ["RUS"], "date": "2022", "article_ids": ids[2:],
                "independent_sources": 1}),
    ])
    store.replace_derived("milestones", [("m1", {"id": "m1", "what": "restore embassy staffing",
                                                 "responsible": ["USA", "RUS"], "status_history": [
        {"status": "agreed", "date": "2025-02-18", "article_ids": ids[:1], "evidence": "They agreed to restore staffing."},
        {"status": "in_progress", "date": "2025-02-27", "article_ids": ids[1:2]}]})])
    store.replace_derived("conflicts", [("c1", {"id": "c1", "subject": "length of the talks", "reason": "hours differ",
                                                "claims": [{"article_id": ids[0], "outlet": "Harbor Ledger",
                                                            "value": "four hours", "article_date": "2025-02-19"},
                                                           {"article_id": ids[1], "outlet": "Baltic Wire",
                                                            "value": "two hours", "article_date": "2025-02-19"}]})])
    store.replace_derived("relations", [("r1", {"a": "RUS", "b": "USA", "period": "2025-02", "score": 3.0,
                                                "n_events": 4, "trend": "improving", "reason": "more talks",
                                                "event_ids": []})])
    yield store
    store.close()


def test_brief_sections_cite_their_sources(filled: Store, tmp_path: Path) -> None:
    brief = build_brief(filled, *parse_period("2w", today=TODAY))
    md = render_markdown(brief)
    happened = md.split("## What happened")[1].split("## Milestones")[0]
    assert happened.index("CONSULT") < happened.index("REJECT")  # most corroborated first
    assert "ASSAULT" not in md  # outside the period
    assert "(https://n0.test/a)" in happened and "Baltic Wire" in happened
    assert "restore embassy staffing (USA, RUS): agreed → in\\_progress on 2025-02-27" in md
    assert "first recorded as agreed on 2025-02-18" in md
    assert "Harbor Ledger says “four hours”; Baltic Wire says “two hours”" in md
    assert "RUS–USA 2025-02: +3.0 over 4 events, trend improving" in md
    assert "<script>" not in md
    page = render_html(brief)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<a href="https://n1.test/a" rel="noopener noreferrer">' in page
    md_path, html_path = write_brief(brief, tmp_path / "out")
    assert md_path.read_text(encoding="utf-8") == md and html_path.suffix == ".html"


def test_an_empty_period_says_so(filled: Store) -> None:
    md = render_markdown(build_brief(filled, date(2024, 1, 1), date(2024, 1, 7)))
    assert "No reported events in this period." in md and "No milestone changed status" in md


@pytest.mark.slow
def test_sample_corpus_end_to_end(tmp_path: Path) -> None:
    """Ingest half the samples, watch USA–RUS meetings, ingest the rest: the watchlist fires;
    the brief of February 2025 cites real articles; a GDELT export imports back."""
    from detente.outputs.alerts import WatchFilters, add_watchlist, run_watchlists
    from detente.outputs.exports import export_events, import_file
    from detente.pipeline import ingest, sample_dir

    files = sorted(sample_dir().iterdir())
    first, rest = tmp_path / "first", tmp_path / "rest"
    first.mkdir()
    rest.mkdir()
    for f in files:
        shutil.copy(f, (first if f.name < "06" else rest) / f.name)
    db = tmp_path / "e2e.db"
    with open_store(str(db)) as store:
        ingest([str(first)], store, offline=True)
        add_watchlist(store, "meetings", "events", WatchFilters(event_type="CONSULT", countries=["USA", "RUS"]))
        add_watchlist(store, "moves", "milestone_status")
        report = ingest([str(rest)], store, offline=True)
        alerts = run_watchlists(store, None, [a.id for a in report.added])
        meetings = [a for a in alerts if a.watchlist == "meetings"]
        assert meetings and all(a.sources[0].article_id in {x.id for x in report.added} for a in meetings)
        export_events(store, tmp_path / "all.tsv", "gdelt")
        with open_store(str(tmp_path / "other.db")) as other:
            back = import_file(other, tmp_path / "all.tsv", "gdelt")
            assert back.rejected == [] and back.added > 0
    result = CliRunner().invoke(cli, ["--db", str(db), "brief", "--since", "2025-02-01", "--until", "2025-02-28",
                                      "--out", str(tmp_path / "brief")])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "brief" / "brief-2025-02-01_2025-02-28.md").read_text(encoding="utf-8")
    assert "- 2025-02-18 — CONSULT" in md and "Riyadh" in md and "Sources: [" in md


def test_most_corroborated_first_opinion_left_out_and_negation_shown(tmp_path: Path) -> None:
    """Issue 14: the order the brief announces (independent sources, then the later day), stories
    only opinion pieces state left out by default, a negated report marked as such."""
    from detente.model import ActorRef, Event, Segment

    store = open_store(f"sqlite:///{tmp_path / 'o.db'}")
    news = "Envoys of two states met in Geneva on Monday. They did not agree on a truce."
    column = "We think every reader should call for peace today."
    arts = [Article(content_id(news), news, outlet="Wire", title="Envoys meet in Geneva", published="2025-06-03",
                    genre="news"),
            Article(content_id(column), column, outlet="Views", title="Call for peace", published="2025-06-04",
                    genre="opinion", segments=[Segment(0, len(column), "opinion")])]
    who = [ActorRef("envoy", "Ana Pop", "ROU", "GOV")]

    def event(eid: str, art: Article, sentence: str, etype: str, modality: str = "asserted") -> Event:
        at = art.text.index(sentence)
        return Event(id=eid, doc_id=art.id, sentence=sentence, span=(at, at + len(sentence)), trigger="x",
                     event_type=etype, actors=who, date="2025-06-02", date_precision="day", modality=modality)

    evs = {"met": event("met", arts[0], "Envoys of two states met in Geneva on Monday.", "CONSULT"),
           "no": event("no", arts[0], "They did not agree on a truce.", "AGREE", "negated"),
           "op": event("op", arts[1], column, "REQUEST")}
    store.add_article(arts[0], [evs["met"], evs["no"]])
    store.add_article(arts[1], [evs["op"]])

    def story(sid: str, eid: str, day: str, n: int) -> tuple[str, dict]:
        return sid, {"id": sid, "event_type": evs[eid].event_type, "actors": ["ROU"], "date": day,
                     "event_ids": [eid], "canonical_event_id": eid, "article_ids": [evs[eid].doc_id],
                     "independent_sources": n, "headline": f"headline {sid}"}

    store.replace_derived("stories", [story("late", "no", "2025-06-03", 1), story("big", "met", "2025-06-02", 2),
                                      story("view", "op", "2025-06-04", 3)])
    md = render_markdown(build_brief(store, date(2025, 6, 1), date(2025, 6, 7)))
    happened = md.split("## What happened")[1].split("## Milestones")[0]
    assert happened.index("headline big") < happened.index("headline late")  # 2 sources before 1
    assert "AGREE \\[negated: did not happen\\]" in happened
    assert "headline view" not in happened and "1 story only opinion" in happened
    with_opinion = render_markdown(build_brief(store, date(2025, 6, 1), date(2025, 6, 7), with_opinion=True))
    assert with_opinion.index("headline view") < with_opinion.index("headline big")
    store.close()
    # the CLI: left out by default, listed with --with-opinion
    args = ["--db", f"sqlite:///{tmp_path / 'o.db'}", "brief", "--since", "2025-06-01", "--until", "2025-06-07"]
    plain, kept = CliRunner().invoke(cli, args), CliRunner().invoke(cli, [*args, "--with-opinion"])
    assert plain.exit_code == 0 and kept.exit_code == 0, plain.output + kept.output
    assert "headline view" not in plain.output and "1 story only opinion" in plain.output
    assert "headline view" in kept.output
