"""Danger phrases: a corpus that must trigger, in every language, and one that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.escalation.danger import CATEGORIES, load_phrases
from bot.escalation.normalise import words

PHRASES = load_phrases(PROJECT_ROOT / "flows" / "danger")
detect = PHRASES.detector.detect

MUST_TRIGGER = {
    # English, with the misspellings, shouting and punctuation people really type
    "I want to kill myself": "self_harm",
    "i want to kil myself": "self_harm",
    "I Want To KILL MYSELF!!!": "self_harm",
    "i'm thinking about suicide": "self_harm",
    "feeling suicidal tonight": "self_harm",
    "i dont want to live anymore": "self_harm",
    "I can't go on like this": "self_harm",
    "they found me": "threatened",
    "They FOUND me. What do I do": "threatened",
    "he said they will kill me": "threatened",
    "they know where i live now": "threatened",
    "someone is folowing me": "threatened",
    "my boss threatened my family": "threatened",
    "they force me to work every day": "forced_work",
    "i am forced to work without money": "forced_work",
    "they tooke my pasport": "forced_work",
    "they won't let me leave the house": "forced_work",
    "they dont pay me": "forced_work",
    "i have nowhere to sleep tonight": "no_safe_place",
    "I have no where to sleep": "no_safe_place",
    "sleeping on the streett": "no_safe_place",
    "I am homeless": "no_safe_place",
    "I'm in danger": "in_danger",
    "please help me": "in_danger",
    "pleaseee help meee": "in_danger",
    "i\u200b am in\u200b danger": "in_danger",
    "\u202ei am in danger": "in_danger",
    # Albanian, with and without its letters ë and ç
    "Dua të vdes": "self_harm",
    "dua te vdes": "self_harm",
    "më kërcënojnë çdo ditë": "threatened",
    "me kercenojne": "threatened",
    "më morën pasaportën": "forced_work",
    "nuk kam ku të fle sonte": "no_safe_place",
    "jam në rrezik": "in_danger",
    "jam ne rrezik": "in_danger",
    # Arabic, with and without hamza and vowel marks, and Persian keyboard letters
    "أريد أن أموت": "self_harm",
    "اريد ان اموت": "self_harm",
    "أُرِيدُ أَنْ أَمُوتَ": "self_harm",
    "أنا في خطر": "in_danger",
    "انا في خطر": "in_danger",
    "انا فی خطر": "in_danger",
    "أخذوا جواز سفري": "forced_work",
    "هددوني": "threatened",
    "أنام في الشارع": "no_safe_place",
    # Persian, with and without the zero-width non-joiner
    "می‌خواهم بمیرم": "self_harm",
    "میخواهم بمیرم": "self_harm",
    "من در خطر هستم": "in_danger",
    # Romanian, with and without diacritics
    "vreau să mor": "self_harm",
    "vreau sa mor": "self_harm",
    "sunt în pericol": "in_danger",
    "mi-au luat pașaportul": "forced_work",
    # Vietnamese, with tones, and typed without them
    "tôi muốn chết": "self_harm",
    "toi muon chet": "self_harm",
    "tôi đang gặp nguy hiểm": "in_danger",
    "họ lấy hộ chiếu của tôi": "forced_work",
    # Pashto, Sorani, Amharic, Tigrinya
    "زه په خطر کې یم": "in_danger",
    "من لە مەترسیدام": "in_danger",
    "አደጋ ላይ ነኝ": "in_danger",
    "ኣነ ኣብ ሓደጋ እየ": "in_danger",
}

MUST_NOT_TRIGGER = [
    "Hello",
    "What is the NRM?",
    "I want to know about reporting",
    "I have an appointment at the Home Office on Tuesday",
    "My phone battery died",
    "I am not sure what to do",
    "Can you help me understand the letter?",
    "I will go to the office myself",
    "I want to dine with my friend",
    "She found my keys",
    "Where do I live after the decision?",
    "I have a home now, thank you",
    "The homework is hard",
    "I went to the job centre",
    "Is the interview safe to attend?",
    "Please tell me more",
    "How long does the decision take?",
    "I killed time waiting at the bus stop",
    "I got paid today",
    "We can leave at 5",
    # Albanian: "I am not sure" looks like "I am not safe" word for word
    "Nuk jam i sigurt",
    "Nuk jam e sigurt",
    "Përshëndetje, si jeni?",
    # Vietnamese: without tones, "từ từ" (slowly) would look like "tự tử" (suicide)
    "từ từ thôi",
    "tu tu thoi",
    "Xin chào",
    "مرحبا، كيف حالك؟",
    "سلام، حال شما چطور است؟",
    "Bună ziua",
]


def test_every_phrase_file_is_valid():
    assert PHRASES.problems == []


def test_every_language_waypost_serves_has_a_phrase_list():
    expected = {"en", "sq", "vi", "ti", "ar", "fa", "ps", "ckb", "ro", "am"}
    present = {path.stem for path in (PROJECT_ROOT / "flows" / "danger").glob("*.yaml")}
    assert expected <= present


@pytest.mark.parametrize(("text", "category"), MUST_TRIGGER.items())
def test_danger_is_found(text, category):
    found = detect(text)
    assert found is not None, f"not detected: {text!r} -> {words(text)}"
    assert found.category == category


@pytest.mark.parametrize("text", MUST_NOT_TRIGGER)
def test_ordinary_sentences_are_left_alone(text):
    assert detect(text) is None, words(text)


def test_every_category_is_covered_in_english():
    assert {MUST_TRIGGER[text] for text in MUST_TRIGGER if text.isascii()} == set(CATEGORIES)


def test_a_broken_phrase_file_names_file_and_line(tmp_path: Path):
    (tmp_path / "en.yaml").write_text(
        "language: en\nreviewed_by_native_speaker: true\nphrases:\n"
        "  in_danger:\n    - in danger\n  sadness:\n    - so sad\n"
    )
    [problem] = load_phrases(tmp_path).problems
    assert (problem.path.name, problem.line) == ("en.yaml", 6)
    assert "unknown category 'sadness'" in problem.message
