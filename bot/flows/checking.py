"""Everything `waypost flows check` checks, as one function: the web console validates every
save and every publish with exactly the same rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.config import Settings
from bot.flows import plain_language
from bot.flows.loader import LoadResult
from bot.flows.problems import Problem
from bot.flows.translations.checks import check_catalogue
from bot.flows.translations.terms import check_term_bases
from bot.i18n.catalogues import catalogue_path
from bot.i18n.translator import Translations

CHECKS_FILE = ("checks", "plain_language.yaml")


class LoadedFlows(Protocol):
    """What the checks read of the loaded content; the app loads it (`bot.app.load_content`),
    with the actions of every feature, so checking needs none of them."""

    @property
    def result(self) -> LoadResult: ...

    @property
    def translations(self) -> Translations: ...


@dataclass(frozen=True)
class ContentReport:
    loaded: LoadedFlows
    problems: list[Problem]
    readings: list[plain_language.Reading]
    limits: plain_language.Limits
    hard_terms: tuple[str, ...]
    """Left out of the reading grade (see `plain_language.hard_terms`)."""

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def publishable(self) -> bool:
        return not self.errors and self.loaded.result.flowset is not None


def check_content(settings: Settings, loaded: LoadedFlows) -> ContentReport:
    problems = list(loaded.result.problems)
    for language in loaded.translations.languages[1:]:
        catalogue = catalogue_path(settings.locales_dir, language)
        problems.extend(check_catalogue(catalogue, language))
    problems.extend(check_term_bases(settings.locales_dir, loaded.translations.languages[1:]))
    limits, limit_problems = plain_language.load_limits(settings.flows_dir.joinpath(*CHECKS_FILE))
    problems.extend(limit_problems)
    flowset = loaded.result.flowset
    terms = plain_language.hard_terms(limits, flowset)
    readings: list[plain_language.Reading] = []
    if flowset is not None:
        readings = list(plain_language.readings(flowset, terms))
        problems.extend(plain_language.problems(readings, limits))
    return ContentReport(loaded, problems, readings, limits, terms)
