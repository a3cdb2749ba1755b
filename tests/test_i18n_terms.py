"""The term base: one rendering per key term, checked by `flows check` in every catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from bot.config import PROJECT_ROOT
from bot.flows.problems import Problem
from bot.flows.translations.terms import (
    check_term_bases,
    check_terms,
    fold,
    load_english_terms,
    term_bases,
)

LOCALES = PROJECT_ROOT / "locales"
LANGUAGES = ("am", "ar", "ckb", "fa", "ps", "ro", "sq", "ti", "vi")
ASK = "a question a survivor might type to reach this topic; write it as they would"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def test_every_language_has_a_term_base_for_every_key_term():
    problems: list[Problem] = []
    english = load_english_terms(LOCALES, problems)
    assert {term.id for term in english} >= {
        "nrm", "reasonable_grounds", "conclusive_grounds", "first_responder",
        "home_office_reporting", "immigration_bail", "caseworker", "support_worker",
        "legal_adviser", "asylum",
    }  # fmt: skip
    bases = term_bases(LOCALES, LANGUAGES)
    assert sorted(bases) == sorted(LANGUAGES)
    for base in bases.values():
        assert set(base.entries.terms) == {term.id for term in english}, base.language
    assert problems == []


def _catalogue(*entries: tuple[str, str, list[str]]) -> Catalog:
    catalog = Catalog(locale="am")
    for source, translation, comments in entries:
        catalog.add(source, translation, auto_comments=comments)
    return catalog


def test_a_term_written_another_way_is_warned_about_with_both_places():
    [base] = term_bases(LOCALES, ["am"]).values()
    catalog = _catalogue(
        ("The final one (conclusive grounds)", "የመጨረሻው ውሳኔ (conclusive grounds)", []),
        ("help after conclusive grounds", "ከኮንክሉሲቭ ግራውንድስ በኋላ እርዳታ", []),
    )
    [warning] = check_terms(catalog, Path("am.po"), base)
    assert warning.severity == "warning"
    assert "help after conclusive grounds" in warning.message
    assert "'ኮንክሉሲቭ ግራውንድስ'" in warning.message and "'የመጨረሻ ውሳኔ'" in warning.message
    assert f"{base.path}:{base.line_of('conclusive_grounds')}" in warning.message


def test_a_legal_term_left_in_english_outside_brackets_is_warned_about():
    [base] = term_bases(LOCALES, ["ps"]).values()
    catalog = _catalogue(
        ("The first one (reasonable grounds)", "لومړنۍ پرېکړه، چې reasonable grounds نومېږي", []),
        ("Then (reasonable grounds)", "بیا لومړنۍ پرېکړه (reasonable grounds)", []),
        ("what is reasonable grounds", "reasonable grounds څه دي", [ASK]),  # as they type it
    )
    [warning] = check_terms(catalog, Path("ps.po"), base)
    assert "The first one" in warning.message and "outside brackets" in warning.message


def test_renderings_compare_as_a_reader_sees_them():
    assert fold("گزارش\u200cدهی") == fold("گزارشدهی")  # with or without the joiner
    assert fold("مخوّلة") == fold("مخولة")  # Arabic vowel marks aside
    assert fold("có căn cứ") != fold("co can cu")  # Vietnamese tones are letters


def test_flows_check_reports_a_broken_term_base_with_its_file_and_line(locales):
    path = locales / "sq" / "terms.yaml"
    path.write_text(path.read_text().replace("  asylum:\n", "  asylumm:\n"))
    problems = check_term_bases(locales, ["sq"])
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].path == path and errors[0].line > 1
    assert "no key term 'asylumm'" in errors[0].message
    assert any("'asylum' has no rendering" in p.message for p in problems)


def test_the_shipped_catalogues_keep_to_their_term_bases():
    """Each catalogue writes every key term one way: no warning left."""
    problems = check_term_bases(LOCALES, LANGUAGES)
    assert [str(p) for p in problems] == []


def _translation(language: str, context: str | None, source: str) -> str:
    from babel.messages.pofile import read_po

    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        entry = read_po(handle).get(source, context)
    assert entry is not None and "unreviewed" in entry.flags, (language, source)
    return entry.string


@pytest.mark.parametrize(
    ("language", "context", "source", "now", "before"),
    [
        # legal terms explained, the English in brackets (Pashto, Amharic)
        ("ps", "life_events/decision_kind", "The first one (reasonable grounds)",
         "لومړنۍ پرېکړه (reasonable grounds)", "reasonable grounds نومېږي"),
        ("am", "nrm_basics/nrm_stages", "what is conclusive grounds",
         "የመጨረሻ ውሳኔ (conclusive grounds)", "ኮንክሉሲቭ ግራውንድስ"),
        # reporting is presenting oneself, not informing the ministry (Persian, Tigrinya, Amharic)
        ("fa", "who_is_who/who_is_who", "Home Office reporting", "اعلام حضور", "گزارش"),
        ("ti", "life_events/life_events", "I am scared of my next reporting", "ፊርማ", "ሪፖርት"),
        ("am", "life_events/life_events", "I am scared of my next reporting", "ፊርማ", "ሪፖርት"),
        # the other slips
        ("ti", "nrm_basics/nrm_support",
         "Women's Aid Belfast and Lisburn helps women. Migrant Help helps other adults.",
         "Women's Aid Belfast and Lisburn", "ኣብ ቤልፋስትን ሊዝበርንን"),
        ("sq", "menu/menu", "Talk to a person", "Flisni me një person", "Fol "),
        ("sq", "reporting/reporting_info",
         "It is a rule of your immigration bail. You report in person, or by phone.",
         "jashtë ndalimit", "me kusht"),
        ("vi", "nrm_basics/nrm_stages",
         "Then there is a final decision, called conclusive grounds. It often takes more than a "
         "year.", "quyết định cuối cùng (conclusive grounds)", "căn cứ kết luận"),
        ("ar", "nrm_basics/nrm_who_refers", "who is first responder",
         "المخوّلة بالإحالة", "الاستجابة الأولى"),
        ("ar", "reminders/reminder_notices", "Only 2 hours before", "ساعتين", "2 ساعة"),
        ("ps", "who_is_who/who_reporting",
         "Keep reporting while you are in the NRM, until you are told you can stop.",
         "وویل شي چې کولای شئ", "ونه ویل شي"),
        ("ckb", "nrm_basics/nrm_who_refers", "You cannot refer yourself.",
         "ناتوانیت خۆت", "خۆت ناتوانیت خۆت"),
        ("ckb", "helplines/helpline_scotland",
         "TARA, for women who were trafficked for sex: 0141 276 7724.",
         "چەوساندنەوەی سێکسی", "بە مەبەستی سێکس"),
        ("ro", "reporting/reporting_info",
         "It is a rule of your immigration bail. You report in person, or by phone.",
         "în afara detenției", "cauțiun"),
        ("am", "menu/human_share",
         "Can your caseworker see the topics you read here, and your story if you wrote one? "
         "Then you do not have to explain again.", "ይፈቅዳሉ?", "ማየት ይችላሉ?"),
    ],
)  # fmt: skip
def test_the_reviews_fixes_are_in_the_catalogues_and_still_unreviewed(
    language, context, source, now, before
):
    translation = _translation(language, context, source)
    assert now in translation and before not in translation
