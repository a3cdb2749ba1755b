"""Load every flow file and check it, so a broken edit is caught before a survivor sees it."""

from __future__ import annotations

import string
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.engine.actions import ActionError, ActionRegistry
from bot.flowmodel.flowset import (
    CALLBACK_DATA_LIMIT,
    ENTRY_NODES,
    FlowSet,
    callback_data,
)
from bot.flowmodel.schema import Flow, Node
from bot.flows.problems import ContentError, Problem
from bot.flows.yaml_source import Location, YamlDocument, YamlSyntaxError, read_yaml
from bot.i18n.filling import placeholder_problem

MESSAGE_TEXT_LIMIT = 4096
BUTTON_LABEL_LIMIT = 64
REVIEW_EVERY = timedelta(days=365)
PLACEHOLDERS = frozenset({"operator_name", "operator_contact"})


@dataclass
class _Source:
    document: YamlDocument
    flow: Flow

    def line(self, *location: str | int) -> int:
        return self.document.line_of(location)


@dataclass
class LoadResult:
    flowset: FlowSet | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def raise_for_errors(self) -> FlowSet:
        if self.errors or self.flowset is None:
            raise ContentError(self.errors)
        return self.flowset


def load_flows(flows_dir: Path, actions: ActionRegistry, today: date) -> LoadResult:
    files = sorted(flows_dir.glob("*.yaml"))
    if not files:
        problem = Problem(flows_dir, 1, "no flow files (*.yaml) here: is this the flows folder?")
        return LoadResult(None, [problem])
    problems: list[Problem] = []
    sources = [source for path in files if (source := _parse(path, problems))]
    if problems:
        # A file that does not parse hides its nodes; checking links now would only add noise.
        return LoadResult(None, problems)
    flowset = _index(sources, problems)
    for source in sources:
        problems.extend(_check_flow(source, flowset, actions, today))
    entry_nodes = (*ENTRY_NODES, *actions.entry_nodes)
    problems.extend(_check_entry_nodes(flows_dir, flowset, entry_nodes))
    problems.extend(_check_reachable(sources, flowset, entry_nodes))
    problems.extend(_check_endless_chains(sources, flowset))
    problems.extend(_check_glossary(sources, flowset))
    return LoadResult(flowset, problems)


def _parse(path: Path, problems: list[Problem]) -> _Source | None:
    try:
        document = read_yaml(path)
    except YamlSyntaxError as error:
        problems.append(Problem(path, error.line, error.problem))
        return None
    try:
        flow = Flow.model_validate(document.data)
    except ValidationError as error:
        for item in error.errors():
            location = tuple(item["loc"])
            problems.append(
                Problem(
                    path,
                    document.line_of(location),
                    _describe(location, item["msg"]),
                    node=_node_at(document.data, location),
                )
            )
        return None
    return _Source(document, flow)


def _describe(location: Location, message: str) -> str:
    field_path = ".".join(str(part) for part in location if not isinstance(part, int))
    message = message.removeprefix("Value error, ")
    return f"{field_path}: {message}" if field_path else message


def _node_at(data: Any, location: Location) -> str | None:
    if len(location) >= 2 and location[0] == "nodes" and isinstance(location[1], int):
        try:
            node_id = data["nodes"][location[1]]["id"]
        except (KeyError, IndexError, TypeError):
            return None
        return node_id if isinstance(node_id, str) else None
    return None


def _index(sources: list[_Source], problems: list[Problem]) -> FlowSet:
    flows, nodes, flow_of_node, files = {}, {}, {}, {}
    first_seen: dict[str, tuple[Path, int]] = {}
    for source in sources:
        path = source.document.path
        if source.flow.flow in flows:
            problems.append(
                Problem(path, source.line("flow"), f"flow id '{source.flow.flow}' is used twice")
            )
        flows[source.flow.flow] = source.flow
        files[source.flow.flow] = path
        for index, node in enumerate(source.flow.nodes):
            line = source.line("nodes", index, "id")
            if node.id in first_seen:
                other_path, other_line = first_seen[node.id]
                problems.append(
                    Problem(
                        path,
                        line,
                        f"duplicate node id: also at {other_path}:{other_line}; "
                        "node ids must be unique across all flow files",
                        node=node.id,
                    )
                )
                continue
            first_seen[node.id] = (path, line)
            nodes[node.id] = node
            flow_of_node[node.id] = source.flow.flow
    return FlowSet(flows=flows, nodes=nodes, flow_of_node=flow_of_node, files=files)


def _check_flow(
    source: _Source, flowset: FlowSet, actions: ActionRegistry, today: date
) -> Iterator[Problem]:
    path, flow = source.document.path, source.flow
    if today - flow.reviewed > REVIEW_EVERY:
        yield Problem(
            path,
            source.line("reviewed"),
            f"last reviewed {flow.reviewed.isoformat()}, over 12 months ago: check the facts "
            "against the sources and update `reviewed`",
            severity="warning",
        )
    for index, node in enumerate(flow.nodes):
        for location, message in _check_node(node, flowset, actions):
            yield Problem(path, source.line("nodes", index, *location), message, node=node.id)


def _check_node(
    node: Node, flowset: FlowSet, actions: ActionRegistry
) -> Iterator[tuple[Location, str]]:
    for i, say in enumerate(node.say):
        # A counted message may show its number: {count} is known to it, and only to it.
        known = PLACEHOLDERS if say.count is None else PLACEHOLDERS | {"count"}
        for key, text in (("text", say.text), ("plural", say.plural)):
            if text is not None:
                for problem in text_problems(text, MESSAGE_TEXT_LIMIT, known):
                    yield ("say", i, key), problem
    yield from _check_actions(("do",), node.do, actions)
    for i, branch in enumerate(node.next):
        yield from _check_target(("next", i, "goto"), branch.goto, flowset)
    if node.input is not None:
        yield from _check_target(("input", "goto"), node.input.goto, flowset)
        yield from _check_actions(("input", "do"), node.input.do, actions)
    if node.pick is not None:
        yield from _check_pick(node, flowset, actions)
    if node.typed is not None:
        yield from _check_target(("typed", "goto"), node.typed.goto, flowset)
        yield from _check_actions(("typed", "do"), node.typed.do, actions)
    seen: set[str] = set()
    for i, button in enumerate(node.buttons):
        where: Location = ("buttons", i)
        yield from (((*where, "label"), p) for p in text_problems(button.label, BUTTON_LABEL_LIMIT))
        if button.goto is not None:
            yield from _check_target((*where, "goto"), button.goto, flowset)
        yield from _check_actions((*where, "do"), button.do, actions)
        if button.ref in seen:
            yield (
                where,
                (f"two buttons here are both known as '{button.ref}': give one of them an `id`"),
            )
        seen.add(button.ref)
        data = callback_data(node.id, button.ref)
        if len(data.encode()) > CALLBACK_DATA_LIMIT:
            yield (
                where,
                (
                    f"the button's reference '{data}' is over Telegram's "
                    f"{CALLBACK_DATA_LIMIT} bytes: "
                    "shorten the node id or give the button a short `id`"
                ),
            )


def _check_pick(
    node: Node, flowset: FlowSet, actions: ActionRegistry
) -> Iterator[tuple[Location, str]]:
    assert node.pick is not None
    try:
        actions.picker(node.pick.options)
    except ActionError as error:
        yield ("pick", "options"), str(error)
    yield from _check_target(("pick", "goto"), node.pick.goto, flowset)
    if node.pick.typed_goto is not None:
        yield from _check_target(("pick", "typed_goto"), node.pick.typed_goto, flowset)
    yield from _check_actions(("pick", "do"), node.pick.do, actions)


def text_problems(
    text: str, limit: int, placeholders: frozenset[str] = PLACEHOLDERS
) -> Iterator[str]:
    """Problems a piece of survivor-facing text can have, in any language; `placeholders` are
    the ones it may use (a translation may use those of its English)."""
    if len(text) > limit:
        yield f"the text is {len(text)} characters, over the limit of {limit}: split it"
    if (problem := placeholder_problem(text)) is not None:
        yield problem
        return
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    unknown = fields - placeholders
    if unknown:
        known = ", ".join("{" + name + "}" for name in sorted(placeholders)) or "none"
        yield f"unknown placeholder {{{sorted(unknown)[0]}}}: use one of {known}"


def _check_target(
    location: Location, target: str, flowset: FlowSet
) -> Iterator[tuple[Location, str]]:
    node = flowset.node(target)
    if node is None:
        yield location, f"goes to node '{target}', which does not exist"
    elif node.term:
        yield (
            location,
            f"goes to '{target}', a glossary entry: entries are shown by the bot's "
            "'What does … mean?' button, beside the screen that uses the term",
        )


def _check_actions(
    location: Location, calls: dict[str, Any], actions: ActionRegistry
) -> Iterator[tuple[Location, str]]:
    for name, params in calls.items():
        try:
            actions.parse(name, params)
        except ActionError as error:
            yield (*location, name), str(error)


def _check_entry_nodes(
    flows_dir: Path, flowset: FlowSet, entry_nodes: tuple[str, ...]
) -> Iterator[Problem]:
    for node_id in entry_nodes:
        if flowset.node(node_id) is None:
            yield Problem(
                flows_dir,
                1,
                f"no node '{node_id}': the bot sends survivors there, so one flow must define it",
            )


def _check_reachable(
    sources: list[_Source], flowset: FlowSet, entry_nodes: tuple[str, ...]
) -> Iterator[Problem]:
    reached = set()
    queue = deque(node_id for node_id in entry_nodes if flowset.node(node_id))
    while queue:
        node_id = queue.popleft()
        if node_id in reached:
            continue
        reached.add(node_id)
        queue.extend(target for target in targets(flowset.nodes[node_id]) if flowset.node(target))
    for source in sources:
        for index, node in enumerate(source.flow.nodes):
            # Glossary entries are reached by the "What does … mean?" button of any screen.
            if node.id not in reached and not node.term and flowset.nodes.get(node.id) is node:
                yield Problem(
                    source.document.path,
                    source.line("nodes", index, "id"),
                    "no button or `next` leads here from the menu: link to it or remove it",
                    node=node.id,
                )


def _check_endless_chains(sources: list[_Source], flowset: FlowSet) -> Iterator[Problem]:
    """Nodes that go on by themselves must not lead round in a circle that never waits."""
    for source in sources:
        for index, node in enumerate(source.flow.nodes):
            if _chain_returns_to(node.id, flowset):
                yield Problem(
                    source.document.path,
                    source.line("nodes", index, "next"),
                    "`next` leads back here without stopping for the survivor: break the circle",
                    node=node.id,
                )


def _chain_returns_to(start: str, flowset: FlowSet) -> bool:
    seen: set[str] = set()
    frontier = [start]
    while frontier:
        node = flowset.node(frontier.pop())
        if node is None or node.waits:
            continue
        for branch in node.next:
            if branch.goto == start:
                return True
            if branch.goto not in seen:
                seen.add(branch.goto)
                frontier.append(branch.goto)
    return False


def _check_glossary(sources: list[_Source], flowset: FlowSet) -> Iterator[Problem]:
    """Each way of writing a term names one entry, and every entry is used somewhere."""
    glossary = flowset.glossary
    clashes = {(entry, written.casefold()): other for entry, written, other in glossary.clashes()}
    texts = [
        text
        for node in flowset.nodes.values()
        if not node.term
        for say in node.say
        for text in (say.text, say.plural)
        if text is not None
    ]
    used = set(glossary.terms_in(texts))
    for source in sources:
        for index, node in enumerate(source.flow.nodes):
            if not node.term or flowset.nodes.get(node.id) is not node:
                continue
            for i, written in enumerate(node.term):
                other = clashes.get((node.id, written.casefold()))
                if other is not None:
                    yield Problem(
                        source.document.path,
                        source.line("nodes", index, "term", i),
                        f"'{written}' is also a term of the entry '{other}': keep it in one",
                        node=node.id,
                    )
            if node.id not in used:
                yield Problem(
                    source.document.path,
                    source.line("nodes", index, "term"),
                    "no screen uses this term (as written in `term`), so no survivor sees it",
                    node=node.id,
                    severity="warning",
                )


def targets(node: Node) -> Iterator[str]:
    """Every node this node can lead to."""
    yield from (branch.goto for branch in node.next)
    yield from (button.goto for button in node.buttons if button.goto is not None)
    if node.input is not None:
        yield node.input.goto
    if node.typed is not None:
        yield node.typed.goto
    if node.pick is not None:
        yield node.pick.goto
        if node.pick.typed_goto is not None:
            yield node.pick.typed_goto
