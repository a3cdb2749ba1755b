"""Disabling a caseworker's account ends their access on Telegram too, not only to the console.

An administrator disables the account of someone who has left, or whose password may be
known to someone else: in either case survivors' messages must stop reaching them at once, so
their Telegram user is removed as a caseworker and their open cases go back to the group
(escalation/removal.py). Enabling the account again does not register them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.admin.accounts import AccountRepository, Role
from bot.escalation.removal import Removal, remove_caseworker
from bot.storage.models import StaffAccount


@dataclass(frozen=True)
class Disabled:
    account: StaffAccount
    removal: Removal | None
    """Set when the account's Telegram user was a registered caseworker, removed with it."""

    def summary(self) -> str:
        """What happened, for the administrator who did it."""
        said = f"{self.account.username} can no longer sign in; their sessions ended."
        if self.removal is None:
            return said
        said += (
            f" Telegram user {self.account.telegram_user_id} is no longer a caseworker either "
            "(`waypost caseworkers add` registers them again)"
        )
        if self.removal.released:
            numbers = ", ".join(f"#{n}" for n in self.removal.released)
            said += f"; back to waiting, and the caseworker group alerted again: {numbers}"
        return said + "."


def disable_account(session: Session, username: str, actor: str, now: datetime) -> Disabled:
    """Disable the account and, for a caseworker, remove them as a caseworker."""
    account = AccountRepository(session).disable(username, now)
    removal = None
    if Role(account.role) is Role.CASEWORKER and account.telegram_user_id is not None:
        removal = remove_caseworker(session, account.telegram_user_id, actor, now)
    return Disabled(account, removal)
