"""`/mydata`: everything Waypost keeps about a survivor, told to them in their language."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date

from bot.clock import LONDON
from bot.engine.actions import ActionContext, ActionRegistry
from bot.i18n.plurals import NP_
from bot.i18n.translator import formatting_locale, language_name
from bot.nations import Nation
from bot.texts import N_

INTRO = N_("This is everything Waypost keeps about you:")
CHAT_NUMBER = N_("Your Telegram chat number, so I can reply. Not your name or phone number.")
LANGUAGE = N_("Language: {language}")
NATIONS: dict[Nation, str] = {
    "england_wales": N_("Where in the UK: England or Wales"),
    "scotland": N_("Where in the UK: Scotland"),
    "northern_ireland": N_("Where in the UK: Northern Ireland"),
}
AGE_GROUPS = {"adult": N_("Age: 18 or over"), "child": N_("Age: under 18")}
AGREED = N_("You agreed to this on {date}.")
AGREED_AGAIN = N_("You agreed again on {date}.")
INTERPRETER = {True: N_("You need an interpreter."), False: N_("You do not need an interpreter.")}
WORKER = {
    "woman": N_("You would like a woman to help you."),
    "man": N_("You would like a man to help you."),
    "any": N_("You do not mind who helps you."),
}
SHARING = {
    True: N_("Your caseworker can see the topics you read and your story."),
    False: N_("Your caseworker cannot see the topics you read or your story."),
}
TOPICS = NP_("You read {count} topic.", "You read {count} topics.")
STORY = N_("Your story, as you wrote it:")
ANSWER = N_("Something you typed:")
CASES = {
    "open": N_("Request to talk to a person, number {number}, from {date}: waiting."),
    "claimed": N_(
        "Request to talk to a person, number {number}, from {date}: a caseworker has it."
    ),
    "resolved": N_("Request to talk to a person, number {number}, from {date}: closed."),
}
CASE_NOTES = NP_(
    "You added {count} message to a request while it waited.",
    "You added {count} messages to a request while it waited.",
)
MESSAGES = NP_(
    "The number (not the words) of {count} recent message, so quick exit can delete it.",
    "The numbers (not the words) of {count} recent messages, so quick exit can delete them.",
)
REMINDERS = NP_(
    "You set {count} reminder. Send /reminders to see it.",
    "You set {count} reminders. Send /reminders to see them.",
)
STORY_MESSAGE = N_(
    "The number (not the words) of the message with your story, so I can delete it from this "
    "chat if you ask."
)
QUIET_HOURS = N_("Quiet hours, when I do not write to you first: {hours}")
FULL_REMINDERS = N_("Your reminders say what and where in the notification.")
DELETE_HINT = N_("To delete all of it, send /forget.")


def register_my_data_action(registry: ActionRegistry) -> None:
    @registry.register("show_my_data", None, before_consent=True)
    def show_my_data(context: ActionContext, _: None) -> None:
        """Tell the survivor everything stored about them (their right of access)."""
        state, language = context.state, context.state.language or "en"

        context.say(INTRO)
        context.say(CHAT_NUMBER)
        if state.language:
            context.say(LANGUAGE, language=language_name(state.language))
        if state.nation in NATIONS:
            context.say(NATIONS[state.nation])
        if state.age_group in AGE_GROUPS:
            context.say(AGE_GROUPS[state.age_group])
        if state.consented_at:
            context.say(AGREED, date=_long_date(state.consented_at, language))
        if state.consent_reconfirmed_at:
            context.say(AGREED_AGAIN, date=_long_date(state.consent_reconfirmed_at, language))
        if state.needs_interpreter is not None:
            context.say(INTERPRETER[state.needs_interpreter])
        if state.worker_gender in WORKER:
            context.say(WORKER[state.worker_gender])
        context.say(SHARING[state.shares_with_caseworker])
        if state.topics:
            context.say(TOPICS, count=len(state.topics))
        for key, text in state.answers.items():
            if registry.is_unsaved(key):
                continue  # a reminder or a request being made: shown once saved
            context.say(STORY if key == "account" else ANSWER)
            context.say_verbatim(text)
        stored = context.store.stored_about(state.survivor_id)
        for number, status, opened_at in stored.cases:
            context.say(CASES[status], number=number, date=_long_date(opened_at, language))
        if stored.case_notes:
            context.say(CASE_NOTES, count=stored.case_notes)
        if stored.message_ids:
            context.say(MESSAGES, count=stored.message_ids)
        if stored.reminders:
            context.say(REMINDERS, count=stored.reminders)
        if state.story_message is not None:
            context.say(STORY_MESSAGE)
        if state.quiet_hours:
            context.say(QUIET_HOURS, hours=state.quiet_hours)
        if state.full_reminders:
            context.say(FULL_REMINDERS)
        context.say(DELETE_HINT)


def _long_date(moment: datetime, language: str) -> str:
    """A date as the survivor reads dates (UK time), e.g. "23 November 2026"."""
    locale = formatting_locale(language)
    return format_date(moment.astimezone(LONDON), format="long", locale=locale)
