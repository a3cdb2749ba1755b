"""What Waypost counts, a day at a time (see bot/storage/counts.py): the names every part that
counts shares with the console's Insights and Typed messages pages. A count holds a day, a
language, a nation and at most a key below (a node id, a reason, a kind): never who or when."""

from __future__ import annotations

CONVERSATION_STARTED = "conversation_started"
"""A chat's first message to Waypost (or its first after /forget)."""
CONSENT_GIVEN = "consent_given"
CONSENT_DECLINED = "consent_declined"
TOPIC_OPENED = "topic_opened"
"""Key: the topic's node id."""

TYPED_NOT_UNDERSTOOD = "typed_not_understood"
"""Typed text that matched no button, everyday word, topic or answer: a kind line instead."""
TYPED_DID_YOU_MEAN = "typed_did_you_mean"
"""Typed text close to some topics but not sure enough: "Did you mean…?"."""
TYPED_TOPIC_FOUND = "typed_topic_found"
"""Typed text that went straight to a topic."""
TYPED = (TYPED_NOT_UNDERSTOOD, TYPED_DID_YOU_MEAN, TYPED_TOPIC_FOUND)

DANGER_CLEAR = "danger_clear"
"""Emergency guidance shown. Key: the kind of danger ("threat", "self_harm")."""
DANGER_POSSIBLE = "danger_possible"
""""Are you safe right now?" asked. Key: the kind of danger, or "learned"."""

PERSON_REQUESTED = "person_requested"
"""A request for a person opened. Key: its reason ("asked_for_person", "danger_confirmed",
"missed_checkin")."""
CLAIM_WAIT = "claim_wait"
"""A request claimed by a caseworker. Key: `claim_wait_key`, in or out of office hours and how
long it waited, in bands: a median can be worked out, no request's own time."""
CASE_RESOLVED = "case_resolved"

REMINDER_SET = "reminder_set"
"""Key: the kind of reminder ("appointment", "reporting")."""
REMINDER_DELIVERED = "reminder_delivered"
"""Key: the kind of reminder."""
CHECKIN_ANSWERED = "checkin_answered"
CHECKIN_MISSED = "checkin_missed"
CHECKIN_ESCALATED = "checkin_escalated"
"""A missed check-in that opened a request for a person."""

FORGOTTEN = "forgotten"
"""A survivor erased everything with /forget."""
RETENTION_DELETED = "retention_deleted"
"""A survivor's data deleted after a long silence."""

WAIT_BANDS_MINUTES = (5, 15, 30, 60, 120, 240, 480, 1440, 2880)
"""Upper ends of the bands a wait is counted in; anything longer is in the last, open band."""
IN_HOURS, OUT_OF_HOURS = "in_hours", "out_of_hours"


def claim_wait_key(minutes: float, in_office_hours: bool) -> str:
    """ "in_hours 15": claimed within 15 minutes (after 5) of a request made in office hours."""
    band = next((upper for upper in WAIT_BANDS_MINUTES if minutes <= upper), None)
    when = IN_HOURS if in_office_hours else OUT_OF_HOURS
    return f"{when} {band if band is not None else 'longer'}"
