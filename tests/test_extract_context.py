"""Reading the whole article (detente.extract.context): dates, places and parties that a
sentence leaves to its article, each with how it was obtained.  The articles are made up."""

from __future__ import annotations

import pytest

from detente.extract import Extractor
from detente.model import Event

TALKS = (
    "GENEVA (Wire) — Armenian and Azerbaijani foreign ministers held talks in Geneva on Tuesday, "
    "their first meeting in five months.\n\n"
    "Both sides agreed to exchange prisoners before the end of the year.\n\n"
    "The ministers will meet again next month, the Swiss foreign ministry said.\n\n"
    "Back in 2020, Azerbaijan and Armenia fought a six-week war.\n"
)
UNDATED_LEAD = (
    "Colombian government negotiators and ELN rebels signed a ceasefire deal in Havana.\n\n"
    "The rebels accused the army of attacking their camps.\n"
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _one(events: list[Event], word: str) -> Event:
    found = [e for e in events if word in e.sentence]
    assert found, f"no event in the sentence with {word!r}: {[e.sentence for e in events]}"
    return max(found, key=lambda e: e.confidence)


def test_a_later_sentence_inherits_the_anchor_day_place_and_participants(extractor: Extractor) -> None:
    events = extractor.extract(TALKS, doc_id="talks", published="2026-03-12")
    lead = _one(events, "held talks")
    assert (lead.date, lead.date_basis) == ("2026-03-10", "stated")
    assert lead.location is not None and lead.location.name == "Geneva" and lead.location_basis == "stated"
    agreed = _one(events, "Both sides agreed")
    assert {a.country for a in agreed.actors + agreed.recipients} >= {"ARM", "AZE"}
    assert (agreed.date, agreed.date_basis) == ("2026-03-10", "context")
    assert agreed.location is not None and agreed.location.name == "Geneva"
    assert agreed.location_basis == "context"


def test_plans_and_background_keep_their_own_dates(extractor: Extractor) -> None:
    events = extractor.extract(TALKS, doc_id="talks", published="2026-03-12")
    plan = _one(events, "meet again")
    assert plan.modality == "future"
    assert plan.date_basis in {"stated", None} and plan.date != "2026-03-10"
    war = _one(events, "six-week war")
    assert (war.date, war.date_basis) == ("2020", "stated")


def test_a_report_of_something_done_takes_the_publication_day(extractor: Extractor) -> None:
    events = extractor.extract(UNDATED_LEAD, doc_id="deal", published="2026-05-02")
    signed = _one(events, "signed a ceasefire")
    assert (signed.date, signed.date_basis) == ("2026-05-02", "published")
    accused = _one(events, "accused the army")
    assert (accused.date, accused.date_basis) == ("2026-05-02", "published")


def test_nothing_is_dated_without_a_publication_date(extractor: Extractor) -> None:
    events = extractor.extract(UNDATED_LEAD, doc_id="deal", published=None)
    assert events
    assert all(e.date is None and e.date_basis is None for e in events)


def test_a_title_case_heading_states_no_event(extractor: Extractor) -> None:
    text = "Rivals Sign Truce In Havana After Talks\n\nThe talks were held in a hotel.\n"
    events = extractor.extract(text, doc_id="h", published="2026-05-02")
    assert not [e for e in events if "Rivals Sign" in e.sentence]


def test_a_violation_reported_by_the_other_side_is_its_accusation(extractor: Extractor) -> None:
    text = ("Armenian Foreign Minister Ararat Mirzoyan said, according to a state news agency, that "
            "Azerbaijan had violated the truce overnight.\n")
    events = extractor.extract(text, doc_id="v", published="2026-04-02")
    accused = _one(events, "violated the truce")
    assert accused.event_type == "ACCUSE"
    assert {a.country for a in accused.actors} == {"ARM"}
    assert {r.country for r in accused.recipients} == {"AZE"}
    assert (accused.date, accused.date_basis) == ("2026-04-02", "published")


def test_a_later_mention_of_the_attack_takes_the_lead_attacks_party(extractor: Extractor) -> None:
    text = ("Russian forces shelled the city of Kharkiv on Monday, Ukrainian officials said.\n\n"
            "Hospital staff said the shelling killed nine people.\n")
    events = extractor.extract(text, doc_id="s", published="2026-04-07")
    killed = _one(events, "killed nine")
    assert killed.event_type == "ASSAULT"
    assert {a.country for a in killed.actors} == {"RUS"}  # not the hospital staff who report it
    assert "UKR" in {r.country for r in killed.recipients}
    assert (killed.date, killed.date_basis) == ("2026-04-06", "context")
    assert killed.location is not None and killed.location.name == "Kharkiv"


def test_the_place_of_a_deal_reached_or_a_meeting_held_there_is_its_place(extractor: Extractor) -> None:
    text = ("The Armenian government and the separatist leaders in Karabakh reached an agreement "
            "on Friday in Vienna on a cessation of hostilities.\n\n"
            "The Kremlin said on Monday that a meeting between President Ilham Aliyev and Prime Minister "
            "Nikol Pashinyan in Prague was useful.\n")
    events = extractor.extract(text, doc_id="places", published="2026-05-09")
    accord = next(e for e in events if e.event_type == "AGREE")
    assert accord.location is not None and accord.location.country == "AUT", accord
    meeting = next(e for e in events if e.event_type == "CONSULT" and "Prague" in e.sentence)
    assert meeting.location is not None and meeting.location.country == "CZE", meeting


def test_an_attack_happens_at_the_place_it_is_aimed_at(extractor: Extractor) -> None:
    text = "The army said its drone strike on the Sudanese city of El Fasher killed 12 fighters.\n"
    events = extractor.extract(text, doc_id="target", published="2026-05-09")
    attack = next(e for e in events if e.event_type == "ASSAULT")
    assert attack.location is not None and attack.location.country == "SDN", attack


def test_the_news_present_in_reported_speech_is_dated(extractor: Extractor) -> None:
    text = "African Union says Armenia and Azerbaijan formally agree to end fighting after talks in Geneva.\n"
    events = extractor.extract(text, doc_id="present", published="2026-05-13")
    agree = next(e for e in events if e.event_type == "AGREE" and "formally agree" in e.sentence)
    assert agree.date == "2026-05-13" and agree.date_basis == "published"


def test_a_list_of_subjects_the_parser_split_keeps_every_party(extractor: Extractor) -> None:
    text = ("The Armenian Prime Minister, Azerbaijani president, and EU officials meet in Brussels "
            "to discuss a peace treaty, and no agreement was signed.\n")
    events = extractor.extract(text, doc_id="list", published="2026-05-13")
    meet = next(e for e in events if e.trigger == "meet")
    assert {a.country or a.org for a in meet.actors + meet.recipients} >= {"ARM", "AZE", "EU"}, meet
    signed = [e for e in events if e.trigger == "signed"]
    assert signed and all(e.modality == "negated" for e in signed)


def test_a_call_placed_to_a_leader_is_a_call_with_them(extractor: Extractor) -> None:
    events = extractor.extract("Armenian Prime Minister Nikol Pashinyan placed a call to Azerbaijani President "
                               "Ilham Aliyev on Monday.\n", doc_id="call", published="2026-05-13")
    call = next(e for e in events if e.event_type == "CONSULT")
    assert (call.mode, {a.country for a in call.actors}, {r.country for r in call.recipients}) == (
        "phone", {"ARM"}, {"AZE"})
    # a call to action is no call with anyone
    events = extractor.extract("The Armenian opposition issued a call to action on Monday.\n", doc_id="action",
                               published="2026-05-13")
    assert not [e for e in events if e.event_type == "CONSULT"]


def test_curly_apostrophes_parse_as_straight_ones_and_the_sentence_stays_as_written(extractor: Extractor) -> None:
    text = "The United States and Somalia’s al-Shabaab have agreed a ceasefire, mediators announced on Tuesday.\n"
    events = extractor.extract(text, doc_id="curly", published="2026-05-13")
    agree = next(e for e in events if e.event_type == "AGREE")
    assert _codes(agree) == {"USA", "SOM"}, agree
    assert any("al-Shabaab" in (r.text or "") for r in agree.recipients), agree  # the group, not the state
    assert "Somalia’s" in agree.sentence


def test_a_truce_taking_effect_has_the_side_its_sentence_names_as_fighting(extractor: Extractor) -> None:
    text = ("After two months of uninterrupted Azerbaijani attacks on civilians and Armenian forces, a truce "
            "came into effect in Armenia.\n")
    events = extractor.extract(text, doc_id="truce", published="2026-05-13")
    truce = next(e for e in events if e.event_type == "RETREAT")
    assert _codes(truce) == {"ARM", "AZE"}, truce


def _codes(ev: Event) -> set[str]:
    return {c for c in (r.country or r.org for r in ev.actors + ev.recipients) if c}


def test_a_role_word_with_its_of_phrase_is_the_other_participant(extractor: Extractor) -> None:
    text = ("Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev in Geneva on Friday.\n\n"
            "Castigating Aliyev for his remarks, Pashinyan raised his voice, accusing the veteran leader of "
            "blocking the talks.\n")
    events = extractor.extract(text, doc_id="role", published="2026-05-09")
    accused = next(e for e in events if e.trigger == "accusing")
    assert {r.country for r in accused.recipients} == {"AZE"}, accused


def test_an_abbreviation_the_article_defines_is_the_party_it_stands_for_there(extractor: Extractor) -> None:
    text = ("The Sudanese Armed Forces and the Rapid Support Forces (RSF) signed a truce in Jeddah on Thursday.\n\n"
            "The RSF accused the army of shelling Khartoum.\n")
    events = extractor.extract(text, doc_id="rsf", published="2023-05-12")
    accused = next(e for e in events if e.event_type == "ACCUSE")
    assert [(a.country, a.sector) for a in accused.actors] == [("SDN", "REB")], accused
    # elsewhere the same letters keep the dictionary's meaning
    events = extractor.extract("RSF condemned the arrest of a journalist in Minsk.\n", doc_id="press",
                               published="2023-05-12")
    assert all(a.country != "SDN" for e in events for a in e.actors)


def test_the_place_of_a_signing_is_no_participant(extractor: Extractor) -> None:
    text = ("At the meeting in Vienna, Armenian Prime Minister Nikol Pashinyan said they had agreed on "
            "several points but that nothing had been signed in Vienna.\n\n"
            "The two leaders agreed to meet again in June.\n")
    events = extractor.extract(text, doc_id="signing", published="2026-05-09")
    assert all("AUT" not in _codes(e) for e in events if e.event_type in {"AGREE", "CONSULT"}), events


def test_two_leaders_who_settled_on_something_agreed(extractor: Extractor) -> None:
    text = ("Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev, after nine hours "
            "of talks in Geneva, have settled on how to implement the peace accord, the mediators said.\n")
    events = extractor.extract(text, doc_id="settle", published="2026-05-09")
    agreed = [e for e in events if e.event_type == "AGREE" and "settled" in e.trigger]
    assert agreed and _codes(agreed[0]) == {"ARM", "AZE"}, events


def test_complying_with_or_abiding_by_a_truce_is_observing_it(extractor: Extractor) -> None:
    for text in ("Serbia and Kosovo both indicated on Monday that they were complying with the truce.\n",
                 "Thailand and Cambodia said on Monday that they were abiding by the ceasefire.\n"):
        events = extractor.extract(text, doc_id="comply", published="2026-05-13")
        kept = [e for e in events if e.event_type == "RETREAT" and e.cameo == "0871"]
        assert kept and len(_codes(kept[0])) == 2, events
    assert not extractor.extract("The company must comply with the new rules.\n", doc_id="rules",
                                 published="2026-05-13")


def test_an_attack_promised_on_a_condition_is_a_threat(extractor: Extractor) -> None:
    text = "If the rebels violate the truce and try to rearm, we will attack, the Armenian defence minister said.\n"
    events = extractor.extract(text, doc_id="threat", published="2026-05-13")
    assert any(e.event_type == "THREATEN" and e.cameo == "138" for e in events), events
    assert not any(e.event_type == "ASSAULT" for e in events)


def test_avoiding_a_signing_or_talks_is_a_rejection(extractor: Extractor) -> None:
    events = extractor.extract("Pashinyan said Azerbaijan avoids signing the agreement and the annex.\n",
                               doc_id="avoid", published="2026-05-13")
    rejected = [e for e in events if e.event_type == "REJECT"]
    assert rejected and {a.country for a in rejected[0].actors} == {"AZE"}, events
    assert not [e for e in events if e.event_type in {"SUPPORT", "AGREE"} and e.modality == "asserted"]


def test_a_record_since_a_year_is_no_background(extractor: Extractor) -> None:
    text = "The drone attack, which hit the city centre of Stepanakert, was the deadliest since 2020.\n"
    events = extractor.extract(text, doc_id="record", published="2026-05-13")
    hit = next(e for e in events if e.event_type == "ASSAULT")
    assert hit.date == "2026-05-13" and hit.date_basis == "published", hit
    events = extractor.extract("The two armies have clashed near Stepanakert since 2020.\n", doc_id="since",
                               published="2026-05-13")
    assert all(e.date_basis != "published" for e in events)


def test_readiness_for_talks_is_an_intention_and_unreadiness_a_refusal(extractor: Extractor) -> None:
    for text, code in (("The Kremlin said on Monday it was still interested in pursuing peace talks with Kyiv.\n",
                        "UKR"),
                       ("Armenia is ready for talks with Azerbaijan, its foreign minister said.\n", "AZE"),
                       ("The ELN said it was open to negotiations with the Colombian government.\n", "COL")):
        events = extractor.extract(text, doc_id="ready", published="2026-05-11")
        intent = [e for e in events if e.event_type == "AGREE" and e.cameo == "036"]
        assert intent and code in _codes(intent[0]) and intent[0].modality == "asserted", events
    events = extractor.extract("Azerbaijan is not willing to negotiate with Armenia.\n", doc_id="unready",
                               published="2026-05-11")
    assert any(e.event_type == "REJECT" for e in events), events
    assert not any(e.event_type in {"CONSULT", "AGREE"} for e in events)


def test_wire_style_day_after_the_verb_keeps_its_subject_and_counterpart(extractor: Extractor) -> None:
    events = extractor.extract("Ilham Aliyev called Tuesday on Nikol Pashinyan to halt the shelling of border "
                               "villages after Armenian troops fired mortars at Tovuz.\n",
                               doc_id="wire", published="2026-05-13")
    asked = [e for e in events if e.event_type == "REQUEST"]
    assert asked and _codes(asked[0]) == {"AZE", "ARM"} and asked[0].date == "2026-05-12", events
    events = extractor.extract("Plans to sign a trade deal were scrapped after Pashinyan's meeting Friday with "
                               "Aliyev quickly turned into a row.\n", doc_id="wire2", published="2026-05-13")
    met = [e for e in events if e.event_type == "CONSULT"]
    assert met and _codes(met[0]) == {"ARM", "AZE"} and met[0].modality == "asserted", events


def test_a_meeting_the_report_places_nowhere_is_at_its_dateline(extractor: Extractor) -> None:
    text = ("YEREVAN — Armenia and Azerbaijan signed a border demarcation protocol early Friday.\n\n"
            "The two foreign ministers met again on Friday afternoon to discuss the transit routes.\n")
    events = extractor.extract(text, doc_id="dl", published="2026-05-15")
    signed = _one(events, "signed")
    assert signed.location is not None and signed.location.country == "ARM" and signed.location_basis == "context"
    met = _one(events, "met again")
    assert met.location is not None and met.location.country == "ARM", met
    # an agreement may be reached from afar: the dateline does not place it
    events = extractor.extract("DUBAI — Azerbaijan and Armenia have reached a deal on prisoners, the mediators "
                               "said.\n", doc_id="dl2", published="2026-05-15")
    assert events and all(e.location is None for e in events), events


def test_an_unknown_person_takes_no_country_from_a_clause_joined_to_the_event(extractor: Extractor) -> None:
    text = ("Zorvan Telik has requested that the protocol be signed, but I have said that I would not do "
            "anything that violates the Azerbaijani Constitution, he said.\n")
    events = extractor.extract(text, doc_id="clause", published="2026-05-13")
    assert not any("Telik" in a.text and a.country == "AZE" for e in events for a in e.actors), events
    # the event's own clause still places an unknown titled person
    events = extractor.extract("Armenian President Lenar Vostok requested new talks.\n", doc_id="own",
                               published="2026-05-13")
    assert any(a.country == "ARM" for e in events for a in e.actors), events


def test_a_sentence_placing_the_remarks_places_what_was_said(extractor: Extractor) -> None:
    text = ("Turkish President Recep Tayyip Erdogan threatened to impose sanctions on Armenia if the border "
            "talks fail. He made the remarks on Tuesday at a press conference in Ankara.\n\n"
            "Azerbaijan accused Armenia of shelling its villages.\n")
    events = extractor.extract(text, doc_id="remarks", published="2026-05-13")
    threat = _one(events, "threatened")
    assert threat.location is not None and threat.location.name == "Ankara", threat
    assert threat.location_basis == "context"
    # only the sentence before the remarks, and only what its speaker said
    assert all(e.location is None for e in events if "accused" in e.sentence), events


def test_ending_attacks_is_a_concession_and_an_announced_one_is_kept(extractor: Extractor) -> None:
    events = extractor.extract("Azerbaijan suspended its airstrikes on Armenian border posts on Monday.\n",
                               doc_id="end", published="2026-05-13")
    assert any(e.event_type == "CONCEDE" and _codes(e) == {"AZE", "ARM"} for e in events), events
    events = extractor.extract("Aliyev announced that Azerbaijan would end attacks against the Armenian forces.\n",
                               doc_id="end2", published="2026-05-13")
    assert any(e.event_type == "CONCEDE" and "end attacks" in e.trigger for e in events), events
    assert not any(e.event_type in {"ASSAULT", "THREATEN"} and e.modality == "asserted" for e in events)


def test_arrangements_for_a_meeting_are_a_plan_with_its_parties(extractor: Extractor) -> None:
    for text in ("Armenia and Azerbaijan made preparations for a summit between Pashinyan and Aliyev.\n",
                 "The mediators made arrangements for talks, at a venue still to be agreed, between Pashinyan "
                 "and Aliyev.\n"):
        events = extractor.extract(text, doc_id="plan", published="2026-05-13")
        planned = [e for e in events if e.event_type == "AGREE" and e.modality == "future"]
        assert planned and {"ARM", "AZE"} <= _codes(planned[0]), events
        assert not any(e.event_type == "CONSULT" and e.modality == "asserted" for e in events), events
    # beginning the arrangements is no start of the talks themselves
    events = extractor.extract("Aliyev began the arrangements for talks with Pashinyan.\n", doc_id="begin",
                               published="2026-05-13")
    assert not any(e.event_type == "CONSULT" and e.modality == "asserted" for e in events), events


def test_nothing_signed_and_neither_side_signing_are_negated(extractor: Extractor) -> None:
    for text, trigger in (
            ("Pashinyan told reporters that nothing had been signed in Vienna.\n", "signed"),
            ("The mediators said that nobody signed the protocol on Friday.\n", "signed"),
            ("Neither Pashinyan nor Aliyev signed the implementation protocol.\n", "signed")):
        events = extractor.extract(text, doc_id="nothing", published="2026-05-09")
        signed = [e for e in events if trigger in e.trigger]
        assert signed and all(e.modality == "negated" for e in signed), events
    # a signing that did happen stays asserted
    events = extractor.extract("Pashinyan and Aliyev signed the implementation protocol.\n",
                               doc_id="signed", published="2026-05-09")
    assert any("signed" in e.trigger and e.modality == "asserted" for e in events), events


def test_officeholders_of_other_processes_are_known(extractor: Extractor) -> None:
    # leaders of the Kosovo, Sudan and Tigray talks, named by surname or by a by-name
    for text, code in (("Kurti accused Belgrade of stalling the talks.\n", "XKX"),
                       ("Burhan rejected the proposal from the mediators.\n", "SDN"),
                       ("Hemedti rejected the proposal from the mediators.\n", "SDN"),
                       ("Getachew Reda welcomed the agreement on Thursday.\n", "ETH")):
        events = extractor.extract(text, doc_id="leader", published="2023-05-09")
        assert events and code in {a.country for a in events[0].actors}, (text, events)


def test_there_is_no_agreement_is_the_articles_parties_not_agreeing(extractor: Extractor) -> None:
    text = ("Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met in Geneva on "
            "Tuesday.\n\n\"As of now, there is NO agreement on the border,\" Pashinyan said afterwards.\n")
    events = extractor.extract(text, doc_id="none", published="2026-05-13")
    said = [e for e in events if "NO agreement" in e.sentence and e.event_type == "AGREE"]
    assert said and said[0].modality == "negated" and _codes(said[0]) == {"ARM", "AZE"}, events
    # with no party anywhere in the article, it is no event
    events = extractor.extract("There is no agreement on the border.\n", doc_id="bare", published="2026-05-13")
    assert not any(e.event_type == "AGREE" for e in events), events


def test_what_the_signatories_committed_to_that_day_is_at_the_signings_dateline(extractor: Extractor) -> None:
    text = ("Ethiopia's warring parties agree to protect civilians\n\n"
            "The Ethiopian army and the Tigray People's Liberation Front signed a declaration on Friday "
            "committing themselves to protect civilians.\n\n"
            "NAIROBI — Ethiopia's warring parties have committed to protect civilians and to let aid through.\n\n"
            "Russia agreed to send observers, its foreign ministry said.\n")
    events = extractor.extract(text, doc_id="commit", published="2026-05-15")
    committed = [e for e in events if "committed" in e.trigger]
    assert committed and committed[0].location is not None and committed[0].location.country == "KEN", events
    assert committed[0].location_basis == "context"
    # a party that was not at the signing agreed where the report does not say
    sent = [e for e in events if "observers" in e.sentence and e.event_type == "AGREE"]
    assert sent and sent[0].location is None, sent


def test_the_articles_own_agreement_with_one_side_named_has_the_other_participant(extractor: Extractor) -> None:
    text = ("Pashinyan: Aliyev did not agree to sign\n\n"
            "\"We reached agreement on the annex on the border villages,\" Nikol Pashinyan said.\n\n"
            "\"The other party avoids signing the annex,\" he said.\n")
    events = extractor.extract(text, doc_id="we", published="2026-05-15")
    reached = [e for e in events if "reached" in e.trigger]
    assert reached and _codes(reached[0]) == {"ARM", "AZE"}, events


def test_a_quotation_that_goes_on_after_its_attribution_keeps_its_speaker(extractor: Extractor) -> None:
    text = ("\"We keep full freedom of action,\" Armenian Defence Minister Suren Papikyan said on Tuesday. "
            "\"If Azerbaijan violates the agreement and moves its troops -- we will attack.\"\n\n"
            "Officials in Baku said they would respond.\n")
    events = extractor.extract(text, doc_id="quote", published="2026-05-13")
    threat = [e for e in events if e.event_type == "THREATEN" and "we will attack" in e.sentence]
    assert threat, events
    # the speaker is the actor of the quotation's "we"; the party of the condition is the target
    assert {a.country for a in threat[0].actors} == {"ARM"} and {r.country for r in threat[0].recipients} == {"AZE"}
    # the threat is made as it is said: asserted, on the report's day
    assert threat[0].modality == "asserted" and threat[0].date == "2026-05-13", threat[0]
    # without an attribution before it, a quotation's "we" stays nobody's
    events = extractor.extract("\"If Azerbaijan violates the agreement -- we will attack.\"\n", doc_id="bare",
                               published="2026-05-13")
    assert not any("ARM" in _codes(e) for e in events), events


def test_a_bare_title_is_the_person_last_named_with_it(extractor: Extractor) -> None:
    text = ("Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev in Geneva on Tuesday.\n\n"
            "Pashinyan said the talks were useful.\n\n"
            "The prime minister welcomed the release of prisoners held in Azerbaijan.\n\n"
            "The president rejected the proposal from Yerevan.\n")
    events = extractor.extract(text, doc_id="title", published="2026-05-13")
    welcomed = _one(events, "welcomed")
    assert {a.country for a in welcomed.actors} == {"ARM"}, welcomed
    rejected = _one(events, "rejected")
    assert {a.country for a in rejected.actors} == {"AZE"}, rejected


def test_the_agent_of_a_participle_is_its_doer_and_a_group_of_heads_the_participants(extractor: Extractor) -> None:
    text = ("Armenia and Azerbaijan sign peace accord in Washington\n\n"
            "Armenia and Azerbaijan signed a peace accord in Washington on Friday, a US official said.\n\n"
            "The accord, signed later by the heads of the two delegations, also provides for the reopening "
            "of roads across the border, the official said.\n")
    events = extractor.extract(text, doc_id="acl", published="2026-05-16")
    provides = [e for e in events if "heads of the two delegations" in e.sentence]
    assert provides, events
    # the heads of the delegations stand for the two sides, not the official who spoke
    assert all("USA" not in _codes(e) for e in provides), provides
    assert any(_codes(e) == {"ARM", "AZE"} for e in provides), provides


def test_they_agreed_is_the_speakers_side_and_the_other_person_the_sentence_names(extractor: Extractor) -> None:
    text = ("At the talks in Geneva, Armenian Prime Minister Nikol Pashinyan told reporters that they had agreed "
            "on several points, despite President Ilham Aliyev's demand for a new border map.\n")
    agreed = _one(extractor.extract(text, doc_id="they", published="2026-05-16"), "agreed")
    assert _codes(agreed) == {"ARM", "AZE"} and agreed.reciprocal, agreed
    # a singular subject is the speaker's side alone
    text = "Armenian Prime Minister Nikol Pashinyan said he had agreed, despite President Ilham Aliyev's demand.\n"
    agreed = _one(extractor.extract(text, doc_id="he", published="2026-05-16"), "agreed")
    assert _codes(agreed) == {"ARM"}, agreed


def test_a_quotation_attributed_where_it_closes_is_the_speakers_and_the_other_side_is_not(extractor: Extractor) -> None:
    text = ("Pashinyan and Aliyev met in Geneva on Tuesday.\n\n"
            "\"The other side avoids signing the agreement on the border. It is up to the mediators to find a way "
            "forward,\" Pashinyan said.\n")
    events = extractor.extract(text, doc_id="close", published="2026-05-13")
    avoids = _one(events, "avoids")
    # the speaker named after the quotation is its source; "the other side" is the participant he is not
    assert avoids.event_type == "REJECT" and {a.country for a in avoids.actors} == {"AZE"}, avoids
    assert {r.country for r in avoids.recipients} == {"ARM"}, avoids


def test_a_verb_of_force_on_an_opportunity_is_a_figure_of_speech(extractor: Extractor) -> None:
    text = "Turkey seized the opportunity for peace talks with Greece in Istanbul on Monday.\n"
    events = extractor.extract(text, doc_id="fig", published="2026-05-13")
    assert not [e for e in events if e.event_type in {"COERCE", "ASSAULT"}], events
    text = "Turkish police seized the weapons depot in Istanbul on Monday.\n"
    events = extractor.extract(text, doc_id="lit", published="2026-05-13")
    assert [e for e in events if e.event_type == "COERCE"], events


def test_an_agreement_reached_between_two_sides_is_theirs_and_provided_that_is_no_aid(extractor: Extractor) -> None:
    text = ("Armenian Prime Minister Nikol Pashinyan has denied a Russian claim that a border agreement has been "
            "reached between Armenia and Azerbaijan.\n\n"
            "\"Provided that Azerbaijan withdraws its troops from the villages, we are ready to sign,\" Pashinyan added.\n")
    events = extractor.extract(text, doc_id="between", published="2026-05-13")
    reached = next(e for e in events if e.trigger == "reached")
    assert _codes(reached) == {"ARM", "AZE"}, reached
    assert not [e for e in events if e.event_type == "AID"], events


def test_no_intention_to_continue_the_fighting_is_a_declared_de_escalation(extractor: Extractor) -> None:
    text = ("\"Provided that Azerbaijan withdraws its troops from the villages, we have no intention to continue "
            "our operations,\" Pashinyan said on Monday.\n\n"
            "Aliyev said he does not intend to continue the shelling.\n\n"
            "Aliyev said he intends to continue the talks.\n")
    events = extractor.extract(text, doc_id="deesc", published="2026-05-13")
    offer = next(e for e in events if e.cameo == "0356" and "Provided" in e.sentence)
    assert offer.event_type == "AGREE" and offer.modality == "hypothetical", offer
    # the offer is Armenia's, to the side its condition names, and made on the day it is said
    assert {a.country for a in offer.actors} == {"ARM"} and {r.country for r in offer.recipients} == {"AZE"}, offer
    assert offer.date == "2026-05-11", offer
    assert any(e.cameo == "0356" and "shelling" in e.sentence for e in events), events
    assert not any(e.cameo == "0356" and "talks" in e.sentence for e in events), events


def test_a_meeting_arranged_in_a_second_clause_is_not_absorbed_by_the_first_act(extractor: Extractor) -> None:
    text = ("\"After the talks, I called President Aliyev, and began the arrangements for a summit, at a venue "
            "to be agreed, between President Aliyev and Prime Minister Pashinyan,\" the Russian envoy said.\n")
    events = extractor.extract(text, doc_id="conj", published="2026-05-13")
    planned = [e for e in events if e.event_type == "AGREE" and e.modality == "future"]
    assert planned and _codes(planned[0]) == {"ARM", "AZE"}, events


def test_an_appeal_with_should_is_made_as_it_is_said(extractor: Extractor) -> None:
    text = ("Armenian and Azerbaijani negotiators met in Geneva on Tuesday.\n\n"
            "Pashinyan said the next step should be a meeting of the two leaders.\n\n"
            "Pashinyan said Armenia will ask the mediators for a new round.\n")
    events = extractor.extract(text, doc_id="appeal", published="2026-05-14")
    should = next(e for e in events if e.event_type == "REQUEST" and "should" in e.sentence)
    assert should.date == "2026-05-12" and should.date_basis == "context", should
    will = [e for e in events if e.event_type == "REQUEST" and "will ask" in e.sentence]
    assert will and will[0].date is None, will


def test_the_destination_of_a_journey_is_where_its_purpose_and_the_talks_happen(extractor: Extractor) -> None:
    text = ("Pashinyan: Aliyev did not agree to sign\n\n"
            "\"We came to Geneva to sign the peace treaty with the border annex. We reached agreement on the annex "
            "with Aliyev,\" Pashinyan said.\n")
    events = extractor.extract(text, doc_id="journey", published="2026-05-13")
    sign = next(e for e in events if e.trigger == "sign")
    # the signing is where the journey went; the place is no party to it
    assert sign.location is not None and sign.location.country == "CHE", sign
    assert "CHE" not in _codes(sign), sign
    reached = next(e for e in events if "reached" in e.trigger)
    assert reached.location is not None and reached.location.country == "CHE", reached
    # a return home after talks elsewhere does not move the talks
    events = extractor.extract("Pashinyan returned to Yerevan after talks with Aliyev in Geneva.\n", doc_id="back",
                               published="2026-05-13")
    talks = next(e for e in events if e.event_type == "CONSULT")
    assert talks.location is not None and talks.location.country == "CHE", talks


@pytest.mark.parametrize("verb", ["disrespected", "insulted", "berated", "scolded", "chastised", "mocked",
                                  "belittled", "ridiculed", "reprimanded"])
def test_verbs_of_scorn_are_accusations(extractor: Extractor, verb: str) -> None:
    events = extractor.extract(f"Azerbaijani President Ilham Aliyev {verb} Armenian Prime Minister Nikol Pashinyan "
                               "in Baku on Monday.\n", doc_id=verb, published="2026-05-13")
    scorn = [e for e in events if e.event_type == "ACCUSE"]
    assert scorn and {a.country for a in scorn[0].actors} == {"AZE"}, events
    assert {r.country for r in scorn[0].recipients} == {"ARM"}, scorn[0]


def test_a_threat_spoken_to_you_is_aimed_at_the_other_participant(extractor: Extractor) -> None:
    text = ("Aliyev and Pashinyan met in Geneva on Tuesday.\n\n"
            "\"If you move your troops again, you will regret it and we will attack,\" Aliyev said.\n")
    events = extractor.extract(text, doc_id="you", published="2026-05-13")
    threat = next(e for e in events if e.event_type == "THREATEN")
    assert {a.country for a in threat.actors} == {"AZE"} and {r.country for r in threat.recipients} == {"ARM"}, threat


def test_a_promise_to_respond_with_force_is_a_threat_at_the_party_its_sentence_names(extractor: Extractor) -> None:
    text = ("Armenian Defence Minister Suren Papikyan announced that: \"In light of the shelling of our villages "
            "carried out by the Azerbaijani army, we will respond with force.\"\n\n"
            "Baku said it would retaliate.\n\n"
            "The ministry responded to questions from reporters.\n")
    events = extractor.extract(text, doc_id="force", published="2026-05-13")
    threat = next(e for e in events if e.event_type == "THREATEN" and "respond with force" in e.sentence)
    assert {a.country for a in threat.actors} == {"ARM"} and {r.country for r in threat.recipients} == {"AZE"}, threat
    assert any(e.event_type == "THREATEN" and "retaliate" in e.sentence for e in events), events
    assert not any("questions" in e.sentence and e.event_type in {"ASSAULT", "THREATEN"} for e in events), events


def test_a_refusal_formula_answers_the_request_of_its_sentence_and_he_is_the_quoted_speaker(
        extractor: Extractor) -> None:
    text = ("At the talks in Geneva, Azerbaijani President Ilham Aliyev told reporters that nothing had been "
            "signed.\n\n"
            "\"The Armenians will say that I refused. There is a deadline of 30 days for the commission. "
            "Pashinyan has requested that the treaty be signed, but I have said that I would not do anything "
            "that violates our Constitution\", he stated.\n")
    events = extractor.extract(text, doc_id="refuse", published="2026-05-13")
    refusal = next(e for e in events if e.trigger == "would not do anything")
    assert refusal.event_type == "REJECT" and refusal.modality == "asserted", refusal
    # "he" is the speaker the article quotes, not the group named in the sentence before
    assert {a.country for a in refusal.actors} == {"AZE"} and {r.country for r in refusal.recipients} == {"ARM"}, refusal
    # what "anything" is said to do is no event
    assert not any(e.trigger == "violates" for e in events), events


def test_previous_said_of_another_thing_leaves_the_event_dated_and_needs_met_are_no_meeting(
        extractor: Extractor) -> None:
    text = ("Azerbaijan launched a wave of drones at Armenian border posts on Tuesday, calling it retaliation "
            "for previous Armenian shelling.\n\n"
            "The two sides pledged to open corridors to meet the needs of civilians.\n")
    events = extractor.extract(text, doc_id="prev", published="2026-05-13")
    launched = next(e for e in events if e.event_type == "ASSAULT" and "launched" in e.trigger)
    assert launched.date == "2026-05-12", launched
    assert not any(e.event_type == "CONSULT" and "needs" in e.sentence for e in events), events
    # the event's own "previous" still makes it background; a rejection of previous proposals is today's
    events = extractor.extract("Previous meetings between Aliyev and Pashinyan took place in Vienna.\n\n"
                               "Azerbaijan rejected previous proposals from Yerevan.\n", doc_id="own",
                               published="2026-05-13")
    assert all(e.date is None for e in events if e.event_type == "CONSULT"), events
    assert all(e.date == "2026-05-13" for e in events if e.event_type == "REJECT"), events
# ------------------------------------------------------------------ gatherings of many states

def _parties_of(event: Event) -> set[str]:
    return {a.country or a.org or "" for a in event.actors + event.recipients} - {""}


def _gathering(extractor: Extractor, text: str, trigger: str) -> tuple[list[Event], Event]:
    events = extractor.extract(text, doc_id=trigger, published="2026-06-08")
    return events, next(e for e in events if e.event_type == "CONSULT" and e.trigger == trigger)


def test_a_summit_that_sets_what_leaders_did_is_a_meeting_of_them_their_guest_and_host(
        extractor: Extractor) -> None:
    text = ("African leaders pledged on Saturday to back a truce in Sudan.\n\n"
            "At a summit in Nairobi, regional leaders offered strong support to the Sudanese army chief "
            "and promised to do more for his country.\n")
    events, summit = _gathering(extractor, text, "summit")
    assert summit.mode == "multilateral"
    # the unnamed "regional leaders" are the group of states the article names; Kenya hosts
    assert _parties_of(summit) >= {"AFR", "KEN", "SDN"}, summit
    assert summit.location is not None and summit.location.country == "KEN"
    assert summit.date == "2026-06-06"
    offered = _one(events, "offered strong support")
    assert "AFR" in {a.country for a in offered.actors}  # not Kenya, the one country of the sentence


def test_leaders_counted_not_named_who_meet_a_guest_are_the_articles_group_of_states(
        extractor: Extractor) -> None:
    text = ("About 20 leaders met Ethiopian Prime Minister Abiy Ahmed in Kampala on Friday to discuss "
            "the border dispute.\n\n"
            "The gathering reflected worry among African governments about a new war.\n")
    _, met = _gathering(extractor, text, "met")
    assert met.mode == "multilateral"
    assert _parties_of(met) >= {"AFR", "ETH", "UGA"}, met


def test_a_summit_of_a_group_is_an_event_with_those_who_attended_it(extractor: Extractor) -> None:
    text = ("Several African countries agreed to send observers to Sudan, Kenyan President William Ruto "
            "announced on Friday at a summit of African leaders in Kigali, which was also attended by "
            "Somali President Hassan Sheikh Mohamud.\n")
    events, summit = _gathering(extractor, text, "summit")
    assert _parties_of(summit) >= {"AFR", "KEN", "SOM", "RWA"}, summit
    assert "SDN" not in _parties_of(summit)  # where observers are sent is not at the summit
    agreed = _one(events, "agreed to send")
    assert agreed.event_type == "AGREE"


def test_an_agreement_reached_at_a_summit_leaves_the_summit_an_event(extractor: Extractor) -> None:
    text = "African leaders agreed a plan to end the fighting in Sudan at a summit held in Nairobi on Sunday.\n"
    events, summit = _gathering(extractor, text, "summit")
    assert "AGREE" in {e.event_type for e in events}
    assert _parties_of(summit) >= {"AFR"} and summit.location is not None and summit.location.country == "KEN"
    assert summit.date == "2026-06-07"


def test_leaders_named_by_no_nationality_away_from_a_gathering_are_no_group_of_states(
        extractor: Extractor) -> None:
    text = ("Western powers have long backed the talks in Doha.\n\n"
            "Grassroots movements can encourage leaders to pursue a settlement with the Taliban.\n")
    events = extractor.extract(text, doc_id="anyone", published="2026-06-08")
    assert all("WST" not in _parties_of(e) for e in events if "Grassroots" in e.sentence), events


def test_a_meeting_of_two_named_states_is_no_gathering_of_many(extractor: Extractor) -> None:
    text = "At a meeting in Geneva on Friday, the leaders of Armenia and Azerbaijan agreed on a border commission.\n"
    events = extractor.extract(text, doc_id="bilateral", published="2026-06-08")
    assert events and all(e.mode != "multilateral" for e in events), events


def test_the_two_leaders_are_not_a_group_of_states(extractor: Extractor) -> None:
    text = ("Kenyan President William Ruto met Ugandan President Yoweri Museveni in Kampala on Friday, "
            "a week after African leaders called for calm.\n\n"
            "The two leaders agreed to reopen the border.\n")
    events = extractor.extract(text, doc_id="two", published="2026-06-08")
    agreed = _one(events, "reopen the border")
    assert _parties_of(agreed) >= {"KEN", "UGA"} and "AFR" not in _parties_of(agreed), agreed


# ------------------------------------------------------------------ days the narrative gives

def test_fighting_until_a_truce_took_effect_on_the_reports_day_is_of_the_day_before(extractor: Extractor) -> None:
    text = ("A truce between Armenia and Azerbaijan took hold along the border, the two governments said.\n\n"
            "Azerbaijani forces shelled Armenian villages until the final hours before the ceasefire came into effect.\n")
    events = extractor.extract(text, doc_id="until", published="2026-06-10")
    truce = next(e for e in events if e.event_type == "RETREAT" and "took hold" in e.sentence)
    assert truce.date == "2026-06-10"
    shelled = _one(events, "shelled Armenian villages")
    assert (shelled.date, shelled.date_basis) == ("2026-06-09", "context")


def test_a_sentence_going_on_at_the_same_time_takes_the_day_of_the_one_before(extractor: Extractor) -> None:
    text = ("Israeli aircraft bombed Beirut on Monday.\n\n"
            "In parallel, Hezbollah targeted Israeli army bases, whereby its rockets and drones reached Haifa.\n")
    events = extractor.extract(text, doc_id="parallel", published="2026-06-10")
    assert _one(events, "bombed Beirut").date == "2026-06-08"
    targeted = _one(events, "In parallel")
    assert (targeted.date, targeted.date_basis) == ("2026-06-08", "context")  # not the report's day
    # where its weapons reached is where the attack happened
    assert targeted.location is not None and targeted.location.name == "Haifa"


def test_it_also_goes_on_with_the_fighting_of_the_sentence_before(extractor: Extractor) -> None:
    text = ("A ceasefire came into effect in Nagorno-Karabakh, officials in Baku and Yerevan said.\n\n"
            "Azerbaijani forces shelled Armenian villages until the ceasefire went into effect.\n\n"
            "It also shelled border posts.\n")
    events = extractor.extract(text, doc_id="also", published="2026-06-10")
    assert _one(events, "border posts").date == "2026-06-09"


def test_weapons_landing_in_another_clause_do_not_place_the_attack(extractor: Extractor) -> None:
    text = "Israeli aircraft struck militant positions, while Hamas rockets hit Ashkelon.\n"
    events = extractor.extract(text, doc_id="other", published="2026-06-10")
    struck = next(e for e in events if e.trigger == "struck")
    assert struck.location is None or struck.location.name != "Ashkelon", struck



def test_whom_an_agreed_plan_is_for_or_goes_to_is_its_recipient(extractor: Extractor) -> None:
    text = ("Kenyan President William Ruto said on Saturday African leaders had agreed to draw up a "
            "Sudan peace plan to present to the United States.\n\n"
            "Gulf leaders agreed a five-point plan to bolster support for Yemen at a summit held in Riyadh.\n")
    events = extractor.extract(text, doc_id="plan", published="2026-06-08")
    drawn = _one(events, "draw up")
    assert drawn.event_type == "AGREE" and {"AFR", "USA"} <= _parties_of(drawn), drawn
    stepped = next(e for e in events if e.event_type == "AGREE" and "five-point" in e.sentence)
    assert {"PGS", "YEM"} <= _parties_of(stepped), stepped


def test_what_a_speaker_pledges_right_after_the_dated_remarks_is_of_their_day(extractor: Extractor) -> None:
    text = ("About 20 leaders met Armenian Prime Minister Nikol Pashinyan in Paris on Tuesday.\n\n"
            "\"Support for Armenia must go on,\" French President Emmanuel Macron told reporters on Monday "
            "evening at a press conference with Pashinyan.\n\n"
            "Macron pledged a further 500 million euros in French aid.\n")
    events = extractor.extract(text, doc_id="remarks", published="2026-06-09")
    pledged = _one(events, "500 million")
    assert (pledged.date, pledged.date_basis) == ("2026-06-08", "context")  # Monday, not Tuesday's summit


def test_a_day_the_quotation_speaks_of_is_not_the_day_of_the_remarks(extractor: Extractor) -> None:
    text = ("Armenian Prime Minister Nikol Pashinyan met EU officials in Brussels on Tuesday.\n\n"
            "\"On May 3 we agreed on one text,\" said Pashinyan.\n\n"
            "Pashinyan accused Azerbaijan of stalling.\n")
    events = extractor.extract(text, doc_id="quoted", published="2026-06-09")
    assert _one(events, "stalling").date == "2026-06-09"


def test_a_persons_last_name_that_is_a_known_group_is_not_the_group(extractor: Extractor) -> None:
    text = ("Congolese Foreign Minister Therese Kayikwamba Wagner met Rwandan Foreign Minister Olivier "
            "Nduhungirehe in Washington on Friday.\n")
    met = next(e for e in extractor.extract(text, doc_id="wagner", published="2025-06-27") if e.event_type == "CONSULT")
    assert {a.country for a in met.actors} == {"COD"} and {r.country for r in met.recipients} == {"RWA"}, met
    # the group itself is still known
    events = extractor.extract("Wagner fighters attacked the town on Friday.\n", doc_id="group", published="2025-06-27")
    assert any(a.name == "Wagner Group" for e in events for a in e.actors), events


def test_a_weekday_in_what_would_happen_is_the_next_one(extractor: Extractor) -> None:
    # 2026-05-13 is a Wednesday
    text = "Mediator Ivan Petrov told a news conference in Vienna that the truce would take effect on Sunday.\n"
    events = extractor.extract(text, doc_id="would", published="2026-05-13")
    truce = [e for e in events if "truce" in e.sentence and e.date]
    assert truce and truce[0].date == "2026-05-17", events
    # "would have" looks back
    text = "Petrov said the two would have met on Sunday but for the storm.\n"
    events = extractor.extract(text, doc_id="would-have", published="2026-05-13")
    assert all(e.date != "2026-05-17" for e in events), events


def test_a_place_said_of_what_an_agreement_is_about_does_not_place_it(extractor: Extractor) -> None:
    text = ("Armenia and Azerbaijan have agreed to the release of prisoners held in Karabakh, the mediators "
            "said on Wednesday.\n")
    agreed = next(e for e in extractor.extract(text, doc_id="held", published="2026-05-13") if e.trigger == "agreed")
    assert agreed.location is None, agreed
    # a meeting held there is still there
    text = "Armenia and Azerbaijan agreed at talks held in Geneva on Wednesday.\n"
    agreed = next(e for e in extractor.extract(text, doc_id="talks", published="2026-05-13") if e.trigger == "agreed")
    assert agreed.location is not None and agreed.location.country == "CHE", agreed


def test_the_two_militaries_and_the_officers_of_the_two_countries_are_the_sides(extractor: Extractor) -> None:
    text = ("Armenia and Azerbaijan agreed on Saturday to a full ceasefire after four days of cross-border strikes.\n\n"
            "The military operations directors of the two countries had spoken by phone earlier.\n\n"
            "The two militaries are expected to hold talks again on Monday.\n")
    events = extractor.extract(text, doc_id="sides", published="2026-05-16")
    spoken = next(e for e in events if "spoken" in e.sentence)
    assert _codes(spoken) == {"ARM", "AZE"}, spoken
    talks = next(e for e in events if "militaries" in e.sentence)
    assert _codes(talks) == {"ARM", "AZE"} and talks.modality == "future" and talks.date == "2026-05-18", talks
    # cross-border strikes are no walkout
    assert not any(e.event_type == "PROTEST" for e in events), events


def test_an_abbreviation_the_dictionary_knows_keeps_its_party_when_the_article_spells_it_out(
        extractor: Extractor) -> None:
    text = ("Colombian President Gustavo Petro suspended peace talks with the National Liberation Army (ELN) "
            "on Friday.\n\nThe ELN killed at least 80 people in clashes in the Catatumbo region, officials said.\n")
    events = extractor.extract(text, doc_id="eln", published="2025-01-20")
    killed = next(e for e in events if e.event_type == "ASSAULT")
    assert {a.country for a in killed.actors} == {"COL"} and killed.actors[0].sector == "REB", killed
    talks = next(e for e in events if "suspended" in e.trigger)
    assert {r.country for r in talks.recipients} == {"COL"}, talks


def test_the_two_leaders_meeting_abroad_are_the_participants_not_the_host_country(extractor: Extractor) -> None:
    text = ("Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev signed a joint "
            "declaration in Geneva on Friday.\n\n"
            "Aliyev praised Pashinyan for ending decades of conflict.\n\n"
            "The two leaders last met in Abu Dhabi in July.\n")
    events = extractor.extract(text, doc_id="abroad", published="2026-05-15")
    met = next(e for e in events if "last met" in e.sentence)
    assert _codes(met) == {"ARM", "AZE"}, met
    # decades of conflict ended is no background: the statement is of the report's day
    said = [e for e in events if "decades" in e.sentence]
    assert said and all(e.date for e in said), said


def test_two_subjects_of_a_one_sided_act_both_act_and_both_sides_are_whom_it_is_aimed_at(
        extractor: Extractor) -> None:
    text = ("Armenian and Azerbaijani delegations resumed talks in Geneva on Tuesday under Swiss mediation.\n\n"
            "Egypt and Jordan welcomed the resumption of the negotiations.\n\n"
            "The United Nations urged both sides to open the border crossings.\n\n"
            "Armenia and Azerbaijan accused each other of violating the truce.\n")
    events = extractor.extract(text, doc_id="sides", published="2026-05-13")
    welcomed = next(e for e in events if e.trigger == "welcomed")
    assert {a.country for a in welcomed.actors} == {"EGY", "JOR"} and not welcomed.reciprocal, welcomed
    urged = next(e for e in events if e.trigger == "urged")
    assert {r.country for r in urged.recipients} == {"ARM", "AZE"}, urged
    accused = next(e for e in events if e.trigger == "accused")
    assert accused.reciprocal and _codes(accused) == {"ARM", "AZE"}, accused


def test_what_a_future_event_waits_for_is_still_to_come(extractor: Extractor) -> None:
    text = "Moscow said the deal will only take effect after Western sanctions on its farm bank are lifted.\n"
    lifted = [e for e in extractor.extract(text, doc_id="wait", published="2026-05-13") if "lifted" in e.trigger]
    assert lifted and all(e.modality == "future" and e.date is None for e in lifted), lifted
    # a past the report tells of stays done
    text = "Russia lifted the sanctions on the bank after the talks ended on Monday.\n"
    lifted = [e for e in extractor.extract(text, doc_id="done", published="2026-05-13") if "lifted" in e.trigger]
    assert lifted and lifted[0].modality == "asserted", lifted


def test_condemning_the_strike_accuses_its_doer_and_a_deals_place_is_not_the_swaps(extractor: Extractor) -> None:
    text = ("Azerbaijan carried out a drone strike on an Armenian border village on Tuesday, killing two people, "
            "officials in Yerevan said.\n\n"
            "Armenian Prime Minister Nikol Pashinyan condemned the strike as a violation of the truce.\n")
    events = extractor.extract(text, doc_id="condemn", published="2026-05-13")
    condemned = next(e for e in events if e.trigger == "condemned")
    assert {r.country for r in condemned.recipients} == {"AZE"}, condemned
    text = ("Armenia and Azerbaijan exchanged prisoners on Tuesday, the second swap under the deal reached in "
            "Geneva last month.\n")
    swap = next(e for e in extractor.extract(text, doc_id="swap", published="2026-05-13") if "exchanged" in e.trigger)
    assert swap.location is None or swap.location.country != "CHE", swap


def test_readiness_to_go_on_talking_is_an_intention(extractor: Extractor) -> None:
    text = "Pashinyan said Yerevan was satisfied with the Geneva talks and was ready to continue talking to Baku.\n"
    events = extractor.extract(text, doc_id="ready", published="2026-05-13")
    talking = next(e for e in events if "talking" in e.trigger)
    assert (talking.event_type, talking.cameo) == ("AGREE", "036"), talking


def test_a_place_the_tagger_swallowed_into_a_time_still_places_the_attack(extractor: Extractor) -> None:
    text = ("Russia launched a massive missile and drone attack on Kyiv overnight, killing at least 12 people, "
            "Ukrainian officials said Thursday.\n")
    attack = next(e for e in extractor.extract(text, doc_id="time", published="2025-04-24") if e.event_type == "ASSAULT")
    assert attack.location is not None and attack.location.country == "UKR", attack
    assert "UKR" in {r.country for r in attack.recipients}, attack


def test_a_relative_pronoun_is_its_antecedent_and_what_is_under_way_is_dated(extractor: Extractor) -> None:
    text = ("The Armenian army said it had targeted an Azerbaijani commander who was planning an attack on "
            "Armenian villages.\n\n"
            "Azerbaijan, which carried out two drone strikes on the border this week, denied the charge.\n\n"
            "A spokesman in Baku told reporters Armenia and Azerbaijan were continuing to attack each other.\n")
    events = extractor.extract(text, doc_id="relcl", published="2026-05-13")
    planned = next(e for e in events if e.trigger == "attack" and "planning" in e.sentence)
    assert {a.country for a in planned.actors} == {"AZE"}, planned
    strikes = next(e for e in events if "strikes" in e.trigger)
    assert {a.country for a in strikes.actors} == {"AZE"}, strikes
    shelling = [e for e in events if e.trigger.startswith("attack") and "continuing" in e.sentence]
    assert shelling and shelling[0].date == "2026-05-13", shelling
    # sitting silently in meetings is no sit-in
    events = extractor.extract("Pashinyan, who sat silently in the meetings, left early.\n", doc_id="sat",
                               published="2026-05-13")
    assert not any(e.event_type == "PROTEST" for e in events), events


HEATED = (
    "BRUSSELS — A tense exchange broke out in Brussels on Tuesday between Serbian President "
    "Aleksandar Vucic and Kosovo Prime Minister Albin Kurti, EU officials said.\n\n"
    "Kurti accused Vucic of blocking the implementation of the agreement.\n"
)
DEVOLVED = (
    "Armenian Prime Minister Nikol Pashinyan's meeting on Thursday with Azerbaijani President "
    "Ilham Aliyev in Prague quickly devolved into a heated exchange over the border.\n"
)


def test_a_heated_exchange_between_two_leaders_is_their_meeting(extractor: Extractor) -> None:
    events = extractor.extract(HEATED, doc_id="heated", published="2026-04-16")
    met = [e for e in events if e.event_type == "CONSULT" and "tense exchange" in e.sentence]
    assert met, [(e.event_type, e.trigger) for e in events]
    assert {a.country for a in met[0].actors + met[0].recipients} >= {"SRB", "XKX"}
    assert met[0].date == "2026-04-14" and met[0].location is not None and met[0].location.name == "Brussels"
    # what is said at it is placed there, on its day
    accused = _one(events, "Kurti accused")
    assert accused.event_type == "ACCUSE" and accused.date == "2026-04-14"
    assert accused.location is not None and accused.location.name == "Brussels" and accused.location_basis == "context"


def test_talks_that_devolved_into_a_heated_exchange_are_one_meeting(extractor: Extractor) -> None:
    events = extractor.extract(DEVOLVED, doc_id="devolved", published="2026-06-05")
    meetings = [e for e in events if e.event_type == "CONSULT"]
    assert [e.trigger for e in meetings] == ["meeting"], [(e.event_type, e.trigger) for e in events]
    assert {a.country for a in meetings[0].actors + meetings[0].recipients} == {"ARM", "AZE"}


WEEKS_AND_SPEAKERS = (
    "Israel and Hamas exchanged accusations on Tuesday over delays in the release of hostages, a day "
    "after Egyptian and Qatari mediators said the truce in Gaza was holding.\n\n"
    "Israeli Prime Minister Benjamin Netanyahu said Hamas had violated the agreement by failing to hand "
    "over the list of hostages to be freed on Saturday.\n\n"
    "The United States imposed sanctions last week on two companies that supplied drones to Hamas.\n"
)


@pytest.fixture(scope="module")
def weeks(extractor: Extractor) -> list[Event]:
    return extractor.extract(WEEKS_AND_SPEAKERS, doc_id="weeks", published="2025-02-11")


def test_last_week_is_no_day_and_a_subordinate_day_is_not_the_events(weeks: list[Event]) -> None:
    events = weeks
    sanctions = _one(events, "imposed sanctions")
    assert sanctions.event_type == "SANCTION" and sanctions.date is None and sanctions.date_basis is None
    # "hostages to be freed on Saturday": Saturday is the release's day, not the violation's
    violated = [e for e in events if e.event_type == "ACCUSE" and "violated" in e.sentence]
    assert violated and violated[0].date == "2025-02-11", [(e.trigger, e.date) for e in violated]


def test_the_speaker_is_no_party_of_the_truce_it_reports(weeks: list[Event]) -> None:
    holding = [e for e in weeks if e.event_type == "RETREAT" and "holding" in e.sentence]
    assert holding, [(e.event_type, e.trigger) for e in weeks]
    parties = {a.country for a in holding[0].actors + holding[0].recipients}
    assert "EGY" not in parties and "QAT" not in parties
    assert parties == {"ISR", "PSE"}


GOVERNMENT_AND_REBELS = (
    "BOGOTA — Colombia's government and the ELN rebel group agreed on Thursday to extend a bilateral "
    "ceasefire for six months, negotiators said in Caracas.\n\n"
    "The agreement was announced at the end of the fifth round of peace talks, hosted by Venezuela, "
    "which began on May 2.\n\n"
    "President Gustavo Petro welcomed the extension.\n\n"
    "Government negotiator Vera Grabe said the parties would meet again in Mexico City in July to "
    "discuss the participation of civil society.\n"
)


def test_a_government_and_its_rebels_are_two_sides_of_one_country(extractor: Extractor) -> None:
    events = extractor.extract(GOVERNMENT_AND_REBELS, doc_id="eln", published="2024-06-07")
    agreed = _one(events, "agreed on Thursday")
    assert agreed.event_type == "AGREE" and agreed.date == "2024-06-06"
    assert [a.sector for a in agreed.actors] != [r.sector for r in agreed.recipients]
    assert {a.country for a in agreed.actors + agreed.recipients} == {"COL"}  # no host added as a side
    # the article is about the agreement, not the round that began a month before
    welcomed = _one(events, "welcomed")
    assert (welcomed.date, welcomed.date_basis) == ("2024-06-06", "context")
    # "the parties" are both sides; what they plan to discuss is in the coming July
    plans = [e for e in events if "meet again" in e.sentence]
    assert plans and all(e.date == "2024-07" for e in plans), [(e.trigger, e.date) for e in plans]
    assert any(r.sector == "REB" for e in plans for r in e.actors + e.recipients)


CIVIL_WAR = (
    "JEDDAH — Representatives of Sudan's army and the paramilitary Rapid Support Forces resumed "
    "indirect talks in Jeddah on Sunday, Saudi and American mediators said.\n\n"
    "Fighting continued in Darfur, where the RSF shelled the city of El Fasher on Sunday, killing at "
    "least 12 civilians, according to local activists.\n\n"
    "In Pretoria, Ethiopia's federal government and Tigrayan forces signed an agreement on Wednesday "
    "to cease hostilities, and the TPLF said it had made painful concessions.\n"
)


def test_the_armed_movements_of_civil_wars_are_parties_with_their_initials(extractor: Extractor) -> None:
    events = extractor.extract(CIVIL_WAR, doc_id="civil", published="2023-10-30")
    # "RSF" alone is the Rapid Support Forces the article named, not Reporters Without Borders
    shelled = _one(events, "shelled")
    assert shelled.event_type == "ASSAULT"
    assert [(a.country, a.sector) for a in shelled.actors] == [("SDN", "REB")]
    # a rebel attack on a city of its own country is an attack on that country, there
    assert {r.country for r in shelled.recipients} == {"SDN"}
    assert shelled.location is not None and shelled.location.name == "El Fasher"
    signed = [e for e in events if "signed an agreement" in e.sentence and e.event_type == "SUPPORT"]
    assert signed, [(e.event_type, e.trigger) for e in events]
    sides = {(a.country, a.sector) for a in signed[0].actors + signed[0].recipients}
    assert ("ETH", "REB") in sides and any(c == "ETH" and s != "REB" for c, s in sides)
    conceded = [e for e in events if e.event_type == "CONCEDE" and "concessions" in e.sentence]
    assert conceded and [(a.country, a.sector) for a in conceded[0].actors] == [("ETH", "REB")]


def test_what_a_party_is_called_on_to_do_is_its_request_and_it_in_a_description_is_the_doer(
        extractor: Extractor) -> None:
    text = ("President Gustavo Petro called on the ELN to free all remaining hostages.\n\n"
            "The ELN released two soldiers it had kidnapped in Arauca province, the ombudsman's office said.\n")
    events = extractor.extract(text, doc_id="eln2", published="2024-06-07")
    called = [e for e in events if "called on" in e.sentence]
    # the freeing is what is requested, not something Petro did
    assert [e.event_type for e in called] == ["REQUEST"], [(e.event_type, e.trigger) for e in called]
    assert [(r.country, r.sector) for r in called[0].recipients] == [("COL", "REB")]
    kidnapped = [e for e in events if e.trigger == "kidnapped"]
    assert kidnapped and [a.text for a in kidnapped[0].actors] == ["ELN"]


def test_what_a_party_is_blamed_for_is_its_alleged_act(extractor: Extractor) -> None:
    text = ("Kyiv accused Moscow of shelling the city of Kherson overnight.\n\n"
            "A Hamas official blamed Israel for blocking aid trucks at the Rafah crossing.\n")
    events = extractor.extract(text, doc_id="blame", published="2025-02-11")
    shelling = [e for e in events if e.trigger == "shelling"]
    assert shelling and [a.country for a in shelling[0].actors] == ["RUS"]
    assert shelling[0].modality == "reported_claim"  # alleged by Kyiv, not stated by the report
    blocking = [e for e in events if e.trigger == "blocking"]
    assert blocking and [a.country for a in blocking[0].actors] == ["ISR"]
    assert blocking[0].modality == "reported_claim"


def test_a_group_named_again_is_not_a_second_side(extractor: Extractor) -> None:
    text = ("Israel and Hamas exchanged accusations on Tuesday, a day after mediators said the truce in "
            "Gaza was holding.\n\n"
            "A Hamas official, Osama Hamdan, told Al Jazeera the group remained committed to the deal and "
            "blamed Israel for blocking aid trucks.\n")
    events = extractor.extract(text, doc_id="group", published="2025-02-11")
    # "Hamas" (its armed movement) and "the group" are one side of the Gaza truce
    holding = next(e for e in events if e.event_type == "RETREAT" and "holding" in e.sentence)
    assert sorted(a.country for a in holding.actors + holding.recipients) == ["ISR", "PSE"]


def test_a_rebel_side_and_its_government_are_both_parties(extractor: Extractor) -> None:
    text = ("ADEN, Yemen — Yemen's Houthi rebels and the internationally recognized government exchanged "
            "more than 800 prisoners on Sunday, the Red Cross said.\n\n"
            "UN envoy Hans Grundberg urged both sides to build on the momentum and release all remaining "
            "detainees.\n")
    events = extractor.extract(text, doc_id="swap", published="2023-04-17")
    swap = _one(events, "exchanged")
    assert swap.event_type == "RETREAT"
    assert sorted((a.country, a.sector) for a in swap.actors + swap.recipients) == [("YEM", "GOV"), ("YEM", "REB")]
    # "internationally recognized" describes the government: no recognition event
    assert not [e for e in events if e.trigger == "recognized"]
    # both the building and the releasing are what the envoy urged
    urged = [e for e in events if "urged" in e.sentence]
    assert [e.event_type for e in urged] == ["REQUEST"], [(e.event_type, e.trigger) for e in urged]
    assert {(r.country, r.sector) for r in urged[0].recipients} == {("YEM", "GOV"), ("YEM", "REB")}


def test_a_time_of_a_clause_below_the_event_is_not_the_events(extractor: Extractor) -> None:
    text = ("Kurti accused Belgrade of backing armed Serbs who attacked Kosovo police in the village of "
            "Banjska last month, killing one officer.\n")
    events = extractor.extract(text, doc_id="banjska", published="2023-10-25")
    accused = next(e for e in events if e.event_type == "ACCUSE")
    assert (accused.date, accused.date_basis) == ("2023-10-25", "published")
    attacked = next(e for e in events if e.trigger == "attacked")
    assert attacked.date == "2023-09"


def test_talks_that_failed_still_name_the_articles_parties(extractor: Extractor) -> None:
    text = ("BRUSSELS — Kosovo Prime Minister Albin Kurti and Serbian President Aleksandar Vucic failed to "
            "agree on Tuesday on how to implement a deal to normalise relations, EU officials said.\n\n"
            "The two leaders blamed each other for the collapse of the talks.\n")
    events = extractor.extract(text, doc_id="failed", published="2023-10-25")
    blamed = _one(events, "blamed each other")
    assert {a.country for a in blamed.actors + blamed.recipients} == {"XKX", "SRB"}
    assert (blamed.date, blamed.date_basis) == ("2023-10-24", "context")


def test_a_junta_and_armed_groups_are_two_sides_and_a_border_names_no_party(extractor: Extractor) -> None:
    text = ("Myanmar's military government and an alliance of ethnic armed groups agreed to a temporary "
            "ceasefire in northern Shan state on Thursday after talks mediated by China.\n\n"
            "The alliance, which launched an offensive in October, seized several towns near the Chinese "
            "border.\n\n"
            "A coalition of armed groups seized two towns near the Chinese border on Sunday.\n")
    events = extractor.extract(text, doc_id="shan", published="2024-01-12")
    agreed = _one(events, "agreed to a temporary ceasefire")
    assert {(a.country, a.sector) for a in agreed.actors + agreed.recipients} == {("MMR", "GOV"), ("MMR", "UAF")}
    seized = [e for e in events if e.trigger == "seized" and "coalition" in e.sentence]
    assert seized and "CHN" not in {a.country for a in seized[0].actors}


def test_fire_exchanged_strikes_by_their_weapons_and_a_name_given_are_read_as_such(extractor: Extractor) -> None:
    text = ("Thailand and Cambodia agreed to a ceasefire on Monday after talks in Malaysia.\n\n"
            "Hours before the meeting, Thai troops and Cambodian forces exchanged artillery fire near the "
            "disputed temple.\n\n"
            "India launched strikes on what it called terrorist camps in Pakistan on Wednesday.\n\n"
            "The ceasefire came after four days of missile and drone strikes, Donald Trump announced.\n")
    events = extractor.extract(text, doc_id="fire", published="2025-07-28")
    fire = _one(events, "exchanged artillery fire")
    assert fire.event_type == "ASSAULT" and fire.reciprocal
    assert {a.country for a in fire.actors + fire.recipients} == {"THA", "KHM"}
    named = [e for e in events if "what it called" in e.sentence]
    assert [e.event_type for e in named] == ["ASSAULT"], [(e.event_type, e.trigger) for e in named]
    # strikes by missiles and drones are attacks, never a walkout, and not the announcer's
    assert not [e for e in events if e.event_type == "PROTEST"]
    assert not [e for e in events if "strikes" in e.trigger and "USA" in {a.country for a in e.actors}]


def test_our_side_in_a_quotation_is_the_speakers_country(extractor: Extractor) -> None:
    text = '"Witkoff was received by our president this morning," Kremlin aide Yuri Ushakov said.\n'
    events = extractor.extract(text, doc_id="ours", published="2025-08-06")
    received = _one(events, "received")
    assert [(a.text, a.country) for a in received.actors] == [("our president", "RUS")]
    assert [r.country for r in received.recipients] == ["USA"]


def test_talks_by_telephone_are_a_call_and_take_no_meetings_place(extractor: Extractor) -> None:
    text = ("GENEVA — Armenian and Azerbaijani foreign ministers held talks in Geneva on Tuesday.\n\n"
            "Macron and Aliyev talked by telephone on Tuesday.\n\n"
            "Erdogan spoke with Pashinyan in a phone call on Tuesday.\n")
    events = extractor.extract(text, doc_id="phone", published="2026-03-12")
    for word in ("talked by telephone", "phone call"):
        call = _one(events, word)
        assert (call.event_type, call.cameo, call.mode) == ("CONSULT", "041", "phone")
        assert call.location is None  # a call is not held in the meeting's city
    assert {a.country for a in _one(events, "talked by telephone").actors
            + _one(events, "talked by telephone").recipients} == {"FRA", "AZE"}


def test_the_rebels_are_the_one_armed_movement_the_article_names(extractor: Extractor) -> None:
    text = ("BOGOTA — Colombia's government suspended peace talks with the ELN on Friday after the rebels "
            "killed two soldiers in an attack on a military base in Arauca province.\n")
    events = extractor.extract(text, doc_id="eln3", published="2025-01-18")
    killed = [e for e in events if e.trigger == "killed"]
    assert killed and [(a.country, a.sector) for a in killed[0].actors] == [("COL", "REB")]
