"""The loaded, validated content: every flow and node, looked up by id."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot.flowmodel.glossary import Glossary
from bot.flowmodel.schema import Flow, Node

# Nodes the engine itself sends survivors to, so every flow set must have them.
ENTRY_NODES = (
    "start",
    "menu",
    "language",
    "help",
    "human",
    "forget",
    "mydata",
    "consent_check",
    "danger",
    "safety_check",
)

CALLBACK_SEPARATOR = "/"
MENU_CALLBACK = "~menu"
HUMAN_CALLBACK = "~human"
# Buttons the engine adds by itself, and the node each leads to.
NAVIGATION = {MENU_CALLBACK: "menu", HUMAN_CALLBACK: "human"}
CALLBACK_DATA_LIMIT = 64


@dataclass(frozen=True)
class FlowSet:
    flows: dict[str, Flow]
    nodes: dict[str, Node]
    flow_of_node: dict[str, str]
    files: dict[str, Path]
    """The file each flow was read from, by flow id."""

    @cached_property
    def glossary(self) -> Glossary:
        """The entries of the glossary shown to survivors (nodes with `term:`)."""
        return Glossary(self.nodes)

    def node(self, node_id: str | None) -> Node | None:
        return self.nodes.get(node_id) if node_id else None

    def context(self, node_id: str) -> str:
        """The gettext context of a node's strings: translators see which flow and node."""
        return f"{self.flow_of_node[node_id]}/{node_id}"

    def consent_required(self, node_id: str) -> bool:
        own = self.nodes[node_id].consent_required
        return self.flows[self.flow_of_node[node_id]].consent_required if own is None else own


def callback_data(node_id: str, button_ref: str) -> str:
    """Callback data names the node and the button, so it resolves after content is edited."""
    return f"{node_id}{CALLBACK_SEPARATOR}{button_ref}"


def parse_callback_data(data: str) -> tuple[str, str] | None:
    node_id, separator, button_ref = data.partition(CALLBACK_SEPARATOR)
    if not separator or not node_id or not button_ref:
        return None
    return node_id, button_ref
