"""A typed day whose year Waypost chose is asked about, never used silently.

"20/11" typed on 23 November means next year to a calendar, but to a survivor it may be a slip
for a day that has passed. The day picker marks such a day (see `pickers.GUESSED`); the node
that asked for it names the answer and where to go on, and the survivor is asked "Did you mean
Saturday 20 November 2027?" with the year, before anything is saved or worked out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from babel.dates import format_date
from pydantic import BaseModel, ConfigDict, StringConstraints

from bot.engine.actions import ActionContext, ActionRegistry
from bot.i18n.translator import formatting_locale
from bot.reminders.pickers import GUESSED
from bot.texts import N_

CONFIRM_NODE = "day_confirm"
NOWHERE = "menu"
"""Where a stale "Did you mean" button goes: the question it answered is gone."""
_KEY, _THEN, _AGAIN = "typed_day_key", "typed_day_then", "typed_day_again"
DID_YOU_MEAN = N_("Did you mean {date}?")

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]


class DayCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: Name
    """The answer the day was saved under (the pick node's `save_as`)."""
    then: Name
    """The node to go on to once the day is confirmed."""


def guessed(answers: dict[str, str], key: str) -> bool:
    return answers.get(key, "").endswith(GUESSED)


def ask_about(context: ActionContext, key: str, then: str) -> None:
    """Hold the day under `key` and ask about it; "No" goes back to the node that asked."""
    answers = context.state.answers
    answers.update({_KEY: key, _THEN: then, _AGAIN: context.state.node})
    context.redirect = CONFIRM_NODE


def register_typed_day_actions(registry: ActionRegistry) -> None:
    registry.leads_to(CONFIRM_NODE)

    @registry.register("check_typed_day", DayCheck)
    def check(context: ActionContext, check: DayCheck) -> None:
        """After a day picked or typed: ask first if its year was guessed."""
        if guessed(context.state.answers, check.day):
            ask_about(context, check.day, check.then)

    @registry.register("ask_typed_day", None)
    def ask(context: ActionContext, _: None) -> None:
        day = _held(context)
        if day is None:
            context.redirect = NOWHERE
            return
        locale = formatting_locale(context.state.language or "en")
        context.say(DID_YOU_MEAN, date=format_date(day, "EEEE d MMMM y", locale=locale))

    @registry.register("confirm_typed_day", Literal["yes", "no"])
    def confirm(context: ActionContext, answer: str) -> None:
        answers = context.state.answers
        day = _held(context)
        key, then, again = (answers.pop(name, "") for name in (_KEY, _THEN, _AGAIN))
        if day is None:
            context.redirect = NOWHERE
        elif answer == "yes":
            answers[key] = day.isoformat()
            context.redirect = then
        else:
            answers.pop(key, None)
            context.redirect = again


def _held(context: ActionContext) -> date | None:
    answers = context.state.answers
    key = answers.get(_KEY, "")
    if not guessed(answers, key):
        return None
    try:
        return date.fromisoformat(answers[key].removesuffix(GUESSED))
    except ValueError:
        return None
