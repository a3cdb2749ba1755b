"""The `waypost` command."""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, date, datetime

import click

from bot.app import Runtime, build_runtime, load_content
from bot.config import ConfigError, Settings
from bot.flows.problems import ContentError
from bot.i18n.catalogues import catalogue_path
from bot.i18n.checks import check_catalogue


def _settings() -> Settings:
    try:
        return Settings.from_environ(os.environ)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


@click.group()
def main() -> None:
    """Waypost: NRM information, local support and a line to a caseworker, in your language."""


@main.command()
@click.option("--lang", "language", help="Start in this language (a code such as sq or ar).")
def chat(language: str | None) -> None:
    """Chat with the bot in this terminal, on the same flows and database as the Telegram bot."""
    from bot.channels.console import ConsoleChat

    runtime = _runtime(_settings())
    try:
        translations = runtime.engine.content.translations
        if language and translations.best_match(language) is None:
            available = ", ".join(translations.languages)
            raise click.ClickException(f"no {language!r} content yet; available: {available}")
        ConsoleChat(runtime.conversation, sys.stdin, sys.stdout).run(language)
    finally:
        runtime.close()


@main.command()
def run() -> None:
    """Run the Telegram bot (long polling) with TELEGRAM_BOT_TOKEN."""
    from bot.channels.telegram import TelegramChannel

    settings = _settings()
    try:
        settings.require_telegram()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    _configure_logging()
    runtime = _runtime(settings)
    try:
        TelegramChannel(runtime).build_application().run_polling()
    finally:
        runtime.close()


@main.group()
def flows() -> None:
    """Work with conversation content."""


@flows.command("check")
def flows_check() -> None:
    """Validate every flow and catalogue; exit 1 with file:line errors if any is broken."""
    settings = _settings()
    loaded = load_content(settings, _today())
    problems = list(loaded.result.problems)
    for language in loaded.translations.languages[1:]:
        problems.extend(check_catalogue(catalogue_path(settings.locales_dir, language)))
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise click.ClickException(f"{len(errors)} error(s): fix them before publishing")
    flowset = loaded.result.flowset
    assert flowset is not None
    click.echo(
        f"OK: {len(flowset.flows)} flows, {len(flowset.nodes)} nodes, "
        f"languages: {', '.join(loaded.translations.languages)}"
    )


@main.group()
def db() -> None:
    """Work with the database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (start-up does this too)."""
    from bot.storage.database import Database

    database = Database(_settings().database_url)
    try:
        database.migrate()
    finally:
        database.close()
    click.echo("The database is up to date.")


def _runtime(settings: Settings) -> Runtime:
    try:
        return build_runtime(settings)
    except ContentError as error:
        raise click.ClickException(str(error)) from None


def _today() -> date:
    return datetime.now(UTC).date()


def _configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO, and Bot API URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
