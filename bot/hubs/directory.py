"""The hubs directory file: read, checked, and turned into plain records.

An operator can replace the bundled file with their own (`WAYPOST_HUBS_FILE`); every problem is
reported with the file, the line and what to do, as for flows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import ErrorDetails

from bot.flows.checked_yaml import read_checked
from bot.flows.problems import Problem
from bot.flows.yaml_source import Location
from bot.hubs.regions import BY_KEY, REGIONS, Region
from bot.nations import NATIONS, Nation

Service = Literal[
    "legal",
    "mental_health",
    "housing",
    "women_only",
    "interpreters",
    "support",
    "domestic_abuse",
    "someone_to_talk_to",
]
Ages = Literal["all", "adults", "children"]
REVIEW_EVERY = timedelta(days=365)


def _quoted(value: Any) -> Any:
    if isinstance(value, int | float):
        raise ValueError(f'write the number in quotes, like "{value}", so it keeps its spaces')
    return value


def _phone_number(value: str) -> str:
    if not re.fullmatch(r"\+?[0-9][0-9 ]{1,19}", value):
        raise ValueError(f'{value!r}: write digits and spaces only, like "0141 276 7724"')
    return value


def _web_address(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"give a web address starting with https://, not {value!r}")
    return value


def _uk_latitude(value: float) -> float:
    if not 49.8 <= value <= 60.9:
        raise ValueError(
            f"{value} is not in the UK: give the city centre's latitude, between 49.8 and 60.9"
        )
    return value


def _uk_longitude(value: float) -> float:
    if not -8.7 <= value <= 1.8:
        raise ValueError(
            f"{value} is not in the UK: give the city centre's longitude, between -8.7 and 1.8 "
            "(west is negative)"
        )
    return value


def _language_code(value: str) -> str:
    if value != "many":
        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError):
            raise ValueError(
                f"{value!r} is not a language code: use codes like sq, ar, vi, or `many`"
            ) from None
    return value


def _region_key(value: str) -> str:
    if value not in BY_KEY:
        raise ValueError(f"{value!r} is not a region: use one of {', '.join(BY_KEY)}")
    return value


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Phone = Annotated[str, BeforeValidator(_quoted), AfterValidator(_phone_number)]
WebAddress = Annotated[str, AfterValidator(_web_address)]
Sources = Annotated[tuple[WebAddress, ...], BeforeValidator(_as_list), Field(min_length=1)]
Language = Annotated[str, AfterValidator(_language_code)]
RegionKey = Annotated[str, AfterValidator(_region_key)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Organisation(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    name: str = Field(min_length=1, max_length=100)
    nation: Nation
    region: RegionKey | None = None
    city: str | None = Field(default=None, min_length=1, max_length=60)
    area: str | None = Field(default=None, min_length=1, max_length=60)
    lat: Annotated[float, AfterValidator(_uk_latitude)] | None = None
    lon: Annotated[float, AfterValidator(_uk_longitude)] | None = None
    services: tuple[Service, ...] = Field(min_length=1)
    ages: Ages = "all"
    languages: tuple[Language, ...] = ()
    phone: Phone | None = None
    out_of_hours_phone: Phone | None = None
    hours: str | None = Field(default=None, min_length=1, max_length=60)
    website: WebAddress | None = None
    source: Sources
    reviewed: date | None = None

    @model_validator(mode="after")
    def _reachable_and_placed(self) -> _Organisation:
        if self.phone is None and self.website is None:
            raise ValueError("give a `phone` or a `website`, so survivors can reach them")
        if self.city is not None and self.area is not None:
            raise ValueError(
                "give `city` (a town) or `area` (a county or district it covers), not both"
            )
        named = self.city is not None or self.area is not None
        placed = [named, self.lat is not None, self.lon is not None]
        if any(placed) and not all(placed):
            raise ValueError(
                "give `city` (or `area`), `lat` and `lon` together (the centre is enough), or "
                "none of them for an organisation that works across its whole region or nation"
            )
        if all(placed) and self.region is None:
            raise ValueError("give the `region` it is in, for the region buttons")
        if self.region is not None and BY_KEY[self.region].nation != self.nation:
            raise ValueError(
                f"the region {self.region!r} is not in {self.nation}: check `region` and `nation`"
            )
        return self


class _Helpline(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    name: str = Field(min_length=1, max_length=100)
    nations: tuple[Nation, ...] = Field(default=NATIONS, min_length=1)
    services: tuple[Service, ...] = ()
    languages: tuple[Language, ...] = ()
    ages: Ages = "all"
    phone: Phone
    hours: str | None = Field(default=None, min_length=1, max_length=60)
    website: WebAddress | None = None
    source: Sources
    reviewed: date | None = None


class _File(_Strict):
    reviewed: date
    organisations: tuple[_Organisation, ...] = ()
    helplines: tuple[_Helpline, ...] = ()


@dataclass(frozen=True)
class Hub:
    """An organisation survivors can go to: in a town, across an area (a county), or across
    its whole region or nation."""

    id: str
    name: str
    nation: str
    region: str | None
    """A key of `regions.REGIONS`."""
    city: str | None
    area: str | None
    point: tuple[float, float] | None
    services: tuple[str, ...]
    ages: str
    languages: tuple[str, ...]
    phone: str | None
    out_of_hours_phone: str | None
    hours: str | None
    website: str | None

    def offers(self, service: str | None) -> bool:
        return service is None or service in self.services


@dataclass(frozen=True)
class Helpline:
    id: str
    name: str
    nations: tuple[str, ...]
    services: tuple[str, ...]
    ages: str
    languages: tuple[str, ...]
    phone: str
    hours: str | None
    website: str | None


@dataclass(frozen=True)
class Directory:
    hubs: tuple[Hub, ...]
    helplines: tuple[Helpline, ...]

    @property
    def regions(self) -> tuple[Region, ...]:
        """Regions that have at least one hub, in the order of `regions.REGIONS`."""
        used = {hub.region for hub in self.hubs}
        return tuple(region for region in REGIONS if region.key in used)

    def region(self, key: str) -> Region | None:
        return next((region for region in self.regions if region.key == key), None)

    def helplines_for(self, nation: str | None) -> tuple[Helpline, ...]:
        """UK-wide helplines always; a nation's own ones when the nation is known."""
        return tuple(
            line
            for line in self.helplines
            if set(line.nations) == set(NATIONS) or (nation is not None and nation in line.nations)
        )


EMPTY = Directory((), ())


@dataclass(frozen=True)
class LoadedDirectory:
    directory: Directory
    """Empty when the file has errors: nothing half-checked is served."""
    problems: list[Problem]


def load_directory(path: Path, today: date | None = None) -> LoadedDirectory:
    """Read and check the directory; problems point at the file and line, never raise."""
    if not path.is_file():
        message = (
            "the support hubs directory is missing: restore it, or set WAYPOST_HUBS_FILE "
            "to your own file (the format is described at the top of flows/hubs/directory.yaml)"
        )
        return LoadedDirectory(EMPTY, [Problem(path, 1, message)])
    problems: list[Problem] = []
    checked = read_checked(path, _File, problems, describe=_describe)
    if checked is None:
        return LoadedDirectory(EMPTY, problems)
    parsed, document = checked
    problems.extend(_duplicates(path, parsed, document.line_of))
    if today is not None:
        problems.extend(_stale(path, parsed, document.line_of, today))
    if any(problem.severity == "error" for problem in problems):
        return LoadedDirectory(EMPTY, problems)
    return LoadedDirectory(Directory(_hubs(parsed), _helplines(parsed)), problems)


def _describe(item: ErrorDetails) -> str:
    location: Location = tuple(item["loc"])
    where = ".".join(str(part) for part in location if not isinstance(part, int))
    message = str(item["msg"]).removeprefix("Value error, ")
    if item["type"] == "missing":
        message = "this is missing: every entry needs it (see the top of the file)"
    return f"{where}: {message}" if where else message


def _duplicates(path: Path, parsed: _File, line_of: Any) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    entries = [("organisations", i, e.id) for i, e in enumerate(parsed.organisations)]
    entries += [("helplines", i, e.id) for i, e in enumerate(parsed.helplines)]
    for section, index, entry_id in entries:
        if entry_id in seen:
            line = line_of((section, index, "id"))
            problems.append(Problem(path, line, f"the id '{entry_id}' is used twice: rename one"))
        seen.add(entry_id)
    return problems


def _stale(path: Path, parsed: _File, line_of: Any, today: date) -> list[Problem]:
    """Warnings for entries last checked over a year ago: an entry's own `reviewed`, or the
    file's for entries without one. Served still: an old detail beats no help at all."""
    problems: list[Problem] = []
    if today - parsed.reviewed > REVIEW_EVERY:
        problems.append(
            Problem(
                path,
                line_of(("reviewed",)),
                f"last reviewed {parsed.reviewed.isoformat()}, over 12 months ago: check every "
                "entry without its own `reviewed` against its source and update `reviewed`",
                severity="warning",
            )
        )
    entries = [("organisations", i, e) for i, e in enumerate(parsed.organisations)]
    entries += [("helplines", i, e) for i, e in enumerate(parsed.helplines)]
    for section, index, entry in entries:
        if entry.reviewed is not None and today - entry.reviewed > REVIEW_EVERY:
            problems.append(
                Problem(
                    path,
                    line_of((section, index, "reviewed")),
                    f"'{entry.id}' was last reviewed {entry.reviewed.isoformat()}, over 12 "
                    "months ago: check it against its source and update its `reviewed`",
                    severity="warning",
                )
            )
    return problems


def _hubs(parsed: _File) -> tuple[Hub, ...]:
    return tuple(
        Hub(
            id=entry.id,
            name=entry.name,
            nation=entry.nation,
            region=entry.region,
            city=entry.city,
            area=entry.area,
            point=None if entry.lat is None or entry.lon is None else (entry.lat, entry.lon),
            services=entry.services,
            ages=entry.ages,
            languages=entry.languages,
            phone=entry.phone,
            out_of_hours_phone=entry.out_of_hours_phone,
            hours=entry.hours,
            website=entry.website,
        )
        for entry in parsed.organisations
    )


def _helplines(parsed: _File) -> tuple[Helpline, ...]:
    return tuple(
        Helpline(
            id=entry.id,
            name=entry.name,
            nations=entry.nations,
            services=entry.services,
            ages=entry.ages,
            languages=entry.languages,
            phone=entry.phone,
            hours=entry.hours,
            website=entry.website,
        )
        for entry in parsed.helplines
    )
