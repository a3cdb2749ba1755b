"""Actions the conversation core owns: language, nation, age group, consent and forget."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from bot.engine import tallies
from bot.engine.actions import ActionContext, ActionRegistry
from bot.i18n.plurals import NP_
from bot.i18n.translator import Translations
from bot.nations import Nation
from bot.texts import N_

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
AgeGroup = Literal["adult", "child"]
ConsentAnswer = Literal["given", "declined", "reconfirmed"]

AUTOMATIC_TRANSLATION = N_(
    "A computer helped translate Waypost into your language. Some words may be wrong."
)
ERASED = N_("I have deleted what I kept about you: your language, your choices and your answers.")
REMINDERS_ERASED = NP_(
    "Your {count} reminder is deleted too.", "Your {count} reminders are deleted too."
)
CASE_KEPT = N_(
    "Your request to talk to a person stays open, so someone can still help. "
    "It no longer shows who you are."
)
CASE_KEPT_HOW_TO_REACH = N_(
    "The team cannot write to you now. To talk to them, write here again and ask for a person."
)


def register_core_actions(registry: ActionRegistry, translations: Translations) -> None:
    @registry.register("set_language", LanguageCode, before_consent=True)
    def set_language(context: ActionContext, language: str) -> None:
        """Switch language; a code Waypost has no catalogue for changes nothing."""
        if translations.supports(language) and context.state.language != language:
            if context.state.language is None:  # a new conversation (or the first after /forget)
                nation = context.state.nation
                context.store.count(tallies.CONVERSATION_STARTED, "", language, nation, context.now)
            context.state.language = language
            if translations.automatic(language):
                context.say(AUTOMATIC_TRANSLATION)

    @registry.register("set_nation", Nation, before_consent=True)
    def set_nation(context: ActionContext, nation: str) -> None:
        context.state.nation = nation

    @registry.register("set_age_group", AgeGroup, before_consent=True)
    def set_age_group(context: ActionContext, age_group: str) -> None:
        context.state.age_group = age_group

    @registry.register("record_consent", ConsentAnswer, before_consent=True)
    def record_consent(context: ActionContext, answer: str) -> None:
        """Consent at first contact, again 30 days on; declining keeps nothing."""
        state = context.state
        if answer == "reconfirmed":
            state.consent_reconfirmed_at = context.now
            return
        given = answer == "given"
        metric = tallies.CONSENT_GIVEN if given else tallies.CONSENT_DECLINED
        context.store.count(metric, "", state.language, state.nation, context.now)
        if given:
            state.consented_at = context.now
            state.consent_reconfirmed_at = None
        else:
            _erase(context, report=False)
            context.visiting = True

    @registry.register("resume", None, before_consent=True)
    def resume(context: ActionContext, _: None) -> None:
        """Back to where the survivor was before "Are you safe right now?"."""
        state = context.state
        context.redirect = state.resume_node or ("menu" if state.language else "start")
        state.resume_node = None

    @registry.register("forget", None, before_consent=True)
    def forget(context: ActionContext, _: None) -> None:
        state = context.state
        context.store.count(tallies.FORGOTTEN, "", state.language, state.nation, context.now)
        _erase(context, report=True)


def _erase(context: ActionContext, report: bool) -> None:
    kept = context.store.erase_survivor(context.state.survivor_id)
    context.erased = True
    if report:
        context.say(ERASED)
        if kept.get("reminders"):
            context.say(REMINDERS_ERASED, count=kept["reminders"])
        if kept.get("cases_anonymised"):
            context.say(CASE_KEPT)
            context.say(CASE_KEPT_HOW_TO_REACH)
