"""Web console accounts: who may sign in, with what role, and their password (argon2)."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from bot.storage.models import StaffAccount

HASHER = PasswordHasher()
# Verified against when the username is unknown, so a wrong name takes as long as a wrong
# password and does not tell an attacker which names exist.
_DECOY = HASHER.hash("no such account")
MIN_PASSWORD = 12
STRONG_ENOUGH = 3
"""zxcvbn's score (0-4): 3 resists an offline guess at a slow hash for years; less is refused."""
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]{1,39}")


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    CASEWORKER = "caseworker"


class AccountError(ValueError):
    """A request the console refuses, said plainly to the administrator."""


class AccountDisabled(AccountError):
    """The right password for an account an administrator has disabled."""


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self,
        username: str,
        password: str,
        role: Role,
        now: datetime,
        telegram_user_id: int | None = None,
    ) -> StaffAccount:
        if not USERNAME.fullmatch(username):
            raise AccountError(
                "a username is 2 to 40 letters, digits, dots, dashes or underscores, "
                "starting with a letter"
            )
        check_password(username, password)
        if self.by_username(username) is not None:
            raise AccountError(f"there is already an account called {username!r}")
        if role is Role.CASEWORKER and telegram_user_id is None:
            raise AccountError("a caseworker needs their Telegram user id (--telegram-id)")
        if telegram_user_id is not None:
            holder = self.session.scalars(
                select(StaffAccount.username).where(
                    StaffAccount.telegram_user_id == telegram_user_id
                )
            ).first()
            if holder is not None:
                raise AccountError(
                    f"Telegram user {telegram_user_id} already belongs to the account "
                    f"{holder!r}: one Telegram user has one account"
                )
        account = StaffAccount(
            username=username,
            password_hash=HASHER.hash(password),
            role=role.value,
            telegram_user_id=telegram_user_id,
            created_at=now,
        )
        self.session.add(account)
        self.session.flush()
        return account

    def sign_in(self, username: str, password: str) -> StaffAccount | None:
        """The account, if the password is right; None if not. Slow on purpose (argon2): call it
        from a worker thread. A disabled account is refused only after a right password, so the
        refusal tells nothing to someone guessing."""
        account = self.by_username(username)
        try:
            HASHER.verify(account.password_hash if account else _DECOY, password)
        except (VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        if account.disabled_at is not None:
            raise AccountDisabled("This account is disabled. Ask an administrator to enable it.")
        if HASHER.check_needs_rehash(account.password_hash):
            account.password_hash = HASHER.hash(password)
        return account

    def set_password(self, username: str, password: str) -> StaffAccount:
        """A new password (checked like a first one), ending every session of the account."""
        account = self.existing(username)
        check_password(username, password)
        account.password_hash = HASHER.hash(password)
        account.session_version += 1
        return account

    def disable(self, username: str, now: datetime) -> StaffAccount:
        """The account can no longer sign in, and every session of it ends."""
        account = self.existing(username)
        if account.disabled_at is None:
            account.disabled_at = now
        account.session_version += 1
        return account

    def enable(self, username: str) -> StaffAccount:
        account = self.existing(username)
        account.disabled_at = None
        return account

    def end_sessions(self, account_id: int) -> None:
        """Signing out anywhere signs out everywhere: every cookie of the account stops working."""
        account = self.get(account_id)
        if account is not None:
            account.session_version += 1

    def existing(self, username: str) -> StaffAccount:
        account = self.by_username(username)
        if account is None:
            raise AccountError(
                f"there is no account called {username!r} (the names are case-sensitive)"
            )
        return account

    def all(self) -> list[StaffAccount]:
        return list(self.session.scalars(select(StaffAccount).order_by(StaffAccount.username)))

    def by_username(self, username: str) -> StaffAccount | None:
        return self.session.scalars(
            select(StaffAccount).where(StaffAccount.username == username)
        ).first()

    def get(self, account_id: int) -> StaffAccount | None:
        return self.session.get(StaffAccount, account_id)


def check_password(username: str, password: str) -> None:
    """Refuse a password that is short, contains the username, or is easy to guess (zxcvbn:
    common-password, name and word lists, keyboard patterns, repeats, dates)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    if len(username) >= 3 and username.casefold() in password.casefold():
        raise AccountError("the password must not contain the username")
    strength = zxcvbn(password[:100], user_inputs=[username])  # its cost grows with length
    if strength["score"] < STRONG_ENOUGH:
        advice = strength["feedback"]["warning"] or "it is too easy to guess"
        raise AccountError(f"choose a stronger password: {advice.rstrip('.')}")
