"""Made-up activity through the real code paths: what the counters say must agree with what
happened, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.engine import tallies
from bot.insights.demo import Simulation
from bot.insights.report import Report
from bot.storage.models import Case


def test_a_simulated_fortnight_is_counted_as_it_happened(runtime, clock):
    start = clock.now()
    settings = runtime.settings
    languages = runtime.engine.content.translations.languages
    simulation = Simulation(
        runtime.conversation,
        runtime.database,
        clock,
        settings.flows_dir,
        settings.office_hours,
        languages,
    )
    survivors = simulation.run(days=10, per_day=4)
    assert survivors > 20
    with runtime.database.transaction() as session:
        report = Report.read(session, start.date(), clock.now().date())
        cases = session.scalar(select(func.count()).select_from(Case))
        resolved = session.scalar(
            select(func.count()).select_from(Case).where(Case.status == "resolved")
        )
    typed = sum(report.figures.total(metric) for metric in tallies.TYPED)
    assert typed > 0
    assert cases > 0 and resolved > 0
    figures = report.figures
    assert figures.total(tallies.CONVERSATION_STARTED) == survivors
    given, declined = figures.total(tallies.CONSENT_GIVEN), figures.total(tallies.CONSENT_DECLINED)
    assert given + declined == survivors
    assert figures.total(tallies.PERSON_REQUESTED) == cases
    assert figures.total(tallies.CLAIM_WAIT) == cases  # each claimed once
    assert figures.total(tallies.CASE_RESOLVED) == resolved
    assert clock.now() - start >= timedelta(days=9)  # from 10:00 on the first of ten days
