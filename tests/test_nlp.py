"""The pipeline lib/nlp.py builds: its order checks itself."""

from __future__ import annotations

from lib.nlp import load_model


def test_every_component_finds_what_it_requires_before_it(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}


def test_dateline_components_declare_what_they_assign():
    nlp = load_model()
    for name in ("dateline_paragraphs", "dateline_entities", "dateline_quotes", "dateline_visits"):
        assert nlp.get_pipe_meta(name).assigns, name


def test_the_domain_patterns_are_loaded_by_spacys_own_entity_ruler(nlp, parse):
    assert type(nlp.get_pipe("dateline_entity_ruler")).__name__ == "EntityRuler"
    doc = parse("Leaders met at CHOGM in Apia.")
    assert [(e.text, e.label_) for e in doc.ents if e.text == "CHOGM"] == [("CHOGM", "EVENT")]
