"""The web console under test: its app on a copy of the content, with accounts to sign in."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from starlette.testclient import TestClient

from bot.admin.accounts import AccountRepository, Role
from bot.admin.web import create_app
from bot.app import Runtime, build_runtime, load_for_console
from bot.clock import ManualClock
from bot.config import PROJECT_ROOT, Settings

PASSWORD = "correct horse battery"
ADMIN, CASEWORKER_USER = "ana", "ben"
CASEWORKER_TELEGRAM_ID = 9001


@dataclass
class ConsoleUnderTest:
    runtime: Runtime
    """The bot, on the same database and content folders as the console."""
    client: TestClient

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        page = self.client.get("/sign-in")
        self.client.post(
            "/sign-in",
            data={"username": username, "password": password, "csrf_token": token_in(page.text)},
        )

    def form_token(self, path: str = "/") -> str:
        return token_in(self.client.get(path).text)


def token_in(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found[1]


def console_under_test(settings: Settings, clock: ManualClock, folder: Path) -> ConsoleUnderTest:
    """A copy of the bundled flows and catalogues, so publishing never touches the repository."""
    shutil.copytree(PROJECT_ROOT / "flows", folder / "flows")
    shutil.copytree(
        PROJECT_ROOT / "locales", folder / "locales", ignore=shutil.ignore_patterns("*.mo")
    )
    local = replace(settings, flows_dir=folder / "flows", locales_dir=folder / "locales")
    runtime = build_runtime(local, clock)
    with runtime.database.transaction() as session:
        accounts = AccountRepository(session)
        accounts.create(ADMIN, PASSWORD, Role.ADMINISTRATOR, clock.now())
        accounts.create(
            CASEWORKER_USER, PASSWORD, Role.CASEWORKER, clock.now(), CASEWORKER_TELEGRAM_ID
        )
    app = create_app(local, runtime.database, clock, load_for_console)
    # https: the session cookie is Secure, as it must be in real use.
    client = TestClient(app, base_url="https://testserver")
    return ConsoleUnderTest(runtime, client)
