"""The one list of nations: every mapping keyed by nation names each of them, and only them."""

import pytest

from bot.engine import my_data
from bot.escalation import cards
from bot.hubs import wording
from bot.insights import demo, report
from bot.nations import NATIONS
from bot.working_days import BANK_HOLIDAY_REGIONS


@pytest.mark.parametrize(
    "mapping",
    [
        my_data.NATIONS,
        cards.NATIONS,
        wording.NATIONS,
        report.NATIONS,
        demo.NATIONS,
        BANK_HOLIDAY_REGIONS,
    ],
    ids=["my data", "cards", "hubs wording", "insights", "insights demo", "bank holidays"],
)
def test_every_nation_is_named(mapping):
    assert sorted(mapping) == sorted(NATIONS)
