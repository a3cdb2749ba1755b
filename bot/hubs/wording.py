"""How hubs read, in the survivor's language: one short message each, then the helplines.

Names, phone numbers and web addresses are shown as the directory gives them; everything else
(the kinds of help, "away", distances in miles, lists) is translated and formatted for the
survivor's locale with Babel.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.units import format_unit

from bot.hubs.directory import Helpline
from bot.hubs.regions import BY_KEY
from bot.hubs.search import Found
from bot.i18n.translator import Translate, render
from bot.nations import Nation
from bot.texts import N_

SERVICES = {
    "legal": N_("legal advice"),
    "mental_health": N_("mental health"),
    # Safe houses are allocated through the NRM (Victim Care Contract), never by walking in.
    "housing": N_("safe houses for people in the NRM"),
    "women_only": N_("women only"),
    "interpreters": N_("interpreters"),
    "support": N_("a support worker"),
    "domestic_abuse": N_("domestic abuse"),
    "someone_to_talk_to": N_("someone to talk to"),
}
NATIONS: dict[Nation, str] = {
    "england_wales": N_("England and Wales"),
    "scotland": N_("Scotland"),
    "northern_ireland": N_("Northern Ireland"),
}
AWAY = N_("{city}: {distance} away")
IN_CITY = N_("In {city}")
ACROSS = N_("Works across {area}")
HELPS_WITH = N_("Helps with: {services}")
WOMEN_ONLY = N_("For women only.")
CHILDREN = N_("For children under 18.")
LANGUAGES = N_("Languages: {languages}")
PHONE = N_("Phone: {phone}")
OUT_OF_HOURS = N_("When the office is closed: {phone}")
OPEN = N_("Open: {hours}")
WEBSITE = N_("Website: {website}")
DAY_AND_NIGHT = N_("day and night, every day")
MANY_LANGUAGES = N_("many languages")
HELPLINES = N_("Helplines you can call:")
ALWAYS_OPEN = "24/7"
"""The `hours` the directory writes for "day and night, every day"; other hours are shown as
written."""
MILE = "length-mile"


def hub(found: Found, translate: Translate, locale: str) -> str:
    """One hub as one message: name, where, what help, how to reach them."""
    place = found.hub
    lines = [place.name, where(found, translate, locale)]
    if "women_only" in place.services:
        lines.append(translate(WOMEN_ONLY))
    if place.ages == "children":
        lines.append(translate(CHILDREN))
    kinds = [translate(SERVICES[s]) for s in place.services if s != "women_only"]
    if kinds:
        lines.append(render(translate, HELPS_WITH, services=joined(kinds, locale)))
    if place.languages:
        spoken = languages(place.languages, translate, locale)
        lines.append(render(translate, LANGUAGES, languages=spoken))
    if place.phone:
        lines.append(render(translate, PHONE, phone=place.phone))
    if place.out_of_hours_phone:
        lines.append(render(translate, OUT_OF_HOURS, phone=place.out_of_hours_phone))
    if place.hours:
        lines.append(render(translate, OPEN, hours=hours(place.hours, translate)))
    if place.website:
        lines.append(render(translate, WEBSITE, website=place.website))
    return "\n".join(lines)


def where(found: Found, translate: Translate, locale: str) -> str:
    """A town and how far; or the area (a county), region or nation it works across, where
    a distance to its main town would mean little."""
    place = found.hub
    if place.city and found.miles is not None:
        distance = miles(found.miles, locale)
        return render(translate, AWAY, city=place.city, distance=distance)
    if place.city:
        return render(translate, IN_CITY, city=place.city)
    if place.area:
        return render(translate, ACROSS, area=place.area)
    if place.region:
        return render(translate, ACROSS, area=translate(BY_KEY[place.region].name))
    return render(translate, ACROSS, area=translate(NATIONS[place.nation]))


def helplines(lines: Sequence[Helpline], translate: Translate, locale: str) -> str:
    """Every helpline in one message, a line each."""
    text = [translate(HELPLINES)]
    for line in lines:
        entry = f"• {line.name}"
        if line.services:
            entry += f" ({joined([translate(SERVICES[s]) for s in line.services], locale)})"
        entry += f": {line.phone}"
        if line.hours:
            entry += f", {hours(line.hours, translate)}"
        if line.languages:
            entry += f", {languages(line.languages, translate, locale)}"
        text.append(entry)
    return "\n".join(text)


def miles(distance: float, locale: str) -> str:
    """ "2.5 miles", "12 miles", in the survivor's language where CLDR names the unit."""
    value: float = round(max(distance, 0.1), 1) if distance < 10 else round(distance)
    try:
        text = format_unit(value, MILE, length="long", format="#,##0.#", locale=locale)
        if MILE in text:  # this language has no long name for miles: "12 mi"
            text = format_unit(value, MILE, length="short", format="#,##0.#", locale=locale)
    except (UnknownLocaleError, ValueError):
        text = format_unit(value, MILE, length="long", format="#,##0.#", locale="en_GB")
    return text


def hours(written: str, translate: Translate) -> str:
    return translate(DAY_AND_NIGHT) if written == ALWAYS_OPEN else written


def languages(codes: Sequence[str], translate: Translate, locale: str) -> str:
    """Language names in the survivor's own language ("albanais", not "Albanian")."""
    names = []
    for code in codes:
        if code == "many":
            names.append(translate(MANY_LANGUAGES))
            continue
        try:
            names.append(Locale.parse(code).get_display_name(locale) or code)
        except (UnknownLocaleError, ValueError):
            names.append(code)
    return joined(names, locale)


def joined(items: Sequence[str], locale: str) -> str:
    """A list as the language writes one: "a, b and c"."""
    try:
        return format_list(list(items), locale=locale)
    except (UnknownLocaleError, ValueError):
        return ", ".join(items)
