"""Property-based: any sequence of inputs, over every flow and language, keeps the bot sound."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import texts
from bot.engine.events import COMMANDS, Command, Location, Press, Start, Text, Unsupported
from bot.engine.replies import Message
from bot.flows.flowset import NAVIGATION, callback_data
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
    st.builds(Command, st.sampled_from([*COMMANDS, "nonsense"])),
    st.builds(Location, st.floats(-90, 90), st.floats(-180, 180)),
    st.builds(Unsupported, st.sampled_from(["Sticker", "Voice"]), st.none() | st.text(max_size=20)),
    st.builds(Start, st.sampled_from([None, "en", "sq", "ar-EG"])),
    st.builds(Press, st.text(max_size=70)),
    st.integers(0, 10_000).map(lambda i: ("known button", i)),
    st.integers(0, 5).map(lambda i: ("shown button", i)),
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(events, min_size=1, max_size=25))
def test_any_sequence_of_inputs_keeps_the_survivor_somewhere_sound(runtime, steps):
    chat_key = f"property:{next(_chats)}"
    flows = runtime.engine.content.flows
    known = every_button(runtime)
    shown: list[str] = []
    for step in steps:
        if isinstance(step, tuple):
            kind, index = step
            pool = known if kind == "known button" else shown
            if not pool:
                continue
            step = Press(pool[index % len(pool)])
        runtime.clock.advance(PAUSE)
        outcome = runtime.conversation.handle(chat_key, step)  # never raises
        messages = [r for r in outcome.replies if isinstance(r, Message)]
        assert all(m.text and len(m.text) <= 4096 for m in messages)
        assert texts.SOMETHING_WRONG not in [m.text for m in messages]
        if messages and messages[-1].buttons:
            shown = [button.data for button in messages[-1].buttons]
        state = runtime.conversation.state_of(chat_key)
        assert state is None or state.node is None or flows.node(state.node) is not None

    help_texts = [r.text for r in runtime.conversation.handle(chat_key, Command("help")).replies]
    assert any("999" in text for text in help_texts)  # help is always one command away
    menu = runtime.conversation.handle(chat_key, Command("menu")).replies
    assert menu and menu[-1].buttons  # and so is a way on
