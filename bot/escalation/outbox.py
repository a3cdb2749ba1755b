"""Staff messages that must arrive: kept in the database until Telegram accepts them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.storage.models import OutboxMessage


class Outbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def enqueue(
        self,
        case_id: int,
        kind: str,
        urgent: bool,
        now: datetime,
        chat_id: int | None = None,
        source_chat_id: int | None = None,
        source_message_id: int | None = None,
        ready_reply: str | None = None,
        edits_outbox_id: int | None = None,
    ) -> None:
        self.session.add(
            OutboxMessage(
                case_id=case_id,
                kind=kind,
                urgent=urgent,
                chat_id=chat_id,
                created_at=now,
                next_attempt_at=now,
                attempts=0,
                source_chat_id=source_chat_id,
                source_message_id=source_message_id,
                ready_reply=ready_reply,
                edits_outbox_id=edits_outbox_id,
            )
        )

    def due(self, now: datetime, limit: int) -> list[OutboxMessage]:
        """Undelivered messages whose time has come, urgent ones first, oldest first."""
        return list(
            self.session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.sent_at.is_(None),
                    OutboxMessage.failed_at.is_(None),
                    OutboxMessage.next_attempt_at <= now,
                )
                .order_by(OutboxMessage.urgent.desc(), OutboxMessage.id)
                .limit(limit)
            )
        )

    def next_attempt_at(self) -> datetime | None:
        return self.session.scalar(
            select(func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
            )
        )

    def pending(self) -> list[OutboxMessage]:
        return list(
            self.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.sent_at.is_(None))
                .order_by(OutboxMessage.id)
            )
        )
