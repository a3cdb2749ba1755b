"""Imports in `bot` run one way, down the layers of issue 19; the debts of today can only shrink.

The graph is read from the source with `ast`, not by importing, so an import inside a function
or under `TYPE_CHECKING` counts like any other: each still ties one part to another. Parts are
the packages (`bot.engine`) and the top-level modules (`bot.clock`) of `bot`. A part may import
any part in its own layer or below. import-linter could do this (its `ignore_imports` are debts
and it fails on an unmatched one), but it is a new dependency and finds packages by importing
them; this small test reads any folder, so it also runs on a temporary copy of a module.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "bot"

# Bottom first. Each part: where it belongs today, and why.
LAYERS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "vocabulary",
        {
            "bot": "the package itself: a docstring, nothing to depend on",
            "bot.texts": "the N_ marker and the lines every layer may say; imports nothing",
            "bot.nations": "the UK's three jurisdictions, which every layer may name",
            "bot.chat_keys": "how a stored chat key names a channel's chat, for every channel",
        },
    ),
    (
        "core",
        {
            "bot.engine": "events, replies, state and the engine: the core itself",
            "bot.flowmodel": "the nodes and flows the engine runs, which content loads",
            "bot.conversation": "one turn in one transaction around the engine",
            "bot.clock": "the one injectable clock every layer reads",
            "bot.storage": "the database, its models and the survivor's state",
            "bot.flood": "a per-survivor limit the conversation applies to each turn",
            "bot.visitors": "survivors who said no, held in memory by the conversation",
            "bot.config": "settings read once at start, needed from storage upwards",
            "bot.office_hours": "when the team is at work: a setting several features read",
            "bot.working_days": "weekends and each nation's bank holidays, for several features",
            "bot.logs": "logging that never carries survivors' words, for every layer",
            "bot.i18n": "the translation layer every survivor-facing text goes through",
        },
    ),
    (
        "content and understanding",
        {
            "bot.flows": "loading and checking flows, and the translation tooling that reads them",
            "bot.understanding": "reading what a survivor typed: danger, buttons, questions",
        },
    ),
    (
        "features",
        {
            "bot.escalation": "cases, caseworkers and the outbox",
            "bot.reminders": "appointments, reporting and safety check-ins",
            "bot.deadlines": "the dates that follow a negative decision",
            "bot.hubs": "local support organisations and where they are",
            "bot.retention": "deleting data after a long silence",
            "bot.insights": "figures for the people who run Waypost, small numbers hidden",
        },
    ),
    (
        "channels and the web console",
        {
            "bot.channels": "Telegram and the terminal: transports at the edge",
            "bot.admin": "the web console for staff",
        },
    ),
    (
        "app and cli",
        {
            "bot.app": "builds everything in one place",
            "bot.cli": "the `waypost` command",
            "bot.__main__": "`python -m bot`, the same command",
        },
    ),
)
LAYER_OF = {part: index for index, (_, parts) in enumerate(LAYERS) for part in parts}

# Wrong-way imports that exist today: importer file -> imported module. Remove a line when its
# import is gone; never add one (a new import goes the right way, or behind a Protocol).
KNOWN_DEBTS = frozenset({})

# Pairs of parts that import each other today, in either direction and in any layer. Remove a
# pair when one side stops importing the other; never add one.
KNOWN_MUTUAL_PAIRS = frozenset({})


@dataclass(frozen=True)
class Import:
    file: str  # relative to the project, as in KNOWN_DEBTS
    line: int
    importer: str  # the importing part
    module: str  # the imported module, as resolved
    type_only: bool

    @property
    def imported(self) -> str:
        return part_of(self.module)

    @property
    def debt(self) -> str:
        return f"{self.file} -> {self.module}"


def part_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def module_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, root: Path
) -> list[str]:
    """The modules one statement imports; `from bot import texts` imports `bot.texts`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    submodules = []
    for alias in node.names:
        path = root.parent.joinpath(*source.split("."), alias.name)
        if path.is_dir() or path.with_suffix(".py").is_file():
            submodules.append(f"{source}.{alias.name}")
    return submodules or [source]


def imports_in(root: Path) -> Iterator[Import]:
    """Every import of the package at `root` of another of its parts."""
    name = root.name
    for path in sorted(root.rglob("*.py")):
        module = module_of(path, root)
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(), filename=str(path))
        type_only_lines: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and is_type_checking(node.test):
                for inner in node.body:
                    type_only_lines.update(
                        child.lineno for child in ast.walk(inner) if hasattr(child, "lineno")
                    )
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in imported_modules(node, module, is_package, root):
                if target != name and not target.startswith(f"{name}."):
                    continue
                found = Import(
                    file=path.relative_to(root.parent).as_posix(),
                    line=node.lineno,
                    importer=part_of(module),
                    module=target,
                    type_only=node.lineno in type_only_lines,
                )
                if found.importer != found.imported:
                    yield found


def wrong_way(imports: list[Import]) -> list[Import]:
    return [i for i in imports if LAYER_OF[i.imported] > LAYER_OF[i.importer]]


def describe(found: Import) -> str:
    low, high = LAYERS[LAYER_OF[found.importer]][0], LAYERS[LAYER_OF[found.imported]][0]
    kind = (
        " (under TYPE_CHECKING: a Protocol in the lower layer avoids it)" if found.type_only else ""
    )
    return (
        f"{found.file}:{found.line} imports {found.module}{kind}: {found.importer} is in "
        f"'{low}', which may not import '{high}' above it"
    )


def mutual_pairs(imports: list[Import]) -> set[tuple[str, str]]:
    edges = {(i.importer, i.imported) for i in imports}
    return {(a, b) for a, b in edges if a < b and (b, a) in edges}


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return list(imports_in(PACKAGE))


def test_every_part_of_the_package_has_a_layer():
    parts = {part_of(module_of(path, PACKAGE)) for path in PACKAGE.rglob("*.py")}
    unplaced = sorted(parts - LAYER_OF.keys())
    assert not unplaced, f"put each in LAYERS, with a one-line reason: {unplaced}"
    gone = sorted(LAYER_OF.keys() - parts)
    assert not gone, f"no longer in bot/, remove from LAYERS: {gone}"


def test_no_new_import_runs_up_the_layers(imports):
    new = [describe(i) for i in wrong_way(imports) if i.debt not in KNOWN_DEBTS]
    assert not new, "imports run one way (see README, Architecture):\n" + "\n".join(new)


def test_paid_debts_are_struck_off(imports):
    remaining = {i.debt for i in wrong_way(imports)}
    paid = sorted(KNOWN_DEBTS - remaining)
    assert not paid, "paid, well done: remove from KNOWN_DEBTS:\n" + "\n".join(paid)


def test_no_new_pair_of_parts_imports_each_other(imports):
    pairs = mutual_pairs(imports)
    new = sorted(pairs - KNOWN_MUTUAL_PAIRS)
    assert not new, f"these now import each other; one side must stop: {new}"
    untied = sorted(KNOWN_MUTUAL_PAIRS - pairs)
    assert not untied, f"no longer import each other, remove from KNOWN_MUTUAL_PAIRS: {untied}"


@pytest.mark.parametrize(
    ("statement", "where"),
    [
        ("from bot.channels import console", "at the top"),
        ("from ..admin import web", "relative"),
        ("def later():\n    import bot.app", "inside a function"),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import bot.cli", "typing"),
    ],
)
def test_a_wrong_way_import_in_a_copy_is_caught(tmp_path, statement, where):
    package = tmp_path / "bot"
    (package / "engine").mkdir(parents=True)
    (package / "__init__.py").touch()
    shutil.copy(PACKAGE / "engine" / "__init__.py", package / "engine" / "__init__.py")
    replies = package / "engine" / "replies.py"
    source = (PACKAGE / "engine" / "replies.py").read_text()
    replies.write_text(f"{source}\n{statement}\n")
    for target in ("channels/console.py", "admin/web.py", "app.py", "cli.py"):
        (package / target).parent.mkdir(exist_ok=True)
        (package / target).touch()

    caught = wrong_way(list(imports_in(package)))

    line = len(source.splitlines()) + 2 + statement.count("\n")
    assert [(i.file, i.line) for i in caught] == [("bot/engine/replies.py", line)], where
    assert "'core', which may not import" in describe(caught[0])
    assert caught[0].type_only == (where == "typing")
