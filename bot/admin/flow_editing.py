"""Change a flow file's English text, button labels and transitions from the web console,
keeping its comments, quotes and layout, so the file stays the one administrators know.

ruamel.yaml's round-trip mode keeps comments and each string's quoting; the indentation is the
house style of flows/ (a bundled file that is not edited comes back byte for byte: tested).
Only the value edited changes. This module changes text only; whether the result is valid is
for the same checks as `waypost flows check`, run on the whole draft after every save.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

# Wide enough that no string is ever folded onto a second line when it is written back.
_WIDTH = 100_000


class FlowEditError(ValueError):
    """The file cannot be edited here (not YAML, not a flow, or no such node or item)."""


@dataclass(frozen=True)
class MessageField:
    index: int
    text: str
    when: str | None
    """The message's condition, in words, when it has one (shown, not edited here)."""
    lines: frozenset[int]
    """Lines (1-based) a problem about this message is reported on."""


@dataclass(frozen=True)
class ButtonField:
    index: int
    label: str
    goto: str | None
    actions: tuple[str, ...]
    label_lines: frozenset[int]
    goto_lines: frozenset[int]


@dataclass(frozen=True)
class NodeFields:
    id: str
    line: int
    messages: tuple[MessageField, ...]
    buttons: tuple[ButtonField, ...]
    questions: tuple[str, ...] = ()
    """The `ask:` examples: questions a survivor might type to reach this node."""
    question_lines: frozenset[int] = frozenset()

    @property
    def texts(self) -> set[str]:
        """Every English string of the node: the message ids of its translations."""
        return {m.text for m in self.messages} | {b.label for b in self.buttons}


class FlowDocument:
    """One flow file's text, parsed so that it can be changed and written back."""

    def __init__(self, text: str) -> None:
        self._yaml = _round_trip()
        try:
            self._data = self._yaml.load(text)
        except YAMLError as error:
            raise FlowEditError(f"the file is not valid YAML: {error}") from None
        if not isinstance(self._data, CommentedMap) or not isinstance(
            self._data.get("nodes"), CommentedSeq
        ):
            raise FlowEditError("the file is not a flow (it has no list of `nodes`)")

    @property
    def flow_id(self) -> str:
        return str(self._data.get("flow", ""))

    @property
    def title(self) -> str:
        return str(self._data.get("title", ""))

    @property
    def reviewed(self) -> str:
        return str(self._data.get("reviewed", ""))

    @property
    def node_ids(self) -> list[str]:
        return [str(node["id"]) for node in self._nodes() if "id" in node]

    def node(self, node_id: str) -> NodeFields:
        node = self._node(node_id)
        return NodeFields(
            id=node_id,
            line=node.lc.key("id")[0] + 1,
            messages=tuple(_messages(node)),
            buttons=tuple(_buttons(node)),
            questions=tuple(str(q) for q in node.get("ask") or () if isinstance(q, str)),
            question_lines=_question_lines(node),
        )

    def set_message(self, node_id: str, index: int, text: str) -> None:
        """The English text of the node's message `index` (its condition is kept)."""
        node = self._node(node_id)
        say = node.get("say")
        if isinstance(say, str) and index == 0:
            node["say"] = _like(say, text)
        elif isinstance(say, CommentedSeq) and 0 <= index < len(say):
            item = say[index]
            if isinstance(item, CommentedMap) and "text" in item:
                item["text"] = _like(item["text"], text)
            elif isinstance(item, str):
                say[index] = _like(item, text)
            else:
                raise FlowEditError(f"message {index + 1} of node '{node_id}' has no text")
        else:
            raise FlowEditError(f"node '{node_id}' has no message {index + 1}")

    def set_label(self, node_id: str, index: int, label: str) -> None:
        button = self._button(node_id, index)
        button["label"] = _like(button.get("label"), label)

    def set_goto(self, node_id: str, index: int, goto: str | None) -> None:
        """Where the button leads; None takes `goto` away (the button then only runs `do`)."""
        button = self._button(node_id, index)
        if goto is None:
            button.pop("goto", None)
        else:
            button["goto"] = _like(button.get("goto"), goto)

    def set_questions(self, node_id: str, questions: list[str]) -> None:
        """The node's `ask:` examples; none takes `ask` away. A new list goes after the id."""
        node = self._node(node_id)
        if not questions:
            node.pop("ask", None)
            return
        old = node.get("ask") or []
        written = CommentedSeq(
            _like(old[0] if old else DoubleQuotedScalarString(""), text) for text in questions
        )
        if "ask" in node:
            node["ask"] = written
        else:
            node.insert(list(node.keys()).index("id") + 1, "ask", written)

    def text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self._data, out)
        return out.getvalue()

    def _nodes(self) -> list[CommentedMap]:
        return [node for node in self._data["nodes"] if isinstance(node, CommentedMap)]

    def _node(self, node_id: str) -> CommentedMap:
        for node in self._nodes():
            if node.get("id") == node_id:
                return node
        raise FlowEditError(f"no node '{node_id}' in this flow")

    def _button(self, node_id: str, index: int) -> CommentedMap:
        buttons = self._node(node_id).get("buttons")
        if not isinstance(buttons, CommentedSeq) or not 0 <= index < len(buttons):
            raise FlowEditError(f"node '{node_id}' has no button {index + 1}")
        button = buttons[index]
        if not isinstance(button, CommentedMap):
            raise FlowEditError(f"button {index + 1} of node '{node_id}' is not a button")
        return button


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _WIDTH
    return yaml


def _like(old: object, new: str) -> str:
    """The new text written the way the old one was ("double", 'single', |block or plain)."""
    if isinstance(old, ScalarString):
        return type(old)(new)
    return new


def _messages(node: CommentedMap) -> list[MessageField]:
    say = node.get("say")
    if isinstance(say, str):
        return [MessageField(0, str(say), None, frozenset({node.lc.key("say")[0] + 1}))]
    if not isinstance(say, CommentedSeq):
        return []
    fields = []
    for index, item in enumerate(say):
        lines = {say.lc.item(index)[0] + 1}
        if isinstance(item, CommentedMap):
            if "text" in item:
                lines.add(item.lc.key("text")[0] + 1)
            text, when = str(item.get("text", "")), _condition(item.get("when"))
        else:
            text, when = str(item), None
        fields.append(MessageField(index, text, when, frozenset(lines)))
    return fields


def _buttons(node: CommentedMap) -> list[ButtonField]:
    buttons = node.get("buttons")
    if not isinstance(buttons, CommentedSeq):
        return []
    fields = []
    for index, button in enumerate(buttons):
        if not isinstance(button, CommentedMap):
            continue
        start = buttons.lc.item(index)[0] + 1
        goto = button.get("goto")
        actions = button.get("do")
        fields.append(
            ButtonField(
                index=index,
                label=str(button.get("label", "")),
                goto=None if goto is None else str(goto),
                actions=tuple(str(a) for a in actions) if isinstance(actions, dict) else (),
                label_lines=_key_lines(button, "label", start),
                goto_lines=_key_lines(button, "goto", start),
            )
        )
    return fields


def _question_lines(node: CommentedMap) -> frozenset[int]:
    ask = node.get("ask")
    if "ask" not in node:
        return frozenset()
    lines = {node.lc.key("ask")[0] + 1}
    if isinstance(ask, CommentedSeq):  # a list just set has no positions until written out
        lines.update(found[0] + 1 for found in (ask.lc.data or {}).values() if found)
    return frozenset(lines)


def _key_lines(mapping: CommentedMap, key: str, start: int) -> frozenset[int]:
    if key in mapping:
        return frozenset({mapping.lc.key(key)[0] + 1})
    return frozenset({start})  # a missing key is reported where its button starts


def _condition(when: Any) -> str | None:
    """`{nation: scotland, age_group: [adult, unset]}` as "nation: scotland; age_group:
    adult or unset", for administrators reading which message shows when."""
    if not isinstance(when, dict) or not when:
        return None
    parts = []
    for key, value in when.items():
        values = value if isinstance(value, list) else [value]
        parts.append(f"{key}: {' or '.join(str(v) for v in values)}")
    return "; ".join(parts)
