"""Named actions a flow can run, in one registry; each is owned by the part that implements it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from bot.engine.state import SurvivorState
from bot.escalation.cases import OpenedCase


class SurvivorStore(Protocol):
    """What actions may ask of storage, inside the same transaction as the turn."""

    def open_case(
        self, state: SurvivorState, reason: str, urgency: str, now: datetime
    ) -> OpenedCase: ...

    def erase_survivor(self, survivor_id: int) -> dict[str, int]: ...

    def claimed_case(self, survivor_id: int) -> int | None:
        """The case a caseworker is handling for this survivor, if any."""
        ...

    def relay_to_caseworker(self, case_id: int, message_ref: int, now: datetime) -> None: ...

    def stored_about(self, survivor_id: int) -> StoredAbout: ...


@dataclass(frozen=True)
class StoredAbout:
    """What storage holds about a survivor beyond their state, for `/mydata`."""

    cases: list[tuple[int, str, datetime]]
    message_ids: int


@dataclass
class ActionContext:
    state: SurvivorState
    store: SurvivorStore
    now: datetime
    typed: str | None = None
    """What the survivor typed, for actions run by an `input` node."""
    location: tuple[float, float] | None = None
    """Latitude and longitude the survivor shared, for actions run by an `input` node."""
    said: list[Said] = field(default_factory=list)
    redirect: str | None = None
    erased: bool = False

    def say(self, text: str, **values: Any) -> None:
        """Queue a line (English source text, translated by the engine) for the survivor."""
        self.said.append(Said(text, values))

    def say_verbatim(self, text: str) -> None:
        """Queue the survivor's own words, exactly as they wrote them."""
        self.said.append(Said(text, {}, translate=False))


@dataclass(frozen=True)
class Said:
    text: str
    values: dict[str, Any]
    translate: bool = True


ActionRun = Callable[[ActionContext, Any], None]


@dataclass(frozen=True)
class Action:
    name: str
    params: TypeAdapter[Any]
    run: ActionRun


class ActionError(ValueError):
    """A flow names an action that does not exist, or gives it parameters it cannot take."""


class ActionRegistry:
    def __init__(self) -> None:
        self._actions: dict[str, Action] = {}

    def register(self, name: str, params: Any) -> Callable[[ActionRun], ActionRun]:
        """Decorator: `params` is the type the flow's value must have (e.g. a Literal)."""

        def add(run: ActionRun) -> ActionRun:
            if name in self._actions:
                raise ValueError(f"the action {name!r} is registered twice")
            self._actions[name] = Action(name, TypeAdapter(params), run)
            return run

        return add

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._actions))

    def parse(self, name: str, raw: Any) -> Any:
        action = self._actions.get(name)
        if action is None:
            known = ", ".join(self.names)
            raise ActionError(f"unknown action {name!r}: use one of {known}")
        try:
            return action.params.validate_python(raw)
        except ValidationError as error:
            problems = "; ".join(item["msg"] for item in error.errors())
            raise ActionError(f"action {name!r} cannot take {raw!r}: {problems}") from None

    def run(self, context: ActionContext, name: str, raw: Any) -> None:
        self._actions[name].run(context, self.parse(name, raw))
