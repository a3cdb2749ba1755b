"""Flow actions and the region picker for finding support hubs.

Where a survivor is stays private: a shared location or a typed town is used for this one
search and never kept (not in their state, not in the database, not in a log). The chosen
region is dropped as soon as it is searched, and the kind of help once the results are shown.
"""

from __future__ import annotations

from typing import Literal

from bot.engine.actions import ActionContext, ActionRegistry
from bot.engine.pickers import Option, PickView
from bot.hubs import search, wording
from bot.hubs.directory import Directory
from bot.hubs.gazetteer import Abroad, Area, Place, find_place, nearest_uk_place
from bot.hubs.geo import is_point
from bot.hubs.regions import COUNTRY_REGION, Region
from bot.hubs.search import Results, Seeker
from bot.i18n.translator import Translate, Translations, formatting_locale
from bot.texts import N_

SERVICE_ANSWER = "hubs_service"
REGION_ANSWER = "hubs_region"
"""Where the `hub_region` picker saves the choice (its `save_as` in flows/hubs.yaml)."""
REGION_NODE = "hubs_region"
TOWN_NODE = "hubs_town"
ServiceChoice = Literal["any", "legal", "mental_health", "housing", "women_only", "interpreters"]

NEAREST_FIRST = N_("These places can help. The nearest is first.")
NEAR_TOWN = N_("These places can help near {town}. The nearest is first.")
IN_REGION = N_("These places can help in {region}.")
NONE_FOR_SERVICE = N_(
    "I do not know a place near here for the help you asked for. These places may know where to go."
)
NOTHING_NEAR = N_("I do not know a place near you. A helpline can help you find one.")
NOTHING_NEAR_TOWN = N_("I do not know a place near {town}. A helpline can help you find one.")
NOTHING_IN_REGION = N_("I do not know a place in {region} for this. A helpline can help you.")
FURTHER_AWAY = N_("These places are further away. They are more than 50 miles away:")
CHILD_FIRST = N_("You are under 18, so places for children come first.")
SAFE_HOUSES = N_("You cannot just walk in to a safe house. You get a place through the NRM.")
OUTSIDE_UK = N_("That place looks like it is outside the UK. I only know places in the UK.")
ABROAD = N_("I think {town} is not in the UK. I only know places in the UK.")
AREA = N_("{area} is a big area. Please type the name of a town or city.")
UNKNOWN_PLACE = N_("Sorry, I could not find that place. Please choose a region.")
REGION_GONE = N_("That region is not here any more. Please choose again.")
NOTHING_GIVEN = N_("Please share your location, or type the name of your town.")


def register_hub_actions(
    registry: ActionRegistry, translations: Translations, directory: Directory
) -> None:
    finder = _Finder(directory, translations)
    registry.leads_to(REGION_NODE, TOWN_NODE)
    registry.add_picker("hub_region", RegionPicker(directory))

    @registry.register("set_hub_service", ServiceChoice, before_consent=True)
    def set_service(context: ActionContext, service: str) -> None:
        """The kind of help to look for; `any` for every kind."""
        if service == "any":
            context.state.answers.pop(SERVICE_ANSWER, None)
        else:
            context.state.answers[SERVICE_ANSWER] = service

    @registry.register("find_hubs", Literal["place", "region", "typed_place"], before_consent=True)
    def find_hubs(context: ActionContext, how: str) -> None:
        """Show hubs near the shared location or typed town (`place`), or in the region
        chosen with the `hub_region` picker (`region`); `typed_place`, for text typed at any
        step of the search, declines what names no place, so it is read as usual."""
        if how == "region":
            finder.in_region(context)
        elif how == "typed_place":
            typed = context.typed or ""
            translate = finder.translate(context)
            if search.region_named(directory, typed, translate) is None and not find_place(typed):
                context.decline()
            else:
                finder.near_town(context, typed)
        elif context.location is not None:
            finder.near_location(context, context.location)
        elif context.typed is not None:
            finder.near_town(context, context.typed)
        else:
            context.say(NOTHING_GIVEN)
            context.redirect = TOWN_NODE


class RegionPicker:
    """Regions that have hubs: the survivor's own nation's first."""

    columns = 1
    typing_hint = N_("Please choose a region, or type its name.")

    def __init__(self, directory: Directory) -> None:
        self.directory = directory

    def options(self, view: PickView) -> list[Option]:
        regions = sorted(self.directory.regions, key=lambda r: r.nation != view.state.nation)
        return [Option(view.translate(region.name), region.key) for region in regions]

    def accepts(self, value: str, view: PickView) -> bool:
        return self.directory.region(value) is not None

    def read(self, typed: str, view: PickView) -> str | None:
        region = search.region_named(self.directory, typed, view.translate)
        return region.key if region else None


class _Finder:
    """One search, answered: the results in the survivor's language, or a kind way on."""

    def __init__(self, directory: Directory, translations: Translations) -> None:
        self.directory = directory
        self.translations = translations

    def translate(self, context: ActionContext) -> Translate:
        return self.translations.translator(context.state.language or "en")

    def in_region(self, context: ActionContext) -> None:
        region = self.directory.region(context.state.answers.pop(REGION_ANSWER, ""))
        if region is None:
            context.say(REGION_GONE)
            context.redirect = REGION_NODE
            return
        self.region_results(context, region)

    def region_results(self, context: ActionContext, region: Region) -> None:
        results = search.in_region(self.directory, region, _seeker(context))
        intro = IN_REGION if results.near or results.across else NOTHING_IN_REGION
        self.tell(context, results, intro, region=self.translate(context)(region.name))

    def near_location(self, context: ActionContext, location: tuple[float, float]) -> None:
        place = nearest_uk_place(location) if is_point(*location) else None
        if place is None:
            nowhere = search.nothing_near(self.directory, context.state.nation, _seeker(context))
            self.tell(context, nowhere, OUTSIDE_UK)
            return
        region = COUNTRY_REGION.get(place.country)
        results = search.nearest(self.directory, location, place.nation, region, _seeker(context))
        self.tell(context, results, NOTHING_NEAR if results.nothing_near else NEAREST_FIRST)

    def near_town(self, context: ActionContext, typed: str) -> None:
        seeker = _seeker(context)
        region = search.region_named(self.directory, typed, self.translate(context))
        if region is not None:  # "Scotland", "London": a region with hubs
            self.region_results(context, region)
            return
        found = find_place(typed)
        if isinstance(found, Place):
            region_key = COUNTRY_REGION.get(found.country)
            results = search.nearest(self.directory, found.point, found.nation, region_key, seeker)
            intro = NOTHING_NEAR_TOWN if results.nothing_near else NEAR_TOWN
            self.tell(context, results, intro, town=found.name)
        elif isinstance(found, Area):
            context.say(AREA, area=found.name)
            context.redirect = TOWN_NODE
        elif isinstance(found, Abroad):
            nowhere = search.nothing_near(self.directory, context.state.nation, seeker)
            self.tell(context, nowhere, ABROAD, town=found.name)
        else:
            context.say(UNKNOWN_PLACE)
            context.redirect = REGION_NODE

    def tell(self, context: ActionContext, results: Results, intro: str, **values: str) -> None:
        """The results, one hub a message, and the helplines: after the hubs when one is near,
        first when none is. The search is over, so the kind of help asked for is forgotten."""
        language = context.state.language or "en"
        translate = self.translations.translator(language)
        locale = formatting_locale(language)
        seeker = _seeker(context)
        context.state.answers.pop(SERVICE_ANSWER, None)
        shown = results.near + results.across + results.further
        if shown and not results.offers_service and seeker.service is not None:
            # Said first: the places below help in other ways, and must not read as an answer.
            context.say(NONE_FOR_SERVICE)
        context.say(intro, **values)
        if seeker.service == "housing":
            context.say(SAFE_HOUSES)
        if seeker.child and any(found.hub.ages == "children" for found in shown):
            context.say(CHILD_FIRST)
        helplines = wording.helplines(results.helplines, translate, locale)
        if results.nothing_near:
            context.say_verbatim(helplines)
        # Children's services first for a child, wherever they work from.
        for found in sorted(results.near + results.across, key=lambda f: seeker.order(f.hub)):
            context.say_verbatim(wording.hub(found, translate, locale))
        if results.further:
            context.say(FURTHER_AWAY)
            for found in results.further:
                context.say_verbatim(wording.hub(found, translate, locale))
        if not results.nothing_near:
            context.say_verbatim(helplines)


def _seeker(context: ActionContext) -> Seeker:
    return Seeker(context.state.answers.get(SERVICE_ANSWER), context.state.age_group)
