"""Settings read once, at start-up, from an environment mapping (tests pass a plain dict)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
        values = {setting.name: setting.read(environ) for setting in SETTINGS}
        operator_name = values["WAYPOST_OPERATOR_NAME"]
        operator_contact = values["WAYPOST_OPERATOR_CONTACT"]
        if (operator_name is None) != (operator_contact is None):
            raise ConfigError(
                "WAYPOST_OPERATOR_NAME and WAYPOST_OPERATOR_CONTACT go together: "
                "set both (who runs the service and how survivors reach them) or neither."
            )
        given = {
            setting.field: values[setting.name]
            for setting in SETTINGS
            if setting.field is not None and values[setting.name] is not None
        }
        operator = (
            Operator(str(operator_name), str(operator_contact))
            if operator_name is not None
            else None
        )
        return cls(operator=operator, **given)

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


@dataclass(frozen=True)
class Setting:
    """One environment variable. `Settings.from_environ` reads these, and the documentation test
    checks that the README's table has a row for each that says its help."""

    name: str
    field: str | None
    """The `Settings` field it fills, whose default stands when the variable is unset (code that
    builds Settings directly relies on it too); None for the operator pair, read together."""
    parse: Callable[[str, str], object]
    """Takes the name and the value (stripped, never empty); a `ConfigError` names the variable."""
    help: str

    def read(self, environ: Mapping[str, str]) -> object | None:
        """The parsed value, or None when unset or blank (the field's default then stands)."""
        raw = environ.get(self.name, "").strip()
        return self.parse(self.name, raw) if raw else None


def _text(name: str, raw: str) -> str:
    return raw


def _path(name: str, raw: str) -> Path:
    return Path(raw)


def _whole_number(name: str, raw: str) -> int:
    if not raw.isdigit() or int(raw) == 0:
        raise ConfigError(f"{name} must be a whole number above 0, not {raw!r}.")
    return int(raw)


def _minutes(name: str, raw: str) -> timedelta:
    return timedelta(minutes=_whole_number(name, raw))


def _days(name: str, raw: str) -> timedelta:
    return timedelta(days=_whole_number(name, raw))


def _chat_id(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(
            f"{name} must be a Telegram chat id (a whole number such as -1001234567890), "
            f"not {raw!r}."
        ) from None


def _office_hours(name: str, raw: str) -> OfficeHours:
    try:
        return OfficeHours.parse(raw)
    except OfficeHoursError as error:
        raise ConfigError(f"{name}: {error}") from None


_OPERATOR_HELP = (
    "who runs the service and how to reach them, shown at consent (needed by `waypost run`)"
)

# In the README's order; a new setting is a line here, a field on `Settings` and a README row.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "TELEGRAM_BOT_TOKEN", "telegram_token", _text, "the bot's token (needed by `waypost run`)"
    ),
    Setting(
        "TELEGRAM_API_BASE_URL",
        "telegram_api_base_url",
        _text,
        "Bot API address; tests point it at a fake server",
    ),
    Setting(
        "WAYPOST_DATABASE_URL",
        "database_url",
        _text,
        "SQLAlchemy database URL (SQLite or PostgreSQL)",
    ),
    Setting(
        "WAYPOST_SECRET_KEY",
        "secret_key",
        _text,
        "the key survivors' words are encrypted with (`waypost keys new`); several, "
        "comma-separated and newest first, while rotating (needed by `waypost run`)",
    ),
    Setting("WAYPOST_OPERATOR_NAME", None, _text, _OPERATOR_HELP),
    Setting("WAYPOST_OPERATOR_CONTACT", None, _text, _OPERATOR_HELP),
    Setting(
        "WAYPOST_CASEWORKER_CHAT_ID",
        "caseworker_chat_id",
        _chat_id,
        "the caseworker group's chat id (needed by `waypost run`)",
    ),
    Setting(
        "WAYPOST_OFFICE_HOURS",
        "office_hours",
        _office_hours,
        "when the team works, UK time; survivors are told when a person will see a request",
    ),
    Setting(
        "WAYPOST_SUPERVISOR_CHAT_ID",
        "supervisor_chat_id",
        _chat_id,
        "the supervisor chat's id: urgent cases left unclaimed, and alerts the caseworker "
        "group cannot take, go here",
    ),
    Setting(
        "WAYPOST_KEEP_INACTIVE_DAYS",
        "keep_inactive_for",
        _days,
        "a survivor silent this long (with no open case) gets one discreet warning, and a "
        "week later their data is deleted",
    ),
    Setting(
        "WAYPOST_CHECKIN_ANSWER_MINUTES",
        "checkin_answer_within",
        _minutes,
        "a safety check-in after reporting not answered within this time brings in a "
        "caseworker, urgently",
    ),
    Setting(
        "WAYPOST_REMINDER_GRACE_MINUTES",
        "reminder_grace",
        _minutes,
        "a reminder that fell due while the bot was down is still sent if no later than this; "
        'older ones are summed up in one "while I was offline" message',
    ),
    Setting(
        "WAYPOST_URGENT_CLAIM_MINUTES",
        "urgent_claim_within",
        _minutes,
        "an urgent case unclaimed for this long is alerted again (and to the supervisor)",
    ),
    Setting("WAYPOST_FLOWS_DIR", "flows_dir", _path, "folder of flow files"),
    Setting("WAYPOST_LOCALES_DIR", "locales_dir", _path, "folder of translation catalogues"),
    Setting(
        "WAYPOST_HUBS_FILE",
        "hubs_file",
        _path,
        'the directory of local support hubs (see "Local support hubs")',
    ),
)
