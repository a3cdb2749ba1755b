"""Caseworkers (and the audit log of who added and removed them), staff chats that moved, and
alerts for operators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import Caseworker, ChatRoute, OperatorAlert, StaffEvent


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def caseworker(self, telegram_user_id: int, lock: bool = False) -> Caseworker | None:
        return self.session.get(Caseworker, telegram_user_id, with_for_update=lock)

    def caseworkers(self) -> list[Caseworker]:
        return list(self.session.scalars(select(Caseworker).order_by(Caseworker.name)))

    def add_caseworker(
        self, telegram_user_id: int, name: str, now: datetime, actor: str = "operator"
    ) -> Caseworker:
        caseworker = self.caseworker(telegram_user_id)
        if caseworker is None:
            caseworker = Caseworker(telegram_user_id=telegram_user_id, name=name, added_at=now)
            self.session.add(caseworker)
            self.record(telegram_user_id, actor, "added", now)
        else:
            caseworker.name = name
        return caseworker

    def delete_caseworker(self, caseworker: Caseworker, actor: str, now: datetime) -> None:
        """Only the registration: `escalation.removal.remove_caseworker` also hands their
        cases back, and is what removing someone should call."""
        self.session.delete(caseworker)
        self.record(caseworker.telegram_user_id, actor, "removed", now)

    def record(self, telegram_user_id: int, actor: str, action: str, now: datetime) -> None:
        self.session.add(
            StaffEvent(telegram_user_id=telegram_user_id, actor=actor[:80], action=action, at=now)
        )

    def history(self, limit: int = 50) -> list[StaffEvent]:
        return list(
            self.session.scalars(select(StaffEvent).order_by(StaffEvent.id.desc()).limit(limit))
        )

    def current_chat(self, configured_chat_id: int) -> int:
        route = self.session.get(ChatRoute, configured_chat_id)
        return route.current_chat_id if route else configured_chat_id

    def move_chat(self, configured_chat_id: int, new_chat_id: int, now: datetime) -> None:
        route = self.session.get(ChatRoute, configured_chat_id)
        if route is None:
            self.session.add(
                ChatRoute(
                    configured_chat_id=configured_chat_id,
                    current_chat_id=new_chat_id,
                    changed_at=now,
                )
            )
        else:
            route.current_chat_id, route.changed_at = new_chat_id, now

    def alert_operators(self, message: str, now: datetime) -> None:
        self.session.add(OperatorAlert(at=now, message=message[:300]))

    def operator_alerts(self, limit: int = 20) -> list[OperatorAlert]:
        return list(
            self.session.scalars(
                select(OperatorAlert).order_by(OperatorAlert.id.desc()).limit(limit)
            )
        )
