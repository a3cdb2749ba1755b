"""Danger in what survivors type, with the phrase lists Waypost ships, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.engine.reading import Danger, Tier
from bot.understanding.danger import load_phrases

PHRASES = load_phrases(PROJECT_ROOT / "flows" / "danger")
detect = PHRASES.detector.detect
LANGUAGES = ("en", "sq", "vi", "ti", "ar", "fa", "ps", "ckb", "ro", "am")
DEVELOPMENT = PROJECT_ROOT / "flows" / "danger" / "examples"


def test_every_phrase_file_is_valid():
    assert PHRASES.problems == ()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_phrase_list_and_development_examples(language):
    assert (PROJECT_ROOT / "flows" / "danger" / f"{language}.yaml").exists()
    examples = yaml.safe_load((DEVELOPMENT / f"{language}.yaml").read_text(encoding="utf-8"))
    assert examples["reviewed_by_native_speaker"] is False or examples["reviewed_by_native_speaker"]
    assert len(examples["danger"]) >= 60 and len(examples["ordinary"]) >= 60


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_examples_the_lists_were_written_against_come_out_right(language):
    examples = yaml.safe_load((DEVELOPMENT / f"{language}.yaml").read_text(encoding="utf-8"))
    by_phrases = PHRASES.detector.detect_by_phrases
    wrong = [text for text in examples["danger"] if _tier(by_phrases(text)) is not Tier.CLEAR]
    wrong += [text for text in examples.get("possible") or () if by_phrases(text) is None]
    wrong += [
        f"{text} <- {found.explain()}"
        for text in examples["ordinary"]
        if (found := by_phrases(text))
    ]
    assert wrong == []


def _tier(found: Danger | None) -> Tier | None:
    return None if found is None else found.tier


# Each of these was missed, or raised a false alarm, before the understanding layer.
@pytest.mark.parametrize(
    "text",
    [
        "he is outside my door and he will hurt me",
        "they will find me and hurt me",
        "رح يقتلوني",
        "می خواهم خودم را بکشم",  # Persian with a space for the zero-width non-joiner
        "m-a bătut",
        "m-a violat",
        "ma batut azi noapte",
        "ho se giet toi",
    ],
)
def test_realistic_danger_that_was_missed_is_clear(text):
    assert _tier(detect(text)) is Tier.CLEAR, text


@pytest.mark.parametrize(
    "text",
    [
        "أنا في انتظار القرار",
        "انتظر ردكم",
        "منتظر جواب هستم",
        "mệt muốn chết",
        "më ndjekin në instagram",
        "mă bate gândul să mă mut",
        "my phone died",
        "I follow them on Instagram",
    ],
)
def test_everyday_words_that_looked_like_danger_are_left_alone(text):
    assert detect(text) is None, detect(text).explain()


@pytest.mark.parametrize("text", ["I am not in danger", "I am scared", "they are coming"])
def test_unclear_danger_is_possible_danger(text):
    assert _tier(detect(text)) is Tier.POSSIBLE


def test_a_finding_names_the_file_and_line_that_fired():
    found = detect("they will kill me")
    assert found is not None
    assert found.source.startswith("en.yaml:")
    assert found.language == "en"


def test_a_broken_phrase_file_names_file_and_line(tmp_path: Path):
    (tmp_path / "en.yaml").write_text(
        "language: en\nreviewed_by_native_speaker: false\nclear:\n"
        "  in_danger:\n    - in danger\n    - ... danger\n  sadness:\n    - so sad\n"
    )
    problems = sorted(load_phrases(tmp_path).problems, key=lambda p: p.line)
    assert [(p.path.name, p.line) for p in problems] == [("en.yaml", 6), ("en.yaml", 7)]
    assert "must start with a word" in problems[0].message
    assert "unknown clear category 'sadness'" in problems[1].message


def test_not_reaches_no_further_than_its_clause():
    assert _tier(detect("I am not in danger")) is Tier.POSSIBLE
    assert _tier(detect("I can't sleep, they will kill me")) is Tier.CLEAR


def test_lists_unchanged_since_are_not_compiled_again_but_a_change_is_read(tmp_path: Path):
    path = tmp_path / "en.yaml"
    path.write_text(
        "language: en\nreviewed_by_native_speaker: false\nclear:\n  in_danger:\n    - in danger\n"
    )
    first = load_phrases(tmp_path)
    assert load_phrases(tmp_path) is first
    assert first.detector.detect("they will burn me") is None
    path.write_text(path.read_text() + "  violence:\n    - burn me\n")
    changed = load_phrases(tmp_path)
    assert changed is not first
    assert changed.detector.detect("they will burn me") is not None
