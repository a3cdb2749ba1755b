"""Which labelled examples a message is most like: the topic of a typed question.

A message is compared with every example, in every language, by the pieces of words they share
(three letters at a time, rarer pieces weighing more): misspellings, endings and word order
matter little, and no language needs its own rules. Each guess names the example it came from,
so a result can always be explained.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.understanding.folding import words

CONSIDERED = 50
"""Examples looked at for a guess: enough for every likely label to show twice."""
SECOND_WEIGHT = 0.3
MAX_WORDS = 40
"""Compared at most: past this, the rest of a long message is not (split it first)."""


@dataclass(frozen=True)
class Example:
    label: str
    text: str
    language: str


@dataclass(frozen=True)
class Guess:
    label: str
    score: float
    """Cosine similarity (0-1) with the closest example of the label, plus a little of the
    next closest (see `guesses`)."""
    example: Example
    """The example that came closest: why this label was guessed."""


class ExampleIndex:
    def __init__(self, examples: Iterable[Example]) -> None:
        self.examples = list(dict.fromkeys(examples))
        bags = [_features(example.text) for example in self.examples]
        documents = Counter(feature for bag in bags for feature in bag)
        total = len(bags) or 1
        self._idf = {
            feature: math.log((1 + total) / (1 + n)) + 1 for feature, n in documents.items()
        }
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, bag in enumerate(bags):
            weights = self._weights(bag)
            for feature, weight in weights.items():
                self._postings[feature].append((index, weight))

    def guesses(self, text: str, limit: int = 3) -> list[Guess]:
        """The closest labels, best first, each once: a label's score is its closest example's,
        plus a little of its second closest (two examples alike say more than one)."""
        found: dict[str, list[Guess]] = {}
        for guess in itertools.islice(self.nearest(text), CONSIDERED):
            found.setdefault(guess.label, []).append(guess)
        ranked = [
            Guess(
                label,
                near[0].score + SECOND_WEIGHT * (near[1].score if near[1:] else 0.0),
                near[0].example,
            )
            for label, near in found.items()
        ]
        return sorted(ranked, key=lambda guess: -guess.score)[:limit]

    def nearest(self, text: str) -> Iterator[Guess]:
        """Every example that shares anything with `text`, closest first."""
        bag = _features(" ".join(words(text)[:MAX_WORDS]))
        query = self._weights(bag)
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in query.items():
            for index, other in self._postings.get(feature, ()):
                scores[index] += weight * other
        for index, score in sorted(scores.items(), key=lambda item: -item[1]):
            example = self.examples[index]
            yield Guess(example.label, score, example)

    def _weights(self, bag: Counter[str]) -> dict[str, float]:
        weighted = {f: (1 + math.log(n)) * self._idf.get(f, 0.0) for f, n in bag.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {feature: weight / norm for feature, weight in weighted.items() if weight}


def _features(text: str) -> Counter[str]:
    bag: Counter[str] = Counter()
    for word in words(text):
        bag[word] += 1
        padded = f" {word} "
        bag.update(_trigrams(padded))
    return bag


def _trigrams(padded: str) -> Iterator[str]:
    for start in range(len(padded) - 2):
        yield padded[start : start + 3]
