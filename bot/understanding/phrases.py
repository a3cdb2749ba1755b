"""A small language for phrases, and a matcher that finds them in a message quickly.

A phrase is words separated by spaces, each word a *slot*:

- `kill`: the word, with one typing mistake forgiven in longer words (see `Typos`);
- `kill*`, `*tlouni`, `y*tl*`: `*` stands for any letters;
- `=tự`: exactly as written, accents and all (for languages that keep accents);
- `kill|hurt|beat*`: any one of them; `going_to|gonna`: `_` joins words into one choice;
- `really?`: may be left out;
- `...`: up to three other words may stand here.

Phrases and messages are folded alike (`folding.fold`), so case, accents, keyboard variants and
invisible characters do not matter. Each phrase is looked up only where its first slot matches,
found through indexes, so a long message costs little more than a short one.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.understanding.folding import Folded, fold

GAP_WORDS = 3


class PhraseError(ValueError):
    """A phrase that cannot be read; the message says what is wrong, for an administrator."""


@dataclass(frozen=True)
class Typos:
    """How many wrong letters a word forgives: none below `one_from` letters (0: never)."""

    one_from: int = 5
    two_from: int = 9

    def allowed(self, length: int) -> int:
        if self.one_from == 0 or length < self.one_from:
            return 0
        return 2 if length >= max(self.two_from, self.one_from + 3) else 1


@dataclass(frozen=True)
class Word:
    plain: str
    toned: str | None
    """The word with its accents, for a language that keeps them; None where accents never count."""
    strict: bool
    typos: int

    def matches(self, folded: Folded, index: int) -> bool:
        if self.toned is not None and folded.marked(index):
            return self._same(folded.toned[index], self.toned, typos=0)
        if self.strict:
            # "=word" without accents: exactly this, typed without accents too.
            exact = self.toned is None and not folded.marked(index)
            return exact and self._same(folded.plain[index], self.plain, typos=0)
        return self._same(folded.plain[index], self.plain, self.typos)

    def _same(self, typed: str, wanted: str, typos: int) -> bool:
        if "*" in wanted:
            return _glob(wanted).fullmatch(typed) is not None
        if typed == wanted:
            return True
        # Typos rarely hit the first letter; requiring it keeps "fill" from matching "kill".
        return (
            typos > 0
            and typed[:1] == wanted[:1]
            and abs(len(typed) - len(wanted)) <= typos
            and edit_distance(typed, wanted, typos) <= typos
        )


@dataclass(frozen=True)
class Slot:
    choices: tuple[tuple[Word, ...], ...]
    optional: bool = False
    gap: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    slots: tuple[Slot, ...]
    label: object
    """What the phrase means to whoever loaded it (a category, a rule's place in a file)."""


@dataclass(frozen=True)
class Found:
    phrase: Phrase
    start: int
    end: int


def parse(text: str, label: object, typos: Typos, keep_accents: bool) -> Phrase:
    slots: list[Slot] = []
    for token in text.split():
        if token == "...":
            slots.append(Slot((), gap=True))
            continue
        optional = token.endswith("?") and len(token) > 1
        body = token.removesuffix("?") if optional else token
        choices = tuple(_choice(choice, typos, keep_accents) for choice in body.split("|"))
        if any(not choice for choice in choices):
            raise PhraseError(f"{token!r} has an empty choice")
        slots.append(Slot(choices, optional))
    if not slots or slots[0].gap or slots[0].optional:
        raise PhraseError(f"{text!r} must start with a word that is always there")
    if slots[-1].gap:
        raise PhraseError(f"{text!r} must not end with '...'")
    return Phrase(text, tuple(slots), label)


def _choice(text: str, typos: Typos, keep_accents: bool) -> tuple[Word, ...]:
    words: list[Word] = []
    for part in text.split("_"):
        strict = part.startswith("=")
        part = part.removeprefix("=")
        if "*" in part:
            words.append(_wildcard(part, text, strict, keep_accents))
            continue
        folded = _fold_piece(part)
        for plain, toned in zip(folded.plain, folded.toned, strict=True):
            keeps = keep_accents and toned != plain
            allowed = typos.allowed(len(plain))
            words.append(Word(plain, toned if keeps else None, strict, allowed))
    return tuple(words)


# The same words recur across thousands of phrases: folded once each.
_fold_piece = functools.lru_cache(maxsize=65_536)(fold)


def _wildcard(part: str, text: str, strict: bool, keep_accents: bool) -> Word:
    pieces = [_fold_piece(piece) for piece in part.split("*")]
    if any(len(piece.plain) > 1 for piece in pieces) or not any(piece.plain for piece in pieces):
        raise PhraseError(f"{text!r}: a word with '*' must be one word with some letters")
    plain = "*".join(piece.plain[0] if piece.plain else "" for piece in pieces)
    toned = "*".join(piece.toned[0] if piece.toned else "" for piece in pieces)
    keeps = keep_accents and toned != plain
    return Word(plain, toned if keeps else None, strict, 0)


@functools.cache
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\w*".join(re.escape(piece) for piece in pattern.split("*")))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours counts once), capped at limit+1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass
class _Index:
    """Phrase words by their letters: exactly, by the letters before a `*`, and by the words
    one or two letters shorter (so a typo is found by lookups, then checked)."""

    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    prefixes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    prefix_lengths: set[int] = field(default_factory=set)
    near: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    anywhere: list[int] = field(default_factory=list)

    def add(self, key: str, word: Word, word_id: int) -> None:
        if "*" not in key:
            self.exact[key].append(word_id)
            for variant in _deletions(key, word.typos):
                self.near[variant].append(word_id)
        elif key.index("*") > 0:
            prefix = key[: key.index("*")]
            self.prefixes[prefix].append(word_id)
            self.prefix_lengths.add(len(prefix))
        else:
            self.anywhere.append(word_id)

    def candidates(self, typed: str) -> set[int]:
        found: set[int] = set(self.anywhere)
        found.update(self.exact.get(typed, ()))
        for length in self.prefix_lengths:
            if length <= len(typed):
                found.update(self.prefixes.get(typed[:length], ()))
        for variant in _deletions(typed, 2 if len(typed) >= 7 else 1):
            found.update(self.near.get(variant, ()))
        return found


def _deletions(word: str, distance: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 1}
        found |= frontier
    return found


@dataclass(frozen=True)
class _Slot:
    """A slot as the ids of its words: one-word choices as a set, checked in one step."""

    single: frozenset[int]
    multi: tuple[tuple[int, ...], ...]
    optional: bool
    gap: bool


class _Vocabulary:
    """Every distinct word of every phrase. A message's word is looked up in indexes, never
    compared with each word in turn, and what it matches is remembered for the next message."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self._ids: dict[Word, int] = {}
        # Three views of a typed word: its plain form; with marks, its toned form; without, its
        # plain form looked up among words that keep accents (matching them unless strict).
        self._plain, self._toned, self._unmarked = _Index(), _Index(), _Index()
        self._cache: dict[tuple[str, str], frozenset[int]] = {}

    def id_of(self, word: Word) -> int:
        known = self._ids.get(word)
        if known is not None:
            return known
        word_id = self._ids[word] = len(self.words)
        self.words.append(word)
        if word.toned is None:
            self._plain.add(word.plain, word, word_id)
        else:
            self._toned.add(word.toned, word, word_id)
            if not word.strict:
                self._unmarked.add(word.plain, word, word_id)
        return word_id

    def matching(self, folded: Folded, index: int) -> frozenset[int]:
        key = (folded.plain[index], folded.toned[index])
        cached = self._cache.get(key)
        if cached is None:
            candidates = self._plain.candidates(key[0])
            other = self._toned if folded.marked(index) else self._unmarked
            candidates |= other.candidates(key[1])
            cached = frozenset(i for i in candidates if self.words[i].matches(folded, index))
            if len(self._cache) > 50_000:  # a bound, so odd input cannot grow memory
                self._cache.clear()
            self._cache[key] = cached
        return cached


class PhraseSet:
    """Many phrases, found in a message at once."""

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self._words = _Vocabulary()
        self._compiled = [tuple(self._compile(slot) for slot in p.slots) for p in phrases]
        self._starts: dict[int, list[int]] = defaultdict(list)
        for phrase_id, slots in enumerate(self._compiled):
            first = slots[0]
            for word_id in {*first.single, *(choice[0] for choice in first.multi)}:
                self._starts[word_id].append(phrase_id)

    def _compile(self, slot: Slot) -> _Slot:
        single = frozenset(self._words.id_of(c[0]) for c in slot.choices if len(c) == 1)
        multi = tuple(
            tuple(self._words.id_of(word) for word in c) for c in slot.choices if len(c) > 1
        )
        return _Slot(single, multi, slot.optional, slot.gap)

    def find(self, folded: Folded) -> Iterator[Found]:
        """Every place each phrase is found, in the order of the message (a "not" or an
        everyday phrase applies where it stands, so every place counts)."""
        found = _Matches(folded, self._words)
        for start in range(found.length):
            starting = {p for w in found.at(start) for p in self._starts.get(w, ())}
            for phrase_id in sorted(starting):
                end = found.match(self._compiled[phrase_id], 0, start)
                if end is not None:
                    yield Found(self.phrases[phrase_id], start, end)


class _Matches:
    """Which phrase words each word of one message matches, worked out when first asked."""

    def __init__(self, folded: Folded, words: _Vocabulary) -> None:
        self.folded, self.words = folded, words
        self.length = len(folded.plain)
        self._at: list[frozenset[int] | None] = [None] * self.length

    def at(self, index: int) -> frozenset[int]:
        known = self._at[index]
        if known is None:
            known = self._at[index] = self.words.matching(self.folded, index)
        return known

    def match(self, slots: tuple[_Slot, ...], slot_index: int, index: int) -> int | None:
        """Where the phrase ends if `slots[slot_index:]` match from word `index`, else None."""
        if slot_index == len(slots):
            return index
        slot = slots[slot_index]
        if slot.gap:
            for skip in range(min(GAP_WORDS, self.length - index) + 1):
                end = self.match(slots, slot_index + 1, index + skip)
                if end is not None:
                    return end
            return None
        here = self.at(index) if index < self.length else frozenset()
        if not slot.single.isdisjoint(here):
            end = self.match(slots, slot_index + 1, index + 1)
            if end is not None:
                return end
        for choice in slot.multi:
            stop = index + len(choice)
            if (
                choice[0] in here
                and stop <= self.length
                and all(word in self.at(index + k) for k, word in enumerate(choice[1:], 1))
            ):
                end = self.match(slots, slot_index + 1, stop)
                if end is not None:
                    return end
        if slot.optional:
            return self.match(slots, slot_index + 1, index)
        return None
