"""Everyday words in every language (flows/everyday/<language>.yaml): greetings, thanks, "menu",
"back" and "help" typed on any screen, with or without accents, get what they mean."""

from __future__ import annotations

from collections import defaultdict

import pytest

from bot import texts
from bot.config import PROJECT_ROOT
from bot.engine.reading import Everyday, Tier
from bot.flows.yaml_source import read_yaml
from bot.understanding.danger import load_phrases
from bot.understanding.everyday import EverydayFile, load_everyday
from bot.understanding.folding import words
from tests.chat_driver import ChatDriver

FOLDER = PROJECT_ROOT / "flows" / "everyday"
EVERYDAY = load_everyday(FOLDER)
DETECTOR = load_phrases(PROJECT_ROOT / "flows" / "danger").detector
LANGUAGES = {"en"} | {
    path.name for path in (PROJECT_ROOT / "locales").iterdir() if (path / "LC_MESSAGES").is_dir()
}


def _files() -> dict[str, EverydayFile]:
    return {
        path.stem: EverydayFile.model_validate(read_yaml(path).data)
        for path in sorted(FOLDER.glob("*.yaml"))
    }


FILES = _files()
ALL_WORDS = [
    (language, meaning, word)
    for language, parsed in FILES.items()
    for meaning in Everyday
    if meaning is not Everyday.SAD
    for word in getattr(parsed, meaning.value)
]


def test_every_language_has_a_file_that_loads_without_problems():
    assert EVERYDAY.problems == []
    assert set(FILES) == LANGUAGES
    for language, parsed in FILES.items():
        assert parsed.language == language
        for meaning in Everyday:
            if meaning is not Everyday.SAD:
                assert getattr(parsed, meaning.value), f"{language}: no {meaning} words"


def test_every_word_means_what_its_file_says():
    """Words of all languages share one table: a word in two lists would lose one meaning."""
    meanings: dict[str, set[tuple[str, Everyday]]] = defaultdict(set)
    for language, meaning, word in ALL_WORDS:
        assert words(word), f"{language}: {word!r} folds to nothing"
        meanings[" ".join(words(word))].add((language, meaning))
        assert EVERYDAY.meaning(word) is meaning, f"{language}: {word!r}"
    clashes = {
        folded: found for folded, found in meanings.items() if len({m for _, m in found}) > 1
    }
    assert clashes == {}


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        # Albanian, standard and Gheg, with and without ë and ç
        ("Përshëndetje", Everyday.GREETING),
        ("pershendetje!", Everyday.GREETING),
        ("ç'kemi", Everyday.GREETING),
        ("qysh je", Everyday.GREETING),
        ("Faleminderit shumë", Everyday.THANKS),
        ("faleminderit shume", Everyday.THANKS),
        ("flm", Everyday.THANKS),
        ("menyja", Everyday.MENU),
        ("kthehu mbrapa", Everyday.BACK),
        # Vietnamese, with tone marks, without, and a chat form
        ("Xin chào", Everyday.GREETING),
        ("xin chao", Everyday.GREETING),
        ("Cảm ơn nhiều ạ", Everyday.THANKS),
        ("cam on", Everyday.THANKS),
        ("tks", Everyday.THANKS),
        ("trang chủ", Everyday.MENU),
        ("QUAY LAI", Everyday.BACK),
        ("trợ giúp", Everyday.HELP),
        # Tigrinya, in Ge'ez (either of two letters that sound alike) and romanised
        ("ሰላም", Everyday.GREETING),
        ("ከመይ ኣለኻ", Everyday.GREETING),
        ("የቐንየለይ", Everyday.THANKS),
        ("የቀንየለይ", Everyday.THANKS),
        ("yekenyeley", Everyday.THANKS),
        ("ንድሕሪት", Everyday.BACK),
        # Arabic: vowel marks or none, ة or ه, Levantine, Gulf, Egyptian, Arabizi
        ("مرحباً", Everyday.GREETING),
        ("كيفك", Everyday.GREETING),
        ("شكراً جزيلاً", Everyday.THANKS),
        ("شكرا جزيلا", Everyday.THANKS),
        ("يعطيك العافيه", Everyday.THANKS),
        ("shukran", Everyday.THANKS),
        ("القائمة الرئيسية", Everyday.MENU),
        ("قايمه", Everyday.MENU),
        ("رجوع", Everyday.BACK),
        ("مساعدة", Everyday.HELP),
        # Persian and Dari, Arabic or Persian keyboard, with or without the non-joiner
        ("سلام", Everyday.GREETING),
        ("مرسی", Everyday.THANKS),
        ("تشکر", Everyday.THANKS),
        ("متشكرم", Everyday.THANKS),
        ("mersi", Everyday.THANKS),
        ("گزینه‌ها", Everyday.MENU),
        ("گزینه ها", Everyday.MENU),
        ("برگشت", Everyday.BACK),
        # Pashto on a Pashto keyboard and on a Persian one
        ("ستړي مه شئ", Everyday.GREETING),
        ("ډېره مننه", Everyday.THANKS),
        ("دیره مننه", Everyday.THANKS),
        ("manana", Everyday.THANKS),
        ("شاته", Everyday.BACK),
        # Sorani, with its own letters and with Persian ones
        ("سڵاو", Everyday.GREETING),
        ("سلاو", Everyday.GREETING),
        ("زۆر سوپاس", Everyday.THANKS),
        ("زور سوپاس", Everyday.THANKS),
        ("مێنیو", Everyday.MENU),
        ("گەڕانەوە", Everyday.BACK),
        # Romanian, with and without diacritics, and chat forms
        ("Bună ziua", Everyday.GREETING),
        ("buna ziua", Everyday.GREETING),
        ("Mulțumesc frumos", Everyday.THANKS),
        ("multumesc", Everyday.THANKS),
        ("mersi mult", Everyday.THANKS),
        ("meniul principal", Everyday.MENU),
        ("Înapoi", Everyday.BACK),
        ("inapoi", Everyday.BACK),
        # Amharic, with the common slip at the verb's end, and romanised
        ("ሰላም ነህ", Everyday.GREETING),
        ("ጤና ይስጥልኝ", Everyday.GREETING),
        ("አመሰግናለሁ", Everyday.THANKS),
        ("አመሰግናለው", Everyday.THANKS),
        ("amesegnalehu", Everyday.THANKS),
        ("ዋና ማውጫ", Everyday.MENU),
        ("ወደ ኋላ", Everyday.BACK),
        ("እርዳታ", Everyday.HELP),
    ],
)
def test_typed_forms_in_every_language_get_their_meaning(typed, meaning):
    assert EVERYDAY.meaning(typed) is meaning


@pytest.mark.parametrize(
    "typed",
    # answers and please, left out of the lists on purpose: never an everyday word
    [
        "po",
        "jo",
        "da",
        "nu",
        "vâng",
        "không",
        "نعم",
        "لا",
        "بله",
        "نه",
        "هو",
        "بەڵێ",
        "እወ",
        "አዎ",
        "ju lutem",
        "vă rog",
        "لطفا",
        "پس",
        "acasă",
    ],
)
def test_answers_and_please_are_not_everyday_words(typed):
    assert EVERYDAY.meaning(typed) is None


@pytest.mark.parametrize(("language", "meaning", "word"), ALL_WORDS)
def test_no_everyday_word_is_danger(language, meaning, word):
    """Greetings, thanks, "menu" and "back" are never screened as danger, by the phrase lists or by
    the learned model (which looks again at two words or more, and learns them as ordinary): a
    word it takes for danger is left out of the everyday list, with a note in the file's header,
    or answered with an ordinary example in flows/danger/examples/. A request for help may be
    "possible danger" (never clear danger): the danger lists come first and ask "Are you safe
    right now?", as for "help" in English, and the help words are kept for the forms the lists
    do not catch, which then go to the help screen."""
    danger = DETECTOR.detect_by_phrases(word)
    if meaning is Everyday.HELP:
        assert danger is None or danger.tier is Tier.POSSIBLE, danger and danger.explain()
        return
    danger = danger or DETECTOR.detect(word)
    assert danger is None, f"{language} {meaning} {word!r}: {danger and danger.explain()}"


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


def _onboard_in(chat: ChatDriver, runtime, language_label: str, language: str):
    chat.start()
    chat.press(language_label)
    chat.press_data("consent/agree")
    chat.press_data("nation/england_wales")
    assert chat.state.language == language and chat.state.consented
    assert chat.state.node == "menu"
    return runtime.engine.content.translations.translator(language)


def test_faleminderit_after_onboarding_in_albanian_gets_the_thanks_line(chat, runtime):
    albanian = _onboard_in(chat, runtime, "Shqip", "sq")
    node = chat.state.node
    chat.text("faleminderit")
    assert albanian(texts.THANKS) in chat.texts  # after a note of any text still in English
    assert chat.state.node == node
    assert chat.labels  # the choices are still there
    chat.text("Përshëndetje")
    assert albanian(texts.GREETING) in chat.texts


def test_menu_typed_in_albanian_without_accents_goes_to_the_menu(chat, runtime):
    _onboard_in(chat, runtime, "Shqip", "sq")
    chat.press_data(chat.buttons[1].data)
    assert chat.state.node != "menu"
    chat.text("shko ne menu")  # "shko në menu"
    assert chat.state.node == "menu"


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("pershendetje, kam nje pyetje", "sq"),
        ("buna ziua, am o intrebare", "ro"),
        ("xin chao, em can giup", "vi"),
        ("ሰላም ሓገዝ ደልየ", "ti"),  # ሰላም is Amharic too; ሓገዝ ደልየ only Tigrinya
        ("ሰላም እርዳታ እፈልጋለሁ", "am"),
        ("hello there", None),  # English greetings are typed in every language
        ("salam", None),  # Arabic, Persian, Pashto, Sorani alike
    ],
)
def test_a_greeting_tells_the_language_only_when_one_language_has_it(typed, language):
    assert EVERYDAY.language_of(typed) == language
