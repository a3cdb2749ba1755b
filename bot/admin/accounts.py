"""Web console accounts: who may sign in, with what role, and their password (argon2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import StaffAccount

HASHER = PasswordHasher()
# Verified against when the username is unknown, so a wrong name takes as long as a wrong
# password and does not tell an attacker which names exist.
_DECOY = HASHER.hash("no such account")
MIN_PASSWORD = 12


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    CASEWORKER = "caseworker"


class AccountError(ValueError):
    """A request the console refuses, said plainly to the administrator."""


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
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
        if self.by_username(username) is not None:
            raise AccountError(f"there is already an account called {username!r}")
        if role is Role.CASEWORKER and telegram_user_id is None:
            raise AccountError("a caseworker needs their Telegram user id (--telegram-id)")
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
        account = self.by_username(username)
        try:
            HASHER.verify(account.password_hash if account else _DECOY, password)
        except (VerificationError, InvalidHashError):
            return None
        if account is not None and HASHER.check_needs_rehash(account.password_hash):
            account.password_hash = HASHER.hash(password)
        return account

    def by_username(self, username: str) -> StaffAccount | None:
        return self.session.scalars(
            select(StaffAccount).where(StaffAccount.username == username)
        ).first()

    def get(self, account_id: int) -> StaffAccount | None:
        return self.session.get(StaffAccount, account_id)
