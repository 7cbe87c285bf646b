"""Conflicts by class of disagreement (issue 14, recall): short reports in our own words, each
test a case a reader relies on — every value given for a subject listed together, the quote
shown from the prose, talk formats compared across a dated and an undated story."""

from __future__ import annotations

from detente.model import Article, Location
from detente.reconcile import Story, extract_claims, find_conflicts


def art(aid: str, text: str, published: str | None = "2025-03-04") -> Article:
    return Article(id=aid, text=text, published=published, outlet=f"Outlet {aid}")


def story(sid: str, day: str | None, country: str, articles: list[str]) -> Story:
    return Story(id=sid, event_type="CONSULT", actors=["AAA", "BBB"], date=day,
                 location=Location(text=country, name=country, country=country), event_ids=[],
                 article_ids=articles, outlets=[], independent_sources=len(articles),
                 first_report=None, canonical_event_id="")


def claims_for(*articles: Article, story_id: str | None = None) -> list:
    out = [c for a in articles for c in extract_claims(a, [])]
    for c in out:
        c.story_id = story_id or c.story_id
    return out


def test_a_value_compatible_with_one_side_is_listed_beside_the_disagreement() -> None:
    a = art("a", "The envoys' meeting in Valletta lasted 4.5 hours, aides said.")
    b = art("b", "After the meeting the two envoys left.\nIt ended after more than four hours of talks. "
                 "Then the envoy flew home.")
    c = art("c", "The Kremlin said the four-hour discussion covered energy.")
    (cf,) = find_conflicts(claims_for(a, b, c, story_id="st-1"), [], {"a": a, "b": b, "c": c})
    # a (4.5 h) and c (4 h) disagree; b (more than four) can be either: it is shown, not a reason
    assert {x.article_id for x in cf.claims} == {"a", "b", "c"}
    assert cf.reason.count(" vs ") == 1


def test_the_quote_shown_comes_from_the_prose_not_a_caption() -> None:
    text = ("Talks in Valletta\n\n"
            "President Ana Ruiz and Prime Minister Tomas Berg at a joint press conference.\n"
            "On Monday, President Ana Ruiz met Prime Minister Tomas Berg in Valletta. They spoke for an hour.")
    a = art("a", text)
    b = art("b", "Former President Ana Ruiz was in Valletta on Monday, aides said.")
    arts = {"a": a, "b": b}
    (cf,) = [x for x in find_conflicts(claims_for(a, b), [], arts) if x.subject == "office of Ruiz"]
    shown = next(x for x in cf.claims if x.article_id == "a")
    assert text[shown.span[0]:shown.span[1]] == shown.quote
    assert text.rfind("\n", 0, shown.span[0]) == text.index("\nOn Monday")  # the sentence in prose


def test_talk_formats_compare_across_a_dated_and_an_undated_story_but_not_two_days() -> None:
    a = art("a", "The indirect talks in Muscat between the two delegations ended late.")
    b = art("b", "For the first time the delegations sat down face-to-face for talks in Muscat.")
    ca, cb = claims_for(a), claims_for(b)
    for c in ca:
        c.story_id = "st-a"
    for c in cb:
        c.story_id = "st-b"
    arts = {"a": a, "b": b}
    dated_and_not = [story("st-a", "2025-03-01", "OMN", ["a"]), story("st-b", None, "OMN", ["b"])]
    (cf,) = find_conflicts(ca + cb, dated_and_not, arts)
    assert cf.subject == "format of the talks in OMN" and sorted(x.normalised for x in cf.claims) == ["direct", "indirect"]
    two_rounds = [story("st-a", "2025-03-01", "OMN", ["a"]), story("st-b", "2025-03-15", "OMN", ["b"])]
    assert [x for x in find_conflicts(ca + cb, two_rounds, arts) if x.subject.startswith("format")] == []


# --- stances: accusations and denials, agreements said and denied, who gave way, who said it --

def _event(doc: str, text: str, sentence: str, sides: list[tuple[str, str]]):
    """An event of ``doc`` naming ``sides`` (text, ISO3): the parties its article is about."""
    from detente.model import ActorRef, Event

    start = text.index(sentence)
    return Event(id=f"{doc}-{start}", doc_id=doc, sentence=sentence, span=(start, start + len(sentence)),
                 trigger="x", event_type="ASSAULT", actors=[ActorRef(text=t, name=t, country=c) for t, c in sides])


def stance_conflicts(texts: dict[str, tuple[str | None, str]], sides: list[tuple[str, str]]) -> list:
    arts = {k: art(k, text, published=day) for k, (day, text) in texts.items()}
    claims = []
    for k, a in arts.items():
        first = a.text.split(".")[0] + "."
        claims += extract_claims(a, [_event(k, a.text, first, sides)])
    return find_conflicts(claims, [], arts)


SIDES = [("Valdoria", "AAA"), ("Korvath", "BBB")]


def one_conflict(texts: dict[str, tuple[str | None, str]], subject: str) -> list:
    """The values of the one conflict the reports give, which must be on ``subject``."""
    (cf,) = stance_conflicts(texts, SIDES)
    assert cf.subject == subject
    return sorted(c.normalised for c in cf.claims)


def test_an_accusation_of_breaking_the_truce_and_the_denial_are_one_conflict() -> None:
    texts = {
        "a": ("2025-03-04", "Valdoria and Korvath stopped firing at dawn. Valdoria said Korvath had "
                            "“flagrantly violated” the truce. Korvath has flatly denied any post-truce drone strikes."),
        "b": ("2025-03-05", "Valdoria and Korvath traded blame. Officials said Korvath drone strikes an hour "
                            "after the truce took effect hit a depot."),
    }
    (cf,) = stance_conflicts(texts, SIDES)
    assert cf.subject == "whether BBB broke the ceasefire" and cf.kind == "disagreement"
    assert cf.reason == "said so vs denied"  # once, in one order, however many pairs
    assert sorted((c.article_id, c.normalised) for c in cf.claims) == [("a", "no"), ("a", "yes"), ("b", "yes")]


def test_a_denial_quoting_the_accusation_is_only_a_denial() -> None:
    text = ("Valdoria and Korvath stopped firing at dawn. A Korvath agency said claims of Korvath rocket "
            "launches after the truce began were false.")
    claims = [c for c in extract_claims(art("a", text), [_event("a", text, "Valdoria and Korvath stopped firing at dawn.", SIDES)])
              if c.kind == "allegation"]
    assert [c.normalised for c in claims] == ["no"]


def test_accusations_weeks_apart_are_other_matters() -> None:
    texts = {
        "a": ("2025-03-04", "Valdoria and Korvath stopped firing. Valdoria said Korvath had violated the ceasefire."),
        "b": ("2025-04-20", "Valdoria and Korvath met again. Korvath denied violating the ceasefire."),
    }
    assert stance_conflicts(texts, SIDES) == []


def test_an_agreement_said_to_exist_and_denied_conflict_but_one_side_refusing_does_not() -> None:
    texts = {
        "a": ("2025-03-04", "Valdoria and Korvath said they were complying with a ceasefire agreement announced by the mediator."),
        "b": ("2025-03-04", "Valdoria and Korvath kept firing. “As of tonight there is no agreement on any ceasefire,” the minister wrote."),
    }
    assert one_conflict(texts, "whether a ceasefire was agreed") == ["no", "yes"]
    one_side = {"a": texts["a"], "b": ("2025-03-04", "Valdoria and Korvath kept firing. Korvath did not agree to the ceasefire plan.")}
    assert stance_conflicts(one_side, SIDES) == []


def test_who_gave_way_resolves_a_group_word_to_the_party_named_before() -> None:
    sides = [("Valdoria", "AAA"), ("the Tarn Front", "CCC")]
    sides_sector = [*sides]
    texts = {
        "a": (None, "Valdoria and the Tarn Front agreed a truce. Valdoria said the Tarn Front had capitulated."),
        "b": (None, "Valdoria and the Tarn Front agreed a truce. The Tarn Front insisted that Valdoria “backed down.”"),
    }
    (cf,) = stance_conflicts(texts, sides_sector)
    assert cf.subject == "who gave way" and sorted(c.normalised for c in cf.claims) == ["AAA", "CCC"]


def test_one_quoted_sentence_given_to_two_people_conflicts() -> None:
    texts = {
        "a": ("2025-03-04", "Valdoria and Korvath met in Lisbon. Prime Minister Ines Varga of Valdoria spoke first. "
                            "The Valdorian Prime Minister said: “Now the mediators must find a way to make this "
                            "accord binding on both governments.”"),
        "b": ("2025-03-05", "Valdoria and Korvath met in Lisbon. “The mediators must find a way to make the accord "
                            "binding on both governments,” Pavel Droz said."),
        "c": ("2025-03-05", "Valdoria and Korvath met in Lisbon. “The mediators must find a way to make this accord "
                            "binding on both governments,” Varga said."),
    }
    (cf,) = stance_conflicts(texts, SIDES)
    assert cf.subject.startswith("who said “") and {c.person for c in cf.claims} == {"Ines Varga", "Pavel Droz", "Varga"}


def test_two_reports_giving_a_statement_different_days_conflict() -> None:
    a = art("a", "The sides reached a truce, Norway and Chile said Friday in a joint statement after talks in Oslo.",
            published="2024-06-14")
    b = art("b", "Both sides reached a truce. The truce begins on June 16, the statement released by the "
                 "Norwegian Foreign Ministry said on Saturday.", published="2024-06-14")
    c = art("c", "The truce begins on June 16, the statement said.", published="2024-06-14")
    claims = [x for y in (a, b, c) for x in extract_claims(y, []) if x.subject.startswith("date of the statement")]
    # the day inside what the statement says (June 16) is not the statement's day; a Saturday
    # named in a page dated Friday is the next day
    assert sorted((x.article_id, x.normalised) for x in claims) == [("a", "2024-06-14"), ("b", "2024-06-15")]
    shared = story("st-1", "2024-06-14", "NOR", ["a", "b"])
    for x in claims:  # linked to the story, a claim without a place takes the story's (as link_claims does)
        x.story_id = shared.id
        x.subject = x.subject if " in " in x.subject else f"{x.subject} in NOR"
    (cf,) = find_conflicts(claims, [shared], {"a": a, "b": b})
    assert cf.subject == "date of the statement in NOR" and "one day apart" in cf.reason


def _stances(text: str, sides: list[tuple[str, str]] | None = None) -> list[tuple[str, str, object]]:
    a = art("a", text)
    events = [_event("a", text, text.split(".")[0] + ".", sides)] if sides else []
    return [(c.kind, c.subject, c.normalised) for c in extract_claims(a, events)
            if c.kind in {"allegation", "agreement", "concession", "attribution"}]


def test_rejecting_the_accusation_just_made_is_a_denial_and_an_armed_group_is_not_its_state() -> None:
    from detente.model import ActorRef

    assert _stances("Valdoria accused Korvath of breaching the ceasefire at noon. Korvath rejected the accusation.",
                    SIDES) == [("allegation", "whether BBB broke the ceasefire", "yes"),
                               ("allegation", "whether BBB broke the ceasefire", "no")]
    assert _stances("Korvath rejected the accusation.", SIDES) == []  # no accusation before it
    text = "The Red Hand fighters and Valdoria signed a truce. The Red Hand fighters had violated the truce, officials said."
    ev = _event("a", text, "The Red Hand fighters and Valdoria signed a truce.", [])
    ev.actors = [ActorRef(text="The Red Hand fighters", name="Red Hand", country="AAA", sector="REB"),
                 ActorRef(text="Valdoria", name="Valdoria", country="AAA", sector="GOV")]
    found = [(c.subject, c.normalised) for c in extract_claims(art("a", text), [ev]) if c.kind == "allegation"]
    assert found == [("whether AAA rebels broke the ceasefire", "yes")]


def test_a_condition_is_no_agreement_and_a_quote_closed_by_a_full_stop_has_no_speaker_after_it() -> None:
    assert _stances("If Valdoria and Korvath agreed to a ceasefire, the blockade would end.", SIDES) == []
    assert _stances("Valdoria and Korvath agreed to a swap but not a ceasefire.", SIDES) == []
    said = "“We will not sign any accord that leaves our border towns without protection,” Ines Varga said."
    assert [x[2] for x in _stances(said)] == ["Ines Varga"]
    next_sentence = "“We will not sign any accord that leaves our border towns without protection.” Ines Varga said the talks go on."
    assert _stances(next_sentence) == []


def test_who_carried_out_an_attack_blamed_and_denied() -> None:
    texts = {
        "a": ("2025-03-04", "Valdoria and Korvath exchanged fire. Valdoria blamed Korvath for the drone strikes on the port."),
        "b": ("2025-03-05", "Valdoria and Korvath exchanged fire. After the strike on the port, Korvath denied any involvement."),
    }
    assert one_conflict(texts, "whether BBB carried out the attack") == ["no", "yes"]
    # denying a part in something that is no attack says nothing about one
    assert _stances("Valdoria and Korvath exchanged notes. Korvath denied any role in drafting the plan.", SIDES) == []


def test_a_group_and_its_country_named_two_ways_are_one_side_of_who_gave_way() -> None:
    from detente.reconcile.conflicts import _parties_differ
    from detente.reconcile.records import Claim

    def said(code: str) -> Claim:
        return Claim(id=code, article_id=code, outlet=None, kind="concession", subject="who gave way", value=code,
                     normalised=code, quote=code, span=(0, 1))

    assert _parties_differ(said("YEM rebels"), said("YEM")) is None
    assert _parties_differ(said("YEM rebels"), said("USA")) == "YEM rebels vs USA"


def test_which_body_approved_a_truce_the_same_day_but_not_two_steps_on_two_days() -> None:
    monday = {"a": ("2025-03-03", "Valdoria and Korvath agreed a truce. Valdoria's security cabinet approved on Monday night the truce."),
              "b": ("2025-03-03", "Valdoria and Korvath agreed a truce. Valdoria's cabinet has approved the U.S.-brokered ceasefire.")}
    assert one_conflict(monday, "which body of AAA approved the ceasefire") == ["cabinet", "security cabinet"]
    steps = {"a": monday["a"],
             "b": ("2025-03-04", "Valdoria and Korvath agreed a truce. Valdoria's government approved the truce on Tuesday.")}
    assert stance_conflicts(steps, SIDES) == []


def test_a_gold_disagreement_is_found_only_by_claims_that_say_different_things() -> None:
    from detente.reconcile.evaluate import evaluate_conflicts

    files = {"x.txt": "The envoy met President Ana Ruiz at noon.", "y.txt": "President Ana Ruiz left at dusk."}
    arts = {n: Article(id=n, text=t) for n, t in files.items()}
    gold = [{"doc": "x.txt", "id": "x1", "source_text": "met President Ana Ruiz at noon", "conflicts_with": ["y.txt:y1"]},
            {"doc": "y.txt", "id": "y1", "source_text": "Ana Ruiz left at dusk", "conflicts_with": ["x.txt:x1"]}]
    claims = [c for a in arts.values() for c in extract_claims(a, []) if c.kind == "title"]
    same = find_conflicts(claims, [], arts)
    assert same == []  # two equal titles are no conflict at all
    from detente.reconcile.records import Conflict

    held = Conflict(id="cf", subject="office of Ruiz", story_id=None, claims=claims, reason="")
    assert evaluate_conflicts([held], arts, files, gold).pairs_found == 0
    claims[1].normalised = "former President"
    assert evaluate_conflicts([held], arts, files, gold).pairs_found == 1


def test_casualties_of_one_attack_compare_whatever_noun_the_count_takes() -> None:
    a = art("a", "The missile strike on the market killed 21 people and wounded 80 others, officials said.")
    b = art("b", "At least 40 were killed in the strike on the market, and the death toll could rise.")
    c = art("c", "The war has killed 12,000 civilians since it began.")
    claims = [x for y in (a, b, c) for x in extract_claims(y, []) if x.subject in {"number killed", "number wounded"}]
    assert sorted((x.article_id, x.subject, x.normalised, x.qualifier) for x in claims) == [
        ("a", "number killed", 21, None), ("a", "number wounded", 80, None), ("b", "number killed", 40, "over")]
    for x in claims:
        x.story_id = "st-1"
    (cf,) = find_conflicts(claims, [], {"a": a, "b": b})
    assert cf.subject == "number killed" and {x.article_id for x in cf.claims} == {"a", "b"}


def test_words_a_state_said_and_its_leader_said_are_no_disagreement() -> None:
    texts = {"a": ("2025-03-04", "Valdoria and Korvath met in Oslo. “The mediators must find a way to make this accord "
                                 "binding on both governments,” Norway said."),
             "b": ("2025-03-04", "Valdoria and Korvath met in Oslo. “The mediators must find a way to make this accord "
                                 "binding on both governments,” Jonas Dahl said.")}
    assert stance_conflicts(texts, SIDES) == []


def test_a_ministry_or_troops_speak_and_act_for_their_state_and_a_long_title_names_the_speaker() -> None:
    text = ("Valdoria and Korvath stopped firing. Valdoria said Korvath troops fired on border posts after the "
            "truce began. Korvath's defence ministry denied violating the truce.")
    assert _stances(text, SIDES) == [("allegation", "whether BBB broke the ceasefire", "yes"),
                                     ("allegation", "whether BBB broke the ceasefire", "no")]
    said = ("“This accord is the first real step towards lasting calm along the border,” "
            "Valdorian Deputy Prime Minister Ana Maria Ruiz said.")
    assert [x[2] for x in _stances(said)] == ["Ana Maria Ruiz"]


def test_an_accusation_about_another_time_is_not_this_reports() -> None:
    assert _stances("Valdoria and Korvath stopped firing. Valdoria said Korvath had violated the truce last year.",
                    SIDES) == []
    assert _stances("Valdoria and Korvath stopped firing. Valdoria blamed Korvath for the 2019 bombing in 2020.",
                    SIDES) == []


def test_talks_ending_without_a_truce_deny_the_agreement_another_report_gives() -> None:
    texts = {"a": ("2025-03-04", "Valdoria and Korvath met in Doha. The talks ended without a ceasefire agreement, mediators said."),
             "b": ("2025-03-04", "Valdoria and Korvath met in Doha. The two sides have signed a truce, the hosts said.")}
    assert one_conflict(texts, "whether a ceasefire was agreed") == ["no", "yes"]
    assert _stances("Valdoria and Korvath met. The talks ended without agreement on prisoners but the ceasefire holds.",
                    SIDES) == []


def test_one_call_put_during_and_after_the_meeting_by_two_reports() -> None:
    a = art("a", "President Ana Ruiz phoned Prime Minister Tomas Berg shortly after a long meeting with the mediators.")
    b = art("b", "During a tense meeting with the mediators, President Ana Ruiz placed a call to Prime Minister Tomas Berg.")
    c = art("c", "Ruiz called for calm after the summit.")  # a call for calm is no phone call
    claims = [x for y in (a, b, c) for x in extract_claims(y, []) if x.kind == "sequence"]
    assert sorted((x.article_id, x.normalised) for x in claims) == [("a", "after"), ("b", "during")]
    for x in claims:
        x.story_id = "st-call"
    (cf,) = find_conflicts(claims, [], {"a": a, "b": b})
    assert cf.subject == "when the call was made, relative to the meeting"
    for x, sid in zip(claims, ("st-call", "st-other"), strict=True):
        x.story_id = sid  # two calls (two stories): no disagreement
    assert find_conflicts(claims, [], {"a": a, "b": b}) == []


def test_two_reports_of_one_meeting_naming_two_cities_conflict_and_a_country_fits_any() -> None:
    a = art("a", "The envoys met in Jeddah on Tuesday for four hours.")
    b = art("b", "The envoys held their meeting in Riyadh on Tuesday.")
    c = art("c", "The envoys held talks in Saudi Arabia on Tuesday.")
    claims = [x for y in (a, b, c) for x in extract_claims(y, []) if x.kind == "place"]
    assert sorted((x.article_id, x.normalised) for x in claims) == [("a", "Jeddah"), ("b", "Riyadh")]
    for x in claims:
        x.story_id = "st-1"
    (cf,) = find_conflicts(claims, [], {"a": a, "b": b})
    assert cf.subject == "place of the talks" and cf.reason == "Jeddah vs Riyadh"
    claims[1].story_id = "st-2"  # another meeting
    assert find_conflicts(claims, [], {"a": a, "b": b}) == []


def test_a_name_after_said_that_does_not_end_the_phrase_is_no_speaker() -> None:
    words = "“We will not sign any accord that leaves our border towns without protection,” "
    assert _stances(words + "said Varga's chief of staff Pavel Droz.") == []
    assert [x[2] for x in _stances(words + "said Pavel Droz on Monday.")] == ["Pavel Droz"]
