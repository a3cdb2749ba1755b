"""The draft's flows read quickly for the editor's lists and links (the editor itself parses a
flow file to change it: see flow_editing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from starlette.exceptions import HTTPException

FLOW_FILE = re.compile(r"^flows/[^/]+\.yaml$")
"""Flow files are the YAML files at the top of flows/ (as the loader reads them)."""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FlowSummary:
    path: str
    flow: str
    title: str
    reviewed: str
    nodes: list[dict[str, Any]]
    problem: str | None = None


def summary(path: str, text: str) -> FlowSummary:
    """What the lists show of a flow; a file that is not a flow says why."""
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        return FlowSummary(path, path, "", "", [], problem=f"not valid YAML: {error}")
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        return FlowSummary(path, path, "", "", [], problem="not a flow: it has no `nodes`")
    nodes = [node for node in data["nodes"] if isinstance(node, dict) and "id" in node]
    return FlowSummary(
        path=path,
        flow=str(data.get("flow", path)),
        title=str(data.get("title", "")),
        reviewed=str(data.get("reviewed", "")),
        nodes=[{"id": str(node["id"]), "say": _first_message(node)} for node in nodes],
    )


def _first_message(node: dict[str, Any]) -> str:
    say = node.get("say")
    first = say[0] if isinstance(say, list) and say else say
    if isinstance(first, dict):
        first = first.get("text")
    return first if isinstance(first, str) else ""


def flow_file(files: dict[str, str], flow_id: str) -> tuple[str, str]:
    """The flow file with this `flow:` id (usually named after it; otherwise looked for)."""
    likely = f"flows/{flow_id}.yaml"
    candidates = [likely, *sorted(p for p in files if FLOW_FILE.match(p) and p != likely)]
    for path in candidates:
        if path in files and summary(path, files[path]).flow == flow_id:
            return path, files[path]
    raise HTTPException(404, f"There is no flow called {flow_id!r}.")


def node_flows(files: dict[str, str]) -> dict[str, str]:
    """Every node id of the draft, with its flow, for choosing and following transitions."""
    found = {}
    for path, text in files.items():
        if FLOW_FILE.match(path):
            flow = summary(path, text)
            found.update({node["id"]: flow.flow for node in flow.nodes})
    return dict(sorted(found.items()))
