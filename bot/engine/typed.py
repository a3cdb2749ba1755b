"""Typed instead of pressed: a button named, an everyday word, a first contact in some language,
or a question about a topic. The Reader (bot/engine/reading.py) reads; this decides.
"""

from __future__ import annotations

from bot import texts
from bot.engine import tallies
from bot.engine.events import Start
from bot.engine.reading import Everyday
from bot.engine.replies import ButtonView
from bot.engine.turn_parts import TurnParts
from bot.engine.typed_text import MAX_TYPED, clean
from bot.flowmodel.flowset import HUMAN_CALLBACK, MENU_CALLBACK, callback_data
from bot.flowmodel.schema import Button, Node
from bot.i18n.translator import english_language_name, language_name

BACK_LABEL = "Back"
"""The English label of the buttons that go back a step, as flows write it."""
TOPIC_PREFIX = "~topic/"
NOT_MEANT_CALLBACK = "~notmeant"
LANGUAGES_CALLBACK = "~languages"
# Cosine similarity of a typed question with a topic's closest example: sure enough to show
# the topic (and ahead of the next by a clear margin), or close enough to ask "Did you mean".
CONFIDENT, MARGIN, CLOSE = 0.8, 0.1, 0.45


class TypedText(TurnParts):
    """What typed text means on the screen it was typed at.

    One part of `TurnRunner` (bot/engine/turn.py), a mixin: its other steps are there.
    """

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
            self._typed(tallies.TYPED_NOT_UNDERSTOOD)
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

    def _typed_pick(self, node: Node, text: str) -> None:
        assert node.pick is not None
        if (gate := self._gate(node.id)) is not None:
            self._enter_gate(gate)
            return
        picker = self.engine.actions.picker(node.pick.options)
        value = picker.read(text, self._pick_view())
        if value is None:
            self._typed(tallies.TYPED_NOT_UNDERSTOOD)
            self._reprompt(picker.typing_hint)
            return
        self._picked(node, value, typed=True)

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
            self._typed(tallies.TYPED_NOT_UNDERSTOOD)
            if not self._add_to_waiting_case(text):
                self._reprompt(texts.NOT_UNDERSTOOD)
            return
        best, rest = guesses[0], guesses[1:]
        if best.score >= CONFIDENT and (not rest or best.score - rest[0].score >= MARGIN):
            self._typed(tallies.TYPED_TOPIC_FOUND)
            self.state.suggestions = [guess.topic for guess in rest]
            self._enter(best.topic)
            self._add_button(ButtonView(self.t(texts.NOT_WHAT_I_MEANT), NOT_MEANT_CALLBACK))
        else:
            self._typed(tallies.TYPED_DID_YOU_MEAN)
            if not self._add_to_waiting_case(text):
                self._offer_topics([guess.topic for guess in guesses])

    def _typed(self, metric: str) -> None:
        """Typed words are counted by the screen they were typed at."""
        self._count(metric, self.state.node or "")

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
