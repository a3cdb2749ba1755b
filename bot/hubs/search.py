"""Which hubs to show, and in what order.

Help is organised by nation (the NRM, legal aid and support differ in each), so a search only
ever shows its own nation's hubs. Within it, the survivor sees what fits them: women-only
services only when they asked for help for women only, children's services first for someone
under 18 (and adult-only services never), and "near" means near: a hub over about 50 miles
away is never shown as near, and then the helplines come first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.hubs.directory import Directory, Helpline, Hub
from bot.hubs.gazetteer import normalise
from bot.hubs.geo import Point, miles_between
from bot.hubs.regions import Region
from bot.i18n.translator import Translate

NEARBY = 3
"""Hubs with an address shown for one search: a few, so each can be read on a phone."""
FURTHER = 2
"""Hubs shown under "further away" when none is near."""
ACROSS = 3
"""Organisations working across the survivor's region or nation, shown after the rest."""
FAR_MILES = 50.0
"""Further than this (great-circle distance) is a day's journey, not "near you"."""
AREA_MILES = 25.0
"""An organisation for one area (a county) serves people in it: from further than this from
its main town, the place searched for is taken to be outside the area, and it is not shown."""
REGION_SCORE = 85
CHILD = "child"
WOMEN_ONLY = "women_only"


@dataclass(frozen=True)
class Seeker:
    """What the search knows of the survivor: the help asked for, and their age group."""

    service: str | None = None
    age_group: str | None = None

    @property
    def child(self) -> bool:
        return self.age_group == CHILD

    def may_see(self, hub: Hub | Helpline) -> bool:
        """Women-only services only for those who asked for them; children's services only
        for children, adult-only ones never for them."""
        if WOMEN_ONLY in hub.services and self.service != WOMEN_ONLY:
            return False
        if hub.ages == "children":
            return self.child
        return not (hub.ages == "adults" and self.child)

    def order(self, hub: Hub | Helpline) -> int:
        """Children's services first for a child; otherwise the directory's order stands."""
        return 0 if self.child and hub.ages == "children" else 1


@dataclass(frozen=True)
class Found:
    hub: Hub
    miles: float | None
    """From the survivor's point; None in a region search, or for organisations that work
    across a whole region or nation."""


@dataclass(frozen=True)
class Results:
    near: tuple[Found, ...]
    """Within about 50 miles, nearest first (or, in a region search, the region's hubs)."""
    further: tuple[Found, ...]
    """Only when nothing is near: the nearest ones further away."""
    across: tuple[Found, ...]
    """Working across the survivor's region or nation, wherever they are in it."""
    helplines: tuple[Helpline, ...]
    offers_service: bool
    """False when no hub offers the help asked for, so others are shown instead."""

    @property
    def nothing_near(self) -> bool:
        return not self.near


def nearest(
    directory: Directory, point: Point, nation: str, region: str | None, seeker: Seeker
) -> Results:
    """The nation's hubs by distance from `point`: those within about 50 miles as near, or,
    when none is, the nearest few as further away; then those working across the place's
    region (Wales, Scotland, Northern Ireland) or its nation."""
    measured = [
        Found(hub, miles_between(point, hub.point))
        for hub in directory.hubs
        if hub.nation == nation and hub.point
    ]
    serving = [f.hub for f in measured if not f.hub.area or (f.miles or 0) <= AREA_MILES]
    across = _across(directory, nation, region, seeker)
    chosen, offers = _for(seeker, serving, also_offering=bool(across))
    by_distance = sorted(
        (found for found in measured if found.hub in chosen),
        key=lambda found: (seeker.order(found.hub), found.miles),
    )
    near = [found for found in by_distance if found.miles is not None and found.miles <= FAR_MILES]
    further = [] if near else by_distance[:FURTHER]
    lines = _helplines(directory, nation, seeker)
    return Results(tuple(near[:NEARBY]), tuple(further), across, lines, offers)


def in_region(directory: Directory, region: Region, seeker: Seeker) -> Results:
    """Hubs in a region (by town), then those working across it or its nation."""
    inside = [hub for hub in directory.hubs if hub.region == region.key and hub.point]
    across = _across(directory, region.nation, region.key, seeker)
    chosen, offers = _for(seeker, inside, also_offering=bool(across))
    ordered = sorted(chosen, key=lambda hub: (seeker.order(hub), hub.city or hub.area or ""))
    near = tuple(Found(hub, None) for hub in ordered[:NEARBY])
    return Results(near, (), across, _helplines(directory, region.nation, seeker), offers)


def nothing_near(directory: Directory, nation: str | None, seeker: Seeker) -> Results:
    """No hub to show (the survivor is abroad, or the place is not known): helplines only."""
    return Results((), (), (), _helplines(directory, nation, seeker), offers_service=True)


def region_named(directory: Directory, typed: str, translate: Translate) -> Region | None:
    """The region a survivor typed, in English or their language, forgiving small misspellings
    ("Scottland")."""
    names: dict[str, Region] = {}
    for region in directory.regions:
        names[normalise(region.name)] = region
        names.setdefault(normalise(translate(region.name)), region)
    names.pop("", None)
    match = process.extractOne(
        normalise(typed), list(names), scorer=fuzz.ratio, score_cutoff=REGION_SCORE
    )
    return names[match[0]] if match else None


def _for(seeker: Seeker, hubs: Iterable[Hub], also_offering: bool) -> tuple[list[Hub], bool]:
    """The hubs this survivor may see that offer the help asked for, and whether any does
    (here, or across the region or nation: `also_offering`). When none does anywhere, all
    those they may see instead, so there is still somewhere to turn."""
    allowed = [hub for hub in hubs if seeker.may_see(hub)]
    offering = [hub for hub in allowed if hub.offers(seeker.service)]
    if offering or also_offering or seeker.service is None:
        return offering, True
    return allowed, False


def _across(
    directory: Directory, nation: str, region: str | None, seeker: Seeker
) -> tuple[Found, ...]:
    wide = [
        hub
        for hub in directory.hubs
        if hub.point is None
        and hub.nation == nation
        and (hub.region is None or hub.region == region)
        and seeker.may_see(hub)
        and hub.offers(seeker.service)
    ]
    # The region's own organisations before the nation's, children's first for a child.
    wide.sort(key=lambda hub: (seeker.order(hub), hub.region is None))
    return tuple(Found(hub, None) for hub in wide[:ACROSS])


def _helplines(directory: Directory, nation: str | None, seeker: Seeker) -> tuple[Helpline, ...]:
    lines = [line for line in directory.helplines_for(nation) if seeker.may_see(line)]
    return tuple(sorted(lines, key=seeker.order))
