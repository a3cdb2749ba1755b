"""The shape of a flow file, as administrators write it (see flows/README.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.nations import Nation

AGE_GROUPS = ("adult", "child")
UNSET = "unset"
NODE_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
COUNT_PLACEHOLDER = "{count}"
PERSON_NODES = ("human", "human_request")
"""Where "Talk to a person" starts (flows/menu.yaml)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Condition(_Strict):
    """Every key given must match; a list means any one of its values."""

    nation: tuple[Literal[Nation, "unset"], ...] = ()
    age_group: tuple[Literal["adult", "child", "unset"], ...] = ()
    language: tuple[str, ...] = ()

    _listify = field_validator("nation", "age_group", "language", mode="before")(_as_list)

    def matches(self, nation: str | None, age_group: str | None, language: str | None) -> bool:
        return (
            _allowed(self.nation, nation)
            and _allowed(self.age_group, age_group)
            and _allowed(self.language, language)
        )


def _allowed(allowed: tuple[str, ...], value: str | None) -> bool:
    return not allowed or (value or UNSET) in allowed


class Say(_Strict):
    text: str = Field(min_length=1)
    when: Condition | None = None
    plural: str | None = Field(default=None, min_length=1)
    """With `count`: the English for any number but one; `text` is then the English for one."""
    count: int | None = Field(default=None, ge=0)
    """The number `{count}` stands for; each language writes the plural form it takes."""

    @model_validator(mode="after")
    def _counted(self) -> Say:
        if (self.plural is None) != (self.count is None):
            raise ValueError(
                "a counted message needs both `count` (the number) and `plural` (the English "
                "for more than one); `text` is the English for one"
            )
        if self.plural is not None and COUNT_PLACEHOLDER not in self.plural:
            raise ValueError(f"`plural` must show the number: write {COUNT_PLACEHOLDER} in it")
        return self


class Button(_Strict):
    label: str = Field(min_length=1)
    id: str | None = Field(default=None, pattern=NODE_ID_PATTERN)
    goto: str | None = None
    do: dict[str, Any] = Field(default_factory=dict)
    when: Condition | None = None

    @model_validator(mode="after")
    def _goes_somewhere(self) -> Button:
        if self.goto is None and not self.do:
            raise ValueError("a button needs `goto` (a node id), `do` (an action), or both")
        return self

    @property
    def ref(self) -> str:
        """The short, stable name this button is known by in callback data."""
        return self.id or self.goto or "_".join(self.do)


class Branch(_Strict):
    goto: str
    when: Condition | None = None


class Input(_Strict):
    """The node waits for the survivor to type (or share a location) instead of pressing."""

    accept: tuple[Literal["text", "location"], ...] = ("text",)
    save_as: str | None = Field(default=None, pattern=NODE_ID_PATTERN)
    do: dict[str, Any] = Field(default_factory=dict)
    goto: str
    keep_when_in_danger: bool = False
    """Danger typed here brings guidance and is not kept (an appointment named "he will hurt
    me" is no appointment), except where this is true: the survivor's own story is theirs, and
    words written for the team still reach it (after the guidance)."""

    _listify = field_validator("accept", mode="before")(_as_list)


class Typed(_Strict):
    """On a node with buttons: typed text that names no button and no everyday word is offered
    to these actions before it is read as a question. An action that does not recognise it
    declines (see `ActionContext.decline`), and the text is read as usual."""

    do: dict[str, Any] = Field(min_length=1)
    goto: str


class Pick(_Strict):
    """The node offers buttons a picker makes when it is shown; typing the answer works too."""

    options: str
    """The picker's name, such as `day` or `hour`."""
    save_as: str = Field(pattern=NODE_ID_PATTERN)
    goto: str
    typed_goto: str | None = None
    """Where a typed answer leads, when it says more than a button does (10:30, not 10)."""
    do: dict[str, Any] = Field(default_factory=dict)


class Node(_Strict):
    id: str = Field(pattern=NODE_ID_PATTERN, max_length=40)
    say: tuple[Say, ...] = ()
    do: dict[str, Any] = Field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
    choose_language: bool = False
    input: Input | None = None
    pick: Pick | None = None
    next: tuple[Branch, ...] = ()
    typed: Typed | None = None
    consent_required: bool | None = None
    """Overrides the flow's: a question whose answers are kept, in a flow anyone may read."""
    menu_button: bool = True
    person_button: bool = True
    ask: tuple[Annotated[str, Field(min_length=2, max_length=64)], ...] = ()
    """Questions a survivor might type to reach this topic; the first is its name on a
    "Did you mean…?" button. Translated with everything else."""
    term: tuple[Annotated[str, Field(min_length=1, max_length=40)], ...] = ()
    """Makes the node a glossary entry (flows/glossary.yaml): the English ways the term is
    written in flow text; the first is its name on the "What does … mean?" button."""
    glossary: bool = True
    """`false`: no "What does … mean?" button here (the screen explains its terms itself)."""

    @field_validator("say", mode="before")
    @classmethod
    def _plain_texts(cls, value: Any) -> Any:
        value = _as_list(value)
        if isinstance(value, list):
            return [{"text": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("next", mode="before")
    @classmethod
    def _plain_next(cls, value: Any) -> Any:
        return [{"goto": value}] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> Node:
        if self.term:
            return self._glossary_entry()
        waits = self.waits
        answers = [self.buttons, self.choose_language, self.input, self.pick]
        if sum(1 for answer in answers if answer) > 1:
            raise ValueError(
                "a node waits for one kind of answer: `buttons`, `choose_language`, `input` "
                "or `pick`"
            )
        if self.next and (self.buttons or self.input is not None or self.pick is not None):
            raise ValueError(
                "`next` is for nodes that go on by themselves: with `buttons`, `input` or "
                "`pick`, each of those says where to go"
            )
        if self.typed is not None and not self.buttons:
            raise ValueError("`typed` is for nodes with `buttons`: `input` already reads text")
        if self.choose_language and not self.next:
            raise ValueError(
                "`choose_language` needs `next`: where to go once a language is chosen"
            )
        if waits and not self.say and not self.do:
            raise ValueError("a node that waits for the survivor must `say` something first")
        if not waits and not self.next:
            raise ValueError("this node is a dead end: give it `buttons`, `input` or `next`")
        if self.next and self.next[-1].when is not None:
            raise ValueError(
                "the last entry of `next` must have no `when`, so there is always a way on"
            )
        return self

    def _glossary_entry(self) -> Node:
        """An entry is shown beside the screen that named it, with a way back to that screen
        only: anything that moves the survivor on or keeps something would break that."""
        if not self.say:
            raise ValueError("a glossary entry (`term`) must `say` what the term means")
        extra = [
            key
            for key in ("do", "buttons", "choose_language", "input", "pick", "next", "typed", "ask")
            if getattr(self, key)
        ]
        if extra:
            raise ValueError(
                f"a glossary entry (`term`) only says what the term means: remove `{extra[0]}` "
                "(the bot adds the button back to the screen the survivor came from)"
            )
        return self

    @property
    def asks_for_person(self) -> bool:
        """One of its own buttons already asks for a person ("Ask a caseworker to help me"), so
        the automatic "Talk to a person" would be a second button for the same thing."""
        return any(b.goto in PERSON_NODES or "escalate" in b.do for b in self.buttons)

    @property
    def waits(self) -> bool:
        """Whether the node stops for the survivor rather than going on by itself."""
        return (
            bool(self.buttons)
            or self.choose_language
            or self.input is not None
            or self.pick is not None
        )


class Flow(_Strict):
    flow: str = Field(pattern=NODE_ID_PATTERN)
    title: str
    reviewed: dt.date
    sources: tuple[str, ...] = Field(min_length=1)
    consent_required: bool = True
    nodes: tuple[Node, ...] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def _urls(cls, sources: tuple[str, ...]) -> tuple[str, ...]:
        for source in sources:
            if not source.startswith(("https://", "http://")):
                raise ValueError(f"each source is a web address (https://...), not {source!r}")
        return sources
