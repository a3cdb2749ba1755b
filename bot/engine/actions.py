"""Named actions a flow can run, in one registry; each is owned by the part that implements it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import TypeAdapter, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

from bot.engine.pickers import Picker
from bot.engine.state import SurvivorState
from bot.i18n.plurals import Plural

Repository = TypeVar("Repository")


class SurvivorStore(Protocol):
    """What actions may ask of storage, inside the same transaction as the turn."""

    def erase_survivor(self, survivor_id: int) -> dict[str, int]: ...

    def claimed_case(self, survivor_id: int) -> int | None:
        """The case a caseworker is handling for this survivor, if any."""
        ...

    def relay_to_caseworker(self, case_id: int, message_ref: int, now: datetime) -> None: ...

    def add_to_waiting_case(self, survivor_id: int, text: str, now: datetime) -> bool:
        """Keep what they typed with their request while it waits for a caseworker; False
        when no request of theirs is waiting."""
        ...

    def stored_about(self, survivor_id: int) -> StoredAbout: ...

    def count(
        self, metric: str, key: str, language: str | None, nation: str | None, now: datetime
    ) -> None:
        """One more of `metric` today (see bot/storage/counts.py): never who."""
        ...

    def repository(self, build: Callable[[Session], Repository]) -> Repository:
        """A feature's own repository (its reminders, its cases), in the same transaction: the
        core need not know what each feature keeps."""
        ...


@dataclass(frozen=True)
class StoredAbout:
    """What storage holds about a survivor beyond their state, for `/mydata`."""

    cases: list[tuple[int, str, datetime]]
    case_notes: int
    message_ids: int
    reminders: int


@dataclass
class ActionContext:
    state: SurvivorState
    store: SurvivorStore
    now: datetime
    typed: str | None = None
    """What the survivor typed, for actions run by an `input` node."""
    location: tuple[float, float] | None = None
    """Latitude and longitude the survivor shared, for actions run by an `input` node."""
    message_ref: int | None = None
    """The survivor's message being answered, as their chat numbers it (None for a press)."""
    delete_from_chat: list[int] = field(default_factory=list)
    """Ids of the survivor's own messages the channel should remove from their chat."""
    said: list[Said] = field(default_factory=list)
    redirect: str | None = None
    erased: bool = False
    visiting: bool = False
    """They said no to consent: kept in memory for this conversation, never in storage."""
    declined: bool = False
    """Set by an action run on typed text it does not recognise (a node's `typed:`)."""

    def say(self, text: str | Plural, **values: Any) -> None:
        """Queue a line (English source text, translated by the engine) for the survivor; a
        counted line (`NP_`) takes its number from the value its `count` names."""
        self.said.append(Said(text, values))

    def decline(self) -> None:
        """Not for this action: the engine reads the text as it would have without it."""
        self.declined = True

    def say_verbatim(self, text: str) -> None:
        """Queue the survivor's own words, exactly as they wrote them."""
        self.said.append(Said(text, {}, translate=False))


@dataclass(frozen=True)
class Said:
    text: str | Plural
    values: dict[str, Any]
    translate: bool = True


ActionRun = Callable[[ActionContext, Any], None]
PressRun = Callable[[ActionContext, str], None]


@dataclass(frozen=True)
class Action:
    name: str
    params: TypeAdapter[Any]
    run: ActionRun
    before_consent: bool
    """Keeps nothing beyond what is needed to talk (language, nation, age), shares nothing:
    may run for someone who has not consented, or declined."""


class ActionError(ValueError):
    """A flow names an action that does not exist, or gives it parameters it cannot take."""


class ActionRegistry:
    """Actions flows may run, and pickers their nodes may offer, each by name."""

    def __init__(self) -> None:
        self._actions: dict[str, Action] = {}
        self._pickers: dict[str, Picker] = {}
        self._presses: dict[str, PressRun] = {}
        self._entry_nodes: list[str] = []
        self._unsaved_answers: list[str] = []

    def leads_to(self, *node_ids: str) -> None:
        """Declare nodes that code sends survivors to, so the loader checks they exist."""
        self._entry_nodes.extend(node_ids)

    @property
    def entry_nodes(self) -> tuple[str, ...]:
        return tuple(self._entry_nodes)

    def keeps_unsaved(self, key_prefix: str) -> None:
        """Declare answers a feature keeps only while it asks its questions (a reminder or a
        request being made): `/mydata` tells what they become once saved, not these."""
        self._unsaved_answers.append(key_prefix)

    def is_unsaved(self, answer_key: str) -> bool:
        return answer_key.startswith(tuple(self._unsaved_answers))

    def add_press_handler(self, prefix: str, run: PressRun) -> None:
        """Buttons on messages the bot sends by itself (a reminder's "Show details"): their
        callback data is `prefix` and a payload, such as ``~r:show:42``."""
        if not prefix.startswith("~") or prefix in self._presses:
            raise ValueError(f"press prefix {prefix!r} must start with '~' and be new")
        self._presses[prefix] = run

    def press_handler(self, data: str) -> tuple[PressRun, str] | None:
        """The handler for this callback data and the payload after its prefix, if any."""
        for prefix, run in self._presses.items():
            if data.startswith(prefix):
                return run, data.removeprefix(prefix)
        return None

    def add_picker(self, name: str, picker: Picker) -> None:
        if name in self._pickers:
            raise ValueError(f"the picker {name!r} is registered twice")
        self._pickers[name] = picker

    def picker(self, name: str) -> Picker:
        picker = self._pickers.get(name)
        if picker is None:
            known = ", ".join(sorted(self._pickers))
            raise ActionError(f"unknown picker {name!r}: use one of {known}")
        return picker

    def register(
        self, name: str, params: Any, before_consent: bool = False
    ) -> Callable[[ActionRun], ActionRun]:
        """Decorator: `params` is the type the flow's value must have (e.g. a Literal). An
        action needs consent unless it says otherwise: whatever keeps or shares something
        about a survivor must wait for their yes."""

        def add(run: ActionRun) -> ActionRun:
            if name in self._actions:
                raise ValueError(f"the action {name!r} is registered twice")
            self._actions[name] = Action(name, TypeAdapter(params), run, before_consent)
            return run

        return add

    def need_consent(self, calls: Mapping[str, Any]) -> bool:
        return any(not self._actions[name].before_consent for name in calls)

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
