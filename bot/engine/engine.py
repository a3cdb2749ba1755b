"""The conversation engine: a survivor's state and one event in, replies and the new state out.

It knows nothing of Telegram or terminals; channels turn their input into events and show the
replies. Storage is reached only through actions, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal

from bot import texts
from bot.clock import Clock
from bot.engine import tallies
from bot.engine.actions import ActionContext, ActionRegistry, PressRun, SurvivorStore
from bot.engine.events import COMMANDS, Command, Event, Location, Press, Start, Text, Unsupported
from bot.engine.pickers import PickView
from bot.engine.reading import Everyday, Reader, Tier
from bot.engine.replies import (
    ButtonView,
    ClearChat,
    DeleteMessages,
    Message,
    Reply,
    for_display,
)
from bot.engine.state import VISITOR_ID, SurvivorState
from bot.engine.typed_text import MAX_TYPED, clean
from bot.flowmodel.flowset import (
    HUMAN_CALLBACK,
    MENU_CALLBACK,
    NAVIGATION,
    FlowSet,
    callback_data,
    parse_callback_data,
)
from bot.flowmodel.glossary import BACK, BACK_PREFIX, TERM_PREFIX, WHAT_DOES_IT_MEAN
from bot.flowmodel.schema import Button, Node, Say
from bot.i18n.filling import fill
from bot.i18n.plurals import Plural, form_index
from bot.i18n.translator import (
    Translations,
    Translator,
    counted,
    english_language_name,
    formatting_locale,
    language_name,
)

# Loader checks forbid circles of `next`; this only stops a bug from becoming a hang.
MAX_CHAIN = 25
MAX_TOPICS = 30
SAFETY_CHECK = "safety_check"
BACK_LABEL = "Back"
"""The English label of the buttons that go back a step, as flows write it."""
TOPIC_PREFIX = "~topic/"
NOT_MEANT_CALLBACK = "~notmeant"
LANGUAGES_CALLBACK = "~languages"
TERM_BUTTONS = 1
"""How many "What does … mean?" buttons a screen gets, so its keyboard stays short."""
# Cosine similarity of a typed question with a topic's closest example: sure enough to show
# the topic (and ahead of the next by a clear margin), or close enough to ask "Did you mean".
CONFIDENT, MARGIN, CLOSE = 0.8, 0.1, 0.45


@dataclass(frozen=True)
class Content:
    """Flows and translations that are served together (swapped together when republished)."""

    flows: FlowSet
    translations: Translations
    reader: Reader
    """Reads what survivors type with this content's phrases, everyday words and topics."""
    ready_replies: dict[str, str]


@dataclass(frozen=True)
class Turn:
    replies: list[Reply]
    state: SurvivorState | None
    """The survivor's new state, or None when everything about them was erased."""
    visitor: SurvivorState | None = None
    """After they said no to consent: their language and place in the conversation, for the
    channel to keep in memory (never in storage) so the next screens are still in their
    language."""


class Engine:
    def __init__(
        self,
        content: Content,
        actions: ActionRegistry,
        clock: Clock,
        variables: Mapping[str, str],
    ) -> None:
        self.content = content
        self.actions = actions
        self.clock = clock
        self.variables = dict(variables)

    def publish(self, content: Content, actions: ActionRegistry) -> None:
        """Serve new content (and the actions built from its files) from the next event on;
        turns under way finish on the old."""
        self.content, self.actions = content, actions

    def handle(
        self,
        state: SurvivorState,
        event: Event,
        store: SurvivorStore,
        message_ref: int | None = None,
        flooded: bool = False,
    ) -> Turn:
        """`message_ref` names the survivor's message in their chat, so it can be relayed.

        A `flooded` survivor (over the flood limit) is still screened for danger, and nothing else.
        """
        return _TurnRunner(self, state, store, message_ref).run(event, flooded)

    def slow_down(self, state: SurvivorState) -> Message:
        translate = self.content.translations.translator(state.language)
        return Message(translate(texts.SLOW_DOWN))


class _TurnRunner:
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

    # safety first

    def _screen_for_danger(self, event: Event) -> bool:
        """Emergency guidance at once for clear danger, "Are you safe?" for possible danger,
        whatever else is going on; what was typed is then not taken as an answer."""
        typed = event.text if isinstance(event, Text) else getattr(event, "caption", None)
        if not typed:
            return False
        danger = self.content.reader.danger(typed, self.state.language)
        if danger is None:
            return False
        if self.state.language is None:
            # Not chosen yet: answer in the language the danger was written in, if Waypost has it.
            self.language_hint = self.content.translations.best_match(danger.language)
            self.t = self._translator()
        node = self.flows.node(self.state.node)
        if danger.tier is Tier.POSSIBLE:
            self._ask_if_safe(node)
        else:
            self._emergency(f"danger_{danger.category}")
        if node is not None and node.input is not None and node.input.keep_when_in_danger:
            self._keep_typed(node, typed)
        self._buttons_to_the_bottom()
        return True

    def _keep_typed(self, node: Node, typed: str) -> None:
        """After the guidance, words the survivor wrote for themselves or for the team still
        go where they were written for: the story is kept, a message reaches the request."""
        text = clean(typed)
        if not (node.input and text and len(text) <= MAX_TYPED):
            return
        if node.input.save_as:
            self.state.answers[node.input.save_as] = text
            self._line(texts.KEPT_WHAT_YOU_WROTE)
            return
        self._run_actions(node.input.do, typed=text)
        if self.state.resume_node == node.id:  # "I am safe" goes on, not to write it again
            self.state.resume_node = node.input.goto

    def _ask_if_safe(self, node: Node | None) -> None:
        if node is not None and node.id not in (SAFETY_CHECK, "danger"):
            self.state.resume_node = node.id
        self._enter(SAFETY_CHECK)

    def _emergency(self, reason: str) -> None:
        """The danger node, and (after consent) an urgent case, its lines after the guidance."""
        self._enter("danger")
        if self.state.consented:
            self._run_actions({"escalate": {"reason": reason, "urgency": "urgent"}})

    def _buttons_to_the_bottom(self) -> None:
        """Lines added after a node's buttons would push them up the screen: move them down."""
        shown = [i for i, r in enumerate(self.replies) if isinstance(r, Message) and r.buttons]
        if not shown or shown[-1] == len(self.replies) - 1:
            return
        index = shown[-1]
        carrier = self.replies[index]
        assert isinstance(carrier, Message)
        self.replies[index] = Message(carrier.text)
        self._attach(list(carrier.buttons))

    def _relay_to_caseworker(self, event: Event, quietly: bool) -> bool:
        """While a caseworker handles their case, what the survivor writes goes to them."""
        writes = (isinstance(event, Text) and not event.edited) or isinstance(event, Unsupported)
        if not writes or self.message_ref is None:
            return False
        case_id = self.store.claimed_case(self.state.survivor_id)
        if case_id is None:
            return False
        self.store.relay_to_caseworker(case_id, self.message_ref, self.now)
        if not quietly:
            self._line(texts.SENT_TO_CASEWORKER)
        return True

    def _add_to_waiting_case(self, text: str) -> bool:
        """While their request waits for a caseworker nobody reads the chat: words the bot is
        not sure of (not understood, or only "did you mean") are kept with the request for the
        team, instead of being lost; button names, everyday words and sure answers are not.

        `text` is cleaned, no longer than MAX_TYPED, and not danger (that came first)."""
        if not self.store.add_to_waiting_case(self.state.survivor_id, text, self.now):
            return False
        self._reprompt(texts.ADDED_TO_REQUEST)
        return True

    # events

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

    def _text(self, typed: str) -> None:
        node = self.flows.node(self.state.node)
        if node is None or (self.state.language is None and not node.choose_language):
            self._first_contact(typed)
            return
        text = clean(typed)
        if not text:
            self._reprompt(texts.EMPTY_TEXT)
            return
        if len(text) > MAX_TYPED:
            self._reprompt(texts.TOO_LONG)
            return
        if node.pick is not None:
            self._typed_pick(node, text)
            return
        if node.input is None:
            self._typed_button(node, text)
            return
        if "text" not in node.input.accept:
            self._reprompt(texts.LOCATION_EXPECTED)
            return
        if (gate := self._gate(node.id)) is not None:
            self._enter_gate(gate)
            return
        if node.input.save_as:
            self.state.answers[node.input.save_as] = text
        context = self._run_actions(node.input.do, typed=text)
        self._enter(context.redirect or node.input.goto)

    def _typed_button(self, node: Node, text: str) -> None:
        """Typed instead of pressed: the button it names, if it names exactly one."""
        views = self._buttons(node)
        chosen = self.content.reader.button(
            text, [self._ways_of_writing(node, view) for view in views]
        )
        if chosen is not None:
            self._press(views[chosen].data)
        elif text.isdigit():  # a button's number, but no button has it: no question either
            self._count(tallies.TYPED_NOT_UNDERSTOOD)
            self._reprompt(texts.NOT_UNDERSTOOD)
        elif node.choose_language and self.state.language is None:
            self._first_contact(text)
        elif (meaning := self.content.reader.everyday(text)) is not None:
            self._everyday(node, meaning)
        elif not self._typed_taken(node, text):
            self._typed_question(text)

    def _typed_taken(self, node: Node, text: str) -> bool:
        """Whether the node's `typed:` actions recognised the text (a town while looking for
        help nearby) and went on with it."""
        if node.typed is None:
            return False
        context = self._context(typed=text)
        for name, params in node.typed.do.items():
            self.engine.actions.run(context, name, params)
        if context.declined:
            return False
        self._absorb(context)
        self._enter(context.redirect or node.typed.goto)
        return True

    def _first_contact(self, typed: str) -> None:
        """Typed before a language is chosen: asked, in the language the letters (or a greeting
        only one language has) suggest, if it is theirs (one tap chooses it), with every
        language one tap away; or the picker."""
        guessed = self.content.reader.language(typed)
        guess = self.content.translations.best_match(guessed)
        if guess is None:
            self._start(Start())
            return
        self.language_hint = guess
        self.t = self._translator()
        self.state.node = "start"  # so the language button below is the picker's own
        self._line(texts.IS_THIS_YOUR_LANGUAGE)
        self._attach(
            [
                ButtonView(language_name(guess), callback_data("start", guess)),
                ButtonView(self.t(texts.OTHER_LANGUAGES), LANGUAGES_CALLBACK),
            ]
        )

    def _everyday(self, node: Node, meaning: Everyday) -> None:
        match meaning:
            case Everyday.GREETING:
                self._reprompt(texts.GREETING)
            case Everyday.THANKS:
                self._reprompt(texts.THANKS)
            case Everyday.SAD:
                self._reprompt(texts.FEELING_LOW)
            case Everyday.HELP:
                self._enter("help")
            case Everyday.BACK if (back := self._back_button(node)) is not None:
                self._press(callback_data(node.id, back.ref))
            case _:
                self._enter("menu")

    def _back_button(self, node: Node) -> Button | None:
        return next((b for b in self._visible_buttons(node) if b.label == BACK_LABEL), None)

    def _typed_question(self, text: str) -> None:
        """A question typed at any screen: the topic if sure, a few to choose from if not."""
        guesses = self.content.reader.topics(text)
        if not guesses or guesses[0].score < CLOSE:
            self._count(tallies.TYPED_NOT_UNDERSTOOD)
            if not self._add_to_waiting_case(text):
                self._reprompt(texts.NOT_UNDERSTOOD)
            return
        best, rest = guesses[0], guesses[1:]
        if best.score >= CONFIDENT and (not rest or best.score - rest[0].score >= MARGIN):
            self._count(tallies.TYPED_TOPIC_FOUND)
            self.state.suggestions = [guess.topic for guess in rest]
            self._enter(best.topic)
            self._add_button(ButtonView(self.t(texts.NOT_WHAT_I_MEANT), NOT_MEANT_CALLBACK))
        else:
            self._count(tallies.TYPED_DID_YOU_MEAN)
            if not self._add_to_waiting_case(text):
                self._offer_topics([guess.topic for guess in guesses])

    def _count(self, metric: str) -> None:
        """Counted by the screen typed at, the language and the nation: never by who typed."""
        language = self.state.language or self.language_hint
        self.store.count(metric, self.state.node, language, self.state.nation, self.now)

    def _offer_topics(self, topics: list[str]) -> None:
        self._line(texts.DID_YOU_MEAN)
        offered = [
            ButtonView(self._topic_name(topic), TOPIC_PREFIX + topic)
            for topic in topics
            if (node := self.flows.node(topic)) is not None and node.ask
        ]
        offered.append(ButtonView(self.t(texts.HUMAN_BUTTON), HUMAN_CALLBACK))
        if self.state.consented:
            offered.append(ButtonView(self.t(texts.MENU_BUTTON), MENU_CALLBACK))
        self._attach(offered)

    def _topic_name(self, topic: str) -> str:
        return self._render(self.flows.nodes[topic].ask[0], self.flows.context(topic), {})

    def _add_button(self, button: ButtonView) -> None:
        last = self.replies[-1] if self.replies else None
        if isinstance(last, Message) and last.buttons:
            self.replies[-1] = Message(last.text, (*last.buttons, button))
        else:
            self._attach([button])

    def _ways_of_writing(self, node: Node, view: ButtonView) -> list[str]:
        """A button's label as shown, and in English, as a survivor might type it."""
        ways = [view.label]
        if node.choose_language:
            ways.append(english_language_name(view.data.rpartition("/")[2]))
        english = {MENU_CALLBACK: texts.MENU_BUTTON, HUMAN_CALLBACK: texts.HUMAN_BUTTON}
        english |= {callback_data(node.id, b.ref): b.label for b in node.buttons}
        if view.data in english:
            ways.append(english[view.data])
        return ways

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

    def _typed_pick(self, node: Node, text: str) -> None:
        assert node.pick is not None
        if (gate := self._gate(node.id)) is not None:
            self._enter_gate(gate)
            return
        picker = self.engine.actions.picker(node.pick.options)
        value = picker.read(text, self._pick_view())
        if value is None:
            self._count(tallies.TYPED_NOT_UNDERSTOOD)
            self._reprompt(picker.typing_hint)
            return
        self._picked(node, value, typed=True)

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

    def _pick_view(self) -> PickView:
        return PickView(
            self.state, self.store, self.now, self.t, formatting_locale(self.t.language)
        )

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

    # moving between nodes

    def _gate(self, node_id: str) -> str | None:
        """Where a survivor must go first before reaching `node_id`, if anywhere."""
        if self._needs_consent(self.flows.nodes[node_id]):
            return self._consent_first()
        if self.state.consent_check_due(self.now) and not self._first_contact_screen(node_id):
            return "consent_check"
        return None

    def _first_contact_screen(self, node_id: str) -> bool:
        """Language, consent, help, /mydata, /forget: reachable by anyone at any time."""
        return self.flows.flow_of_node[node_id] == self.flows.flow_of_node["start"]

    def _enter_gate(self, gate: str) -> None:
        self._say_why(gate)
        self._enter(gate)

    def _say_why(self, gate: str) -> None:
        """Someone who said no, or has not said yes, and asks for what keeps something: the
        consent screen comes with why, so it does not read as starting over."""
        if self.state.language is not None and gate == self._branch(self.flows.nodes["start"]):
            self._line(texts.CONSENT_FIRST)

    def _needs_consent(self, node: Node) -> bool:
        """Reading needs no consent; keeping or sharing anything about the survivor does: a
        flow marked so, or a node whose own actions or typed answer keep something."""
        actions = self.engine.actions
        typed = node.input or node.typed
        return (
            self.flows.consent_required(node.id)
            or actions.need_consent(node.do)
            or (typed is not None and actions.need_consent(typed.do))
            or (node.input is not None and node.input.save_as is not None)
        )

    def _consent_first(self) -> str | None:
        if self.state.language is None:
            return "start"
        if not self.state.consented:
            return self._branch(self.flows.nodes["start"])
        if self.state.consent_check_due(self.now):
            return "consent_check"
        return None

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
        self._say(node)
        if redirect is not None:
            self._enter(redirect, depth=depth + 1)
            return
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

    def _explain(self, entry_id: str) -> None:
        """A glossary entry beside the screen: the survivor stays on that screen (no consent
        needed to read), and Back shows it again without running its actions."""
        entry = self.flows.node(entry_id)
        if entry is None or not entry.term or self.state.language is None:
            self._reprompt(texts.BUTTON_GONE)
            return
        self._say(entry)
        screen = self.state.node if self.flows.node(self.state.node) else "menu"
        self._attach(
            [
                ButtonView(self.t(BACK), BACK_PREFIX + screen),
                ButtonView(self.t(texts.MENU_BUTTON), MENU_CALLBACK),
            ]
        )

    def _back_from_explanation(self, node_id: str) -> None:
        node = self.flows.node(node_id)
        if node is None or node.term or self.state.language is None:
            self._reprompt(texts.BUTTON_GONE)
            return
        self._enter(node_id, run_actions=False)

    def _note_topic(self, node_id: str) -> None:
        """Remember which topics were read (not the menu), for a caseworker if shared."""
        flow = self.flows.flow_of_node[node_id]
        topics = self.state.topics
        if (
            self.state.consented
            and flow != self.flows.flow_of_node["menu"]
            and not self._first_contact_screen(node_id)
            and flow not in topics
        ):
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

    # building replies

    def _attributes(self) -> tuple[str | None, str | None, str | None]:
        return self.state.nation, self.state.age_group, self.state.language

    def _line(self, source: str | Plural, context: str | None = None, **values: object) -> None:
        self.replies.append(Message(self._render(source, context, values)))

    def _render(
        self, source: str | Plural, context: str | None, values: Mapping[str, object]
    ) -> str:
        fields = {**self.engine.variables, **values}
        if isinstance(source, Plural):
            number = values[source.count]
            assert isinstance(number, int | float | Decimal)
            english = source.singular if form_index("en", number) == 0 else source.plural
            translated = counted(self.t, source, number, context)
            # The number as the survivor's language writes it (Babel: grouping, digits).
            fields[source.count] = format_decimal(number, locale=formatting_locale(self.t.language))
            source = english
        else:
            translated = self.t(source, context)
        if "{" not in translated:
            return translated
        try:
            return fill(translated, fields)
        except ValueError:
            # A translation with a broken placeholder: the English source is better than nothing.
            return fill(source, fields)

    def _visible_buttons(self, node: Node) -> list[Button]:
        attributes = self._attributes()
        return [b for b in node.buttons if b.when is None or b.when.matches(*attributes)]

    def _buttons(self, node: Node) -> list[ButtonView]:
        if node.pick is not None:
            picker = self.engine.actions.picker(node.pick.options)
            views = [
                ButtonView(option.label, callback_data(node.id, option.value), picker.columns)
                for option in picker.options(self._pick_view())
            ]
        elif node.choose_language:
            views = [
                ButtonView(language_name(code), callback_data(node.id, code))
                for code in self._languages_hint_first()
            ]
        else:
            context = self.flows.context(node.id)
            views = [
                ButtonView(self._render(b.label, context, {}), callback_data(node.id, b.ref))
                for b in self._visible_buttons(node)
            ]
        views.extend(self._term_buttons(node))
        if self._offers_menu(node):
            if node.person_button and not node.asks_for_person:
                views.append(ButtonView(self.t(texts.HUMAN_BUTTON), HUMAN_CALLBACK))
            views.append(ButtonView(self.t(texts.MENU_BUTTON), MENU_CALLBACK))
        return views

    def _term_buttons(self, node: Node) -> list[ButtonView]:
        """The "What does … mean?" button for the first glossary term in the English the
        screen shows; emergency screens keep only what gets help now."""
        if (
            not node.glossary
            or node.choose_language
            or node.id in self._emergency_screens()
            or self.state.language is None
        ):
            return []
        english = [text for say in self._said(node) for text in (say.text, say.plural) if text]
        views = []
        for entry_id in self.flows.glossary.terms_in(english)[:TERM_BUTTONS]:
            term = self.flows.nodes[entry_id].term[0]
            name = self._render(term, self.flows.context(entry_id), {})
            label = self._render(WHAT_DOES_IT_MEAN, None, {"term": name})
            views.append(ButtonView(label, TERM_PREFIX + entry_id))
        return views

    def _emergency_screens(self) -> set[str]:
        danger = self.flows.nodes["danger"]
        return {SAFETY_CHECK, danger.id, *(branch.goto for branch in danger.next)}

    def _languages_hint_first(self) -> list[str]:
        languages = list(self.content.translations.languages)
        if self.language_hint in languages:
            languages.remove(self.language_hint)
            languages.insert(0, self.language_hint)
        return languages

    def _offers_menu(self, node: Node) -> bool:
        return (
            node.menu_button
            and node.id != "menu"
            and self.state.language is not None
            and not self.erased
            and not self._first_contact_screen(node.id)
        )

    def _attach(self, buttons: list[ButtonView]) -> None:
        """Buttons go under the last message, so they sit at the bottom of the screen."""
        if not buttons:
            return
        last = self.replies[-1] if self.replies else None
        if isinstance(last, Message) and not last.buttons:
            self.replies[-1] = Message(last.text, tuple(buttons))
        else:
            self.replies.append(Message(self.t(texts.USE_BUTTONS), tuple(buttons)))

    def _reprompt(self, kind_line: str) -> None:
        """A kind line that changes nothing, with the current node's buttons to carry on."""
        node = self.flows.node(self.state.node)
        if node is None or self.state.language is None:
            self._line(kind_line)
            self._start(Start())
            return
        self._line(kind_line)
        self._attach(self._buttons(node))
