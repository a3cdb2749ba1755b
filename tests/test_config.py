from pathlib import Path

import pytest

from bot.config import DEFAULT_API_BASE_URL, ConfigError, Settings
from bot.storage.sealing import Keyring


def test_defaults_run_the_demo_with_nothing_set():
    settings = Settings.from_environ({})
    assert settings.database_url == "sqlite:///waypost.sqlite3"
    assert settings.telegram_api_base_url == DEFAULT_API_BASE_URL
    assert settings.operator is None


def test_reads_every_setting():
    settings = Settings.from_environ(
        {
            "WAYPOST_DATABASE_URL": "postgresql://db/waypost",
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
            "WAYPOST_CASEWORKER_CHAT_ID": "-1001",
            "WAYPOST_SUPERVISOR_CHAT_ID": "-1002",
            "WAYPOST_OPERATOR_NAME": "A Charity",
            "WAYPOST_OPERATOR_CONTACT": "0000",
            "WAYPOST_FLOWS_DIR": "/srv/flows",
            "WAYPOST_OFFICE_HOURS": "Tue 10:00-12:00",
            "WAYPOST_SECRET_KEY": Keyring.new_key(),
        }
    )
    assert settings.caseworker_chat_id == -1001 and settings.supervisor_chat_id == -1002
    assert settings.flows_dir == Path("/srv/flows")
    assert settings.require_telegram()[0] == "1:abc"


def test_a_bad_chat_id_says_which_setting_and_what_to_do():
    with pytest.raises(ConfigError, match="WAYPOST_CASEWORKER_CHAT_ID must be a Telegram chat id"):
        Settings.from_environ({"WAYPOST_CASEWORKER_CHAT_ID": "caseworkers"})


def test_operator_name_without_contact_is_refused():
    with pytest.raises(ConfigError, match="go together"):
        Settings.from_environ({"WAYPOST_OPERATOR_NAME": "A Charity"})


def test_telegram_needs_a_token_a_caseworker_group_and_an_operator():
    environ = {}
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is missing"):
        Settings.from_environ(environ).require_telegram()
    environ["TELEGRAM_BOT_TOKEN"] = "1:abc"
    with pytest.raises(ConfigError, match="WAYPOST_CASEWORKER_CHAT_ID is missing"):
        Settings.from_environ(environ).require_telegram()
    environ["WAYPOST_CASEWORKER_CHAT_ID"] = "-100"
    with pytest.raises(ConfigError, match="WAYPOST_SECRET_KEY is missing"):
        Settings.from_environ(environ).require_telegram()
    environ["WAYPOST_SECRET_KEY"] = Keyring.new_key()
    with pytest.raises(ConfigError, match="OPERATOR_NAME and WAYPOST_OPERATOR_CONTACT are missing"):
        Settings.from_environ(environ).require_telegram()


def test_office_hours():
    settings = Settings.from_environ({"WAYPOST_OFFICE_HOURS": "Mon-Sat 08:30-18:00"})
    assert settings.office_hours.describe("en") == "Monday–Saturday, 08:30–18:00"
    with pytest.raises(ConfigError, match="WAYPOST_OFFICE_HOURS: office hours 'weekdays'"):
        Settings.from_environ({"WAYPOST_OFFICE_HOURS": "weekdays"})
    with pytest.raises(ConfigError, match="end before they start"):
        Settings.from_environ({"WAYPOST_OFFICE_HOURS": "Mon-Fri 17:00-09:00"})


def test_urgent_claim_minutes():
    from datetime import timedelta

    assert Settings.from_environ({}).urgent_claim_within == timedelta(minutes=10)
    assert Settings.from_environ(
        {"WAYPOST_URGENT_CLAIM_MINUTES": "5"}
    ).urgent_claim_within == timedelta(minutes=5)
    with pytest.raises(ConfigError, match="WAYPOST_URGENT_CLAIM_MINUTES must be a whole number"):
        Settings.from_environ({"WAYPOST_URGENT_CLAIM_MINUTES": "soon"})


def test_a_malformed_key_is_refused_with_what_to_do():
    with pytest.raises(ConfigError, match="WAYPOST_SECRET_KEY: a key is not a Fernet key"):
        Settings.from_environ({"WAYPOST_SECRET_KEY": "password123"}).keyring()


def test_every_field_is_filled_by_one_declared_setting():
    from dataclasses import fields

    from bot.config import SETTINGS

    declared = [setting.field for setting in SETTINGS if setting.field is not None]
    assert sorted(declared) == sorted(f.name for f in fields(Settings) if f.name != "operator")
    assert Settings.from_environ({}) == Settings()
