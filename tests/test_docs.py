"""What administrators and operators read must match what the code does."""

from datetime import date

from bot.app import build_actions
from bot.config import PROJECT_ROOT, SETTINGS, Settings
from bot.engine.events import COMMANDS
from bot.flowmodel.flowset import ENTRY_NODES
from bot.flows.loader import load_flows
from bot.i18n.translator import Translations
from bot.texts import COMMAND_DESCRIPTIONS

FLOWS_README = (PROJECT_ROOT / "flows" / "README.md").read_text()
README = (PROJECT_ROOT / "README.md").read_text()


def test_every_action_is_documented_for_administrators():
    for name in build_actions(Translations({}), Settings()).names:
        assert f"| `{name}` |" in FLOWS_README, name


def test_every_node_the_bot_needs_is_documented():
    for node in ENTRY_NODES:
        assert f"| `{node}` |" in FLOWS_README, node


def test_every_setting_is_documented_with_its_help_and_no_other():
    import re

    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    named = {
        name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split(" | ")[0])
    }
    assert named == {setting.name for setting in SETTINGS}
    for setting in SETTINGS:
        (row,) = [row for row in rows if f"`{setting.name}`" in row.split(" | ")[0]]
        assert f" | {setting.help} | " in row, setting.name


def test_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```")[1]
    assert block.strip().splitlines() == ["./dev chat", "./dev test"]


def test_every_announced_command_works_and_is_documented():
    actions = build_actions(Translations({}), Settings())
    flows = load_flows(PROJECT_ROOT / "flows", actions, date.today()).raise_for_errors()
    for command in COMMAND_DESCRIPTIONS:
        assert command in COMMANDS
        assert command in ("start", "exit") or flows.node(command) is not None, command
        assert f"`/{command}`" in README, command


def test_every_dependency_is_named_in_the_readme_with_its_reason():
    import re
    import tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    section = README.split("## Dependencies, and why each", 1)[1].split("\n## ", 1)[0]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group()
        assert f"`{name}`" in section, f"say in the README why {name} is a dependency"
