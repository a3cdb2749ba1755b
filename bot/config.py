"""Settings read once, at start-up, from an environment mapping (tests pass a plain dict)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours, OfficeHoursError
from bot.storage.database import DEFAULT_DATABASE_URL
from bot.storage.sealing import Keyring, SealingError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and what to do."""


@dataclass(frozen=True)
class Operator:
    """Who runs the service: shown to survivors when they are asked to consent."""

    name: str
    contact: str


DEMO_OPERATOR = Operator(
    name="Waypost demo (not a real service)",
    contact="no contact: this is a demonstration",
)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    flows_dir: Path = PROJECT_ROOT / "flows"
    locales_dir: Path = PROJECT_ROOT / "locales"
    telegram_token: str | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    caseworker_chat_id: int | None = None
    supervisor_chat_id: int | None = None
    operator: Operator | None = None
    secret_key: str | None = None
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS
    urgent_claim_within: timedelta = timedelta(minutes=10)
    keep_inactive_for: timedelta = timedelta(days=180)
    checkin_answer_within: timedelta = timedelta(hours=3)
    """A safety check-in not answered in this time brings in a caseworker."""
    reminder_grace: timedelta = timedelta(minutes=60)
    """A reminder that fell due while the bot was down is still sent this late; older ones are
    summed up in one "while I was offline" message."""
    hubs_file: Path | None = None
    """The directory of local support hubs; None for the one beside the flows."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        def text(name: str) -> str | None:
            value = environ.get(name, "").strip()
            return value or None

        operator_name, operator_contact = (
            text("WAYPOST_OPERATOR_NAME"),
            text("WAYPOST_OPERATOR_CONTACT"),
        )
        if (operator_name is None) != (operator_contact is None):
            raise ConfigError(
                "WAYPOST_OPERATOR_NAME and WAYPOST_OPERATOR_CONTACT go together: "
                "set both (who runs the service and how survivors reach them) or neither."
            )
        try:
            office_hours = OfficeHours.parse(text("WAYPOST_OFFICE_HOURS") or "Mon-Fri 09:00-17:00")
        except OfficeHoursError as error:
            raise ConfigError(f"WAYPOST_OFFICE_HOURS: {error}") from None
        return cls(
            secret_key=text("WAYPOST_SECRET_KEY"),
            office_hours=office_hours,
            urgent_claim_within=timedelta(
                minutes=_whole_number(environ, "WAYPOST_URGENT_CLAIM_MINUTES", default=10)
            ),
            checkin_answer_within=timedelta(
                minutes=_whole_number(environ, "WAYPOST_CHECKIN_ANSWER_MINUTES", default=180)
            ),
            reminder_grace=timedelta(
                minutes=_whole_number(environ, "WAYPOST_REMINDER_GRACE_MINUTES", default=60)
            ),
            keep_inactive_for=timedelta(
                days=_whole_number(environ, "WAYPOST_KEEP_INACTIVE_DAYS", default=180)
            ),
            database_url=text("WAYPOST_DATABASE_URL") or DEFAULT_DATABASE_URL,
            flows_dir=Path(text("WAYPOST_FLOWS_DIR") or cls.flows_dir),
            locales_dir=Path(text("WAYPOST_LOCALES_DIR") or cls.locales_dir),
            hubs_file=Path(hubs_file) if (hubs_file := text("WAYPOST_HUBS_FILE")) else None,
            telegram_token=text("TELEGRAM_BOT_TOKEN"),
            telegram_api_base_url=text("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
            caseworker_chat_id=_chat_id(environ, "WAYPOST_CASEWORKER_CHAT_ID"),
            supervisor_chat_id=_chat_id(environ, "WAYPOST_SUPERVISOR_CHAT_ID"),
            operator=(
                Operator(operator_name, operator_contact)
                if operator_name and operator_contact
                else None
            ),
        )

    @property
    def hubs_path(self) -> Path:
        """The support hubs directory: `WAYPOST_HUBS_FILE`, or `hubs/directory.yaml` in the
        flows folder."""
        return self.hubs_file or self.flows_dir / "hubs" / "directory.yaml"

    def keyring(self) -> Keyring:
        if self.secret_key is None:
            raise ConfigError("WAYPOST_SECRET_KEY is missing: make one with `waypost keys new`.")
        try:
            return Keyring.from_setting(self.secret_key)
        except SealingError as error:
            raise ConfigError(f"WAYPOST_SECRET_KEY: {error}") from None

    def require_telegram(self) -> tuple[str, Operator]:
        """What a real deployment must have before it talks to anyone."""
        if self.telegram_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is missing: set it to the token BotFather gave you."
            )
        if self.caseworker_chat_id is None:
            raise ConfigError(
                "WAYPOST_CASEWORKER_CHAT_ID is missing: requests for a person are sent to the "
                "caseworker group, so add the bot to that group and set its chat id."
            )
        if self.secret_key is None:
            raise ConfigError(
                "WAYPOST_SECRET_KEY is missing: survivors' words are encrypted with it. "
                "Make one with `waypost keys new` and keep a copy somewhere safe."
            )
        if self.operator is None:
            raise ConfigError(
                "WAYPOST_OPERATOR_NAME and WAYPOST_OPERATOR_CONTACT are missing: survivors "
                "are told who runs the service before they consent, so set both."
            )
        return self.telegram_token, self.operator


def _whole_number(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ConfigError(f"{name} must be a whole number above 0, not {raw!r}.")
    return int(raw)


def _chat_id(environ: Mapping[str, str], name: str) -> int | None:
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(
            f"{name} must be a Telegram chat id (a whole number such as -1001234567890), "
            f"not {raw!r}."
        ) from None
