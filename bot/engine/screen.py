"""The replies of a turn: lines translated and filled in, and buttons kept under the last line,
so they sit at the bottom of the survivor's screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from babel.numbers import format_decimal

from bot import texts
from bot.engine.events import Start
from bot.engine.pickers import PickView
from bot.engine.replies import ButtonView, Message
from bot.engine.turn_parts import TurnParts
from bot.flowmodel.flowset import HUMAN_CALLBACK, MENU_CALLBACK, callback_data
from bot.flowmodel.schema import Button, Node
from bot.i18n.filling import fill
from bot.i18n.plurals import Plural, form_index
from bot.i18n.translator import counted, formatting_locale, language_name


class Screen(TurnParts):
    """How lines and buttons become messages.

    One part of `TurnRunner` (bot/engine/turn.py), a mixin: its other steps are there.
    """

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

    def _pick_view(self) -> PickView:
        return PickView(
            self.state, self.store, self.now, self.t, formatting_locale(self.t.language)
        )

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

    def _add_button(self, button: ButtonView) -> None:
        last = self.replies[-1] if self.replies else None
        if isinstance(last, Message) and last.buttons:
            self.replies[-1] = Message(last.text, (*last.buttons, button))
        else:
            self._attach([button])

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

    def _reprompt(self, kind_line: str) -> None:
        """A kind line that changes nothing, with the current node's buttons to carry on."""
        node = self.flows.node(self.state.node)
        if node is None or self.state.language is None:
            self._line(kind_line)
            self._start(Start())
            return
        self._line(kind_line)
        self._attach(self._buttons(node))
