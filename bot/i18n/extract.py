"""A Babel extractor for flow YAML, so translators use the ordinary gettext tools.

Each survivor-facing string (what a node says, its button labels, ready replies, deadlines)
becomes a message whose context is "flow/node" (or "ready_replies", "deadlines"), the context
the engine looks up. A message with `count:` becomes a gettext plural (`msgid_plural`).
Registered as the `waypost_flows` extraction method (see babel.cfg).
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from bot.deadlines.rules import CONTEXT as DEADLINES
from bot.escalation.ready_replies import CONTEXT as READY_REPLIES
from bot.flows.schema import Flow
from bot.flows.yaml_source import YamlSyntaxError, parse_yaml

Extracted = tuple[int, str, tuple[str, str], list[str]]


def extract_flows(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    path = Path(getattr(fileobj, "name", "flow.yaml"))
    try:
        document = parse_yaml(fileobj.read().decode("utf-8"), path)
    except YamlSyntaxError as error:
        sys.stderr.write(f"{error}: skipped (run `waypost flows check`)\n")
        return
    data = document.data
    if isinstance(data, dict) and "replies" in data:
        for index, reply in enumerate(data["replies"]):
            line = document.line_of(("replies", index, "text"))
            yield line, "pgettext", (READY_REPLIES, reply["text"]), []
        return
    if isinstance(data, dict) and "deadlines" in data:
        for index, rule in enumerate(data["deadlines"]):
            line = document.line_of(("deadlines", index, "what"))
            yield line, "pgettext", (DEADLINES, rule["what"]), []
        return
    if not isinstance(data, dict) or "flow" not in data:
        return
    try:
        flow = Flow.model_validate(data)
    except ValidationError:
        sys.stderr.write(f"{path}: not a valid flow: skipped (run `waypost flows check`)\n")
        return
    for i, node in enumerate(flow.nodes):
        context = f"{flow.flow}/{node.id}"
        for j, say in enumerate(node.say):
            line = document.line_of(("nodes", i, "say", j))
            if say.plural is None:
                yield line, "pgettext", (context, say.text), []
            else:
                note = f"counted: {{count}} is {say.count} in the flow; give every plural form"
                yield line, "npgettext", (context, say.text, say.plural), [note]
        for j, button in enumerate(node.buttons):
            line = document.line_of(("nodes", i, "buttons", j, "label"))
            yield line, "pgettext", (context, button.label), [f"button on {node.id}"]
        if node.term:
            line = document.line_of(("nodes", i, "term", 0))
            note = 'a term explained in the glossary, shown in "What does {term} mean?"'
            yield line, "pgettext", (context, node.term[0]), [note]
        for j, question in enumerate(node.ask):
            line = document.line_of(("nodes", i, "ask", j))
            note = "a question a survivor might type to reach this topic; write it as they would"
            yield line, "pgettext", (context, question), [note]
