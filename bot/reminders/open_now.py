"""Who a survivor can reach now, wherever Waypost says "today" or "the team will be told".

Advice to act today, given on a Sunday night, is only honest if it says that offices are shut
and who answers now. The team's hours are the configured office hours; a bank holiday of the
survivor's nation shuts offices too. The helpline named is the one open day and night
(flows/helplines.yaml).
"""

from __future__ import annotations

from datetime import datetime

from bot.engine.actions import ActionContext, ActionRegistry
from bot.office_hours import OfficeHours
from bot.reminders.schedule import local
from bot.texts import N_
from bot.working_days import closed

OFFICES_CLOSED = N_("Most offices are closed now. Call them as soon as they open.")
OPEN_NOW = N_(
    "The Modern Slavery Helpline is open day and night: 08000 121 700. In danger, call 999."
)
TEAM_HOURS = N_("The Waypost team works {hours} (UK time).")
TEAM_AWAY_CHECKIN = N_("If you do not answer outside those hours, they see it when they are back.")


def offices_closed(now: datetime, office_hours: OfficeHours, nation: str | None) -> bool:
    return not office_hours.open_at(now) or closed(local(now).date(), nation) is not None


def say_who_is_open(context: ActionContext, office_hours: OfficeHours) -> None:
    """Nothing in office hours; out of them, that offices are shut and who answers now."""
    if offices_closed(context.now, office_hours, context.state.nation):
        context.say(OFFICES_CLOSED)
        context.say(OPEN_NOW)


def register_open_now_actions(registry: ActionRegistry, office_hours: OfficeHours) -> None:
    @registry.register("say_who_is_open", None)
    def who_is_open(context: ActionContext, _: None) -> None:
        """After advice to act today: who can be reached if offices are shut now."""
        say_who_is_open(context, office_hours)

    @registry.register("say_team_hours", None)
    def team_hours(context: ActionContext, _: None) -> None:
        """Before a survivor relies on the team being told (a safety check-in): when it works."""
        context.say(TEAM_HOURS, hours=office_hours.describe(context.state.language or "en"))
        context.say(TEAM_AWAY_CHECKIN)
