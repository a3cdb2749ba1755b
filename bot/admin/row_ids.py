"""Row ids in the console's addresses: `/cases/{case_id:row_id}`.

A number too big for the database's integer (`/cases/99999999999999999999`) would reach a
query and fail there; this convertor matches at most nine digits, so such an address is simply
not found, before any page code runs.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

from bot.storage.models import LARGEST_ID

assert LARGEST_ID >= 10**9 - 1, "nine digits must fit the database's integer"


class RowId(Convertor[int]):
    regex = "[0-9]{1,9}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


def register_row_ids() -> None:
    """Called by the app before its routes are made (Starlette keeps convertors globally)."""
    register_url_convertor("row_id", RowId())
