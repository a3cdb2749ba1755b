"""Escalation's actions: open (or add to) a case and say honestly what happens next; what the
survivor wants a caseworker to know; and their own account, told once."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.actions import ActionContext, ActionRegistry
from bot.escalation.cards import STORY_KEY
from bot.escalation.cases import Opened
from bot.escalation.office_hours import OfficeHours
from bot.texts import N_

NEW_REQUEST = N_("I have asked the Waypost team to contact you.")
ADDED_TO_REQUEST = N_("The Waypost team already has your request. I have added this to it.")
TEAM_AT_WORK = N_("The team is at work now and will see your request.")
TEAM_AWAY = N_("The team works {hours} (UK time). They will see your request when they are back.")
NO_STORY = N_("You have not written your story yet.")
STORY_INTRO = N_("This is what you wrote:")
STORY_DELETED = N_("Your story is deleted.")
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

    @registry.register("set_interpreter", Literal["yes", "no"])
    def set_interpreter(context: ActionContext, answer: str) -> None:
        """Whether the survivor needs an interpreter to talk to a caseworker."""
        context.state.needs_interpreter = answer == "yes"

    @registry.register("set_worker_gender", Literal["woman", "man", "any"])
    def set_worker_gender(context: ActionContext, gender: str) -> None:
        """Who the survivor would rather be helped by."""
        context.state.worker_gender = gender

    @registry.register("set_sharing", Literal["yes", "no"])
    def set_sharing(context: ActionContext, answer: str) -> None:
        """Whether a caseworker may see the topics read and the survivor's story."""
        context.state.shares_with_caseworker = answer == "yes"

    @registry.register("show_story", None)
    def show_story(context: ActionContext, _: None) -> None:
        """Show the survivor their own story, exactly as they wrote it."""
        story = context.state.answers.get(STORY_KEY)
        if story:
            context.say(STORY_INTRO)
            context.say_verbatim(story)
        else:
            context.say(NO_STORY)

    @registry.register("delete_story", None)
    def delete_story(context: ActionContext, _: None) -> None:
        """The story is the survivor's: they can take it back at any time."""
        context.state.answers.pop(STORY_KEY, None)
        context.say(STORY_DELETED)
