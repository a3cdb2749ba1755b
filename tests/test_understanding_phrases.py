"""The phrase language and the folding under it, on phrases written here (not the content)."""

from __future__ import annotations

import pytest

from bot.understanding.folding import fold, words
from bot.understanding.phrases import PhraseError, PhraseSet, Typos, parse


def finds(phrase: str, text: str, keep_accents: bool = False) -> bool:
    phrases = PhraseSet([parse(phrase, "label", Typos(), keep_accents)])
    return any(phrases.find(fold(text)))


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("kill me", "he will kill me tonight", True),
        ("kill me", "he will kil me", False),  # four letters: no typo forgiven
        ("threaten* me", "they are threatening me", True),
        ("threaten* me", "they threatning me", False),  # no typo inside a wildcard word
        ("threatened me", "they threatenned me", True),  # one typo in a long word
        ("threatened me", "they hreatened me", False),  # the first letter must be right
        ("will|gonna hurt me", "he gonna hurt me", True),
        ("going_to|will hurt me", "he is going to hurt me", True),
        ("going_to|will hurt me", "he is going hurt me", False),
        ("he is? outside", "he outside my door", True),
        ("he ... outside my door", "he is standing right outside my door", True),
        ("he ... outside my door", "he was, my friend said, standing right outside my door", False),
        ("y*tl*", "ra7 ye2tlouni", True),
        ("m-a bătut", "m-a batut", True),
        ("m-a bătut", "ma batut", False),
    ],
)
def test_the_phrase_language(phrase, text, expected):
    assert finds(phrase, text) is expected


def test_words_that_keep_accents_must_have_the_right_ones_when_typed_with_any():
    assert finds("tự tử", "tôi muốn tự tử", keep_accents=True)
    assert not finds("tự tử", "từ từ thôi", keep_accents=True)
    assert finds("tự tử", "toi muon tu tu", keep_accents=True)  # typed with no marks at all
    assert not finds("=tự =tử", "tu tu thoi", keep_accents=True)  # = wants the marks


def test_vietnamese_tones_in_either_place_are_one_word():
    assert fold("hoà").toned == fold("hòa").toned
    assert fold("thuý").toned == fold("thúy").toned


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("می‌خواهم بمیرم", "می خواهم بمیرم"),  # zero-width non-joiner typed as a space
        ("می‌خواهم بمیرم", "میخواهم بمیرم"),  # or left out
        ("رح يقتلوني", "رح یقتلونی"),  # Arabic and Persian yeh
        ("ښځه", "شزه"),  # Pashto on a Persian keyboard
        ("مەترسی", "مهترسی"),  # Sorani ae typed as heh
        ("أُرِيدُ أَنْ أَمُوتَ", "اريد ان اموت"),  # hamza and vowel marks
        ("ሐደጋ", "ሀደጋ"),
        ("ሓደጋ", "ሃደጋ"),
        ("ፀሓይ", "ጸሃይ"),
        ("Dua të vdes", "dua te vdes"),
        ("șț", "şţ"),  # Romanian comma and cedilla forms
        ("pleaseee   heeelp!!", "please help"),
        ("i\u200b am in\u200b danger", "i am in danger"),
    ],
)
def test_ways_of_typing_one_word_fold_to_one(one, other):
    assert words(one) == words(other)


def test_words_that_differ_by_a_real_letter_stay_apart():
    assert words("انتظار") != words("انتحار")  # waiting, suicide


@pytest.mark.parametrize("bad", ["... kill me", "kill me ...", "me? kill", "kill || me", "*"])
def test_a_phrase_that_cannot_be_read_is_an_error(bad):
    with pytest.raises(PhraseError):
        parse(bad, "label", Typos(), keep_accents=False)


def test_a_long_message_is_read_once_not_phrase_by_phrase():
    phrases = PhraseSet([parse(f"word{i} thing", i, Typos(0), False) for i in range(2_000)])
    message = fold("nothing to see here " * 200 + "word1999 thing")
    [found] = phrases.find(message)
    assert found.phrase.label == 1999


def test_every_place_a_phrase_stands_is_found():
    phrases = PhraseSet([parse("follow me", "label", Typos(), False)])
    places = [
        found.start for found in phrases.find(fold("you follow me online, now they follow me home"))
    ]
    assert places == [1, 6]


def test_a_strict_word_without_accents_wants_none_typed():
    assert finds("=cho ngu", "khong co cho ngu", keep_accents=True)
    assert not finds("=cho ngu", "chó ngủ", keep_accents=True)


def test_clauses_are_marked_where_punctuation_ends_them():
    assert fold("I can't sleep, he will kill me").clause_starts == frozenset({3})
