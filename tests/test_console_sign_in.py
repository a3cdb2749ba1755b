"""Guessing console passwords is slowed per username and per address, with a plain message;
the slow password check runs off the event loop; failures are logged without what was typed."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from bot.admin import accounts
from bot.admin.throttle import FREE_PER_ACCOUNT, FREE_PER_ADDRESS, LONGEST_LOCK, SignInThrottle
from tests.console_harness import ADMIN, CASEWORKER_USER, PASSWORD, ConsoleUnderTest

pytestmark = pytest.mark.security

WRONG = "Tr0ub4dor&3-not-it"


def attempt(console: ConsoleUnderTest, username: str, password: str):
    return console.client.post(
        "/sign-in",
        data={
            "username": username,
            "password": password,
            "csrf_token": console.form_token("/sign-in"),
        },
        follow_redirects=False,
    )


def test_after_a_few_wrong_passwords_even_the_right_one_must_wait(console, clock):
    for _ in range(FREE_PER_ACCOUNT):
        assert attempt(console, ADMIN, WRONG).status_code == 401
    locked = attempt(console, ADMIN, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins for this username or from this address" in locked.text
    assert "Wait 2 seconds, then try again." in locked.text
    assert locked.headers["retry-after"] == "2"
    clock.advance(timedelta(seconds=2))
    assert attempt(console, ADMIN, PASSWORD).status_code == 303


def test_each_further_failure_doubles_the_wait_up_to_a_quarter_of_an_hour(console, clock):
    waits = []
    for _ in range(FREE_PER_ACCOUNT + 12):
        answer = attempt(console, ADMIN, WRONG)
        if answer.status_code == 429:  # locked: the guess was not even checked
            waits.append(int(answer.headers["retry-after"]))
            clock.advance(timedelta(seconds=waits[-1]))
            answer = attempt(console, ADMIN, WRONG)
        assert answer.status_code == 401
    assert waits[:4] == [2, 4, 8, 16]
    assert waits[-1] == LONGEST_LOCK.total_seconds() and max(waits) == waits[-1]
    assert "Wait 15 minutes" in attempt(console, ADMIN, PASSWORD).text


def test_many_names_tried_from_one_address_lock_the_address(console):
    for number in range(FREE_PER_ADDRESS):
        attempt(console, f"guess{number}", WRONG)
    locked = attempt(console, CASEWORKER_USER, PASSWORD)
    assert locked.status_code == 429


def test_a_right_password_clears_the_username_but_not_the_address(clock):
    throttle = SignInThrottle(clock)
    for _ in range(FREE_PER_ACCOUNT - 1):
        throttle.failed("ana", "10.0.0.1")
    throttle.succeeded("ana")
    assert throttle.failed("ana", "10.0.0.1") == 1
    for _ in range(FREE_PER_ADDRESS - FREE_PER_ACCOUNT):
        throttle.failed("someone", "10.0.0.1")
    throttle.succeeded("ana")
    assert throttle.wait("ben", "10.0.0.1") is not None
    assert throttle.wait("ben", "10.0.0.2") is None


def test_failures_are_forgotten_after_an_hour_without_any(clock):
    throttle = SignInThrottle(clock)
    for _ in range(FREE_PER_ACCOUNT - 1):
        throttle.failed("Ana", "10.0.0.1")
    clock.advance(timedelta(hours=1, seconds=1))
    assert throttle.failed("ana ", "10.0.0.2") == 1  # the same name, however typed


def test_a_failed_sign_in_is_logged_without_the_name_or_the_password(console, caplog):
    caplog.set_level(logging.DEBUG)
    typed_name = "ana-typed-her-Password-here"
    attempt(console, typed_name, WRONG)
    for _ in range(FREE_PER_ACCOUNT + 1):  # the last is refused unchecked
        attempt(console, ADMIN, WRONG)
    failures = [r for r in caplog.records if "sign-in failed" in r.getMessage()]
    refusals = [r for r in caplog.records if "refused unchecked" in r.getMessage()]
    assert len(failures) == FREE_PER_ACCOUNT + 1 and len(refusals) == 1
    for record in caplog.records:
        for secret in (typed_name, WRONG, f" {ADMIN},", f" {ADMIN} "):
            assert secret not in record.getMessage()


def test_passwords_are_checked_in_a_worker_thread_not_on_the_event_loop(console, monkeypatch):
    on_the_loop: list[bool] = []

    class Watched(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            try:
                asyncio.get_running_loop()
                on_the_loop.append(True)
            except RuntimeError:
                on_the_loop.append(False)
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "HASHER", Watched())
    assert attempt(console, ADMIN, WRONG).status_code == 401
    assert attempt(console, ADMIN, PASSWORD).status_code == 303
    assert on_the_loop == [False, False]
