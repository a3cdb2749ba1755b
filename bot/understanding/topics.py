"""The examples each topic is recognised by: its `ask:` questions in every language, the
labels of buttons that lead to it, and questions written natively per language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.flows.checked_yaml import read_checked
from bot.flows.flowset import FlowSet
from bot.flows.problems import Problem
from bot.i18n.translator import Translations
from bot.understanding.similar import Example, ExampleIndex

QUESTIONS_FOLDER = "questions"


class NativeQuestions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    reviewed_by_native_speaker: bool
    topics: dict[str, tuple[str, ...]]


@dataclass
class LoadedQuestions:
    native: list[Example] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_native_questions(folder: Path, flows: FlowSet | None) -> LoadedQuestions:
    """Read flows/questions/<language>.yaml; a topic that is not a node with `ask` is a problem."""
    loaded = LoadedQuestions()
    for path in sorted(folder.glob("*.yaml")):
        checked = read_checked(path, NativeQuestions, loaded.problems)
        if checked is None:
            continue
        parsed, document = checked
        for topic, questions in parsed.topics.items():
            node = flows.node(topic) if flows else None
            if flows is not None and (node is None or not node.ask):
                line = document.line_of(("topics", topic))
                message = f"{topic!r} is not a topic: use the id of a node that has `ask:`"
                loaded.problems.append(Problem(path, line, message))
                continue
            loaded.native += [Example(topic, text, parsed.language) for text in questions]
    return loaded


def question_index(
    flows: FlowSet, translations: Translations, native: list[Example]
) -> ExampleIndex:
    return ExampleIndex([*_from_flows(flows, translations), *native])


def _from_flows(flows: FlowSet, translations: Translations) -> Iterator[Example]:
    topics = {node_id for node_id, node in flows.nodes.items() if node.ask}
    for language in translations.languages:
        translate = translations.translator(language)
        for node_id, node in flows.nodes.items():
            context = flows.context(node_id)
            if node_id in topics:
                for question in node.ask:
                    yield Example(node_id, translate(question, context), language)
            for button in node.buttons:
                if button.goto in topics:
                    yield Example(button.goto, translate(button.label, context), language)
