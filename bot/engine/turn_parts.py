"""What every part of a turn reads and changes, declared once.

`TurnRunner` (bot/engine/turn.py) is made of one mixin per concern; each mixin derives from
`TurnParts`, so the state it works on is named and typed where it is used, not only where
`TurnRunner.__init__` sets it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.engine.actions import SurvivorStore
from bot.engine.replies import Reply
from bot.engine.state import SurvivorState
from bot.flowmodel.flowset import FlowSet
from bot.i18n.translator import Translator

if TYPE_CHECKING:
    from bot.engine.engine import Content, Engine


class TurnParts:
    engine: Engine
    content: Content
    """The content the turn started with: a publish during the turn does not change it."""
    flows: FlowSet
    state: SurvivorState
    store: SurvivorStore
    now: dt.datetime
    message_ref: int | None
    """The survivor's message in their chat, so it can be relayed to a caseworker."""
    replies: list[Reply]
    t: Translator
    """The survivor's language, or the hint's before they chose one."""
    language_hint: str | None
    erased: bool
    visiting: bool

    def _count(self, metric: str, key: str) -> None:
        """One more of `metric` (bot/engine/tallies.py) by the language and nation of whoever
        this turn is for: never who."""
        language = self.state.language or self.language_hint
        self.store.count(metric, key, language, self.state.nation, self.now)
