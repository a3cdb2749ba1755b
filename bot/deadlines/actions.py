"""`record_decision` and `show_deadlines`: what follows a negative decision, and reminders.

The survivor gives the kind of decision and the date on its letter; they are kept only until
the deadlines are worked out. What stays is a reminder for each deadline still to come (sealed,
like any reminder), so they are told a week before and the day before.
"""

from __future__ import annotations

from datetime import date, time

from bot.deadlines.rules import Counting, DeadlineRule, Decision
from bot.engine.actions import ActionContext, ActionRegistry
from bot.i18n.plurals import NP_
from bot.i18n.translator import Translations
from bot.office_hours import OfficeHours
from bot.reminders.actions import speech
from bot.reminders.open_now import say_who_is_open
from bot.reminders.pickers import DayPicker
from bot.reminders.plan import DEADLINE, DEADLINE_CONTEXT, ReminderDraft
from bot.reminders.repository import ReminderRepository
from bot.reminders.schedule import Notice, Repeat, Rule, local
from bot.reminders.typed_day import ask_about, guessed
from bot.reminders.wording import day_words
from bot.texts import N_
from bot.working_days import Closed, closed, last_open_day_before

KIND_KEY = "decision_kind"
DATE_KEY = "decision_date"
"""Where the `past_day` pick node keeps the date on the letter."""
DATE_NODE = "decision_date"
CHECKED_NODE = "decision_date_checked"
"""Where a letter's date goes once the survivor has said its guessed year is right."""
REMIND_AT = time(10, 0)
NOTICES = (Notice.WEEK_BEFORE, Notice.DAY_BEFORE)

TYPE_THE_LETTER_DATE = N_("Please choose the day, or type the date on the letter like 2/11.")
BY = N_("{what}: by {date}.")
ABOUT = N_("{what}: about {date}. Ask your support worker for the exact date.")
DAYS_LEFT = NP_("{days} day left.", "{days} days left.", count="days")
LAST_DAY = N_("Today is the last day.")
PASSED = N_("This date has passed. Talk to a legal adviser today.")
WORKING_DAYS = N_("For this date, weekends and bank holidays do not count.")
REMINDING = N_("I will remind you a week before each date, and the day before.")
NO_DATE = N_("I need the date on the letter first.")
CLOSED_ON = {
    Closed.WEEKEND: N_("That day is a weekend. Offices are closed."),
    Closed.BANK_HOLIDAY: N_("That day is a bank holiday. Offices are closed."),
}
ACT_BEFORE = N_("So act before then, by {date} at the latest.")


def register_deadline_actions(
    registry: ActionRegistry,
    translations: Translations,
    rules: tuple[DeadlineRule, ...],
    office_hours: OfficeHours,
) -> None:
    registry.leads_to(DATE_NODE, CHECKED_NODE)
    registry.add_picker("past_day", DayPicker(past=True, typing_hint=TYPE_THE_LETTER_DATE))

    @registry.register("record_decision", Decision)
    def record_decision(context: ActionContext, decision: Decision) -> None:
        """Which decision it was (or `not_sure`): the date comes next, from `past_day`."""
        context.state.answers[KIND_KEY] = decision.value

    @registry.register("show_deadlines", None)
    def show_deadlines(context: ActionContext, _: None) -> None:
        answers = context.state.answers
        if guessed(answers, DATE_KEY):
            ask_about(context, DATE_KEY, CHECKED_NODE)
            return
        decision = Decision(answers.pop(KIND_KEY, Decision.NOT_SURE))
        try:
            decided = date.fromisoformat(answers.pop(DATE_KEY, ""))
        except ValueError:
            context.say(NO_DATE)
            context.redirect = DATE_NODE
            return
        translate, locale = speech(context, translations)
        today = local(context.now).date()
        reminders = context.store.repository(ReminderRepository)
        survivor_id = context.state.survivor_id
        for earlier in reminders.of_survivor(survivor_id, context.now):
            if earlier.draft.kind == DEADLINE:  # a decision told again replaces the first
                reminders.delete(survivor_id, earlier.id)
        reminding = urgent = False
        nation = context.state.nation
        for rule in rules:
            if not rule.applies_to(decision):
                continue
            due = rule.due(decided, nation)
            what = translate(rule.what, DEADLINE_CONTEXT)
            when = day_words(due, locale, today)
            context.say(ABOUT if rule.about else BY, what=what, date=when)
            _say_days_left(context, (due - today).days)
            urgent = urgent or due <= today
            if rule.counting is Counting.WORKING_DAYS:
                context.say(WORKING_DAYS)
            act_by = due  # the reminder comes for the last day offices are open
            if due >= today and (why := closed(due, nation)) is not None:
                context.say(CLOSED_ON[why])
                before = last_open_day_before(due, nation)
                if before >= today:
                    context.say(ACT_BEFORE, date=day_words(before, locale, today))
                    act_by = before
                urgent = urgent or before <= today
            if act_by > today:
                draft = ReminderDraft(
                    DEADLINE, Rule(act_by, REMIND_AT, Repeat.ONCE), NOTICES, what=rule.what
                )
                reminders.add(survivor_id, draft, context.now)
                reminding = True
        if reminding:
            context.say(REMINDING)
        if urgent:  # "today" is only honest with who answers when offices are shut
            say_who_is_open(context, office_hours)


def _say_days_left(context: ActionContext, days: int) -> None:
    if days < 0:
        context.say(PASSED)
    elif days == 0:
        context.say(LAST_DAY)
    else:
        context.say(DAYS_LEFT, days=days)
