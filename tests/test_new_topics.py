"""The topics added for issue 14 (after a no, the law, staying safe, health, moving on) and the
helplines that were missing: reachable from the menu, and each nation shown its own numbers."""

from __future__ import annotations

import pytest

from tests.chat_driver import ChatDriver

NATIONS = ("England or Wales", "Scotland", "Northern Ireland", "I am not sure")

RAPE_CRISIS_ENGLAND_WALES = "0808 500 2222"
RAPE_CRISIS_SCOTLAND = "08088 01 03 02"
NI_ABUSE_LINE = "0808 802 1414"
ASK_WHEN_IT_STOPS = "ask your support worker when your support stops"
LIVE_FEAR_FREE = "0808 80 10 800"
SHELTER = "0808 800 4444"
ASYLUM_HELPLINE = "0808 8010 503"


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


def shown(chat: ChatDriver) -> str:
    return "\n".join(chat.texts)


@pytest.mark.parametrize(
    ("path", "node"),
    [
        (["After a no decision"], "after_no"),
        (["After a no decision", "Does my support go on?"], "after_no_support"),
        (["After a no decision", "Going to court (judicial review)"], "after_no_review"),
        (["After a no decision", "My asylum claim was refused"], "after_no_appeal"),
        (["After a no decision", "Other help with money and a home"], "after_no_other_help"),
        (["After a no decision", "Help for my family"], "after_no_family"),
        (["After a no decision", "Detention and bail"], "detention_bail"),
        (
            ["After a no decision", "Ask for the decision to be looked at again"],
            "negative_decision",
        ),
        (["The law and my case", "Choosing a legal adviser"], "legal_adviser"),
        (
            ["The law and my case", "Choosing a legal adviser", "Complaints about lawyers"],
            "legal_complaint",
        ),
        (["The law and my case", "I was forced to commit a crime"], "forced_crime"),
        (["The law and my case", "Can I be sent away while I recover?"], "removal_recovery"),
        (["The law and my case", "A no because of a crime (public order)"], "public_order"),
        (["Staying safe", "A room in return for work or sex"], "safe_room"),
        (["Staying safe", "Debts and loans"], "safe_debt"),
        (["Staying safe", "A job offer that seems too good"], "safe_job"),
        (["Staying safe", "Who can keep my papers?"], "safe_papers"),
        (["Staying safe", "Keeping my phone safe"], "phone_safety"),
        (["Health and moving on", "Registering with a GP"], "health_gp"),
        (["Health and moving on", "Talking therapies"], "health_talking"),
        (["Health and moving on", "What is A and E?"], "health_ae"),
        (["Health and moving on", "eVisa: proof of my status"], "move_evisa"),
        (["Health and moving on", "National Insurance number"], "move_ni_number"),
        (["Health and moving on", "A bank account"], "move_bank"),
        (["Health and moving on", "Universal Credit"], "move_benefits"),
        (["Health and moving on", "English classes"], "move_english"),
        (["Health and moving on", "A school place for my child"], "move_school"),
    ],
)
def test_every_new_topic_is_reachable_from_the_menu(chat, path, node):
    chat.onboard()
    chat.press("More to learn")
    for label in path:
        chat.press(label)
    assert chat.state.node == node


def test_a_yes_decision_that_was_really_a_no_leads_to_the_choices_after_a_no(chat):
    chat.onboard()
    chat.press("More to learn")
    chat.press("After a yes decision")
    chat.press("My decision was a no")
    assert chat.state.node == "after_no"
    assert "Ask for the decision to be looked at again" in chat.labels


@pytest.mark.parametrize(
    ("question", "node"),
    [
        ("can i see doctor without id", "health_gp"),
        ("how to check immigration adviser", "legal_adviser"),
        ("judicial review deadline", "after_no_review"),
        ("should anyone keep my passport", "safe_papers"),
        ("i want to learn english", "move_english"),
    ],
)
def test_a_typed_question_finds_its_new_topic(chat, question, node):
    chat.onboard()
    chat.text(question)
    assert chat.state.node == node


def open_helpline(chat: ChatDriver, nation: str, label: str) -> str:
    chat.onboard(nation)
    chat.press("Help now")
    chat.press("More phone numbers")
    chat.press(label)
    return shown(chat)


@pytest.mark.parametrize(
    ("nation", "present", "absent"),
    [
        (
            "England or Wales",
            [RAPE_CRISIS_ENGLAND_WALES, LIVE_FEAR_FREE],
            [RAPE_CRISIS_SCOTLAND, NI_ABUSE_LINE],
        ),
        ("Scotland", [RAPE_CRISIS_SCOTLAND], [RAPE_CRISIS_ENGLAND_WALES, LIVE_FEAR_FREE]),
        ("Northern Ireland", [NI_ABUSE_LINE], [RAPE_CRISIS_ENGLAND_WALES, RAPE_CRISIS_SCOTLAND]),
        ("I am not sure", [RAPE_CRISIS_ENGLAND_WALES, RAPE_CRISIS_SCOTLAND, NI_ABUSE_LINE], []),
    ],
)
def test_sexual_violence_lines_are_the_survivors_nations(chat, nation, present, absent):
    text = open_helpline(chat, nation, "Rape or sexual abuse")
    assert all(number in text for number in present)
    assert not any(number in text for number in absent)
    assert "call 999" in text


@pytest.mark.parametrize("nation", NATIONS)
def test_the_asylum_helpline_is_for_everyone_and_shelter_only_where_it_works(chat, nation):
    text = open_helpline(chat, nation, "Housing and asylum")
    assert ASYLUM_HELPLINE in text
    assert (SHELTER in text) == (nation in {"England or Wales", "I am not sure"})


@pytest.mark.parametrize("nation", NATIONS)
def test_police_101_and_the_text_relay_are_with_999_in_every_nation(chat, nation):
    text = open_helpline(chat, nation, "Danger: how to call 999")
    assert "101" in text and "18000" in text


@pytest.mark.parametrize(
    ("nation", "may_be_wales"),
    [("England or Wales", True), ("Scotland", False), ("Northern Ireland", False)],
)
def test_live_fear_free_is_offered_only_where_wales_may_be(chat, nation, may_be_wales):
    text = open_helpline(chat, nation, "Abuse at home")
    assert (LIVE_FEAR_FREE in text) == may_be_wales


@pytest.mark.parametrize(
    ("nation", "sra_named"),
    [("England or Wales", True), ("Scotland", False), ("Northern Ireland", False)],
)
def test_the_sra_is_named_only_where_it_regulates(chat, nation, sra_named):
    chat.onboard(nation)
    chat.press("More to learn")
    chat.press("The law and my case")
    chat.press("Choosing a legal adviser")
    text = shown(chat)
    assert ("list of the SRA" in text) == sra_named
    assert "Immigration Advice Authority" in text


def test_scotland_help_lists_rape_crisis_scotland(chat):
    text = open_helpline(chat, "Scotland", "Help in Scotland")
    assert RAPE_CRISIS_SCOTLAND in text


@pytest.mark.parametrize(
    ("nation", "expected", "not_expected"),
    [
        ("England or Wales", "about 9 work days", ASK_WHEN_IT_STOPS),
        ("Scotland", ASK_WHEN_IT_STOPS, "9 work days"),
        ("Northern Ireland", ASK_WHEN_IT_STOPS, "9 work days"),
    ],
)
def test_support_after_a_no_gives_the_earliest_end_only_where_it_is_sourced(
    chat, nation, expected, not_expected
):
    chat.onboard(nation)
    chat.press("More to learn")
    chat.press("After a no decision")
    chat.press("Does my support go on?")
    text = shown(chat)
    assert expected in text and not_expected not in text
    assert "Nobody can promise it will." in text


@pytest.mark.parametrize(
    ("nation", "law"),
    [
        ("England or Wales", "Modern Slavery Act 2015, section 45"),
        ("Northern Ireland", "section 22"),
        ("Scotland", "Lord Advocate"),
    ],
)
def test_the_statutory_defence_is_the_survivors_nations(chat, nation, law):
    chat.onboard(nation)
    chat.press("More to learn")
    chat.press("The law and my case")
    chat.press("I was forced to commit a crime")
    text = shown(chat)
    others = {"Modern Slavery Act 2015, section 45", "section 22", "Lord Advocate"} - {law}
    assert law in text and not any(other in text for other in others)
