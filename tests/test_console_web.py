"""The web console's doors: signing in, roles, and CSRF on every form."""

from __future__ import annotations

import pytest

from bot.admin.security import SESSION_COOKIE
from tests.console_harness import ADMIN, CASEWORKER_USER

pytestmark = pytest.mark.security


def test_pages_need_signing_in(console):
    page = console.client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/sign-in"


def test_a_wrong_password_is_refused_and_says_nothing_about_the_name(console):
    console.sign_in(ADMIN, "not the password at all")
    wrong_password = console.client.get("/", follow_redirects=False)
    assert wrong_password.status_code == 303
    page = console.client.get("/sign-in")
    answer = console.client.post(
        "/sign-in",
        data={
            "username": "nobody",
            "password": "x" * 12,
            "csrf_token": console.form_token("/sign-in"),
        },
    )
    assert answer.status_code == 401 and "Wrong username or password." in answer.text
    assert page.status_code == 200


def test_signing_in_sets_a_secure_strict_http_only_cookie(console):
    page = console.client.get("/sign-in")
    answer = console.client.post(
        "/sign-in",
        data={
            "username": ADMIN,
            "password": "correct horse battery",
            "csrf_token": console.form_token("/sign-in"),
        },
        follow_redirects=False,
    )
    assert page.status_code == 200 and answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    for attribute in ("httponly", "secure", "samesite=strict"):
        assert attribute in cookie.lower()
    assert "Hello, ana" in console.client.get("/").text


def test_a_form_without_its_csrf_token_is_refused_and_with_it_succeeds(console):
    console.sign_in(ADMIN)
    refused = console.client.post("/sign-out", data={})
    assert refused.status_code == 403
    assert "Hello, ana" in console.client.get("/").text  # still signed in: nothing happened
    done = console.client.post(
        "/sign-out", data={"csrf_token": console.form_token()}, follow_redirects=False
    )
    assert done.status_code == 303
    assert console.client.get("/", follow_redirects=False).status_code == 303


def test_a_caseworker_signs_in_too(console):
    console.sign_in(CASEWORKER_USER)
    assert "Hello, ben" in console.client.get("/").text
