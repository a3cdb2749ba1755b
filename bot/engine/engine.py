"""The conversation engine: a survivor's state and one event in, replies and the new state out.

It knows nothing of Telegram or terminals; channels turn their input into events and show the
replies. Storage is reached only through actions, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot import texts
from bot.clock import Clock
from bot.engine.actions import ActionRegistry, SurvivorStore
from bot.engine.events import Event
from bot.engine.reading import Reader
from bot.engine.replies import Message
from bot.engine.state import SurvivorState
from bot.engine.turn import Turn, TurnRunner
from bot.flowmodel.flowset import FlowSet
from bot.i18n.translator import Translations


@dataclass(frozen=True)
class Content:
    """Flows and translations that are served together (swapped together when republished)."""

    flows: FlowSet
    translations: Translations
    reader: Reader
    """Reads what survivors type with this content's phrases, everyday words and topics."""
    ready_replies: dict[str, str]


class Engine:
    def __init__(
        self,
        content: Content,
        actions: ActionRegistry,
        clock: Clock,
        variables: Mapping[str, str],
    ) -> None:
        self.content = content
        self.actions = actions
        self.clock = clock
        self.variables = dict(variables)

    def publish(self, content: Content, actions: ActionRegistry) -> None:
        """Serve new content (and the actions built from its files) from the next event on;
        turns under way finish on the old."""
        self.content, self.actions = content, actions

    def handle(
        self,
        state: SurvivorState,
        event: Event,
        store: SurvivorStore,
        message_ref: int | None = None,
        flooded: bool = False,
    ) -> Turn:
        """`message_ref` names the survivor's message in their chat, so it can be relayed.

        A `flooded` survivor (over the flood limit) is still screened for danger, and nothing else.
        """
        return TurnRunner(self, state, store, message_ref).run(event, flooded)

    def slow_down(self, state: SurvivorState) -> Message:
        translate = self.content.translations.translator(state.language)
        return Message(translate(texts.SLOW_DOWN))
