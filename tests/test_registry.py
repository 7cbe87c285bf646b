"""Snapshot of détente's registered spaCy components: a renamed factory, a changed default or a
changed declaration of what a component sets must be a deliberate, versioned change."""

from __future__ import annotations

from spacy.language import Language

from detente.extract.nlp import COMPONENTS, EVENTS_COMPONENT, register_components

SNAPSHOT = {
    "detente_lines_v1": {"default_config": {}, "assigns": ["token.is_sent_start"], "requires": []},
    "detente_events_v1": {
        "default_config": {"max_sentence_tokens": 150},
        "assigns": ["doc._.events"],
        "requires": ["token.dep", "token.lemma", "token.pos", "token.tag", "token.ent_type", "doc.sents"],
    },
}


def test_registered_components_match_snapshot() -> None:
    register_components()
    found = {}
    for name in sorted(n for n in COMPONENTS):
        meta = Language.get_factory_meta(name)
        config = {k: v for k, v in meta.default_config.items() if not k.startswith("@")}
        found[name] = {"default_config": config, "assigns": list(meta.assigns), "requires": list(meta.requires)}
    assert found == SNAPSHOT


def test_component_names_are_versioned() -> None:
    assert all(name.startswith("detente_") and name.rsplit("_", 1)[1].startswith("v") for name in COMPONENTS)
    assert EVENTS_COMPONENT in COMPONENTS


def test_pipeline_breaks_sentences_at_lines_but_not_at_hard_wraps() -> None:
    from detente.extract.nlp import LINES_COMPONENT, load_pipeline

    nlp = load_pipeline()
    assert nlp.pipe_names.index(LINES_COMPONENT) < nlp.pipe_names.index("parser")
    doc = nlp("Delegates Gather In Vienna\nBy A Staff Writer\n\nThe two envoys met on Monday and\n"
              "agreed to talk again.\nPhoto: a handshake")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Delegates Gather In Vienna"
    assert "By A Staff Writer" in sents
    assert "The two envoys met on Monday and\nagreed to talk again." in sents
    assert sents[-1] == "Photo: a handshake"


def test_registration_is_idempotent() -> None:
    register_components()
    register_components()
    assert Language.has_factory(EVENTS_COMPONENT)
