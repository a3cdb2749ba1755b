"""The `escalate` action: open (or add to) a case, and tell the survivor honestly what happens."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.actions import ActionContext, ActionRegistry
from bot.escalation.cases import Opened
from bot.escalation.office_hours import OfficeHours
from bot.texts import N_

NEW_REQUEST = N_("I have asked the Waypost team to contact you.")
ADDED_TO_REQUEST = N_("The Waypost team already has your request. I have added this to it.")
TEAM_AT_WORK = N_("The team is at work now and will see your request.")
TEAM_AWAY = N_("The team works {hours} (UK time). They will see your request when they are back.")
HELP_MEANWHILE = N_(
    "If you need help before then, call the helpline on 08000 121 700, or 999 in an emergency."
)


class Escalation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    urgency: Literal["normal", "urgent"] = "normal"


def register_escalation_actions(registry: ActionRegistry, office_hours: OfficeHours) -> None:
    @registry.register("escalate", Escalation)
    def escalate(context: ActionContext, escalation: Escalation) -> None:
        """Open a case for a caseworker, or add to the survivor's active one.

        Only with consent: before it, Waypost keeps nothing, so danger gets guidance alone.
        """
        if not context.state.consented:
            return
        opened = context.store.open_case(
            context.state, escalation.reason, escalation.urgency, context.now
        )
        context.say(NEW_REQUEST if opened.how is Opened.NEW else ADDED_TO_REQUEST)
        if office_hours.open_at(context.now):
            context.say(TEAM_AT_WORK)
        else:
            hours = office_hours.describe(context.state.language or "en")
            context.say(TEAM_AWAY, hours=hours)
            context.say(HELP_MEANWHILE)
