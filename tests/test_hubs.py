"""Local support hubs: the directory file, search by location, region, town and postcode, who is
shown what (nation, gender, age, distance), the flow through the engine and over Telegram, and a
location that is never kept."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.app import build_runtime
from bot.cli import main
from bot.config import PROJECT_ROOT, Settings
from bot.engine.events import Location
from bot.flows.problems import ContentError
from bot.flows.yaml_source import read_yaml
from bot.hubs import search, wording
from bot.hubs.directory import Directory, load_directory
from bot.hubs.gazetteer import (
    NATION_OF_COUNTRY,
    POSTCODE_AREAS,
    Abroad,
    Area,
    Place,
    find_place,
    nearest_uk_place,
)
from bot.hubs.regions import COUNTRY_REGION
from bot.hubs.search import Seeker
from bot.storage.models import Base
from tests.chat_driver import ChatDriver

BUNDLED = PROJECT_ROOT / "flows" / "hubs" / "directory.yaml"
GLASGOW_CENTRE = (55.8609, -4.2514)
DUBLIN = (53.3498, -6.2603)
HELPLINE = "Modern Slavery and Exploitation Helpline: 08000 121 700"
SURVIVOR = 6262


@pytest.fixture(scope="module")
def directory() -> Directory:
    loaded = load_directory(BUNDLED)
    assert loaded.problems == []
    return loaded.directory


def hub_names(results: search.Results) -> list[str]:
    return [found.hub.name for found in results.near + results.across + results.further]


def untranslated(text: str) -> str:
    return text


def near_typed(directory: Directory, typed: str, seeker: Seeker) -> search.Results:
    """What a search for a typed town or postcode finds, as the `find_hubs` action asks."""
    place = find_place(typed)
    assert isinstance(place, Place), typed
    region = COUNTRY_REGION.get(place.country)
    return search.nearest(directory, place.point, place.nation, region, seeker)


# The directory file


def test_the_bundled_directory_loads_and_every_entry_has_a_source(directory):
    assert len(directory.hubs) >= 8 and len(directory.helplines) >= 5
    data = read_yaml(BUNDLED).data
    for entry in [*data["organisations"], *data["helplines"]]:
        sources = entry["source"] if isinstance(entry["source"], list) else [entry["source"]]
        assert sources and all(s.startswith(("https://", "http://")) for s in sources), entry
        assert entry.get("phone") or entry.get("website"), entry["id"]


def test_the_flow_loader_reads_only_top_level_files_so_the_directory_is_not_a_flow(runtime):
    flows = runtime.engine.content.flows
    assert "hubs" in flows.flows and flows.node("hubs_results") is not None
    assert not any(path.parent.name == "hubs" for path in flows.files.values())


def test_a_broken_directory_names_the_file_the_line_and_what_to_do(tmp_path):
    path = tmp_path / "my_hubs.yaml"
    text = BUNDLED.read_text().replace("    lat: 53.38297", "    lat: 40.7", 1)
    path.write_text(text.replace('\n    phone: "0141 276 7724"', "\n    phone: 01412767724"))
    problems = load_directory(path).problems
    lines = path.read_text().splitlines()
    by_line = {problem.line: problem for problem in problems}
    phone_line = lines.index("    phone: 01412767724") + 1
    lat_line = lines.index("    lat: 40.7") + 1
    assert set(by_line) == {phone_line, lat_line}
    assert str(by_line[phone_line]).startswith(f"{path}:{phone_line}: error: ")
    assert "write the number in quotes" in by_line[phone_line].message
    assert by_line[lat_line].message == (
        "organisations.lat: 40.7 is not in the UK: give the city centre's latitude, between "
        "49.8 and 60.9"
    )


def test_a_directory_entry_without_a_source_or_a_way_to_reach_it_is_refused(tmp_path):
    path = tmp_path / "hubs.yaml"
    entry = "  - id: {id}\n    name: Somewhere\n    nation: scotland\n    services: [legal]\n"
    path.write_text(
        "reviewed: 2026-11-23\norganisations:\n"
        + entry.format(id="unsourced")
        + entry.format(id="unreachable")
        + "    source: https://example.org\n"
    )
    messages = {(p.line, p.message) for p in load_directory(path).problems}
    assert messages == {
        (
            3,
            "organisations.source: this is missing: every entry needs it (see the top of the file)",
        ),
        (7, "organisations: give a `phone` or a `website`, so survivors can reach them"),
    }


def test_a_directory_not_reviewed_for_a_year_is_warned_about_but_served():
    loaded = load_directory(BUNDLED, today=date(2028, 1, 1))
    assert loaded.problems and all(p.severity == "warning" for p in loaded.problems)
    assert all("over 12 months ago" in problem.message for problem in loaded.problems)
    assert loaded.directory.hubs
    assert load_directory(BUNDLED, today=date(2026, 12, 6)).problems == []


def test_each_entry_not_reviewed_for_a_year_is_named_with_its_line(tmp_path):
    path = tmp_path / "hubs.yaml"
    path.write_text(
        "reviewed: 2026-11-01\n"
        "organisations:\n"
        "  - id: old_centre\n"
        "    name: Old Centre\n"
        "    nation: scotland\n"
        "    services: [legal]\n"
        "    website: https://example.org\n"
        "    source: https://example.org\n"
        "    reviewed: 2025-10-01\n"
        "  - id: new_centre\n"
        "    name: New Centre\n"
        "    nation: scotland\n"
        "    services: [legal]\n"
        "    website: https://example.org\n"
        "    source: https://example.org\n"
        "    reviewed: 2026-10-01\n"
    )
    [warning] = load_directory(path, today=date(2026, 12, 6)).problems
    assert (warning.line, warning.severity) == (9, "warning")
    assert str(warning).startswith(f"{path}:9: warning: 'old_centre' was last reviewed 2025-10-01")


def test_flows_check_warns_about_an_entry_not_reviewed_for_a_year(tmp_path, monkeypatch):
    path = tmp_path / "hubs.yaml"
    text = BUNDLED.read_text()
    first = text.index("\n    reviewed: 2026-12-06") + 1  # the first entry's
    path.write_text(text[:first] + "    reviewed: 2020-01-01" + text[first + 24 :])
    monkeypatch.setenv("WAYPOST_HUBS_FILE", str(path))
    result = CliRunner().invoke(main, ["flows", "check"])
    line = path.read_text()[:first].count("\n") + 1
    assert f"{path}:{line}: warning: 'law_centres_network' was last reviewed 2020-01-01" in (
        result.output
    )


def test_an_entry_can_name_a_county_and_a_region_must_be_a_known_one(tmp_path, directory):
    kent = next(hub for hub in directory.hubs if hub.id == "hestia_kent")
    assert (kent.city, kent.area, kent.region) == (None, "Kent", "south_east")
    path = tmp_path / "hubs.yaml"
    entry = (
        "reviewed: 2026-12-06\norganisations:\n  - id: somewhere\n    name: Somewhere\n"
        "    nation: {nation}\n    region: {region}\n    {place}\n    lat: 53.8\n"
        "    lon: -1.5\n    services: [legal]\n    website: https://example.org\n"
        "    source: https://example.org\n"
    )
    path.write_text(entry.format(nation="england_wales", region="Narnia", place="area: Kent"))
    [problem] = load_directory(path).problems
    assert problem.line == 6 and "'Narnia' is not a region: use one of london" in problem.message
    path.write_text(entry.format(nation="scotland", region="wales", place="city: Leeds"))
    [problem] = load_directory(path).problems
    assert "the region 'wales' is not in scotland" in problem.message
    both = "city: Leeds\n    area: West Yorkshire"
    path.write_text(entry.format(nation="england_wales", region="yorkshire", place=both))
    [problem] = load_directory(path).problems
    assert "give `city` (a town) or `area`" in problem.message


def test_the_directory_covers_every_nation_and_region_of_the_uk(directory):
    assert {region.key for region in directory.regions} == {
        "london", "south_east", "south_west", "east_of_england", "east_midlands",
        "west_midlands", "yorkshire", "north_east", "north_west", "wales", "scotland",
        "northern_ireland",
    }  # fmt: skip
    for nation in ("england_wales", "scotland", "northern_ireland"):
        wide = [hub for hub in directory.hubs if hub.nation == nation and hub.point is None]
        assert any(hub.ages == "children" for hub in wide), nation
    data = read_yaml(BUNDLED).data
    assert all(entry.get("reviewed") for entry in [*data["organisations"], *data["helplines"]])


def test_flows_check_and_start_up_report_a_broken_hubs_file(tmp_path, monkeypatch, settings):
    path = tmp_path / "hubs.yaml"
    path.write_text("reviewed: 2026-11-23\norganisations: [\n")
    monkeypatch.setenv("WAYPOST_HUBS_FILE", str(path))
    result = CliRunner().invoke(main, ["flows", "check"])
    assert result.exit_code == 1
    assert f"{path}:3: error: the YAML is not valid" in result.output
    with pytest.raises(ContentError, match=r"hubs\.yaml:3"):
        build_runtime(replace(settings, hubs_file=path))


def test_the_hubs_file_is_set_by_the_environment_and_defaults_beside_the_flows():
    assert Settings.from_environ({}).hubs_path == BUNDLED
    chosen = Settings.from_environ({"WAYPOST_HUBS_FILE": "/srv/our_hubs.yaml"})
    assert chosen.hubs_path == Path("/srv/our_hubs.yaml")
    assert Settings(flows_dir=Path("/srv/flows")).hubs_path == Path(
        "/srv/flows/hubs/directory.yaml"
    )


# Search


def test_a_point_in_glasgow_finds_glasgow_first_nearest_first(directory):
    results = search.nearest(directory, GLASGOW_CENTRE, "scotland", "scotland", Seeker())
    first = results.near[0]
    assert first.hub.city == "Glasgow" and first.miles is not None and first.miles < 1
    distances = [found.miles for found in results.near]
    assert distances == sorted(distances) and all(m is not None for m in distances)
    # Then the organisations that work across Scotland, with no distance.
    across = [found.hub.name for found in results.across]
    assert "JustRight Scotland (Scottish Anti-Trafficking and Exploitation Centre)" in across
    assert all(found.miles is None for found in results.across)
    assert not results.nothing_near and results.further == ()


def test_a_man_in_glasgow_sees_scottish_services_and_no_womens_or_other_nations(directory):
    results = near_typed(directory, "Glasgow", Seeker())
    shown = [found.hub for found in results.near + results.across + results.further]
    assert shown and all(hub.nation == "scotland" for hub in shown)
    assert not any("women_only" in hub.services for hub in shown)
    assert hub_names(results)[0] == "Scottish Refugee Council"
    legal = near_typed(directory, "Glasgow", Seeker("legal"))
    assert hub_names(legal) == [
        "JustRight Scotland (Scottish Anti-Trafficking and Exploitation Centre)"
    ]
    assert "Civil Legal Advice" not in [line.name for line in legal.helplines]  # England's


def test_women_only_services_are_shown_only_to_those_who_ask_for_them(directory):
    women = near_typed(directory, "Glasgow", Seeker("women_only"))
    assert hub_names(women)[:2] == ["TARA (Trafficking Awareness Raising Alliance)", "Saheliya"]
    assert all(found.hub.offers("women_only") for found in women.near)
    belfast = near_typed(directory, "Belfast", Seeker("women_only"))
    assert hub_names(belfast)[0] == "Women's Aid Belfast & Lisburn"
    for seeker in (Seeker(), Seeker("housing"), Seeker("mental_health")):
        shown = hub_names(near_typed(directory, "Belfast", seeker))
        assert "Women's Aid Belfast & Lisburn" not in shown, seeker


def test_a_16_year_old_in_belfast_gets_childrens_services_first_and_childline(directory):
    child = Seeker(age_group="child")
    results = near_typed(directory, "BT7", child)
    shown = [found.hub for found in results.near + results.across]
    assert all(hub.nation == "northern_ireland" for hub in shown)
    assert not any(hub.ages == "adults" for hub in shown)  # Migrant Help NI, Women's Aid
    assert "Barnardo's Independent Guardian Service" in [hub.name for hub in shown]
    assert results.helplines[0].name == "Childline"
    adult = near_typed(directory, "Belfast", Seeker(age_group="adult"))
    assert "Childline" not in [line.name for line in adult.helplines]
    assert not any(f.hub.ages == "children" for f in adult.near + adult.across)


def test_cardiff_leeds_and_birmingham_list_their_nations_services_nearest_first(directory):
    cardiff = near_typed(directory, "Cardiff", Seeker())
    assert "Bawso" in hub_names(cardiff)  # works across Wales
    assert all(f.hub.nation == "england_wales" for f in cardiff.near + cardiff.across)
    leeds = near_typed(directory, "Leeds", Seeker())
    assert hub_names(leeds)[0] == "Refugee Council (Leeds)"
    birmingham = near_typed(directory, "Birmingham", Seeker())
    assert hub_names(birmingham)[:2] == [
        "West Midlands Anti-Slavery Network",
        "Black Country Women's Aid (Modern Slavery Support)",
    ]
    # Nottinghamshire's own service is not shown in Birmingham, 45 miles away.
    assert "Nottinghamshire Victim CARE" not in hub_names(birmingham)
    for results in (cardiff, leeds, birmingham):
        distances = [found.miles or 0 for found in results.near]
        assert distances == sorted(distances)
        assert all(d <= search.FAR_MILES for d in distances)


def test_beyond_50_miles_is_further_away_never_near(directory):
    legal = near_typed(directory, "B12", Seeker("legal"))
    assert legal.nothing_near and legal.near == ()
    assert legal.further[0].hub.name.startswith("ATLEU")
    assert all((found.miles or 0) > search.FAR_MILES for found in legal.further)
    assert [found.hub.name for found in legal.across][:1] == ["Law Centres Network"]
    inverness = near_typed(directory, "Inverness", Seeker())
    assert inverness.nothing_near and inverness.further


def test_a_service_filters_and_a_missing_service_shows_others_honestly(directory):
    legal = search.nearest(directory, (51.5074, -0.1278), "england_wales", None, Seeker("legal"))
    assert hub_names(legal)[0] == "ATLEU (Anti Trafficking and Labour Exploitation Unit)"
    assert all(found.hub.offers("legal") for found in legal.near + legal.across)
    scotland = search.in_region(directory, directory.region("scotland"), Seeker("mental_health"))
    assert scotland.near and not scotland.offers_service  # none offers it: others, and it says so


def test_search_by_region_lists_its_hubs_and_its_nations_helplines(directory):
    assert [region.name for region in directory.regions][:2] == ["London", "South East England"]
    results = search.in_region(directory, directory.region("scotland"), Seeker())
    assert hub_names(results) == [
        "Scottish Refugee Council",
        "Migrant Help (Scotland)",
        "JustRight Scotland (Scottish Anti-Trafficking and Exploitation Centre)",
    ]
    assert all(found.miles is None for found in results.near + results.across)
    helplines = [line.name for line in results.helplines]
    assert "Scotland's Domestic Abuse and Forced Marriage Helpline" in helplines
    assert "Lifeline" not in helplines  # Northern Ireland's
    scotland = directory.region("scotland")
    assert search.region_named(directory, "Scottland", untranslated) == scotland
    assert search.region_named(directory, "Atlantis", untranslated) is None
    spanish = {"Scotland": "Escocia"}
    in_spanish = search.region_named(directory, "Escocia", lambda t: spanish.get(t, t))
    assert in_spanish == scotland


@pytest.mark.parametrize(
    ("typed", "town"),
    [
        ("Glasgow", "Glasgow"),
        ("Glasow", "Glasgow"),
        ("Manchster", "Manchester"),
        ("edinbrugh", "Edinburgh"),
        ("  LONDON  ", "London"),
        ("I live in Leeds", "Leeds"),
        ("I am on Church Street in Leeds", "Leeds"),
        ("Глазго", "Glasgow"),
        ("لندن", "London"),
        ("Hull", "Kingston upon Hull"),
        ("stoke on trent", "Stoke-on-Trent"),
        ("Londonderry", "Derry"),
        ("B12 9LP", "Birmingham"),
        ("b129lp", "Birmingham"),
        ("B12", "Birmingham"),
        ("BT7", "Belfast"),
        ("CF10", "Cardiff"),
        ("ls6", "Leeds"),
        ("SW1A 1AA", "London"),
        ("my postcode is G4 0SF", "Glasgow"),
    ],
)
def test_a_typed_town_is_found_misspelt_in_a_sentence_or_in_another_script(typed, town):
    found = find_place(typed)
    assert isinstance(found, Place) and found.name == town


def test_a_place_abroad_an_area_and_nonsense_are_told_apart():
    assert find_place("Paris") == Abroad("Paris")
    assert find_place("Tirana") == Abroad("Tirana")
    assert find_place("Boston") == find_place("boston, lincolnshire")  # the UK's Boston
    assert isinstance(find_place("Boston"), Place)
    assert find_place("Kent") == Area("Kent")
    assert find_place("Wales") == Area("Wales")
    assert find_place("JE2 3AB") == Abroad("Jersey")  # not in the UK
    assert find_place("ZZ9") is None  # no such postcode area
    for nonsense in ("Blorfington", "hello", "yes", "", "🙂", "I do not know"):
        assert find_place(nonsense) is None, nonsense


def test_every_uk_postcode_area_has_a_place_in_its_nation():
    areas = [
        line.split("\t")
        for line in POSTCODE_AREAS.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    uk = [area for area in areas if area[4] != "abroad"]
    assert len(uk) == 121 and len({area[0] for area in areas}) == 124
    for code, town, latitude, longitude, country in uk:
        found = find_place(f"{code}1")
        assert isinstance(found, Place) and found.name == town, code
        assert 49.8 <= float(latitude) <= 60.9 and -8.7 <= float(longitude) <= 1.8, code
        assert found.nation == NATION_OF_COUNTRY[country], code


def test_a_shared_location_is_placed_in_its_uk_nation_or_outside_the_uk():
    glasgow = nearest_uk_place(GLASGOW_CENTRE)
    assert glasgow is not None and glasgow.nation == "scotland"
    belfast = nearest_uk_place((54.597, -5.930))
    assert belfast is not None and belfast.nation == "northern_ireland"
    assert nearest_uk_place(DUBLIN) is None
    assert nearest_uk_place((48.8566, 2.3522)) is None  # Paris
    assert nearest_uk_place((0.0, 0.0)) is None


def test_distances_read_in_the_survivors_language():
    assert wording.miles(0.41, "en_GB") == "0.4 miles"
    assert wording.miles(1.0, "en_GB") == "1 mile"
    assert wording.miles(204.4, "en_GB") == "204 miles"
    assert wording.miles(2.5, "sq") == "2,5 milje"
    assert wording.miles(12, "fa") == "12 مایل"  # no long form in Persian: the short one


# The flow, through the engine


@pytest.fixture
def chat(runtime) -> ChatDriver:
    chat = ChatDriver(runtime)
    chat.onboard("Scotland")
    return chat


def look(chat: ChatDriver, help_label: str, how_label: str) -> None:
    chat.command("menu")
    chat.press("Find help near me")
    assert chat.texts == ["I can find places near you that help.", "What help are you looking for?"]
    chat.press(help_label)
    assert chat.texts == ["How shall I find help near you?"]
    chat.press(how_label)


def test_sharing_a_location_shows_the_nearest_hubs_then_the_helplines(chat):
    look(chat, "Any help", "Share my location")
    assert "I use it only for this search. I do not keep it." in chat.texts
    chat.send(Location(*GLASGOW_CENTRE))
    texts = chat.texts
    assert texts[0] == "These places can help. The nearest is first."
    assert texts[1] == (
        "Scottish Refugee Council\n"
        "Glasgow: 0.4 miles away\n"
        "Helps with: a support worker\n"
        "Website: https://www.scottishrefugeecouncil.org.uk"
    )
    assert not any("For women only." in text for text in texts)
    helplines = next(text for text in texts if text.startswith("Helplines you can call:"))
    assert HELPLINE in helplines and "0800 027 1234" in helplines
    assert texts[-2:] == ["If you are in danger now, call 999.", "Would you like to look again?"]
    assert chat.labels[0] == "Look again"


def test_typing_a_misspelt_town_finds_the_hubs_near_it(chat):
    look(chat, "Legal advice", "Type a town")
    chat.text("Manchster")
    assert chat.texts[0] == "These places can help near Manchester. The nearest is first."
    assert chat.texts[1].startswith(
        "Greater Manchester Immigration Aid Unit (GMIAU)\nManchester: 0.1 miles away\n"
    )
    assert chat.texts[2].startswith(
        "ATLEU (Anti Trafficking and Labour Exploitation Unit)\nSheffield: 32 miles away\n"
    )
    assert any("Civil Legal Advice (legal advice): 0345 345 4345" in t for t in chat.texts)


def test_a_town_typed_at_any_step_of_the_search_is_searched_for_at_once(chat):
    chat.command("menu")
    chat.press("Find help near me")
    chat.text("i am in manchster")  # before choosing the kind of help
    assert chat.texts[0] == "These places can help near Manchester. The nearest is first."
    chat.press("Look again")
    chat.press("Legal advice")
    chat.text("glasgow")  # instead of choosing how to search
    # Legal advice in Glasgow comes from JustRight Scotland, across Scotland: none is "near".
    assert chat.texts[0] == "I do not know a place near Glasgow. A helpline can help you find one."
    assert any(t.startswith("JustRight Scotland") for t in chat.texts)
    chat.text("Northern Ireland")  # at the results: another search
    assert chat.texts[0] == "These places can help in Northern Ireland."


def test_words_that_name_no_place_at_a_search_step_are_read_as_usual(chat):
    chat.command("menu")
    chat.press("Find help near me")
    chat.text("legal")  # a button's label
    assert chat.texts == ["How shall I find help near you?"]
    chat.text("can i work")  # a question, not a town
    assert chat.state.node == "rights_work"


def test_choosing_a_region_lists_it_with_the_survivors_nation_first(chat):
    look(chat, "Help for women only", "Choose a region")
    assert chat.labels[0] == "Scotland"  # they said they are in Scotland
    assert "North West England" in chat.labels and "Wales" in chat.labels
    assert "Northern Ireland" in chat.labels
    chat.press("Northern Ireland")
    assert chat.texts[0] == "These places can help in Northern Ireland."
    assert chat.texts[1].startswith("Women's Aid Belfast & Lisburn\nIn Belfast\nFor women only.")
    assert any("Lifeline (someone to talk to): 0808 808 8000" in t for t in chat.texts)


def test_an_unknown_town_gets_a_kind_answer_and_the_regions(chat):
    look(chat, "Any help", "Type a town")
    chat.text("Blorfington")
    assert chat.texts[0] == "Sorry, I could not find that place. Please choose a region."
    assert "Scotland" in chat.labels
    chat.text("scottland")  # a region can be typed too
    assert chat.texts[0] == "These places can help in Scotland."


def test_a_town_abroad_or_a_county_gets_a_kind_answer(chat):
    look(chat, "Any help", "Type a town")
    chat.text("Paris")
    assert chat.texts[0] == "I think Paris is not in the UK. I only know places in the UK."
    assert HELPLINE in chat.texts[1]
    look(chat, "Any help", "Type a town")
    chat.text("Kent")
    assert chat.texts[0] == "Kent is a big area. Please type the name of a town or city."
    chat.text("Maidstone")
    assert chat.texts[1].startswith("Hestia (Modern Slavery Response)\nWorks across Kent\n")


def test_when_nothing_is_near_the_helplines_come_first_then_further_away(chat):
    look(chat, "Any help", "Type a town")
    chat.text("Inverness")
    texts = chat.texts
    assert texts[0] == "I do not know a place near Inverness. A helpline can help you find one."
    assert texts[1].startswith("Helplines you can call:") and HELPLINE in texts[1]
    further = texts.index("These places are further away. They are more than 50 miles away:")
    assert texts[further + 1].startswith("Scottish Refugee Council\nGlasgow: 112 miles away")
    assert not any(text.startswith("These places can help") for text in texts)


def test_a_postcode_finds_help_near_it_and_a_safe_house_is_not_promised(chat):
    look(chat, "A safe place to stay", "Type a town")
    chat.text("B12 9LP")
    texts = chat.texts
    assert texts[0] == "These places can help near Birmingham. The nearest is first."
    assert "You cannot just walk in to a safe house. You get a place through the NRM." in texts
    assert any(
        text.startswith("Black Country Women's Aid (Modern Slavery Support)\n")
        and "safe houses for people in the NRM" in text
        for text in texts
    )
    assert not any("a safe place to stay" in text for text in texts)


def test_a_child_who_said_so_is_shown_childrens_services_first_and_childline(runtime):
    chat = ChatDriver(runtime)
    chat.onboard("Northern Ireland")
    chat.command("menu")
    chat.press("More to learn")
    chat.press("If I am under 18")
    chat.press("Yes, I am under 18")
    look(chat, "Any help", "Type a town")
    chat.text("Belfast")
    texts = chat.texts
    assert texts[1] == "You are under 18, so places for children come first."
    assert texts[2].startswith("Barnardo's Independent Guardian Service\n")
    assert "For children under 18." in texts[2]
    helplines = next(text for text in texts if text.startswith("Helplines you can call:"))
    assert helplines.splitlines()[1] == "• Childline: 0800 1111, day and night, every day"
    assert not any("Migrant Help (Northern Ireland)" in text for text in texts)  # adults only


def test_a_location_outside_the_uk_still_gets_the_helplines(chat):
    look(chat, "Any help", "Share my location")
    chat.send(Location(*DUBLIN))
    assert chat.texts[0] == (
        "That place looks like it is outside the UK. I only know places in the UK."
    )
    assert HELPLINE in chat.texts[1]


def test_the_helplines_are_listed_after_every_search(chat):
    searches = [
        ("Share my location", Location(*GLASGOW_CENTRE)),
        ("Share my location", Location(51.4545, -2.5879)),  # Bristol
        ("Type a town", "Belfast"),
        ("Type a town", "Tehran"),
        ("Choose a region", "London"),
    ]
    for how, answer in searches:
        look(chat, "Mental health", how)
        if isinstance(answer, Location):
            chat.send(answer)
        elif how == "Choose a region":
            chat.press(answer)
        else:
            chat.text(answer)
        assert any(HELPLINE in text for text in chat.texts), (how, answer)


def test_neither_the_location_nor_the_town_nor_the_choices_are_kept(chat, runtime):
    look(chat, "Help for women only", "Share my location")
    chat.send(Location(55.86091, -4.25141))
    look(chat, "Legal advice", "Type a town")
    chat.text("Paisley")
    look(chat, "Mental health", "Choose a region")
    chat.press("London")
    look(chat, "Any help", "Type a town")
    chat.text("G41 2XY")
    state = chat.state
    assert state is not None and state.answers == {}
    kept = repr(state)
    with runtime.database.transaction() as session:
        for table in Base.metadata.sorted_tables:
            kept += repr(session.execute(select(table)).all())
    for secret in ("55.86", "4.251", "Paisley", "G41", "2XY", "women_only", "mental_health"):
        assert secret not in kept, secret
    chat.command("mydata")
    assert not any("Something you typed" in text for text in chat.texts)


def test_an_operators_own_directory_replaces_the_bundled_one(tmp_path, settings, clock):
    path = tmp_path / "our_hubs.yaml"
    path.write_text(
        "reviewed: 2026-11-23\n"
        "organisations:\n"
        "  - id: leeds_centre\n"
        "    name: Our Leeds Centre\n"
        "    nation: england_wales\n"
        "    region: yorkshire\n"
        "    city: Leeds\n"
        "    lat: 53.79648\n"
        "    lon: -1.54785\n"
        "    services: [support, interpreters]\n"
        "    languages: [sq, ar]\n"
        '    phone: "0113 000 0000"\n'
        "    hours: Mon-Fri 9:00-17:00\n"
        "    source: https://example.org/our-centre\n"
        "helplines:\n"
        "  - id: our_line\n"
        "    name: Our line\n"
        '    phone: "0800 000 000"\n'
        "    source: https://example.org/our-line\n"
    )
    runtime = build_runtime(replace(settings, hubs_file=path), clock)
    try:
        chat = ChatDriver(runtime)
        chat.onboard()
        look(chat, "Any help", "Type a town")
        chat.text("Leeds")
        assert chat.texts[1] == (
            "Our Leeds Centre\nLeeds: 0.1 miles away\n"
            "Helps with: a support worker and interpreters\n"
            "Languages: Albanian and Arabic\nPhone: 0113 000 0000\nOpen: Mon-Fri 9:00-17:00"
        )
        assert chat.texts[2] == "Helplines you can call:\n• Our line: 0800 000 000"
    finally:
        runtime.close()


# Over Telegram


async def test_sharing_a_location_in_telegram_gets_the_nearest_hubs(bot, fake_api, caplog):
    caplog.set_level(logging.DEBUG)
    await bot.say(SURVIVOR, "/start")
    await bot.press(SURVIVOR, "start/en")
    await bot.press(SURVIVOR, "consent/agree")
    await bot.press(SURVIVOR, "nation/scotland")
    await bot.press(SURVIVOR, "menu/hubs")
    await bot.press(SURVIVOR, "hubs/any")
    asked = await bot.press(SURVIVOR, "hubs_how/hubs_location")
    said = [reply.text for reply in asked]
    assert "Do not share your live location. It keeps showing where you are." in said
    assert "Your location stays in this chat as a map. Delete it after the search." in said
    before = len(fake_api.calls_to("sendMessage", SURVIVOR))
    fake_api.push(
        "message",
        {
            "message_id": 4242,
            "date": 0,
            "chat": {"id": SURVIVOR, "type": "private", "first_name": "A"},
            "from": {"id": SURVIVOR, "is_bot": False, "first_name": "A"},
            "location": {"latitude": GLASGOW_CENTRE[0], "longitude": GLASGOW_CENTRE[1]},
        },
    )
    await bot.settled()
    replies = fake_api.calls_to("sendMessage", SURVIVOR)[before:]
    texts = [reply.text for reply in replies]
    assert texts[0] == "These places can help. The nearest is first."
    assert texts[1].startswith("Scottish Refugee Council\nGlasgow: 0.4 miles")
    assert any(HELPLINE in text for text in texts)
    assert ("Look again", "hubs_results/hubs") in replies[-1].buttons
    assert caplog.records and "55.86" not in caplog.text and "4.25" not in caplog.text
