"""A survivor's place in the conversation: everything the engine reads and changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

CONSENT_CHECK_AFTER = timedelta(days=30)
VISITOR_ID = 0
"""The survivor id of someone who said no to consent: storage never gives it to anyone."""


@dataclass
class SurvivorState:
    survivor_id: int
    language: str | None = None
    nation: str | None = None
    age_group: str | None = None
    node: str | None = None
    consented_at: datetime | None = None
    consent_reconfirmed_at: datetime | None = None
    answers: dict[str, str] = field(default_factory=dict)
    needs_interpreter: bool | None = None
    worker_gender: str | None = None
    shares_with_caseworker: bool = False
    topics: list[str] = field(default_factory=list)
    quiet_hours: str | None = None
    """When the bot never writes first, as "22:00-08:00"."""
    full_reminders: bool = False
    """Reminders say what and where in the notification, not only the day and time."""
    resume_node: str | None = None
    """Where "I am safe" takes the survivor back to, after "Are you safe right now?"."""
    suggestions: list[str] = field(default_factory=list)
    """The next best topics for a typed question, offered if the best was not what they meant."""
    story_message: int | None = None
    """The id of the survivor's message that holds their story, so it can be deleted from the
    chat when they ask (the story itself is kept in `answers`)."""

    @property
    def consented(self) -> bool:
        return self.consented_at is not None

    def consent_check_due(self, now: datetime) -> bool:
        """The second stage of consent: asked once, 30 days after the first."""
        return (
            self.consented_at is not None
            and self.consent_reconfirmed_at is None
            and now - self.consented_at >= CONSENT_CHECK_AFTER
        )
