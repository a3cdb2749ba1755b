"""Where a survivor must go first: reading needs no consent, keeping anything does, and a
consent given long ago is checked again before more is kept.
"""

from __future__ import annotations

from bot import texts
from bot.engine.turn_parts import TurnParts
from bot.flowmodel.schema import Node


class Gates(TurnParts):
    """The consent screens a node may be behind.

    One part of `TurnRunner` (bot/engine/turn.py), a mixin: its other steps are there.
    """

    def _gate(self, node_id: str) -> str | None:
        """Where a survivor must go first before reaching `node_id`, if anywhere."""
        if self._needs_consent(self.flows.nodes[node_id]):
            return self._consent_first()
        if self.state.consent_check_due(self.now) and not self._first_contact_screen(node_id):
            return "consent_check"
        return None

    def _first_contact_screen(self, node_id: str) -> bool:
        """Language, consent, help, /mydata, /forget: reachable by anyone at any time."""
        return self.flows.flow_of_node[node_id] == self.flows.flow_of_node["start"]

    def _enter_gate(self, gate: str) -> None:
        self._say_why(gate)
        self._enter(gate)

    def _say_why(self, gate: str) -> None:
        """Someone who said no, or has not said yes, and asks for what keeps something: the
        consent screen comes with why, so it does not read as starting over."""
        if self.state.language is not None and gate == self._branch(self.flows.nodes["start"]):
            self._line(texts.CONSENT_FIRST)

    def _needs_consent(self, node: Node) -> bool:
        """Reading needs no consent; keeping or sharing anything about the survivor does: a
        flow marked so, or a node whose own actions or typed answer keep something."""
        actions = self.engine.actions
        typed = node.input or node.typed
        return (
            self.flows.consent_required(node.id)
            or actions.need_consent(node.do)
            or (typed is not None and actions.need_consent(typed.do))
            or (node.input is not None and node.input.save_as is not None)
        )

    def _consent_first(self) -> str | None:
        if self.state.language is None:
            return "start"
        if not self.state.consented:
            return self._branch(self.flows.nodes["start"])
        if self.state.consent_check_due(self.now):
            return "consent_check"
        return None
