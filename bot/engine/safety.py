"""Safety first: danger is answered before anything else in a turn, and what a survivor writes
while a caseworker handles their case goes to the caseworker, not to the flows.
"""

from __future__ import annotations

from bot import texts
from bot.engine import tallies
from bot.engine.events import Event, Text, Unsupported
from bot.engine.reading import Tier
from bot.engine.turn_parts import TurnParts
from bot.engine.typed_text import MAX_TYPED, clean
from bot.flowmodel.schema import Node

SAFETY_CHECK = "safety_check"


class Safety(TurnParts):
    """Danger screened for on every event, and the caseworker's relay.

    One part of `TurnRunner` (bot/engine/turn.py), a mixin: its other steps are there.
    """

    def _screen_for_danger(self, event: Event) -> bool:
        """Emergency guidance at once for clear danger, "Are you safe?" for possible danger,
        whatever else is going on; what was typed is then not taken as an answer."""
        typed = event.text if isinstance(event, Text) else getattr(event, "caption", None)
        if not typed:
            return False
        danger = self.content.reader.danger(typed, self.state.language)
        if danger is None:
            return False
        if self.state.language is None:
            # Not chosen yet: answer in the language the danger was written in, if Waypost has it.
            self.language_hint = self.content.translations.best_match(danger.language)
            self.t = self._translator()
        node = self.flows.node(self.state.node)
        if danger.tier is Tier.POSSIBLE:
            self._count(tallies.DANGER_POSSIBLE, danger.category)
            self._ask_if_safe(node)
        else:
            self._emergency(f"danger_{danger.category}")
        if node is not None and node.input is not None and node.input.keep_when_in_danger:
            self._keep_typed(node, typed)
        self._buttons_to_the_bottom()
        return True

    def _keep_typed(self, node: Node, typed: str) -> None:
        """After the guidance, words the survivor wrote for themselves or for the team still
        go where they were written for: the story is kept, a message reaches the request."""
        text = clean(typed)
        if not (node.input and text and len(text) <= MAX_TYPED):
            return
        if node.input.save_as:
            self.state.answers[node.input.save_as] = text
            self._line(texts.KEPT_WHAT_YOU_WROTE)
            return
        self._run_actions(node.input.do, typed=text)
        if self.state.resume_node == node.id:  # "I am safe" goes on, not to write it again
            self.state.resume_node = node.input.goto

    def _ask_if_safe(self, node: Node | None) -> None:
        if node is not None and node.id not in (SAFETY_CHECK, "danger"):
            self.state.resume_node = node.id
        self._enter(SAFETY_CHECK)

    def _emergency(self, reason: str) -> None:
        """The danger node, and (after consent) an urgent case, its lines after the guidance."""
        self._count(tallies.DANGER_CLEAR, reason.removeprefix("danger_"))
        self._enter("danger")
        if self.state.consented:
            self._run_actions({"escalate": {"reason": reason, "urgency": "urgent"}})

    def _relay_to_caseworker(self, event: Event, quietly: bool) -> bool:
        """While a caseworker handles their case, what the survivor writes goes to them."""
        writes = (isinstance(event, Text) and not event.edited) or isinstance(event, Unsupported)
        if not writes or self.message_ref is None:
            return False
        case_id = self.store.claimed_case(self.state.survivor_id)
        if case_id is None:
            return False
        self.store.relay_to_caseworker(case_id, self.message_ref, self.now)
        if not quietly:
            self._line(texts.SENT_TO_CASEWORKER)
        return True

    def _add_to_waiting_case(self, text: str) -> bool:
        """While their request waits for a caseworker nobody reads the chat: words the bot is
        not sure of (not understood, or only "did you mean") are kept with the request for the
        team, instead of being lost; button names, everyday words and sure answers are not.

        `text` is cleaned, no longer than MAX_TYPED, and not danger (that came first)."""
        if not self.store.add_to_waiting_case(self.state.survivor_id, text, self.now):
            return False
        self._reprompt(texts.ADDED_TO_REQUEST)
        return True
