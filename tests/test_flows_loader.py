"""The flow loader: bundled content is clean; each broken edit is caught by file and line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.app import build_actions
from bot.cli import main
from bot.config import PROJECT_ROOT, Settings
from bot.flows.loader import load_flows
from bot.flows.problems import Problem
from bot.i18n.translator import Translations

TODAY = date(2026, 11, 23)
BUNDLED = PROJECT_ROOT / "flows"


def load(flows_dir: Path, today: date = TODAY) -> list[Problem]:
    return load_flows(flows_dir, build_actions(Translations({}), Settings()), today).problems


@pytest.fixture
def flows_dir(tmp_path: Path) -> Path:
    """A copy of the bundled flows to break."""
    target = tmp_path / "flows"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def only_error(problems: list[Problem]) -> Problem:
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, "\n".join(map(str, problems))
    return errors[0]


def test_bundled_flows_have_no_problems():
    assert load(BUNDLED) == []


def test_unknown_node_reference_names_file_line_and_node(flows_dir):
    path = flows_dir / "nrm_basics.yaml"
    edit(path, "goto: nrm_support", "goto: nrm_suport")
    problem, orphaned = load(flows_dir)
    assert orphaned.node == "nrm_support" and "no button" in orphaned.message
    assert problem.path == path
    assert problem.line == line_of(path, "goto: nrm_suport")
    assert problem.node == "nrm_stages"
    assert "'nrm_suport', which does not exist" in problem.message


def test_duplicate_node_id_across_files(flows_dir):
    edit(flows_dir / "menu.yaml", "id: human_request", "id: nrm_intro")
    problems = [p for p in load(flows_dir) if "duplicate node id" in p.message]
    assert len(problems) == 1
    assert "nrm_basics.yaml" in problems[0].message or "menu.yaml" in problems[0].message


def test_unreachable_node(flows_dir):
    (flows_dir / "orphan.yaml").write_text(
        "flow: orphan\ntitle: t\nreviewed: 2026-11-01\nsources: [https://example.org]\n"
        "nodes:\n  - id: lonely\n    say: Hi\n    next: menu\n"
    )
    problem = only_error(load(flows_dir))
    assert (problem.node, problem.line) == ("lonely", 6)
    assert "no button or `next` leads here" in problem.message


def test_unknown_action(flows_dir):
    path = flows_dir / "onboarding.yaml"
    edit(path, "do: {set_nation: scotland}", "do: {set_country: scotland}")
    problem = only_error(load(flows_dir))
    assert problem.line == line_of(path, "set_country")
    assert "unknown action 'set_country'" in problem.message


def test_action_with_bad_parameters(flows_dir):
    edit(flows_dir / "onboarding.yaml", "do: {set_nation: scotland}", "do: {set_nation: wales}")
    problem = only_error(load(flows_dir))
    assert "action 'set_nation' cannot take 'wales'" in problem.message


def test_typed_text_actions_are_checked_like_a_buttons(flows_dir):
    path = flows_dir / "hubs.yaml"
    edit(
        path,
        "typed: {do: {find_hubs: typed_place}, goto: hubs_results}",
        "typed: {do: {find_hubs: typed_town}, goto: hubs_results}",
    )
    problem = only_error(load(flows_dir))
    assert problem.line == line_of(path, "typed_town")
    assert "action 'find_hubs' cannot take 'typed_town'" in problem.message


def test_typed_text_is_only_for_a_node_with_buttons(flows_dir):
    path = flows_dir / "hubs.yaml"
    edit(
        path,
        "    input: {accept: [text, location], do: {find_hubs: place}, goto: hubs_results}",
        "    input: {accept: [text, location], do: {find_hubs: place}, goto: hubs_results}\n"
        "    typed: {do: {find_hubs: typed_place}, goto: hubs_results}",
    )
    problem = only_error(load(flows_dir))
    assert problem.node == "hubs_town"
    assert "`typed` is for nodes with `buttons`" in problem.message


def test_callback_data_over_64_bytes(flows_dir):
    edit(flows_dir / "onboarding.yaml", "id: england_wales", "id: " + "e" * 60)
    problem = only_error(load(flows_dir))
    assert "over Telegram's 64 bytes" in problem.message
    assert problem.node == "nation"


def test_message_over_4096_characters(flows_dir):
    edit(flows_dir / "menu.yaml", '"What would you like to know?"', '"' + "word " * 900 + '"')
    problem = only_error(load(flows_dir))
    assert "over the limit of 4096" in problem.message


def test_button_label_over_64_characters(flows_dir):
    edit(flows_dir / "menu.yaml", '"Help now"', '"' + "Help " * 14 + '"')
    assert "over the limit of 64" in only_error(load(flows_dir)).message


def test_unknown_placeholder(flows_dir):
    edit(flows_dir / "menu.yaml", "What would you like to know?", "Hi {name}, what now?")
    assert "unknown placeholder {name}" in only_error(load(flows_dir)).message


def test_yaml_syntax_error_points_at_the_line(flows_dir):
    path = flows_dir / "menu.yaml"
    edit(path, '      - label: "Help now"', '      - label: "Help now\n   broken: [')
    problem = load(flows_dir)[0]
    assert problem.path == path and "not valid" in problem.message
    assert problem.line >= line_of(path, "Help now")


def test_a_key_written_twice(flows_dir):
    path = flows_dir / "menu.yaml"
    edit(path, "        goto: help\n", "        goto: help\n        goto: human\n")
    problem = load(flows_dir)[0]
    assert "appears twice" in problem.message
    assert problem.line == line_of(path, "goto: human")


def test_schema_errors_name_the_field(flows_dir):
    path = flows_dir / "menu.yaml"
    edit(path, '      - label: "Help now"\n        goto: help', '      - label: "Help now"')
    problem = only_error(load(flows_dir))
    assert problem.node == "menu"
    assert "a button needs `goto`" in problem.message


def test_missing_entry_node(flows_dir):
    edit(flows_dir / "onboarding.yaml", "id: consent_check", "id: consent_again")
    assert any("no node 'consent_check'" in p.message for p in load(flows_dir))


def test_next_going_round_in_a_circle(flows_dir):
    (flows_dir / "loop.yaml").write_text(
        "flow: loop\ntitle: t\nreviewed: 2026-11-01\nsources: [https://example.org]\n"
        "nodes:\n  - id: ping\n    say: a\n    next: pong\n"
        "  - id: pong\n    say: b\n    next: ping\n"
    )
    messages = [p.message for p in load(flows_dir)]
    assert any("leads back here without stopping" in m for m in messages)


def test_review_over_a_year_old_is_a_warning(flows_dir):
    problems = load(flows_dir, today=date(2027, 12, 1))
    assert problems and all(p.severity == "warning" for p in problems)
    assert "over 12 months ago" in problems[0].message


def test_flows_check_command_exits_1_with_file_and_line(flows_dir, monkeypatch):
    path = flows_dir / "menu.yaml"
    edit(path, "goto: nrm_intro", "goto: nowhere")
    monkeypatch.setenv("WAYPOST_FLOWS_DIR", str(flows_dir))
    result = CliRunner().invoke(main, ["flows", "check"])
    assert result.exit_code == 1
    assert f"{path}:{line_of(path, 'goto: nowhere')}: error: node 'menu':" in result.output


def test_flows_check_command_passes_on_bundled_content(monkeypatch):
    monkeypatch.delenv("WAYPOST_FLOWS_DIR", raising=False)
    result = CliRunner().invoke(main, ["flows", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK:")


@pytest.mark.parametrize(
    ("albanian", "said"),
    [
        ("{operator}", "unknown placeholder {operator}"),
        ("{operator_name:>99999999}", "write the placeholder as {operator_name}"),
    ],
)
@pytest.mark.security
def test_flows_check_refuses_a_translation_that_breaks_a_placeholder(
    tmp_path, monkeypatch, albanian, said
):
    catalogue = tmp_path / "locales" / "sq" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "onboarding/consent"\n'
        'msgid "Waypost is run by {operator_name}. Contact: {operator_contact}."\n'
        f'msgstr "Waypost drejtohet nga {albanian}. Kontakt: {{operator_contact}}."\n'
    )
    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(catalogue.parents[2]))
    result = CliRunner().invoke(main, ["flows", "check"])
    assert result.exit_code == 1
    assert f"{catalogue}:6: error:" in result.output  # the msgid's line
    assert "1 error(s)" in result.output
    assert said in result.output


@pytest.mark.parametrize(
    "placeholder", ["{operator_name:>99999999}", "{operator_name!r}", "{operator_name.__class__}"]
)
@pytest.mark.security
def test_a_placeholder_with_a_format_or_attribute_is_refused_by_file_and_line(
    flows_dir, placeholder
):
    path = flows_dir / "onboarding.yaml"
    edit(path, "Waypost is run by {operator_name}.", f"Waypost is run by {placeholder}.")
    problem = only_error(load(flows_dir))
    assert problem.line == line_of(path, placeholder)
    assert "write the placeholder as {operator_name}" in problem.message


def test_flows_diagram_draws_nodes_buttons_and_links_out():
    result = CliRunner().invoke(main, ["flows", "diagram", "nrm_basics"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "flowchart TD"
    assert '    nrm_intro -- "Who can refer me?" --> nrm_who_refers' in lines
    missing = CliRunner().invoke(main, ["flows", "diagram", "nope"])
    assert missing.exit_code == 1
    [known] = [line for line in missing.output.splitlines() if "flows: " in line]
    assert {"life_events", "menu", "nrm_basics"} <= set(known.split("flows: ")[1].split(", "))


def test_plain_language_figures_are_printed_and_a_hard_sentence_fails(flows_dir, monkeypatch):
    monkeypatch.setenv("WAYPOST_FLOWS_DIR", str(flows_dir))
    ok = CliRunner().invoke(main, ["flows", "check"])
    assert ok.exit_code == 0 and "Plain language: " in ok.output
    path = flows_dir / "menu.yaml"
    edit(
        path,
        '"What would you like to know?"',
        '"Notwithstanding the aforementioned jurisdictional considerations, '
        'adjudication necessitates comprehensive documentation."',
    )
    hard = CliRunner().invoke(main, ["flows", "check"])
    assert hard.exit_code == 1
    assert f"{path}:{line_of(path, 'Notwithstanding')}: error: node 'menu': reading grade" in (
        hard.output
    )


def test_glossary_terms_are_left_out_of_the_grade():
    from bot.flows.plain_language import grade

    hard, _ = grade("The National Referral Mechanism decides.", ())
    easy, words = grade("The National Referral Mechanism decides.", ["National Referral Mechanism"])
    assert easy < hard and words == 5


def test_the_glossary_terms_and_the_listed_names_are_the_hard_terms():
    """A term survivors can ask about is listed once, in flows/glossary.yaml."""
    from bot.flows.plain_language import hard_terms, load_limits

    flows = load_flows(BUNDLED, build_actions(Translations({}), Settings()), TODAY)
    limits, problems = load_limits(BUNDLED / "checks" / "plain_language.yaml")
    glossary = flows.raise_for_errors().glossary
    terms = hard_terms(limits, flows.flowset)
    assert not problems
    assert {"National Referral Mechanism", "RG decision", "Home Office", "Samaritans"} <= set(terms)
    written = {form.casefold() for node in glossary.entries.values() for form in node.term}
    assert not written & {name.casefold() for name in limits.glossary}, "list each term once"
