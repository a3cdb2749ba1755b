"""`waypost i18n review-list LANG`: what a native reviewer should check first, in order."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import PROJECT_ROOT
from bot.flows.translations.review_list import review_list_for
from bot.flows.translations.terms import term_bases

LOCALES = PROJECT_ROOT / "locales"


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def reviewed_locales(tmp_path: Path) -> Path:
    """A copy of the catalogues in a git repository, reviewed at its first commit, and one
    translation changed after that review."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "reviewed")
    commit = _git(tmp_path, "rev-parse", "HEAD")
    (locales / "reviews.yaml").write_text(
        "reviews:\n"
        f"  - {{date: 2026-12-05, commit: {commit}, languages: [sq], by: a native speaker}}\n"
    )
    path = locales / "sq" / "LC_MESSAGES" / "messages.po"
    text, old = path.read_text(), 'msgstr "Biseda mbetet në listën tuaj të bisedave'
    assert old in text
    path.write_text(text.replace(old, 'msgstr "Biseda qëndron në listën tuaj të bisedave'))
    return locales


def test_safety_critical_then_legal_terms_then_what_changed(reviewed_locales):
    base = term_bases(reviewed_locales, ["sq"])["sq"]
    safety, legal, changed = review_list_for(reviewed_locales, "sq", base)
    assert any(e.context == "onboarding/danger" for e in safety.entries)
    assert any("08000 121 700" in e.source for e in safety.entries)  # a helpline number
    assert all(e.context != "onboarding/danger" for e in legal.entries + changed.entries)
    conclusive = next(e for e in legal.entries if "called conclusive grounds" in e.source)
    assert "conclusive grounds = baza përfundimtare" in conclusive.terms
    assert [e.source[:40] for e in changed.entries] == ["The chat stays in your list of chats, wi"]
    listed = [(e.context, e.source) for part in (safety, legal, changed) for e in part.entries]
    assert len(listed) == len(set(listed)) < 400  # each once; far fewer than 1,300
    assert all(source != "what is conclusive grounds" for _, source in listed)  # typed examples


def test_the_command_prints_file_and_line_and_the_term_base(reviewed_locales, monkeypatch):
    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(reviewed_locales))
    result = CliRunner().invoke(main, ["i18n", "review-list", "sq"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("1. Safety-critical") < out.index("2. Legal") < out.index("3. Changed")
    assert f"{reviewed_locales / 'sq' / 'LC_MESSAGES' / 'messages.po'}:" in out
    assert "   term: immigration bail = leja për të qëndruar jashtë ndalimit" in out
    assert "3. Changed since the last review (a native speaker, 2026-12-05" in out


def test_persian_has_a_dari_check():
    base = term_bases(LOCALES, ["fa"])["fa"]
    *_, dari = review_list_for(LOCALES, "fa", base)
    assert dari.title.startswith("Dari check") and "وزارت کشور → وزارت داخله" in dari.note
    assert any("وزارت کشور → Dari وزارت داخله" in e.terms for e in dari.entries)


def test_an_unknown_language_or_a_broken_reviews_file_is_named(reviewed_locales, monkeypatch):
    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(reviewed_locales))
    unknown = CliRunner().invoke(main, ["i18n", "review-list", "xx"])
    assert unknown.exit_code == 1 and "no catalogue for 'xx'" in unknown.output
    (reviewed_locales / "reviews.yaml").write_text("reviews:\n  - {date: soon}\n")
    broken = CliRunner().invoke(main, ["i18n", "review-list", "sq"])
    assert broken.exit_code == 1 and "reviews.yaml:2" in broken.output
