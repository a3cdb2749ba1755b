"""A Babel extractor for flow YAML, so translators use the ordinary gettext tools.

Each survivor-facing string (what a node says, its button labels, ready replies, deadlines)
becomes a message whose context is "flow/node" (or "ready_replies", "deadlines"), the context
the engine looks up. A message with `count:` becomes a gettext plural (`msgid_plural`).
Registered as the `waypost_flows` extraction method (see babel.cfg).

The features' own files (staff ready replies, deadline rules) are plain lists of texts; babel.cfg
declares each one's key, text field and context (the `lists` option), so extracting imports no
feature and `pybabel extract -F babel.cfg` reads the same declaration as `waypost i18n extract`.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from bot.flowmodel.schema import Flow
from bot.flows.yaml_source import YamlDocument, YamlSyntaxError, parse_yaml

Extracted = tuple[int, str, tuple[str, str], list[str]]
METHOD = "waypost_flows"
LISTS_OPTION = "lists"


@dataclass(frozen=True)
class TextList:
    """A file that is a list under `key` of items whose `field` is English to translate, in the
    gettext context the feature looks it up in."""

    key: str
    field: str
    context: str


def text_lists(declared: str) -> list[TextList]:
    """The `lists` option, one list a line: `replies.text ready_replies` (key.field context)."""
    found = []
    for line in declared.splitlines():
        if line.strip():
            where, context = line.split()
            key, field = where.split(".")
            found.append(TextList(key, field, context))
    return found


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
    for listed in text_lists(options.get(LISTS_OPTION, "")):
        if isinstance(data, dict) and listed.key in data:
            yield from _extract_list(document, listed)
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


def _extract_list(document: YamlDocument, listed: TextList) -> Iterator[Extracted]:
    for index, item in enumerate(document.data[listed.key]):
        line = document.line_of((listed.key, index, listed.field))
        yield line, "pgettext", (listed.context, item[listed.field]), []
