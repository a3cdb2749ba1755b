"""The `waypost` command."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import click

from bot import logs
from bot.admin.accounts import AccountError, AccountRepository, Role
from bot.admin.disabling import disable_account
from bot.app import Runtime, build_runtime, load_content, load_for_console
from bot.clock import LONDON, SystemClock
from bot.config import PROJECT_ROOT, ConfigError, Settings
from bot.escalation.cards import short_card
from bot.escalation.case_notes import CaseNotes
from bot.escalation.cases import CaseRepository
from bot.escalation.removal import remove_caseworker
from bot.escalation.staff import StaffRepository
from bot.flows.checking import ContentReport, check_content
from bot.flows.diagram import mermaid
from bot.flows.problems import ContentError
from bot.flows.translations import workflow
from bot.flows.translations.review_list import count, review_list_for
from bot.flows.translations.terms import term_bases
from bot.i18n.catalogues import catalogue_path, compile_catalogue, compiled_path
from bot.i18n.translator import english_language_name
from bot.reminders.repository import ReminderRepository
from bot.storage.database import Database
from bot.storage.sealing import Keyring, SealingError
from bot.storage.survivors import SurvivorRepository
from bot.understanding.danger import load_phrases
from bot.understanding.learned import MODEL_FILE, LearnedModel

DEMO_KEY_FILE = ".waypost-demo-key"


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

    settings = _settings()
    if settings.secret_key is None:
        settings = replace(settings, secret_key=_demo_key())
    runtime = _runtime(settings)
    try:
        translations = runtime.engine.content.translations
        if language and translations.best_match(language) is None:
            available = ", ".join(translations.languages)
            raise click.ClickException(f"no {language!r} content yet; available: {available}")
        ConsoleChat(runtime.conversation, sys.stdin, sys.stdout).run(language)
    finally:
        runtime.close()


@main.command()
@click.option(
    "--webhook-url",
    help="Receive updates by webhook at this public https:// address instead of polling.",
)
@click.option(
    "--listen",
    default="127.0.0.1:8443",
    show_default=True,
    help="With --webhook-url: the local address the reverse proxy forwards to.",
)
def run(webhook_url: str | None, listen: str) -> None:
    """Run the Telegram bot with TELEGRAM_BOT_TOKEN: long polling, or a webhook."""
    from bot.channels.telegram.application import TelegramChannel, Webhook

    settings = _settings()
    try:
        token, _ = settings.require_telegram()
        webhook = Webhook.parse(webhook_url, listen) if webhook_url else None
    except (ConfigError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    logs.configure(token)
    runtime = _runtime(settings)
    try:
        TelegramChannel(runtime.telegram_services()).run(webhook)
    finally:
        runtime.close()


@main.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8080, show_default=True, help="Port to serve on.")
@click.pass_context
def admin(context: click.Context, host: str, port: int) -> None:
    """The web console for administrators and caseworkers (on localhost by default)."""
    if context.invoked_subcommand is not None:
        return
    import uvicorn

    from bot.admin.web import create_app

    settings = _settings()
    if settings.secret_key is None:
        raise click.ClickException("WAYPOST_SECRET_KEY is needed: the console signs its cookies")
    logs.configure(settings.telegram_token)
    # With the key: a caseworker's case card shows what the survivor agreed to share.
    with _database(settings.keyring()) as database:
        click.echo(
            f"Waypost console on http://{host}:{port}/ (sign in with an account from "
            "`waypost admin create-user`)"
        )
        uvicorn.run(
            create_app(settings, database, SystemClock(), load_for_console), host=host, port=port
        )


@admin.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--telegram-id", type=int, help="A caseworker's Telegram user id.")
@click.password_option(
    help="At least 12 characters, hard to guess, without the username (asked if not given)."
)
def admin_create_user(username: str, role: str, telegram_id: int | None, password: str) -> None:
    """Make an account for the web console."""
    with _database() as database, database.transaction() as session:
        try:
            AccountRepository(session).create(username, password, Role(role), _now(), telegram_id)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{username} can now sign in to the console as {role}.")


@admin.command("set-password")
@click.argument("username")
@click.password_option(
    help="At least 12 characters, hard to guess, without the username (asked if not given)."
)
def admin_set_password(username: str, password: str) -> None:
    """Give a console account a new password; every session of it ends."""
    with _database() as database, database.transaction() as session:
        try:
            AccountRepository(session).set_password(username, password)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{username} has a new password; every session of theirs has ended.")


@admin.command("disable")
@click.argument("username")
def admin_disable(username: str) -> None:
    """Stop a console account signing in; every session of it ends at once. A caseworker's
    Telegram user is removed as a caseworker too, and their open cases go back to the group."""
    with _database() as database, database.transaction() as session:
        try:
            disabled = disable_account(session, username, _operator(), _now())
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(disabled.summary())


@admin.command("enable")
@click.argument("username")
def admin_enable(username: str) -> None:
    """Let a disabled console account sign in again."""
    with _database() as database, database.transaction() as session:
        try:
            AccountRepository(session).enable(username)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{username} can sign in again.")


@main.group()
def flows() -> None:
    """Work with conversation content."""


@flows.command("check")
def flows_check() -> None:
    """Validate every flow and catalogue; exit 1 with file:line errors if any is broken."""
    settings = _settings()
    report = check_content(settings, load_content(settings, _today()))
    if report.readings:
        _print_plain_language(report)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if not report.publishable:
        count = len(report.errors)
        raise click.ClickException(f"{count} error(s): fix them before publishing")
    flowset = report.loaded.result.flowset
    assert flowset is not None
    terms = [entry.term[0] for entry in flowset.glossary.entries.values()]
    click.echo(f"Glossary ('What does … mean?'): {len(terms)} terms: {', '.join(sorted(terms))}")
    click.echo(  # last: scripts and the test suite read the verdict from the final line
        f"OK: {len(flowset.flows)} flows, {len(flowset.nodes)} nodes, "
        f"languages: {', '.join(report.loaded.translations.languages)}"
    )


@flows.command("diagram")
@click.argument("flow_id")
def flows_diagram(flow_id: str) -> None:
    """Print a Mermaid diagram of one flow (paste it into any Mermaid viewer)."""
    loaded = load_content(_settings(), _today())
    flowset = loaded.result.flowset
    if flowset is None or flow_id not in flowset.flows:
        known = ", ".join(sorted(flowset.flows)) if flowset else "none: run `flows check`"
        raise click.ClickException(f"no flow {flow_id!r}; flows: {known}")
    click.echo(mermaid(flowset, flow_id))


@flows.command("danger")
@click.argument("text")
def flows_danger(text: str) -> None:
    """Show which danger phrases fire on TEXT, and where each is written, to test a list."""
    loaded = load_phrases(_settings().flows_dir / "danger")
    for problem in loaded.problems:
        click.echo(str(problem), err=True)
    findings = list(loaded.detector.findings(text))
    for finding in findings:
        click.echo(finding.explain())
    verdict = loaded.detector.detect(text)
    click.echo(f"=> {verdict.tier} {verdict.category}" if verdict else "=> no danger found")


@flows.command("learn-danger")
def flows_learn_danger() -> None:
    """Train the learned danger model again from flows/danger/examples/, flows/questions/,
    flows/everyday/ and the `ask:` questions."""
    try:
        from bot.understanding.learning import digest_of, read_examples, train
    except ImportError as error:  # pragma: no cover - scikit-learn comes with ./dev
        raise click.ClickException(f"{error}: install scikit-learn (./dev installs it)") from None
    flows_dir = _settings().flows_dir
    examples = read_examples(flows_dir)
    path = flows_dir / "danger" / MODEL_FILE
    if path.exists() and LearnedModel.load(path).digest == digest_of(examples):
        click.echo(f"{path} is already trained on these {len(examples)} examples.")
        return
    model = train(examples)
    model.save(path)
    click.echo(
        f"Trained on {len(examples)} examples; {len(model.weights)} word pieces, words and "
        f"pairs; asks 'Are you safe?' above {_listed(model.thresholds)}. Wrote {path}: commit "
        "it with the examples."
    )


def _listed(thresholds: dict[str, float]) -> str:
    return ", ".join(f"{value:.2f} ({script})" for script, value in sorted(thresholds.items()))


def _print_plain_language(report: ContentReport) -> None:
    """The figures for every English message, and the hardest to read."""
    found, limits = report.readings, report.limits
    grades = sorted(reading.grade for reading in found)
    click.echo(
        f"Plain language: {len(found)} messages; reading grade median "
        f"{grades[len(grades) // 2]}, highest {grades[-1]} (limit {limits.max_grade}); "
        f"longest {max(r.words for r in found)} words (limit {limits.max_words})."
    )
    click.echo("Hardest to read:")
    for reading in sorted(found, key=lambda r: -r.grade)[:5]:
        click.echo(f"  {reading.grade:>4}  {reading.node}: {reading.text[:70]}")


@main.group()
def i18n() -> None:
    """Translations: the ordinary gettext workflow over flows and code."""


@i18n.command("extract")
@click.option("--output", type=click.Path(path_type=Path), help="Default: locales/messages.pot")
def i18n_extract(output: Path | None) -> None:
    """Collect every survivor-facing string into the translation template."""
    settings = _settings()
    target = output or settings.locales_dir / "messages.pot"
    catalog = workflow.extract(settings.flows_dir, PROJECT_ROOT / "bot")
    workflow.write_template(catalog, target)
    click.echo(f"{len(catalog)} strings written to {target}")


@i18n.command("update")
@click.argument("languages", nargs=-1)
def i18n_update(languages: tuple[str, ...]) -> None:
    """Bring catalogues up to date with the flows (all of them, or the languages named)."""
    settings = _settings()
    template = workflow.extract(settings.flows_dir, PROJECT_ROOT / "bot")
    chosen = languages or load_content(settings, _today()).translations.languages[1:]
    for language in chosen:
        click.echo(f"updated {workflow.update(template, settings.locales_dir, language)}")


@i18n.command("compile")
def i18n_compile() -> None:
    """Compile every catalogue for the bot (keeping only translations that may be shown)."""
    settings = _settings()
    for language in load_content(settings, _today()).translations.languages[1:]:
        source = catalogue_path(settings.locales_dir, language)
        count, automatic = compile_catalogue(source, language)
        note = ", some unreviewed" if automatic else ""
        click.echo(f"{language}: {count} translations{note} -> {compiled_path(source)}")


@i18n.command("status")
def i18n_status() -> None:
    """How complete each language is."""
    settings = _settings()
    template = workflow.extract(settings.flows_dir, PROJECT_ROOT / "bot")
    click.echo(
        f"{'language':<10} {'translated':>10} {'fuzzy':>6} {'unreviewed':>11} {'missing':>8} "
        f"{'plurals':>9}"
    )
    for language in load_content(settings, _today()).translations.languages[1:]:
        row = workflow.status(template, settings.locales_dir, language)
        plurals = f"{row.counted_complete}/{row.counted}"
        click.echo(
            f"{language:<10} {row.percent:>9}% {row.fuzzy:>6} {row.unreviewed:>11} "
            f"{row.missing:>8} {plurals:>9}"
        )
    click.echo(
        "plurals: counted messages with every plural form of the language (CLDR) translated.\n"
        "unreviewed: translated, not yet checked by a native speaker (survivors are told).\n"
        "missing: not translated, or same as the English, in the wrong script or with a number "
        "changed (shown in English)."
    )


@i18n.command("review-list")
@click.argument("language")
@click.option("--short", is_flag=True, help="Only where each string is, not its text.")
def i18n_review_list(language: str, short: bool) -> None:
    """What a native speaker should check first in LANGUAGE: safety-critical strings, legal
    terms, then what changed since the last review."""
    settings = _settings()
    if not catalogue_path(settings.locales_dir, language).is_file():
        known = ", ".join(load_content(settings, _today()).translations.languages[1:])
        raise click.ClickException(f"no catalogue for {language!r}; languages: {known}")
    base = term_bases(settings.locales_dir, [language]).get(language)
    try:
        sections = review_list_for(settings.locales_dir, language, base)
    except ValueError as error:  # locales/reviews.yaml is broken: file, line, what
        raise click.ClickException(str(error)) from None
    path = catalogue_path(settings.locales_dir, language)
    click.echo(
        f"Review list for {english_language_name(language)} ({language}): "
        f"{count(sections)} strings, most important first. Read each against the English; when "
        "it is right, remove its `unreviewed` flag (or press 'Checked' in the console)."
    )
    for number, section in enumerate(sections, 1):
        click.echo(f"\n{number}. {section.title}: {len(section.entries)}")
        if section.note:
            click.echo(f"   ({section.note})")
        for entry in section.entries:
            click.echo(f"{path}:{entry.line}  {entry.context or 'code'}")
            if short:
                continue
            click.echo(f"   en: {entry.source}\n   {language}: {entry.translation}")
            for term in entry.terms:
                click.echo(f"   term: {term}")


@main.group()
def caseworkers() -> None:
    """Who may claim and act on cases (by Telegram user id)."""


@caseworkers.command("add")
@click.argument("telegram_user_id", type=int)
@click.option("--name", required=True, help="How the caseworker is named to colleagues.")
def caseworkers_add(telegram_user_id: int, name: str) -> None:
    """Allow a Telegram user to claim and act on cases."""
    with _database() as database, database.transaction() as session:
        StaffRepository(session).add_caseworker(telegram_user_id, name, _now(), _operator())
    click.echo(f"{name} ({telegram_user_id}) can now act on cases.")


@caseworkers.command("list")
def caseworkers_list() -> None:
    """List caseworkers."""
    with _database() as database, database.transaction() as session:
        people = StaffRepository(session).caseworkers()
        for person in people:
            click.echo(
                f"{person.telegram_user_id}\t{person.name}\tadded {person.added_at:%Y-%m-%d}"
            )
    if not people:
        click.echo("No caseworkers yet: add one with `waypost caseworkers add ID --name NAME`.")


@caseworkers.command("remove")
@click.argument("telegram_user_id", type=int)
def caseworkers_remove(telegram_user_id: int) -> None:
    """Stop a Telegram user acting on cases: their open cases go back to the group."""
    with _database() as database, database.transaction() as session:
        removal = remove_caseworker(session, telegram_user_id, _operator(), _now())
    if removal is None:
        raise click.ClickException(
            f"{telegram_user_id} is not a caseworker (see `waypost caseworkers list`)."
        )
    click.echo(f"{removal.name} ({telegram_user_id}) can no longer act on cases.")
    if removal.released:
        numbers = ", ".join(f"#{n}" for n in removal.released)
        click.echo(f"Back to waiting, and the caseworker group alerted again: {numbers}.")


@caseworkers.command("history")
def caseworkers_history() -> None:
    """Who added and removed caseworkers, and when (newest first)."""
    with _database() as database, database.transaction() as session:
        for event in StaffRepository(session).history():
            click.echo(
                f"{event.at:%Y-%m-%d %H:%M}\t{event.action}\t{event.telegram_user_id}\t"
                f"by {event.actor}"
            )


def _operator() -> str:
    """Who runs a command, for the audit logs: their login name on this machine."""
    try:
        return f"operator:{getpass.getuser()}"
    except OSError:  # no name for this user id (some containers)
        return "operator"


@main.group()
def cases() -> None:
    """Requests for a person."""


@cases.command("list")
def cases_list() -> None:
    """Open cases with their age, alerts still waiting to be delivered, and operator alerts."""
    now = _now()
    with _database() as database, database.transaction() as session:
        repository = CaseRepository(session)
        active = repository.active()
        for case in active:
            status = f"claimed by {case.claimed_by}" if case.claimed_by else "open"
            click.echo(f"{short_card(case, now)} · {status}")
        if not active:
            click.echo("No open cases.")
        waiting = repository.outbox.pending()
        if waiting:
            click.echo(f"\n{len(waiting)} alert(s) not yet delivered:")
            for row in waiting:
                click.echo(
                    f"  case #{row.case_id}: {row.attempts} attempt(s); {row.last_error or ''}"
                )
        alerts = StaffRepository(session).operator_alerts()
        if alerts:
            click.echo("\nOperator alerts (newest first):")
            for alert in alerts:
                click.echo(f"  {alert.at:%Y-%m-%d %H:%M} UTC  {alert.message}")


@main.group()
def db() -> None:
    """Work with the database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (start-up does this too)."""
    with _database():
        click.echo("The database is up to date.")


@main.group()
def keys() -> None:
    """The key that encrypts survivors' words (WAYPOST_SECRET_KEY)."""


@keys.command("new")
def keys_new() -> None:
    """Print a new key. Keep a copy somewhere safe: without it the data cannot be read."""
    click.echo(Keyring.new_key())


@keys.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt everything with the first key in WAYPOST_SECRET_KEY ("new,old")."""
    settings = _settings()
    try:
        keyring = settings.keyring()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    database = Database(settings.database_url, keyring)
    try:
        database.migrate()
        with database.transaction() as session:
            count = SurvivorRepository(session).reseal_all()
            count += ReminderRepository(session).reseal_all()
            count += CaseNotes(session).reseal_all()
    except SealingError as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.close()
    click.echo(
        f"Re-encrypted {count} survivor, reminder and case note record(s) with the first key. "
        "Once this is done everywhere, the old key can be removed from WAYPOST_SECRET_KEY."
    )


@contextmanager
def _database(keyring: Keyring | None = None) -> Iterator[Database]:
    database = Database(_settings().database_url, keyring)
    try:
        database.migrate()
        yield database
    finally:
        database.close()


@main.group()
def demo() -> None:
    """Made-up data to see what Waypost's pages look like before real use."""


DEMO_INSIGHTS_DATABASE = "waypost-insights-demo.sqlite3"


@demo.command("insights")
@click.option("--days", default=90, show_default=True, help="Days of activity, up to today.")
@click.option("--per-day", default=6.0, show_default=True, help="New survivors a day, about.")
@click.option(
    "--database",
    "path",
    default=DEMO_INSIGHTS_DATABASE,
    show_default=True,
    help="A new SQLite file for the made-up data (never the bot's own database).",
)
def demo_insights(days: int, per_day: float, path: str) -> None:
    """Fill a new database with months of made-up survivors, through the real conversation, so
    the console's Insights page has something to show."""
    from bot.clock import ManualClock
    from bot.insights.demo import Simulation

    if Path(path).exists():
        raise click.ClickException(f"{path} exists: give a new file with --database.")
    url = f"sqlite:///{Path(path).resolve()}"
    settings = replace(_settings(), database_url=url, secret_key=_demo_key())
    first_day = (_now() - timedelta(days=days)).astimezone(LONDON).date()
    clock = ManualClock(datetime.combine(first_day, time(), LONDON))
    try:
        runtime = build_runtime(settings, clock=clock)
    except ContentError as error:
        raise click.ClickException(str(error)) from None
    try:
        languages = runtime.engine.content.translations.languages
        simulation = Simulation(
            runtime.conversation,
            runtime.database,
            clock,
            settings.flows_dir,
            settings.office_hours,
            languages,
        )
        survivors = simulation.run(days, per_day)
    finally:
        runtime.close()
    shown = f"WAYPOST_DATABASE_URL={url} WAYPOST_SECRET_KEY=$(cat {DEMO_KEY_FILE})"
    click.echo(f"{survivors} made-up survivors over {days} days in {path}. To see them:")
    click.echo(f"  {shown} waypost admin create-user demo --role administrator")
    click.echo(f"  {shown} waypost admin   # then open Insights")


def _demo_key() -> str:
    """The demo chat keeps its own key beside its database, and says so."""
    path = Path(DEMO_KEY_FILE)
    if not path.exists():
        path.write_text(Keyring.new_key())
        path.chmod(0o600)
    click.echo(
        f"(demo: no WAYPOST_SECRET_KEY, so survivors' words are encrypted with a key kept in "
        f"{path.resolve()})",
        err=True,
    )
    return path.read_text().strip()


def _now() -> datetime:
    return datetime.now(UTC)


def _runtime(settings: Settings) -> Runtime:
    try:
        return build_runtime(settings)
    except ContentError as error:
        raise click.ClickException(str(error)) from None


def _today() -> date:
    return _now().date()
