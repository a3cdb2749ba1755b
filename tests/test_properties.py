"""Property-based: any sequence of inputs, over every flow and language, keeps the bot sound."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import texts
from bot.engine.events import (
    COMMANDS,
    Command,
    Event,
    Location,
    Press,
    Start,
    Text,
    Unsupported,
)
from bot.engine.replies import Message
from bot.flowmodel.flowset import NAVIGATION, callback_data
from tests.chat_driver import PAUSE

_chats = itertools.count()


def every_button(runtime) -> list[str]:
    flows = runtime.engine.content.flows
    data = [callback_data(node.id, b.ref) for node in flows.nodes.values() for b in node.buttons]
    data += [
        callback_data(n.id, code)
        for n in flows.nodes.values()
        if n.choose_language
        for code in runtime.engine.content.translations.languages
    ]
    return data + list(NAVIGATION)


events = st.one_of(
    st.builds(Text, st.text(max_size=60)),
    st.builds(Text, st.sampled_from(["they found me", "hello", "أنا في خطر", "🙂", "\u202e"])),
    # what pick nodes read when typed: dates and times, well and badly formed
    st.builds(
        Text, st.sampled_from(["24/11", "31.02.2027", "2026-11-22", "10:30", "2pm", "25:99"])
    ),
    st.builds(Command, st.sampled_from([*COMMANDS, "nonsense"])),
    st.builds(Location, st.floats(-90, 90), st.floats(-180, 180)),
    st.builds(Unsupported, st.sampled_from(["Sticker", "Voice"]), st.none() | st.text(max_size=20)),
    st.builds(Start, st.sampled_from([None, "en", "sq", "ar-EG"])),
    st.builds(Press, st.text(max_size=70)),
    # the bot's own buttons under reminders, forged or stale
    st.builds(Press, st.sampled_from(["~r:show:1", "~r:went:999", "~r:safe:x", "~r:", "~q:1"])),
    st.integers(0, 10_000).map(lambda i: ("known button", i)),
    # buttons on screen (pickers' included) are what survivors press, so they come up most
    *[st.integers(0, 13).map(lambda i: ("shown button", i))] * 4,
)


BOUNDED = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NATIONS = st.sampled_from(["england_wales", "scotland", "northern_ireland", "not_sure"])
TYPED_ANSWERS = ["24/11", "31.02.2027", "10:30", "2pm", "25:99", "Sandford House", "hello"]


@BOUNDED
@given(
    onboarded_in=st.none() | st.integers(0, 20),
    nation=NATIONS,
    steps=st.lists(events, min_size=1, max_size=25),
)
def test_any_sequence_of_inputs_keeps_the_survivor_somewhere_sound(
    runtime, onboarded_in, nation, steps
):
    chat_key = f"property:{next(_chats)}"
    known = every_button(runtime)
    shown: list[str] = []
    if onboarded_in is not None:
        shown = onboard(runtime, chat_key, onboarded_in, nation)
    for step in steps:
        if isinstance(step, tuple):
            kind, index = step
            pool = known if kind == "known button" else shown
            if not pool:
                continue
            step = Press(pool[index % len(pool)])
        shown = take_a_turn(runtime, chat_key, step) or shown
    assert_a_way_out(runtime, chat_key)


@BOUNDED
@given(
    language_index=st.integers(0, 20),
    nation=NATIONS,
    choices=st.lists(st.integers(0, 1_000) | st.sampled_from(TYPED_ANSWERS), max_size=40),
)
def test_walking_the_buttons_on_screen_goes_anywhere_soundly(
    runtime, language_index, nation, choices
):
    """Survivors mostly press what is on screen: walk that way, deep into every flow."""
    chat_key = f"walk:{next(_chats)}"
    shown = onboard(runtime, chat_key, language_index, nation)
    for choice in choices:
        if isinstance(choice, str):
            event: Event = Text(choice)
        else:
            event = Press(shown[choice % len(shown)])
        shown = take_a_turn(runtime, chat_key, event) or shown
    assert_a_way_out(runtime, chat_key)


def onboard(runtime, chat_key: str, language_index: int, nation: str) -> list[str]:
    """Past consent, where most of the bot is, in one of the languages it speaks."""
    languages = sorted(runtime.engine.content.translations.languages)
    language = languages[language_index % len(languages)]
    shown: list[str] = []
    for event in (
        Start(None),
        Press(callback_data("start", language)),
        Press(callback_data("consent", "agree")),
        Press(callback_data("nation", nation)),
    ):
        shown = take_a_turn(runtime, chat_key, event) or shown
    return shown


def take_a_turn(runtime, chat_key: str, event: Event) -> list[str]:
    """One turn, checked: never raises, never the generic apology, never a missing node.

    Returns the data of the buttons now on screen (empty if the turn showed none).
    """
    runtime.clock.advance(PAUSE)
    outcome = runtime.conversation.handle(chat_key, event)
    messages = [r for r in outcome.replies if isinstance(r, Message)]
    assert all(m.text and len(m.text) <= 4096 for m in messages)
    assert texts.SOMETHING_WRONG not in [m.text for m in messages]
    state = runtime.conversation.state_of(chat_key)
    flows = runtime.engine.content.flows
    assert state is None or state.node is None or flows.node(state.node) is not None
    if messages and messages[-1].buttons:
        return [button.data for button in messages[-1].buttons]
    return []


def assert_a_way_out(runtime, chat_key: str) -> None:
    help_texts = [r.text for r in runtime.conversation.handle(chat_key, Command("help")).replies]
    assert any("999" in text for text in help_texts)  # help is always one command away
    menu = runtime.conversation.handle(chat_key, Command("menu")).replies
    assert menu and menu[-1].buttons  # and so is a way on
