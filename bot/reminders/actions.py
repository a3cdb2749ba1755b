"""Flow actions and pickers for reminders: set, list, change, pause, delete; quiet hours and
wording; and the answers to buttons on the reminders the bot sends."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from babel.dates import format_time
from pydantic import StringConstraints

from bot.engine.actions import ActionContext, ActionRegistry, SurvivorStore
from bot.engine.pickers import Option, PickView
from bot.i18n.plurals import NP_
from bot.i18n.translator import Translate, Translations, formatting_locale, render
from bot.office_hours import OfficeHours
from bot.reminders import draft as drafts
from bot.reminders import wording
from bot.reminders.open_now import register_open_now_actions
from bot.reminders.pickers import APPOINTMENTS, DayPicker, TimePicker, WordsPicker
from bot.reminders.plan import (
    AFTER,
    KINDS,
    REPORTING,
    ReminderDraft,
    checkin_time,
    planned_messages,
)
from bot.reminders.repository import BY_SURVIVOR, ReminderRepository, SavedReminder
from bot.reminders.schedule import Notice, QuietHours, Repeat, local, notice_time
from bot.reminders.typed_dates import read_time_range
from bot.reminders.typed_day import register_typed_day_actions
from bot.texts import N_

NoticeCodes = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(,[a-z_]+)*$")]
QuietSetting = Annotated[str, StringConstraints(pattern=r"^(none|chosen|\d\d:\d\d-\d\d:\d\d)$")]
"""Hours as stored, `none`, or `chosen`: the hours picked on the two nodes before."""
QUIET_FROM, QUIET_UNTIL = "quiet_from", "quiet_until"

NONE_YET = N_("You have no reminders yet.")
PAUSED = N_("{what}: paused.")
PAUSED_WITH_CHECKIN = N_("{what}: paused. The safety check-in is off too.")
CHECKIN_AT = N_("Safety check-in: I ask if you are safe at {time}.")
NO_CHECKIN = N_("No check-in: I do not ask if you are safe after it.")
STILL_REPORT = N_("This only stops my messages. You still have to report, as your papers say.")
CHECKIN_STOPS = N_("Its safety check-in stops too. I will not ask if you are safe after.")
HAS_NO_CHECKIN = N_("There is no safety check-in to stop.")
TOO_SOON = N_("It is too soon to remind you before.")
THIS_TIME_ONLY = N_(
    "This first time, it is too soon for some of them. I will remind you {notices}."
)
THIS_TIME_NONE = N_("This first time, it is too soon to remind you before.")
QUIET_SAME = N_("The start and the end must be different times.")
QUIET_TYPE_TWO = N_("Please type two times, like 23:00-07:00.")
DRAFT_BROKEN = N_("Something is missing. Let us start this reminder again.")
IN_THE_PAST = N_("That time has already passed. Please choose another day.")
WILL_REMIND = N_("I will remind you {notices}.")
CHECKIN = NP_(
    "After reporting, I will ask if you are safe. If you do not answer within {hours} hour, "
    "a caseworker will be told.",
    "After reporting, I will ask if you are safe. If you do not answer within {hours} hours, "
    "a caseworker will be told.",
    count="hours",
)
CHECKIN_IN_QUIET = N_(
    "This safety check-in falls in your quiet hours. I will still send it, for your safety."
)
SAVED = N_("Saved. I will remind you.")
DELETED = N_("Deleted.")
PAUSED_NOW = N_("Paused. I will not remind you until you turn it back on.")
RESUMED = N_("It is back on.")
QUIET_SET = N_("Done. I will not write to you first between {start} and {end}.")
QUIET_OFF = N_("Done. No quiet hours.")
GONE = N_("That reminder is not here any more.")
WORDING_FULL = N_("Done. Reminders will say what and where.")
WORDING_SHORT = N_("Done. Reminders will only say the day and time.")
THANKS_WENT = N_("Thank you for telling me. Well done.")
THANKS_SAFE = N_("Thank you. I am glad you are safe.")
ANSWERED_ALREADY = N_("Thank you, I have your answer already.")
OLD_BUTTON = N_("That button is from an older message.")

REMINDER_BUTTONS = "~r:"
MISSED_NODE = "reporting_missed"
PAUSED_MANAGE_NODE = "reminder_manage_paused"
SOON_NOTICES_NODE = "reminder_notices_soon"
CONFIRM_NODE = "reminder_confirm"
QUIET_NODE = "quiet_hours"
NEEDS_HELP_NODE = "checkin_help"
CHANGE_DAY_NODE = "change_day"
START_AGAIN_NODE = "reminders"


def register_reminder_actions(
    registry: ActionRegistry,
    translations: Translations,
    answer_within: timedelta,
    office_hours: OfficeHours,
) -> None:
    registry.leads_to(
        MISSED_NODE,
        NEEDS_HELP_NODE,
        CHANGE_DAY_NODE,
        START_AGAIN_NODE,
        PAUSED_MANAGE_NODE,
        SOON_NOTICES_NODE,
        CONFIRM_NODE,
    )
    registry.keeps_unsaved(drafts.DRAFT_PREFIX)
    register_open_now_actions(registry, office_hours)
    register_typed_day_actions(registry)
    registry.add_picker("day", DayPicker())
    registry.add_picker("hour", TimePicker(hours=True))
    registry.add_picker("any_hour", TimePicker(hours=True, shown=range(24)))
    registry.add_picker("minute", TimePicker(hours=False))
    registry.add_picker("appointment", WordsPicker(APPOINTMENTS))
    registry.add_picker("place", WordsPicker({}, skip=True))
    registry.add_picker("my_reminder", _MyReminders())

    @registry.register("set_reminder", dict[Literal["kind"], Literal[KINDS]])
    def set_reminder(context: ActionContext, params: dict[str, str]) -> None:
        """Start setting a reminder of this kind (a flow's button can offer it anywhere)."""
        drafts.start(context.state.answers, params["kind"])

    @registry.register("set_reminder_repeat", Repeat)
    def set_repeat(context: ActionContext, repeat: Repeat) -> None:
        context.state.answers[drafts.REPEAT] = repeat.value

    @registry.register("set_reminder_notices", NoticeCodes)
    def set_notices(context: ActionContext, codes: str) -> None:
        context.state.answers[drafts.NOTICES] = codes

    @registry.register("set_reminder_checkin", int)
    def set_checkin(context: ActionContext, minutes: int) -> None:
        """Minutes after the reporting slot to ask "Are you safe?"; 0 for no check-in."""
        context.state.answers[drafts.CHECKIN] = str(minutes) if minutes > 0 else ""

    @registry.register("check_reminder_notices", None)
    def check_notices(context: ActionContext, _: None) -> None:
        """A one-off reminder whose "day before" has passed (an appointment today) is not
        offered one; when only one of the hours before can still come, or none, there is
        nothing to choose: it goes straight to the check (which says what can still come)."""
        draft = drafts.read(context.state.answers)
        if draft is not None and draft.rule.next_index(context.now) is None:
            context.say(IN_THE_PAST)  # caught now, not after choosing reminders that cannot come
            context.redirect = CHANGE_DAY_NODE
            return
        if draft is None or draft.rule.repeat is not Repeat.ONCE:
            return
        first = draft.rule.occurrence(0)
        if notice_time(first, Notice.DAY_BEFORE) > context.now:
            return
        hours = (Notice.TWO_HOURS, Notice.ONE_HOUR)
        can_come = [notice for notice in hours if notice_time(first, notice) > context.now]
        if len(can_come) == len(hours):
            context.redirect = SOON_NOTICES_NODE
            return
        context.state.answers[drafts.NOTICES] = (can_come or [Notice.ONE_HOUR])[0].value
        context.redirect = CONFIRM_NODE

    @registry.register("show_reminder_draft", None)
    def show_draft(context: ActionContext, _: None) -> None:
        draft = drafts.read(context.state.answers)
        if draft is None:
            context.say(DRAFT_BROKEN)
            context.redirect = START_AGAIN_NODE
            return
        index = draft.rule.next_index(context.now)
        if index is None:
            context.say(IN_THE_PAST)
            context.redirect = CHANGE_DAY_NODE
            return
        translate, locale = speech(context, translations)
        occurrence = draft.rule.occurrence(index)
        context.say_verbatim(wording.summary(draft, occurrence, translate, locale, context.now))
        _say_notices(context, draft, occurrence, translate)
        if draft.checkin_after is not None:
            context.say(CHECKIN, hours=_hours(answer_within))
            checkin = checkin_time(draft, occurrence)
            quiet = _quiet(context)
            if checkin is not None and quiet is not None and quiet.contains(checkin):
                context.say(CHECKIN_IN_QUIET)

    @registry.register("save_reminder", None)
    def save(context: ActionContext, _: None) -> None:
        answers = context.state.answers
        draft = drafts.read(answers)
        if draft is None or draft.rule.next_index(context.now) is None:
            context.say(DRAFT_BROKEN)
            context.redirect = START_AGAIN_NODE
            return
        reminders = _reminders(context.store)
        editing = drafts.editing(answers)
        survivor_id = context.state.survivor_id
        if editing is None or reminders.change(survivor_id, editing, draft, context.now) is None:
            reminders.add(survivor_id, draft, context.now)
        drafts.clear(answers)
        context.say(SAVED)

    @registry.register("check_has_reminders", None)
    def check_has_reminders(context: ActionContext, _: None) -> None:
        """ "Which one?" with nothing to choose from would lead nowhere: say so instead."""
        if not _reminders(context.store).of_survivor(context.state.survivor_id, context.now):
            context.say(NONE_YET)
            context.redirect = START_AGAIN_NODE

    @registry.register("list_reminders", None)
    def list_reminders(context: ActionContext, _: None) -> None:
        drafts.clear(context.state.answers)
        saved = _reminders(context.store).of_survivor(context.state.survivor_id, context.now)
        if not saved:
            context.say(NONE_YET)
        for reminder in saved:
            _tell(context, reminder, translations)

    @registry.register("show_chosen_reminder", None)
    def show_chosen(context: ActionContext, _: None) -> None:
        """The reminder, then its choices: "Turn it back on" only for a paused one."""
        if (reminder := _chosen(context)) is not None:
            _tell(context, reminder, translations)
            if reminder.paused:
                context.redirect = PAUSED_MANAGE_NODE

    @registry.register("change_reminder", None)
    def change(context: ActionContext, _: None) -> None:
        """Changing the day and time: the saved reminder becomes the draft, then saved again."""
        if (reminder := _chosen(context)) is not None:
            drafts.fill(context.state.answers, reminder.draft, reminder.id)

    @registry.register("warn_before_stopping", None)
    def warn(context: ActionContext, _: None) -> None:
        """Before pausing or deleting reporting: reporting goes on, and so does or not the
        check-in."""
        reminder = _chosen(context)
        if reminder is None or reminder.draft.kind != REPORTING:
            return
        context.say(STILL_REPORT)
        context.say(HAS_NO_CHECKIN if reminder.draft.checkin_after is None else CHECKIN_STOPS)

    @registry.register("pause_reminder", None)
    def pause(context: ActionContext, _: None) -> None:
        if (reminder := _chosen(context)) is not None:
            _reminders(context.store).pause(context.state.survivor_id, reminder.id, BY_SURVIVOR)
            context.say(PAUSED_NOW)

    @registry.register("resume_reminder", None)
    def resume(context: ActionContext, _: None) -> None:
        if (reminder := _chosen(context)) is not None:
            _reminders(context.store).resume(context.state.survivor_id, reminder.id, context.now)
            context.say(RESUMED)

    @registry.register("delete_reminder", None)
    def delete(context: ActionContext, _: None) -> None:
        if (reminder := _chosen(context)) is not None:
            _reminders(context.store).delete(context.state.survivor_id, reminder.id)
            drafts.clear(context.state.answers)
            context.say(DELETED)

    @registry.register("set_quiet_hours", QuietSetting)
    def set_quiet_hours(context: ActionContext, setting: str) -> None:
        if setting == "chosen":
            answers = context.state.answers
            setting = f"{answers.pop(QUIET_FROM, '')}-{answers.pop(QUIET_UNTIL, '')}"
        _set_quiet(context, setting)

    @registry.register("set_typed_quiet_hours", None)
    def set_typed_quiet_hours(context: ActionContext, _: None) -> None:
        """Hours typed at the quiet hours question: "23:00-07:00", "11pm to 7am"."""
        typed = context.typed or ""
        hours = read_time_range(typed)
        if hours is not None:
            _set_quiet(context, f"{hours[0]:%H:%M}-{hours[1]:%H:%M}")
        elif any(character.isdigit() for character in typed):
            context.say(QUIET_TYPE_TWO)
            context.redirect = QUIET_NODE
        else:
            context.decline()  # words, not hours: read as a question

    @registry.register("set_reminder_wording", Literal["short", "full"])
    def set_wording(context: ActionContext, choice: str) -> None:
        context.state.full_reminders = choice == "full"
        context.say(WORDING_FULL if choice == "full" else WORDING_SHORT)

    registry.add_press_handler(
        REMINDER_BUTTONS, lambda context, payload: _answer(context, payload, translations)
    )


def _set_quiet(context: ActionContext, setting: str) -> None:
    state = context.state
    if setting == "none":
        quiet = None
    else:
        try:
            quiet = QuietHours.parse(setting)
        except ValueError:
            quiet = None  # a stale or half-made choice: ask again
        if quiet is None or quiet.start == quiet.end:
            context.say(QUIET_SAME if quiet is not None else QUIET_TYPE_TWO)
            context.redirect = QUIET_NODE
            return
    state.quiet_hours = None if quiet is None else quiet.label()
    _reminders(context.store).set_quiet_hours(state.survivor_id, state.quiet_hours, context.now)
    if quiet is None:
        context.say(QUIET_OFF)
    else:
        context.say(QUIET_SET, start=f"{quiet.start:%H:%M}", end=f"{quiet.end:%H:%M}")


def _say_notices(
    context: ActionContext, draft: ReminderDraft, occurrence: datetime, translate: Translate
) -> None:
    """When the survivor will be reminded, leaving out what has already passed this time (an
    appointment today gets no "day before")."""
    quiet = _quiet(context)
    planned = planned_messages(draft, occurrence, quiet)
    left = tuple(
        Notice(message.purpose)
        for message in planned
        if message.purpose != AFTER and message.due_at > context.now
    )
    every_time = wording.notices(draft, translate)
    this_time = wording.notices(replace(draft, notices=left), translate)
    if draft.rule.repeat is Repeat.ONCE:
        if left:
            context.say(WILL_REMIND, notices=this_time)
        else:
            context.say(TOO_SOON)
        return
    context.say(WILL_REMIND, notices=every_time)
    if left != draft.notices:
        if left:
            context.say(THIS_TIME_ONLY, notices=this_time)
        else:
            context.say(THIS_TIME_NONE)


def _answer(context: ActionContext, payload: str, translations: Translations) -> None:
    """A button on a reminder the bot sent: show its details, or the survivor's answer after
    reporting. Only the survivor it was sent to can use it."""
    verb, _, number = payload.partition(":")
    reminders = _reminders(context.store)
    message = (
        reminders.message(context.state.survivor_id, int(number)) if number.isdigit() else None
    )
    if message is None or verb not in ("show", "went", "safe", "missed", "help"):
        context.say(OLD_BUTTON)
        return
    if verb == "show":
        translate, locale = speech(context, translations)
        text = wording.summary(message.draft, message.occurrence_at, translate, locale, context.now)
        context.say_verbatim(text)
        return
    if verb == "help":
        # Whether or not it was answered before: asking for help always counts.
        reminders.answer(message.id, verb, context.now)
        context.redirect = NEEDS_HELP_NODE
        return
    if not reminders.answer(message.id, verb, context.now):
        context.say(ANSWERED_ALREADY)
        return
    if verb == "missed":
        context.redirect = MISSED_NODE
    else:
        context.say(THANKS_SAFE if verb == "safe" else THANKS_WENT)


class _MyReminders:
    """The survivor's own reminders, to choose one to change, pause or delete."""

    columns = 1
    typing_hint = N_("Please choose one of the buttons.")

    def options(self, view: PickView) -> list[Option]:
        saved = _reminders(view.store).of_survivor(view.state.survivor_id, view.now)
        options = []
        for reminder in saved:
            label = wording.what(reminder.draft, view.translate)
            if reminder.next_occurrence is not None and not reminder.paused:
                label = f"{label}: {wording.short_when(reminder.next_occurrence, view.locale)}"
            options.append(Option(label[:60], str(reminder.id)))
        return options

    def accepts(self, value: str, view: PickView) -> bool:
        reminders = _reminders(view.store)
        found = value.isdigit() and reminders.find(view.state.survivor_id, int(value), view.now)
        return bool(found)

    def read(self, typed: str, view: PickView) -> str | None:
        return None


def _chosen(context: ActionContext) -> SavedReminder | None:
    """The reminder the survivor chose, if it is still theirs; otherwise say so."""
    value = context.state.answers.get(drafts.CHOSEN, "")
    if value.isdigit():
        found = _reminders(context.store).find(context.state.survivor_id, int(value), context.now)
        if found is not None:
            return found
    context.say(GONE)
    context.redirect = START_AGAIN_NODE
    return None


def _tell(context: ActionContext, reminder: SavedReminder, translations: Translations) -> None:
    """One reminder as a line of the survivor's list: when it comes next, or that it is paused."""
    translate, locale = speech(context, translations)
    draft = reminder.draft
    if reminder.paused or reminder.next_occurrence is None:
        paused = PAUSED if draft.checkin_after is None else PAUSED_WITH_CHECKIN
        context.say(paused, what=wording.what(draft, translate))
        return
    text = wording.summary(draft, reminder.next_occurrence, translate, locale, context.now)
    if draft.kind == REPORTING:
        checkin = checkin_time(draft, reminder.next_occurrence)
        if checkin is None:
            text += "\n" + translate(NO_CHECKIN)
        else:
            at = format_time(local(checkin).time(), "HH:mm", locale=locale)
            text += "\n" + render(translate, CHECKIN_AT, time=at)
    context.say_verbatim(text)


def speech(context: ActionContext, translations: Translations) -> tuple[Translate, str]:
    language = context.state.language
    translator = translations.translator(language)
    return translator, formatting_locale(language or "en")


def _quiet(context: ActionContext) -> QuietHours | None:
    setting = context.state.quiet_hours
    return QuietHours.parse(setting) if setting else None


def _hours(span: timedelta) -> Decimal:
    """Whole hours as a whole number ("3 hours", not "3.0"); 90 minutes as 1.5."""
    return Decimal(int(span.total_seconds())) / 3600


def _reminders(store: SurvivorStore) -> ReminderRepository:
    """The survivor's reminders, in the turn's transaction."""
    return store.repository(ReminderRepository)
