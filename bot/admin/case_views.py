"""What the case pages show: rows of the case list, the audit trail, and who may act.

Staff read English, as on Telegram; the words come from the same helpers as the cards there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.admin.accounts import Role
from bot.escalation.cards import NATIONS, age, duration, language_in_english, trigger
from bot.escalation.case_events import SURVIVOR, SYSTEM, Action, caseworker_of
from bot.escalation.staff import StaffRepository
from bot.storage.models import Case, CaseEvent, Caseworker, OutboxMessage, StaffAccount


@dataclass(frozen=True)
class Desk:
    """What the signed-in account may do with cases."""

    caseworker: Caseworker | None
    """The registered caseworker this account acts as; None means it can only read."""
    why_not: str | None
    """For a caseworker account that cannot act: why, and what to do about it."""

    def claimed(self, case: Case) -> bool:
        """This caseworker holds the case now (and so sees its full card)."""
        return (
            self.caseworker is not None
            and case.status == "claimed"
            and case.claimed_by == self.caseworker.telegram_user_id
        )


def desk_of(account: StaffAccount, staff: StaffRepository) -> Desk:
    """Only a registered caseworker may act on a case, on Telegram or here; an administrator
    reads. A caseworker account acts as the registered caseworker its Telegram id names."""
    if Role(account.role) is not Role.CASEWORKER:
        return Desk(None, None)
    if account.telegram_user_id is None:
        return Desk(None, "Your account cannot act on cases: it is not linked to a Telegram user.")
    telegram_id = account.telegram_user_id
    caseworker = staff.caseworker(telegram_id)
    if caseworker is None:
        return Desk(
            None,
            f"Your account cannot act on cases: it is linked to Telegram user {telegram_id}, "
            "who is not a registered caseworker. An administrator registers them with "
            f"`waypost caseworkers add {telegram_id} --name NAME`.",
        )
    return Desk(caseworker, None)


@dataclass(frozen=True)
class CaseRow:
    id: int
    urgent: bool
    child: bool
    state: str
    opened: str
    language: str
    nation: str
    reason: str
    waited: str
    """How long the request waited for a caseworker, or has been waiting."""
    claimed_by: int | None

    @classmethod
    def of(cls, case: Case, now: datetime, names: dict[int, str]) -> CaseRow:
        if case.status == "open":
            state = "waiting"
        elif case.status == "claimed":
            state = f"claimed by {_name(case.claimed_by, names)}"
        else:
            resolved = age(now - case.resolved_at) if case.resolved_at else "at some point"
            state = f"resolved {resolved}"
        return cls(
            id=case.id,
            urgent=case.urgency == "urgent",
            child=bool(case.child),
            state=state,
            opened=age(now - case.opened_at),
            language=language_in_english(case.language),
            nation=NATIONS.get(case.nation or "", "not given"),
            reason=trigger(case.reason),
            waited=_waited(case, now),
            claimed_by=case.claimed_by,
        )


def _waited(case: Case, now: datetime) -> str:
    if case.claimed_at is not None:
        return duration(case.claimed_at - case.opened_at)
    if case.status == "open":
        return f"waiting {duration(now - case.opened_at)}"
    return "never claimed"


def own_waits(desk: Desk, cases: list[Case]) -> str | None:
    """For a caseworker: how soon they claimed the requests listed here, a median in words."""
    if desk.caseworker is None:
        return None
    mine = sorted(
        case.claimed_at - case.opened_at
        for case in cases
        if case.claimed_by == desk.caseworker.telegram_user_id and case.claimed_at is not None
    )
    if not mine:
        return None
    half = mine[(len(mine) - 1) // 2]
    claims = f"{len(mine)} request{'s' if len(mine) > 1 else ''}"
    return f"You claimed {claims} listed here; half of them within {duration(half)} of asking."


def open_first(cases: list[Case]) -> list[Case]:
    """Waiting before claimed, urgent first, oldest first: what needs a person soonest."""
    return sorted(cases, key=lambda c: (c.status != "open", c.urgency != "urgent", c.opened_at))


def claim_note(desk: Desk, case: Case, card: OutboxMessage | None) -> str | None:
    """Where this caseworker's claim stands on Telegram: the web console never talks to
    Telegram, the bot does, from the outbox (`card` is the card sent for a web claim)."""
    if desk.claimed(case):
        if card is None or card.sent_at is not None:
            return (
                "The full card is in your private chat with the bot on Telegram: write to the "
                "survivor there, or send a ready reply."
            )
        return (
            "The bot is sending you the full card in your private chat on Telegram (within "
            "seconds while the bot runs). The survivor is told once it has reached you."
        )
    if desk.caseworker is not None and case.status == "open" and card and card.failed_at:
        return (
            "The bot could not send you the case card on Telegram, so your claim was undone. "
            "Open a private chat with the bot, press Start, then claim again."
        )
    return None


@dataclass(frozen=True)
class TrailLine:
    at: datetime
    who: str
    what: str


def trail(events: list[CaseEvent], names: dict[int, str]) -> list[TrailLine]:
    """The audit log of a case in words: actions and who took them, never content."""
    return [
        TrailLine(event.at, _actor(event.actor, names), _action(event.action)) for event in events
    ]


def _actor(actor: str, names: dict[int, str]) -> str:
    if actor == SURVIVOR:
        return "the survivor"
    if actor == SYSTEM:
        return "Waypost"
    caseworker = caseworker_of(actor)
    return actor if caseworker is None else _name(caseworker, names)


def _action(action: str) -> str:
    """``opened:danger_threatened`` -> ``opened: danger: threatened``."""
    read = Action.read(action)
    verb = read.verb.replace("_", " ")
    return f"{verb}: {trigger(read.about)}" if read.about else verb


def _name(telegram_user_id: int | None, names: dict[int, str]) -> str:
    if telegram_user_id is None:
        return "nobody"
    # Someone removed from the caseworkers since: their Telegram id is all the log knows.
    return names.get(telegram_user_id) or f"Telegram user {telegram_user_id}"
