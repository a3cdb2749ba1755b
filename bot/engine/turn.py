"""One turn: one event for one survivor, from their state and the event to replies and the
new state; here, the events and the moves between nodes.

Every step of a turn reads and changes the same state (the survivor's, the replies so far, the
language they are answered in), so a turn is one object; its steps live in one module per
concern (safety.py, typed.py, gates.py, explaining.py, screen.py), as mixins of `TurnRunner`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import texts
from bot.engine import tallies
from bot.engine.actions import ActionContext, PressRun, SurvivorStore
from bot.engine.events import COMMANDS, Command, Event, Location, Press, Start, Text, Unsupported
from bot.engine.explaining import Explanations
from bot.engine.gates import Gates
from bot.engine.replies import ButtonView, ClearChat, DeleteMessages, Message, Reply, for_display
from bot.engine.safety import Safety
from bot.engine.screen import Screen
from bot.engine.state import VISITOR_ID, SurvivorState
from bot.engine.typed import LANGUAGES_CALLBACK, NOT_MEANT_CALLBACK, TOPIC_PREFIX, TypedText
from bot.flowmodel.flowset import MENU_CALLBACK, NAVIGATION, parse_callback_data
from bot.flowmodel.glossary import BACK_PREFIX, TERM_PREFIX
from bot.flowmodel.schema import Node, Say
from bot.i18n.plurals import Plural
from bot.i18n.translator import Translator

if TYPE_CHECKING:
    from bot.engine.engine import Engine

# Loader checks forbid circles of `next`; this only stops a bug from becoming a hang.
MAX_CHAIN = 25
MAX_TOPICS = 30


@dataclass(frozen=True)
class Turn:
    replies: list[Reply]
    state: SurvivorState | None
    """The survivor's new state, or None when everything about them was erased."""
    visitor: SurvivorState | None = None
    """After they said no to consent: their language and place in the conversation, for the
    channel to keep in memory (never in storage) so the next screens are still in their
    language."""


class TurnRunner(Safety, TypedText, Gates, Explanations, Screen):
    """One event for one survivor: builds the replies while it changes the state."""

    def __init__(
        self,
        engine: Engine,
        state: SurvivorState,
        store: SurvivorStore,
        message_ref: int | None,
    ) -> None:
        self.engine = engine
        self.message_ref = message_ref
        self.content = engine.content
        self.flows = engine.content.flows
        self.state = state
        self.store = store
        self.now = engine.clock.now()
        self.replies: list[Reply] = []
        self.erased = False
        self.visiting = False
        self.language_hint: str | None = None
        self.t = self._translator()

    def run(self, event: Event, flooded: bool = False) -> Turn:
        danger_found = self._screen_for_danger(event)
        if flooded:
            return Turn(self.replies, self.state)
        relayed = self._relay_to_caseworker(event, quietly=danger_found)
        if not (danger_found or relayed or (isinstance(event, Text) and event.edited)):
            self._dispatch(event)
        if self.t.fell_back and self.replies:
            self.replies.insert(len(self.replies) - 1, Message(self.t(texts.NOT_TRANSLATED)))
        replies = [for_display(reply) for reply in self.replies]
        if self.erased:
            return Turn(replies, None, self._visitor() if self.visiting else None)
        return Turn(replies, self.state)

    def _visitor(self) -> SurvivorState:
        """Only what talking to them needs: nothing they told about themselves beyond it."""
        state = self.state
        return SurvivorState(
            VISITOR_ID, state.language, state.nation, state.age_group, node=state.node
        )

    def _translator(self) -> Translator:
        language = self.state.language or self.language_hint
        return self.content.translations.translator(language)

    def _dispatch(self, event: Event) -> None:
        match event:
            case Start():
                self._start(event)
            case Command(name="exit"):
                self.replies.append(ClearChat())
                self._line(texts.QUICK_EXIT_LINE)
                self._leave_quietly()
            case Command(name="start"):
                self._start(Start())
            case Command(name=name) if name in COMMANDS and self.flows.node(name) is not None:
                self._enter(name)
            case Command():
                self._reprompt(texts.UNKNOWN_COMMAND)
            case Press(data=data):
                self._press(data)
            case Text(text=text):
                self._text(text)
            case Location():
                self._location(event)
            case Unsupported():
                self._reprompt(texts.UNSUPPORTED)

    def _leave_quietly(self) -> None:
        """After a quick exit, whatever they write next starts from the menu, never from the
        screen that was showing (it may have been emergency guidance, or their story)."""
        self.state.node = "menu" if self.state.language else None
        self.state.resume_node = None
        self.state.suggestions = []

    def _start(self, event: Start) -> None:
        self.language_hint = self.content.translations.best_match(event.language_hint)
        if event.chosen and self.language_hint:
            self._run_actions({"set_language": self.language_hint})
        self.t = self._translator()
        if self.state.language is None:
            self._enter("start")
        elif not self.state.consented:  # anyone may read, but starting asks first
            self._enter(self._branch(self.flows.nodes["start"]))
        else:
            self._enter("menu")

    def _press(self, data: str) -> None:
        if (found := self.engine.actions.press_handler(data)) is not None:
            self._own_button(*found)
            return
        if data in NAVIGATION:
            self._enter(NAVIGATION[data])
            return
        if data == NOT_MEANT_CALLBACK:
            self._offer_topics(self.state.suggestions)
            return
        if data == LANGUAGES_CALLBACK:
            self._enter("start" if self.state.language is None else "language")
            return
        if data.startswith(TERM_PREFIX):
            self._explain(data.removeprefix(TERM_PREFIX))
            return
        if data.startswith(BACK_PREFIX):
            self._back_from_explanation(data.removeprefix(BACK_PREFIX))
            return
        if data.startswith(TOPIC_PREFIX):
            topic = self.flows.node(data.removeprefix(TOPIC_PREFIX))
            if topic is None or not topic.ask:
                self._line(texts.STALE_BUTTON)
                self._enter("menu")
            else:
                self._enter(topic.id)
            return
        parsed = parse_callback_data(data)
        node = self.flows.node(parsed[0]) if parsed else None
        if parsed is None or node is None:
            self._line(texts.STALE_BUTTON)
            self._enter("menu")
            return
        node_id, ref = parsed
        if (gate := self._gate(node_id)) is not None:
            self._enter_gate(gate)
            return
        if node.pick is not None:
            self._picked(node, ref, typed=False)
            return
        if node.choose_language:
            if self.content.translations.supports(ref):
                self._choose_language(node, ref)
            else:
                self._line(texts.BUTTON_GONE)
                self._enter(node_id, run_actions=False)
            return
        button = next((b for b in self._visible_buttons(node) if b.ref == ref), None)
        if button is None:
            self._line(texts.BUTTON_GONE)
            self._enter(node_id, run_actions=False)
            return
        if self.engine.actions.need_consent(button.do) and (gate := self._consent_first()):
            self._enter_gate(gate)
            return
        context = self._run_actions(button.do)
        target = context.redirect or button.goto
        if target == "danger":
            self._emergency("danger_confirmed")
            self._buttons_to_the_bottom()
        elif target is None:
            self._enter(node_id, run_actions=False)
        else:
            self._enter(target)

    def _own_button(self, run: PressRun, payload: str) -> None:
        """A button on a message the bot sent by itself: its handler answers, then the survivor
        goes where it says, or stays with a way back to the menu."""
        if self.state.language is None or not self.state.consented:
            self._start(Start())
            return
        context = self._context()
        run(context, payload)
        self._absorb(context)
        if context.redirect is not None:
            self._enter(context.redirect)
        else:
            self._attach([ButtonView(self.t(texts.MENU_BUTTON), MENU_CALLBACK)])

    def _picked(self, node: Node, value: str, typed: bool) -> None:
        """An answer to a pick node, pressed or typed: saved, then on to the next node."""
        pick = node.pick
        assert pick is not None
        picker = self.engine.actions.picker(pick.options)
        if not typed and not picker.accepts(value, self._pick_view()):
            self._line(texts.BUTTON_GONE)
            self._enter(node.id, run_actions=False)
            return
        self.state.answers[pick.save_as] = value
        context = self._run_actions(pick.do)
        self._enter(context.redirect or (typed and pick.typed_goto) or pick.goto)

    def _location(self, event: Location) -> None:
        node = self.flows.node(self.state.node)
        if node is None or node.input is None or "location" not in node.input.accept:
            self._reprompt(texts.LOCATION_NOT_ASKED)
            return
        if (gate := self._gate(node.id)) is not None:
            self._enter_gate(gate)
            return
        context = self._run_actions(node.input.do, location=(event.latitude, event.longitude))
        self._enter(context.redirect or node.input.goto)

    def _enter(self, node_id: str, run_actions: bool = True, depth: int = 0) -> None:
        if depth > MAX_CHAIN:
            raise RuntimeError(f"flow chain from node '{node_id}' does not stop")
        node = self.flows.node(node_id)
        if node is None:
            self._line(texts.STALE_BUTTON)
            node_id, node = "menu", self.flows.nodes["menu"]
        if node.term:  # a glossary entry is read beside a screen, never as one
            self._explain(node_id)
            return
        if (gate := self._gate(node_id)) is not None:
            self._say_why(gate)
            node_id, node = gate, self.flows.nodes[gate]
        self.state.node = node_id
        self._note_topic(node_id)
        redirect = self._run_actions(node.do).redirect if run_actions else None
        if redirect is not None:
            # The action chose another screen: this one's lines were written for staying here
            # ("You do not need to ask again" makes no sense once there is nothing to ask about).
            self._enter(redirect, depth=depth + 1)
            return
        self._say(node)
        if node.waits:
            self._attach(self._buttons(node))
            return
        self._enter(self._branch(node), depth=depth + 1)

    def _say(self, node: Node) -> None:
        context = self.flows.context(node.id)
        for say in self._said(node):
            if say.count is None:
                self._line(say.text, context)
            else:  # a counted line: the number chooses the language's plural form
                self._line(Plural(say.text, say.plural, "count"), context, count=say.count)

    def _said(self, node: Node) -> list[Say]:
        attributes = self._attributes()
        return [say for say in node.say if say.when is None or say.when.matches(*attributes)]

    def _note_topic(self, node_id: str) -> None:
        """Count the topic read (not the menu), and remember it for a caseworker if shared."""
        flow = self.flows.flow_of_node[node_id]
        if flow == self.flows.flow_of_node["menu"] or self._first_contact_screen(node_id):
            return
        self._count(tallies.TOPIC_OPENED, node_id)
        topics = self.state.topics
        if self.state.consented and flow not in topics:
            topics.append(flow)
            del topics[:-MAX_TOPICS]

    def _choose_language(self, node: Node, language: str) -> None:
        self._run_actions({"set_language": language})
        self._enter(self._branch(node))

    def _branch(self, node: Node) -> str:
        """The first `next` whose condition holds (the last one always does)."""
        attributes = self._attributes()
        return next(b.goto for b in node.next if b.when is None or b.when.matches(*attributes))

    def _run_actions(
        self,
        calls: Mapping[str, object],
        typed: str | None = None,
        location: tuple[float, float] | None = None,
    ) -> ActionContext:
        context = self._context(typed, location)
        for name, params in calls.items():
            self.engine.actions.run(context, name, params)
        return self._absorb(context)

    def _context(
        self, typed: str | None = None, location: tuple[float, float] | None = None
    ) -> ActionContext:
        return ActionContext(
            self.state,
            self.store,
            self.now,
            typed=typed,
            location=location,
            message_ref=self.message_ref,
        )

    def _absorb(self, context: ActionContext) -> ActionContext:
        """What an action did to the turn: erasure, a new language, lines to say."""
        self.erased = self.erased or context.erased
        self.visiting = self.visiting or context.visiting
        self.t = self._translator()
        for said in context.said:
            if said.translate:
                self._line(said.text, **said.values)
            else:
                self.replies.append(Message(said.text))
        if context.delete_from_chat:
            # First, so the node's buttons still end up under its last line.
            self.replies.insert(0, DeleteMessages(tuple(context.delete_from_chat)))
        return context
