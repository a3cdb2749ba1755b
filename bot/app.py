"""Build everything in one place: settings in, a ready conversation out.

Nothing registers itself on import: each part is added here, explicitly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from bot.admin.loading import LoadedForConsole
from bot.channels.telegram.services import TelegramServices
from bot.clock import Clock, SystemClock
from bot.config import DEMO_OPERATOR, Operator, Settings
from bot.conversation import Conversation
from bot.deadlines.actions import register_deadline_actions
from bot.deadlines.rules import RULES_FILE as DEADLINE_RULES
from bot.deadlines.rules import DeadlineRule, load_deadlines
from bot.engine.actions import ActionRegistry
from bot.engine.core_actions import register_core_actions
from bot.engine.engine import Content, Engine
from bot.engine.my_data import register_my_data_action
from bot.escalation.actions import register_escalation_actions
from bot.escalation.ready_replies import load_ready_replies
from bot.escalation.story_message import register_story_message_actions
from bot.escalation.survivor_cases import SurvivorCases
from bot.flows.loader import LoadResult, load_flows
from bot.flows.watching import ContentWatcher
from bot.hubs.actions import register_hub_actions
from bot.hubs.directory import Directory, load_directory
from bot.i18n.catalogues import load_catalogues
from bot.i18n.translator import Translations
from bot.reminders.actions import register_reminder_actions
from bot.storage.database import Database
from bot.understanding.danger import DangerDetector, load_phrases
from bot.understanding.everyday import EVERYDAY_FOLDER, EverydayWords, load_everyday
from bot.understanding.reader import Understanding
from bot.understanding.similar import Example
from bot.understanding.topics import QUESTIONS_FOLDER, load_native_questions, question_index

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    clock: Clock
    database: Database
    engine: Engine
    conversation: Conversation

    def close(self) -> None:
        self.database.close()

    def reload_content(self) -> bool:
        """Serve the content files as they are now, if they pass every check (a publish from
        the web console); otherwise keep serving what was loaded and say why in the log."""
        loaded = load_content(self.settings, self.clock.now().date())
        if loaded.result.errors:
            for problem in loaded.result.errors:
                logger.error("new content not served: %s", problem)
            return False
        self.engine.publish(served_content(loaded), loaded.actions)
        return True

    def telegram_services(self) -> TelegramServices:
        """What the Telegram channel works with; it serves content published while it runs."""
        watcher = ContentWatcher(self.database, self.reload_content)
        return TelegramServices(
            self.settings,
            self.clock,
            self.database,
            self.conversation,
            lambda: self.engine.content,
            watcher.check,
        )


NO_HUBS = Directory(hubs=(), helplines=())


def build_actions(
    translations: Translations,
    settings: Settings,
    deadlines: tuple[DeadlineRule, ...] = (),
    hubs: Directory = NO_HUBS,
) -> ActionRegistry:
    """Every action flows may name; each part of Waypost adds its own here, with the content
    files it works from (read and checked once, by `load_content`)."""
    actions = ActionRegistry()
    register_core_actions(actions, translations)
    register_my_data_action(actions)
    register_story_message_actions(actions)
    register_escalation_actions(actions, settings.office_hours)
    register_reminder_actions(
        actions, translations, settings.checkin_answer_within, settings.office_hours
    )
    register_deadline_actions(actions, translations, deadlines, settings.office_hours)
    register_hub_actions(actions, translations, hubs)
    return actions


@dataclass(frozen=True)
class LoadedContent:
    result: LoadResult
    translations: Translations
    actions: ActionRegistry
    danger: DangerDetector
    ready_replies: dict[str, str]
    native_questions: list[Example]
    everyday: EverydayWords


def load_content(settings: Settings, today: date) -> LoadedContent:
    """Read catalogues and flows and check them; problems are in `result`, nothing is raised."""
    translations = Translations(load_catalogues(settings.locales_dir))
    deadlines = load_deadlines(settings.flows_dir / DEADLINE_RULES)
    hubs = load_directory(settings.hubs_path, today)
    actions = build_actions(translations, settings, deadlines.rules, hubs.directory)
    result = load_flows(settings.flows_dir, actions, today)
    phrases = load_phrases(settings.flows_dir / "danger")
    ready = load_ready_replies(settings.flows_dir / "staff" / "ready_replies.yaml")
    questions = load_native_questions(settings.flows_dir / QUESTIONS_FOLDER, result.flowset)
    everyday = load_everyday(settings.flows_dir / EVERYDAY_FOLDER)
    result.problems.extend(
        [
            *deadlines.problems,
            *phrases.problems,
            *ready.problems,
            *hubs.problems,
            *questions.problems,
            *everyday.problems,
        ]
    )
    return LoadedContent(
        result, translations, actions, phrases.detector, ready.replies, questions.native, everyday
    )


def served_content(loaded: LoadedContent) -> Content:
    flows = loaded.result.raise_for_errors()
    questions = question_index(flows, loaded.translations, loaded.native_questions)
    reader = Understanding(loaded.danger, loaded.everyday, questions)
    return Content(flows, loaded.translations, reader, loaded.ready_replies)


def load_for_console(settings: Settings, today: date) -> LoadedForConsole:
    """`load_content` for the web console, which shows content but never imports the app."""
    loaded = load_content(settings, today)
    return LoadedForConsole(
        loaded.result, loaded.translations, loaded.actions, lambda: served_content(loaded)
    )


def build_runtime(
    settings: Settings, clock: Clock | None = None, operator: Operator | None = None
) -> Runtime:
    """Load and check content, open and migrate the database, and wire the engine to them."""
    clock = clock or SystemClock()
    loaded = load_content(settings, clock.now().date())
    operator = operator or settings.operator or DEMO_OPERATOR
    engine = Engine(
        served_content(loaded),
        loaded.actions,
        clock,
        variables={"operator_name": operator.name, "operator_contact": operator.contact},
    )
    database = Database(settings.database_url, settings.keyring())
    database.migrate()
    conversation = Conversation(database, engine, clock, cases=SurvivorCases)
    return Runtime(settings, clock, database, engine, conversation)
