"""Escalation's actions: ask before opening a case, ask the caseworker's questions once, open
(or add to) the case and say honestly what happens next; and the survivor's own account.

Asking for a person runs through nodes in flows/menu.yaml: a flow's `escalate` (normal urgency)
asks "Do you want the team to contact you about this?" first (`human_confirm`); then only the
questions not answered before (interpreter, gender, sharing); then `human_send` opens the case.
A survivor whose request is still open is told so (`human_open`) instead, and may add to it.
Urgent requests (danger, a safety check-in) open at once: safety does not wait for questions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from babel.dates import format_date
from pydantic import BaseModel, ConfigDict, StringConstraints

from bot import texts
from bot.clock import LONDON
from bot.engine.actions import ActionContext, ActionRegistry
from bot.engine.my_data import CASES
from bot.engine.state import SurvivorState
from bot.escalation.cards import STORY_KEY
from bot.escalation.cases import ACTIVE, REASON_KEY, CaseRepository, Opened
from bot.i18n.translator import formatting_locale
from bot.office_hours import OfficeHours
from bot.texts import N_

NEW_REQUEST = N_("I have asked the Waypost team to contact you.")
ADDED_TO_REQUEST = N_("The Waypost team already has your request. I have added this to it.")
TEAM_AT_WORK = N_("The team is at work now and will see your request.")
TEAM_AWAY = N_("The team works {hours} (UK time). They will see your request when they are back.")
NO_STORY = N_("You have not written your story yet.")
STORY_INTRO = N_("This is what you wrote:")
STORY_DELETED = N_("Your story is deleted.")
URGENT_TEAM_AWAY = N_("The team is not at work now. They work {hours} (UK time).")
REQUEST_CLOSED = N_("Your request is closed now. You can ask again.")

ASKED_FOR_PERSON = "asked_for_person"
CONFIRM_NODE, OPEN_NODE, SEND_NODE = "human_confirm", "human_open", "human_send"
QUESTION_NODES = ("human_interpreter", "human_gender", "human_share")

Reason = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]


class Escalation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: Reason
    urgency: Literal["normal", "urgent"] = "normal"


def register_escalation_actions(registry: ActionRegistry, office_hours: OfficeHours) -> None:
    registry.leads_to(CONFIRM_NODE, OPEN_NODE, SEND_NODE, *QUESTION_NODES)
    registry.keeps_unsaved(REASON_KEY)

    def open_case(context: ActionContext, reason: str, urgency: str) -> None:
        cases = context.store.repository(CaseRepository)
        opened = cases.open(context.state, reason, urgency, context.now)
        context.say(NEW_REQUEST if opened.how is Opened.NEW else ADDED_TO_REQUEST)
        if office_hours.open_at(context.now):
            context.say(TEAM_AT_WORK)
            return
        hours = office_hours.describe(context.state.language or "en")
        if urgency == "urgent":
            # Never "they will see it when they are back" to someone in danger. Who helps now
            # is the emergency guidance an urgent request always comes with, on the same
            # screen: its numbers are not said twice.
            context.say(URGENT_TEAM_AWAY, hours=hours)
        else:  # the screen after a request always says who helps meanwhile (human_send)
            context.say(TEAM_AWAY, hours=hours)

    @registry.register("escalate", Escalation)
    def escalate(context: ActionContext, escalation: Escalation) -> None:
        """Urgent: open a case (or raise the open one) at once. Otherwise ask first.

        Only with consent: before it, Waypost keeps nothing, so danger gets guidance alone.
        """
        if not context.state.consented:
            return
        if escalation.urgency == "urgent":
            open_case(context, escalation.reason, "urgent")
            return
        context.state.answers[REASON_KEY] = escalation.reason
        context.redirect = OPEN_NODE if _active_case(context) else CONFIRM_NODE

    @registry.register("request_person", Reason | None)
    def request_person(context: ActionContext, reason: str | None) -> None:
        """The next step of asking for a person: the open request if there is one, else the
        first question not answered before, else sending. `reason` starts a new request."""
        if reason is not None:
            context.state.answers[REASON_KEY] = reason
        if _active_case(context):
            context.redirect = OPEN_NODE
        else:
            context.redirect = _next_question(context.state)

    @registry.register("send_request", None)
    def send_request(context: ActionContext, _: None) -> None:
        """Open the case the survivor said yes to, for the reason they started from."""
        reason = context.state.answers.pop(REASON_KEY, ASKED_FOR_PERSON)
        open_case(context, reason, "normal")

    @registry.register("cancel_request", None)
    def cancel_request(context: ActionContext, _: None) -> None:
        """They said no: nothing is opened, and why they might have asked is not kept."""
        context.state.answers.pop(REASON_KEY, None)

    @registry.register("show_request", None)
    def show_request(context: ActionContext, _: None) -> None:
        """The survivor's open request, with its number and where it stands."""
        active = _active_case(context)
        if active is None:
            context.say(REQUEST_CLOSED)
            context.redirect = "human"
            return
        number, status, opened_at = active
        context.say(CASES[status], number=number, date=_long_date(opened_at, context))

    @registry.register("add_to_request", None)
    def add_to_request(context: ActionContext, _: None) -> None:
        """What the survivor typed, added to their waiting request (with what brought them
        back, if it was a new reason). A caseworker who holds it gets their words directly."""
        state = context.state
        reason = state.answers.pop(REASON_KEY, ASKED_FOR_PERSON)
        if _active_case(context) is None:
            context.say(REQUEST_CLOSED)
            context.redirect = "human"
            return
        if reason != ASKED_FOR_PERSON:
            context.store.repository(CaseRepository).open(state, reason, "normal", context.now)
        if context.typed and context.store.add_to_waiting_case(
            state.survivor_id, context.typed, context.now
        ):
            context.say(texts.ADDED_TO_REQUEST)

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


def _active_case(context: ActionContext) -> tuple[int, str, datetime] | None:
    """The survivor's request still waiting or with a caseworker: (number, status, opened)."""
    cases = context.store.stored_about(context.state.survivor_id).cases
    return next((case for case in reversed(cases) if case[1] in ACTIVE), None)


def _next_question(state: SurvivorState) -> str:
    """The first of the caseworker's questions not answered before, or sending. The sharing
    question comes straight after the gender one, so an answered gender means it was asked
    (its answer, kept or not, defaults to private)."""
    if state.needs_interpreter is None:
        return QUESTION_NODES[0]
    if state.worker_gender is None:
        return QUESTION_NODES[1]
    return SEND_NODE


def _long_date(moment: datetime, context: ActionContext) -> str:
    locale = formatting_locale(context.state.language or "en")
    return format_date(moment.astimezone(LONDON), format="long", locale=locale)
