"""/help, /exit and /forget as a survivor meets them: what each says and where it leaves them."""

from __future__ import annotations

from tests.chat_driver import ChatDriver


def test_help_gives_the_numbers_first_then_how_to_use_waypost(runtime):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.command("help")
    assert chat.texts[0] == "If you are in danger now, call 999."
    usage = " ".join(chat.texts[4:])
    for way in ("press a button", "type your question", "/menu", "/language", "/exit", "/forget"):
        assert way in usage


def test_after_a_quick_exit_the_next_message_starts_from_the_menu_not_the_crisis_screen(runtime):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.text("they will kill me")
    assert any("999" in text for text in chat.texts)
    chat.command("exit")
    chat.text("hello")
    assert not any("999" in text for text in chat.texts)
    assert "What is the NRM?" in chat.labels
    assert chat.state.node == "menu"


def test_forgetting_with_an_open_request_says_what_stays_and_how_to_reach_the_team(runtime):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.ask_for_a_person()
    chat.command("forget")
    chat.press("Yes, delete everything")
    assert chat.texts[1:3] == [
        "Your request to talk to a person stays open, so someone can still help. "
        "It no longer shows who you are.",
        "The team cannot write to you now. To talk to them, write here again and ask for a person.",
    ]


def test_emergency_guidance_is_only_who_to_call(runtime):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.text("they will kill me")
    assert not any("/menu" in text or "press a button" in text for text in chat.texts)
