"""The examples each topic is recognised by: its `ask:` questions and what it says, in every
language, the labels of buttons that lead to it, and questions written natively per language."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.flowmodel.flowset import FlowSet
from bot.flows.checked_yaml import read_checked
from bot.flows.problems import Problem
from bot.i18n.translator import Translations
from bot.understanding.similar import Example, ExampleIndex, Guess

QUESTIONS_FOLDER = "questions"
logger = logging.getLogger(__name__)


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
    """Read flows/questions/<language>.yaml. Questions for a node that is gone (or has no `ask:`)
    are set aside with a warning: deleting a topic must not stop the bot."""
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
                message = (
                    f"{topic!r} is not a topic (a node with `ask:`), so these questions are "
                    "not used: correct the id or remove them"
                )
                loaded.problems.append(Problem(path, line, message, severity="warning"))
                continue
            loaded.native += [Example(topic, text, parsed.language) for text in questions]
    return loaded


def question_index(
    flows: FlowSet, translations: Translations, native: list[Example]
) -> BackgroundIndex:
    return BackgroundIndex((*_from_flows(flows, translations), *native))


class BackgroundIndex:
    """The topics' index, built in a thread: some thousands of examples take a second or two,
    and neither start-up nor a survivor's danger check should wait for that."""

    def __init__(self, examples: tuple[Example, ...]) -> None:
        self._index = ExampleIndex(())
        self._ready = threading.Event()
        threading.Thread(target=self._build, args=(examples,), daemon=True).start()

    def guesses(self, text: str, limit: int = 3) -> list[Guess]:
        self._ready.wait()
        return self._index.guesses(text, limit)

    def _build(self, examples: tuple[Example, ...]) -> None:
        try:
            self._index = _index_of(examples)
        except Exception:
            logger.exception("the topics' index could not be built: questions go unanswered")
        finally:
            self._ready.set()


@functools.lru_cache(maxsize=4)
def _index_of(examples: tuple[Example, ...]) -> ExampleIndex:
    """Content served again unchanged (a republish, a test's new runtime) reuses its index."""
    return ExampleIndex(examples)


def _from_flows(flows: FlowSet, translations: Translations) -> Iterator[Example]:
    topics = {node_id for node_id, node in flows.nodes.items() if node.ask}
    for language in translations.languages:
        translate = translations.translator(language)
        for node_id, node in flows.nodes.items():
            context = flows.context(node_id)
            if node_id in topics:
                # What a topic says names it too ("conclusive grounds", "move-on").
                for text in (*node.ask, *(say.text for say in node.say)):
                    yield Example(node_id, translate(text, context), language)
            for button in node.buttons:
                if button.goto in topics:
                    yield Example(button.goto, translate(button.label, context), language)
