"""The extraction quality gate: score the engine on the gold data in ../shared and fail when a
figure drops below its pin in tests/quality_pins.json. Also checks the scoring rules themselves
on small gold files written here, so a change to the rules cannot silently move the figures."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from detente.evaluate import (
    evaluate_plover,
    evaluate_realnews_docs,
    evaluate_seeds,
    lookup,
    run_all,
)
from detente.model import ActorRef, Event, Location

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PINS = Path(__file__).resolve().parent / "quality_pins.json"
TOLERANCE = 1e-9  # rounding noise only: a real drop fails


def _pins() -> dict[str, float]:
    data = json.loads(PINS.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def _has(report: dict[str, Any], key: str) -> bool:
    try:
        lookup(report, key)
    except (KeyError, TypeError):
        return False
    return True


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared not present")
    return run_all(SHARED)


@pytest.mark.slow
@pytest.mark.shared
def test_no_figure_drops_below_its_pin(report: dict[str, Any]) -> None:
    pins = _pins()
    missing = [key for key in pins if not _has(report, key)]
    assert not missing, f"pinned figures not in the report: {missing}"
    figures = {key: lookup(report, key) for key in pins}
    table = "\n".join(f"  {key}: {figures[key]} (pin {pin})" for key, pin in pins.items())
    dropped = [key for key, pin in pins.items() if figures[key] < pin - TOLERANCE]
    assert not dropped, f"below the pin: {', '.join(dropped)}\n{table}"


def test_pins_file_is_documented_and_complete() -> None:
    data = json.loads(PINS.read_text(encoding="utf-8"))
    assert "never lowered" in data["_note"]
    pins = _pins()
    for key in (
        "plover.event_type_accuracy",
        "plover.actor_country_f1",
        "plover.recipient_country_f1",
        "seeds.events.core_recall",
        "seeds.events.core_type_precision",
        "seeds.events.modality_accuracy",
    ):
        assert 0.0 <= pins[key] <= 1.0, key


# ------------------------------------------------------------------------------------------
# The scoring rules, on small invented gold files


class Canned:
    """Returns fixed events per input text: lets the rules be checked without the model."""

    def __init__(self, answers: dict[str, list[Event]]) -> None:
        self.answers = answers

    def extract(self, text: str, *, doc_id: str, published: str | None) -> list[Event]:
        return self.answers.get(text.strip(), [])


def _event(sentence: str, text: str, event_type: str, actors: list[str], recipients: list[str],
           **extra: Any) -> Event:
    start = text.index(sentence)
    return Event(
        id=f"{event_type}-{start}", doc_id="d", sentence=sentence, span=(start, start + len(sentence)),
        trigger="x", event_type=event_type,
        actors=[ActorRef(c, org=c) if c in {"UN", "EU"} else ActorRef(c, country=c) for c in actors],
        recipients=[ActorRef(c, country=c) for c in recipients], **extra,
    )


def _plover_line(ident: str, text: str, gold: str, actors: list[str], recipients: list[str],
                 reciprocal: bool = False) -> str:
    tag = "SRC/TAR" if reciprocal else "SRC"
    return json.dumps({
        "id": ident, "text": text, "plover_event_current": gold,
        "actor": [{"actorText": c, "code": c} for c in actors],
        "recipient": [{"actorText": c, "code": c} for c in recipients],
        "markup": f"({tag}: someone) did something",
    })


def test_plover_scoring_rules(tmp_path: Path) -> None:
    one = "The envoys of two states sat down together."
    two = "A capital protested to its neighbour."
    three = "A ministry in Tokyo welcomed a UN plan."
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join([
        _plover_line("1", one, "CONSULT", ["AAA", "BBB"], [], reciprocal=True),
        _plover_line("2", two, "PROTEST", ["CCC"], ["DDD"]),
        _plover_line("3", three, "SUPPORT", ["JAP"], ["IGO"]),
        _plover_line("4", "Nothing happened.", "AGREE", ["EEE"], []),
    ]) + "\n", encoding="utf-8")
    low, high = 0.2, 0.9
    answers = {
        # reciprocal: one side as actor, the other as recipient, still both right
        one: [_event(one, one, "CONSULT", ["AAA"], ["BBB"], confidence=high)],
        # the most confident event is the one scored
        two: [_event(two, two, "ACCUSE", ["CCC"], ["DDD"], confidence=low),
              _event(two, two, "PROTEST", ["CCC"], ["ZZZ"], confidence=high)],
        # legacy JAP is JPN; an organisation counts as IGO
        three: [_event(three, three, "SUPPORT", ["JPN"], [], confidence=high,
                       location=Location("Tokyo", country="JPN"))],
    }
    answers[three][0].recipients = [ActorRef("UN", org="UN")]
    scores = evaluate_plover(gold, Canned(answers))
    assert scores["event_type_accuracy"] == 0.75  # sentence 4 has no event: wrong
    assert scores["actors"] == {"tp": 4, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.8, "f1": 0.8889}
    # the reciprocal sentence is left out of the recipient score
    assert (scores["recipients"]["tp"], scores["recipients"]["fp"], scores["recipients"]["fn"]) == (1, 1, 1)
    assert scores["confusion"]["AGREE"] == {"NONE": 1}
    assert [m["id"] for m in scores["misses"]] == ["2", "4"]


def test_seed_scoring_rules(tmp_path: Path) -> None:
    corpus, gold_dir = tmp_path / "corpus", tmp_path / "gold"
    corpus.mkdir()
    gold_dir.mkdir()
    text = (
        "Envoys   of Aland and Borduria met in Capitaltown on Friday.\n\n"
        "Aland later backed the plan.\n\n"
        "The two agreed to talk again.\n"
    )
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    sentences = [
        "Envoys of Aland and Borduria met in Capitaltown on Friday.",  # whitespace differs from the file
        "Aland later backed the plan.",
        "The two agreed to talk again.",
    ]

    def gold(n: int, event_type: str, date: str | None, location: str | None, core: bool = True,
             modality: str = "asserted") -> dict[str, Any]:
        return {"doc": "a.txt", "id": f"a-e{n}", "sentence": sentences[n - 1], "trigger": "x",
                "event_type": event_type, "actors": [{"text": "Aland", "country": "ALA"}],
                "recipients": [{"text": "Borduria", "country": "BOR"}, {"text": None, "country": None}],
                "date": date, "date_precision": None,
                "location": {"text": location, "country": location} if location else None,
                "modality": modality, "importance": "core" if core else "minor"}

    rows = [gold(1, "CONSULT", "2025-08", "CAP"), gold(2, "SUPPORT", None, None),
            gold(3, "AGREE", None, None, core=False, modality="future")]
    (gold_dir / "events.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (gold_dir / "docs.jsonl").write_text(json.dumps({"doc": "a.txt", "published": None, "outlet": None,
                                                     "title": None, "genre": "news", "boilerplate": []}),
                                         encoding="utf-8")

    class FromText:
        """Events found by looking the sentences up in whatever text ingest produced."""

        def extract(self, text: str, *, doc_id: str, published: str | None) -> list[Event]:
            def at(n: int, event_type: str, actors: list[str], recipients: list[str], **extra: Any) -> Event:
                found = re.search(r"\s+".join(map(re.escape, sentences[n - 1].split())), text)
                assert found is not None
                event = _event(found.group(0), text, event_type, actors, recipients, **extra)
                event.span = found.span()
                return event

            return [
                # day inside the gold month, right place, countries a superset: found
                at(1, "CONSULT", ["ALA"], ["BOR", "ZZZ"], date="2025-08-15",
                   location=Location("Capitaltown", country="CAP")),
                # right type but a date where the gold has none: missed on the date
                at(2, "SUPPORT", ["ALA"], ["BOR"], date="2025"),
                # a core-type event in the sentence of a gold event of another type
                at(3, "SUPPORT", ["ALA"], []),
                # AGREE is not a core type here (its only gold event is minor)
                at(3, "AGREE", ["ALA"], ["BOR"], modality="future", confidence=0.9),
                at(3, "AGREE", ["ALA"], ["BOR"], modality="asserted", confidence=0.1),
            ]

    scores = evaluate_seeds(corpus, gold_dir, FromText())["events"]
    assert scores["core_recall"] == 0.5
    assert scores["core_recall_type_only"] == 1.0
    assert [(m["id"], m["reason"]) for m in scores["misses"]] == [("a-e2", "date")]
    assert scores["core_type_precision"] == round(2 / 3, 4)
    assert scores["core_type_sentence_precision"] == 1.0
    # the most confident AGREE of sentence 3 carries the modality
    assert scores["modality_accuracy"] == 1.0


def test_realnews_docs_scoring_rules(tmp_path: Path) -> None:
    """The docs figures on a folder laid out as eval/realnews_dev, on ingest alone."""
    articles = tmp_path / "articles"
    articles.mkdir()
    body = (
        "Envoys of Aland and Borduria met in Capitaltown on Friday, the mediators said.\n\n"
        "(With inputs from agencies)\n"
    )
    (articles / "001.txt").write_text(
        f"url: https://www.aland-daily.example/world/talks\ntitle: unknown\ndate: 2031-05-09\n\n{body}",
        encoding="utf-8",
    )
    (articles / "002.txt").write_text(
        f"url: https://news.borduria.example/a\ntitle: Talks in Capitaltown\ndate: unknown\n\n{body}",
        encoding="utf-8",
    )
    docs = [
        {"doc": "001.txt", "published": "2031-05-09", "outlet": "aland-daily.example", "title": None,
         "genre": "news", "boilerplate": ["(With inputs from agencies)"], "segments": []},
        # a wrong outlet and a wrong genre in the gold, to see them counted as errors
        {"doc": "002.txt", "published": None, "outlet": "borduria-times.example", "title": "Talks in Capitaltown",
         "genre": "opinion", "boilerplate": ["(With inputs from agencies)"], "segments": []},
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    (tmp_path / "events.jsonl").write_text(json.dumps({
        "doc": "001.txt", "id": "001-e1", "sentence": "Envoys of Aland and Borduria met in Capitaltown on Friday",
        "event_type": "CONSULT", "actors": [], "recipients": [], "importance": "core",
    }), encoding="utf-8")
    scores = evaluate_realnews_docs(tmp_path)
    assert scores["docs"] == 2
    assert scores["published_accuracy"] == 1.0 and scores["title_accuracy"] == 1.0
    assert scores["outlet_accuracy"] == 0.5 and scores["genre_accuracy"] == 0.5
    assert scores["boilerplate_removed_rate"] == 1.0 and scores["gold_sentences_kept"] == 1.0
    assert sorted(e.split(":")[0] for e in scores["errors"]) == ["002.txt genre", "002.txt outlet"]
