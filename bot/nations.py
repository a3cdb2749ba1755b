"""The UK's three jurisdictions: where a survivor is, as Waypost keeps it.

Laws, deadlines, bank holidays and local support differ between them, so many parts name them;
this is the one list, low enough for every layer. Kept as plain strings (the database and flow
files hold them as such), with a type that lets only these three through.
"""

from __future__ import annotations

from typing import Literal, get_args

Nation = Literal["england_wales", "scotland", "northern_ireland"]
NATIONS: tuple[Nation, ...] = get_args(Nation)
