"""Distances on the Earth's surface, in miles (what UK road signs and support workers use)."""

from __future__ import annotations

import math

EARTH_RADIUS_MILES = 3958.8

Point = tuple[float, float]
"""Latitude and longitude, in degrees."""


def miles_between(a: Point, b: Point) -> float:
    """The great-circle distance (haversine): plenty for "how far is it" within the UK."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def is_point(latitude: float, longitude: float) -> bool:
    """Whether a shared location is a real place on Earth (a client may send anything)."""
    return (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )
