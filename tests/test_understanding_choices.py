"""Which button a survivor meant when they typed: the matching itself."""

from __future__ import annotations

from bot.understanding.choices import typed_choice

PERSON = [
    ["اطلب من فريق Waypost أن يتصل بي", "Ask the Waypost team to contact me"],
    ["رجوع", "Back"],
]


def test_a_number_a_near_label_or_some_of_its_words_choose_a_button():
    options = [["Yes, that is OK"], ["No"]]
    assert typed_choice("1", options) == 0
    assert typed_choice("yes thats ok", options) == 0
    assert typed_choice("no", options) == 1
    assert typed_choice("9", options) is None


def test_an_arabic_word_typed_with_the_article_is_the_labels_word():
    assert typed_choice("اطلب من الفريق أن يتصل بي", PERSON) == 0
    assert typed_choice("والفريق يتصل بي", PERSON) == 0


def test_two_equally_fitting_buttons_choose_neither():
    assert typed_choice("help", [["Help now"], ["Help for women only"]]) is None
