"""The gettext workflow: extraction from flows and code, update, status."""

from __future__ import annotations

import os
import shutil
import time

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from bot.cli import main
from bot.config import PROJECT_ROOT
from bot.deadlines.rules import RULES_FILE
from bot.escalation.ready_replies import CONTEXT as READY_REPLIES
from bot.flows.translations import workflow
from bot.i18n.catalogues import META_UNREVIEWED, compiled_path, load_catalogue
from bot.reminders.plan import DEADLINE_CONTEXT as DEADLINES
from tests.conftest import FIXTURES


def test_a_string_added_to_a_flow_appears_in_the_template_with_its_context(tmp_path, monkeypatch):
    flows = tmp_path / "flows"
    shutil.copytree(PROJECT_ROOT / "flows", flows)
    menu = flows / "menu.yaml"
    menu.write_text(menu.read_text().replace("What would you like to know?", "What now, friend?"))
    monkeypatch.setenv("WAYPOST_FLOWS_DIR", str(flows))
    output = tmp_path / "messages.pot"
    result = CliRunner().invoke(main, ["i18n", "extract", "--output", str(output)])
    assert result.exit_code == 0, result.output
    with output.open("rb") as handle:
        template = read_po(handle)
    assert template.get("What now, friend?", "menu/menu") is not None
    assert template.get("Yes, that is OK", "onboarding/consent") is not None  # a button
    assert template.get("I will write to you again tomorrow.", "ready_replies") is not None
    assert template.get("Your support may end", "deadlines") is not None
    assert template.get("Please choose one of the buttons.") is not None  # from the code
    assert not any("kill myself" in str(message.id) for message in template)  # danger lists


def test_the_features_lists_of_texts_are_extracted_in_the_contexts_the_features_look_up():
    """babel.cfg declares them, so extracting imports no feature; this keeps the two agreeing."""
    template = workflow.extract(PROJECT_ROOT / "flows", PROJECT_ROOT / "bot")
    contexts = {message.context: where for message in template for where, _ in message.locations}
    assert contexts[READY_REPLIES] == "flows/staff/ready_replies.yaml"
    assert contexts[DEADLINES] == f"flows/{RULES_FILE}"


def test_update_and_status(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(FIXTURES / "locales", locales)
    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(locales))
    assert CliRunner().invoke(main, ["i18n", "update"]).exit_code == 0
    with (locales / "sq" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    assert catalogue.get("What would you like to know?", "menu/menu").string == (
        "Çfarë dëshironi të dini?"
    )
    assert catalogue.get("Who can refer me?", "nrm_basics/nrm_intro") is not None
    status = CliRunner().invoke(main, ["i18n", "status"])
    assert status.exit_code == 0
    [row] = [line for line in status.output.splitlines() if line.startswith("sq")]
    _, translated, _, unreviewed, missing, plurals = row.split()
    assert translated.endswith("%") and int(missing) > 0
    done, counted = plurals.split("/")
    assert (done, int(counted) > 0) == ("0", True)  # the fixture has no plural forms yet
    assert unreviewed == "0"


def test_catalogues_are_compiled_for_the_bot_and_recompiled_when_edited(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(FIXTURES / "locales", locales, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(locales))
    result = CliRunner().invoke(main, ["i18n", "compile"])
    assert result.exit_code == 0, result.output
    source = locales / "sq" / "LC_MESSAGES" / "messages.po"
    assert compiled_path(source).is_file()
    assert "sq: " in result.output and "translations" in result.output

    source.write_text(
        source.read_text().replace('msgstr "Çfarë dëshironi të dini?"', 'msgstr "Çfarë kërkoni?"')
    )
    os.utime(source, (time.time() + 5, time.time() + 5))  # edited after it was compiled
    catalogue = load_catalogue(source, "sq")
    assert catalogue.messages[("menu/menu", "What would you like to know?")] == "Çfarë kërkoni?"


def test_a_catalogue_compiled_by_another_tool_is_compiled_again_the_waypost_way(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(FIXTURES / "locales", locales, ignore=shutil.ignore_patterns("*.mo"))
    source = locales / "sq" / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        plain = read_po(handle)
    with compiled_path(source).open("wb") as handle:
        write_mo(handle, plain)  # as `pybabel compile` would: no record of unreviewed text
    catalogue = load_catalogue(source, "sq")
    assert catalogue.messages[("menu/menu", "What would you like to know?")]
    with compiled_path(source).open("rb") as handle:
        assert any(m.id == META_UNREVIEWED for m in read_mo(handle))
