"""Probes of the security review that no other test replays: signing in gives a new cookie (no
session fixation), an unknown name costs the same password check as a wrong password (sign-in
does not tell which names exist), and a YAML tag in content builds and runs nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher, extract_parameters

from bot.admin import accounts
from bot.admin.security import SESSION_COOKIE
from tests.console_harness import ADMIN, token_in
from tests.test_console_sessions import second_browser, signed_in
from tests.test_console_sign_in import WRONG, attempt
from tests.test_flows_loader import BUNDLED, edit, line_of, load, only_error

pytestmark = pytest.mark.security


def test_a_cookie_planted_before_sign_in_stays_signed_out_after_it(console):
    page = console.client.get("/sign-in")
    planted, token_before = console.client.cookies[SESSION_COOKIE], token_in(page.text)
    console.sign_in(ADMIN)
    assert signed_in(console.client)
    assert console.client.cookies[SESSION_COOKIE] != planted
    assert console.form_token() != token_before  # the whole session is new, CSRF token too
    assert not signed_in(second_browser(console, planted))


def test_an_unknown_name_costs_the_same_password_check_as_a_wrong_password(console, monkeypatch):
    checked: list[object] = []

    class Watched(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checked.append(extract_parameters(hash if isinstance(hash, str) else hash.decode()))
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "HASHER", Watched())
    unknown, wrong = attempt(console, "nobody", WRONG), attempt(console, ADMIN, WRONG)
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.text == wrong.text
    assert len(checked) == 2 and checked[0] == checked[1]


def test_a_python_tag_in_a_flow_file_runs_nothing_and_is_refused_by_line(tmp_path: Path):
    flows = tmp_path / "flows"
    shutil.copytree(BUNDLED, flows, ignore=shutil.ignore_patterns("*.md"))
    ran = tmp_path / "ran"
    path = flows / "onboarding.yaml"
    edit(path, "flow: onboarding", f'flow: !!python/object/apply:os.system ["touch {ran}"]')
    problem = only_error(load(flows))
    assert (problem.path, problem.line) == (path, line_of(path, "!!python"))
    assert not ran.exists()


def test_a_python_tag_on_a_single_value_is_refused_by_line_too(tmp_path: Path):
    flows = tmp_path / "flows"
    shutil.copytree(BUNDLED, flows, ignore=shutil.ignore_patterns("*.md"))
    path = flows / "onboarding.yaml"
    edit(path, "flow: onboarding", "flow: !!python/name:os.system")
    problem = only_error(load(flows))
    assert (problem.path, problem.line) == (path, line_of(path, "!!python"))
    assert "without tags" in problem.message
