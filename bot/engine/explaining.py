"""Glossary explanations beside a screen: a "What does … mean?" button for a hard term the
screen uses, its explanation, and Back to the same screen.
"""

from __future__ import annotations

from bot import texts
from bot.engine.replies import ButtonView
from bot.engine.safety import SAFETY_CHECK
from bot.engine.turn_parts import TurnParts
from bot.flowmodel.flowset import MENU_CALLBACK
from bot.flowmodel.glossary import BACK, BACK_PREFIX, TERM_PREFIX, WHAT_DOES_IT_MEAN
from bot.flowmodel.schema import Node

TERM_BUTTONS = 1
"""How many "What does … mean?" buttons a screen gets, so its keyboard stays short."""


class Explanations(TurnParts):
    """Glossary entries read beside a screen, never as one.

    One part of `TurnRunner` (bot/engine/turn.py), a mixin: its other steps are there.
    """

    def _explain(self, entry_id: str) -> None:
        """A glossary entry beside the screen: the survivor stays on that screen (no consent
        needed to read), and Back shows it again without running its actions."""
        entry = self.flows.node(entry_id)
        if entry is None or not entry.term or self.state.language is None:
            self._reprompt(texts.BUTTON_GONE)
            return
        self._say(entry)
        screen = self.state.node if self.flows.node(self.state.node) else "menu"
        self._attach(
            [
                ButtonView(self.t(BACK), BACK_PREFIX + screen),
                ButtonView(self.t(texts.MENU_BUTTON), MENU_CALLBACK),
            ]
        )

    def _back_from_explanation(self, node_id: str) -> None:
        node = self.flows.node(node_id)
        if node is None or node.term or self.state.language is None:
            self._reprompt(texts.BUTTON_GONE)
            return
        self._enter(node_id, run_actions=False)

    def _term_buttons(self, node: Node) -> list[ButtonView]:
        """The "What does … mean?" button for the first glossary term in the English the
        screen shows; emergency screens keep only what gets help now."""
        if (
            not node.glossary
            or node.choose_language
            or node.id in self._emergency_screens()
            or self.state.language is None
        ):
            return []
        english = [text for say in self._said(node) for text in (say.text, say.plural) if text]
        views = []
        for entry_id in self.flows.glossary.terms_in(english)[:TERM_BUTTONS]:
            term = self.flows.nodes[entry_id].term[0]
            name = self._render(term, self.flows.context(entry_id), {})
            label = self._render(WHAT_DOES_IT_MEAN, None, {"term": name})
            views.append(ButtonView(label, TERM_PREFIX + entry_id))
        return views

    def _emergency_screens(self) -> set[str]:
        danger = self.flows.nodes["danger"]
        return {SAFETY_CHECK, danger.id, *(branch.goto for branch in danger.next)}
