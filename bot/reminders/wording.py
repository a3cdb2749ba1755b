"""How reminders read, in the survivor's language: in the chat, and in notifications.

A phone may be seen by others, so a notification says only "Reminder: Tuesday 10:00" unless
the survivor chose fuller wording; what and where appear when they tap. No reminder text ever
names the Home Office, the NRM, trafficking or slavery.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_date, format_time

from bot.i18n.translator import Translate, render
from bot.reminders.pickers import APPOINTMENTS
from bot.reminders.plan import DEADLINE, DEADLINE_CONTEXT, REPORTING, ReminderDraft
from bot.reminders.schedule import Notice, Repeat, local
from bot.texts import N_

WITHOUT_YEAR = (timedelta(days=31), timedelta(days=183))
"""A reminder from a month ago to six months ahead is shown without its year; any other with it."""
NEAR_DAYS = timedelta(days=183)
"""A day (a deadline, a date typed) within the next six months is shown without its year; any
other, past ones too, with it: "Monday 21 December" read in January could be either year."""
REPORTING_LABEL = N_("Reporting")
APPOINTMENT_LABEL = N_("Appointment")
REPEATS = {
    Repeat.ONCE: N_("Once."),
    Repeat.WEEKLY: N_("Every week."),
    Repeat.FORTNIGHTLY: N_("Every 2 weeks."),
    Repeat.FOUR_WEEKLY: N_("Every 4 weeks."),
    Repeat.MONTHLY: N_("Every month."),
}
NOTICES = {
    Notice.WEEK_BEFORE: N_("a week before"),
    Notice.DAY_BEFORE: N_("the day before"),
    Notice.TWO_HOURS: N_("2 hours before"),
    Notice.ONE_HOUR: N_("1 hour before"),
}
SUMMARY = N_("{what}. Next: {when}. {repeat}")
WHERE = N_("Where: {place}")
NOTICE_DISCREET = N_("Reminder: {when}")
NOTICE_FULL = N_("Reminder: {what}, {when}. Where: {place}")
NOTICE_FULL_NO_PLACE = N_("Reminder: {what}, {when}.")
SHOW_DETAILS = N_("Show details")


def what(draft: ReminderDraft, translate: Translate) -> str:
    """The survivor's own words, a common appointment or a deadline named in their language,
    or the kind."""
    if draft.kind == DEADLINE and draft.what:
        return translate(draft.what, DEADLINE_CONTEXT)
    if draft.what in APPOINTMENTS:
        return translate(APPOINTMENTS[draft.what])
    if draft.what:
        return draft.what
    return translate(REPORTING_LABEL if draft.kind == REPORTING else APPOINTMENT_LABEL)


def when(at: datetime, locale: str, now: datetime) -> str:
    """An occurrence as the survivor reads it: "Tuesday 24 November, 10:00" (London time), with
    the year unless it is near enough (see WITHOUT_YEAR) that no one would misread it."""
    wall = local(at)
    before, after = WITHOUT_YEAR
    pattern = "EEEE d MMMM" if now - before <= at < now + after else "EEEE d MMMM y"
    day = format_date(wall.date(), pattern, locale=locale)
    return f"{day}, {format_time(wall.time(), 'HH:mm', locale=locale)}"


def day_words(day: date, locale: str, today: date) -> str:
    """A day as the survivor reads it: "Monday 21 December", with the year unless it is within
    the next six months (see NEAR_DAYS)."""
    pattern = "EEEE d MMMM" if today <= day < today + NEAR_DAYS else "EEEE d MMMM y"
    return format_date(day, pattern, locale=locale)


def short_when(at: datetime, locale: str) -> str:
    """What a notification may show: "Tuesday 10:00"."""
    wall = local(at)
    day = format_date(wall.date(), "EEEE", locale=locale)
    return f"{day} {format_time(wall.time(), 'HH:mm', locale=locale)}"


def summary(
    draft: ReminderDraft, next_at: datetime, translate: Translate, locale: str, now: datetime
) -> str:
    """One reminder in one message, as in the survivor's own list."""
    text = render(
        translate,
        SUMMARY,
        what=what(draft, translate),
        when=when(next_at, locale, now),
        repeat=translate(REPEATS[draft.rule.repeat]),
    )
    if draft.place:
        text += "\n" + render(translate, WHERE, place=draft.place)
    return text


def notices(draft: ReminderDraft, translate: Translate) -> str:
    return ", ".join(translate(NOTICES[notice]) for notice in draft.notices)
