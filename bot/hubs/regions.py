"""The UK's nations and English regions, as the directory and the region buttons name them.

A fixed list, so each name can be translated like any other survivor-facing text, and so a
search knows which region a place is in (Wales, Scotland and Northern Ireland from the
gazetteer; England's regions only when the survivor chooses one).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.texts import N_


@dataclass(frozen=True)
class Region:
    key: str
    """Short and stable, for buttons and the directory file."""
    name: str
    """English source text, translated when shown."""
    nation: str


REGIONS = (
    Region("london", N_("London"), "england_wales"),
    Region("south_east", N_("South East England"), "england_wales"),
    Region("south_west", N_("South West England"), "england_wales"),
    Region("east_of_england", N_("East of England"), "england_wales"),
    Region("east_midlands", N_("East Midlands"), "england_wales"),
    Region("west_midlands", N_("West Midlands"), "england_wales"),
    Region("yorkshire", N_("Yorkshire and the Humber"), "england_wales"),
    Region("north_east", N_("North East England"), "england_wales"),
    Region("north_west", N_("North West England"), "england_wales"),
    Region("wales", N_("Wales"), "england_wales"),
    Region("scotland", N_("Scotland"), "scotland"),
    Region("northern_ireland", N_("Northern Ireland"), "northern_ireland"),
)
BY_KEY = {region.key: region for region in REGIONS}
COUNTRY_REGION = {"wales": "wales", "scotland": "scotland", "northern_ireland": "northern_ireland"}
"""The region a whole country is: England has several, so an English place has none."""
