"""Which hubs to show: nearest first from a point, or those in a region; helplines always."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.hubs.directory import Directory, Helpline, Hub, Region
from bot.hubs.gazetteer import normalise
from bot.hubs.geo import Point, miles_between

NEARBY = 3
"""Hubs with an address shown for one search: a few, so each can be read on a phone."""
MOST = 5
"""With the organisations that work across the survivor's nation."""
FAR_MILES = 50.0
"""Nearer hubs than this would be a day's journey: the helplines may know closer help."""
REGION_SCORE = 85


@dataclass(frozen=True)
class Found:
    hub: Hub
    miles: float | None
    """From the survivor's point; None in a region search, or for nation-wide organisations."""


@dataclass(frozen=True)
class Results:
    found: tuple[Found, ...]
    helplines: tuple[Helpline, ...]
    offers_service: bool
    """False when no hub offers the help asked for, so others are shown instead."""
    far: bool
    """The nearest hub is a long way off."""


def nearest(directory: Directory, point: Point, nation: str | None, service: str | None) -> Results:
    """Hubs by distance from `point`, then those working across `nation`."""
    distances = sorted(
        ((miles_between(point, hub.point), hub) for hub in directory.hubs if hub.point),
        key=lambda pair: pair[0],
    )
    matching = [(miles, hub) for miles, hub in distances if hub.offers(service)] or distances
    found = [Found(hub, miles) for miles, hub in matching[:NEARBY]]
    far = not matching or matching[0][0] > FAR_MILES
    return _results(directory, found, nation, service, far)


def in_region(directory: Directory, region: Region, service: str | None) -> Results:
    """Hubs in a region (by city), then those working across its nation."""
    inside = [hub for hub in directory.hubs if hub.region == region.name and hub.point]
    matching = [hub for hub in inside if hub.offers(service)] or inside
    ordered = sorted(matching, key=lambda hub: (hub.city or "", hub.name))
    found = [Found(hub, None) for hub in ordered][:NEARBY]
    return _results(directory, found, region.nation, service, far=False)


def nothing_near(directory: Directory, nation: str | None) -> Results:
    """No hub to show (the survivor is abroad, or the place is not known): helplines only."""
    return Results((), directory.helplines_for(nation), offers_service=True, far=False)


def region_named(directory: Directory, typed: str) -> Region | None:
    """The region a survivor typed, forgiving small misspellings ("Scottland")."""
    names = {normalise(region.name): region for region in directory.regions}
    match = process.extractOne(
        normalise(typed), list(names), scorer=fuzz.ratio, score_cutoff=REGION_SCORE
    )
    return names[match[0]] if match else None


def _results(
    directory: Directory,
    found: list[Found],
    nation: str | None,
    service: str | None,
    far: bool,
) -> Results:
    across = [
        Found(hub, None)
        for hub in directory.hubs
        if hub.point is None and hub.nation == nation and hub.offers(service)
    ]
    shown = (found + across)[:MOST]
    offers = service is None or any(found.hub.offers(service) for found in shown)
    return Results(tuple(shown), directory.helplines_for(nation), offers, far)
