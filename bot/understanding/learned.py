"""A learned second look at messages the danger phrase lists say nothing about.

Phrase lists are exact and explainable but only as wide as their authors' imagination: a
survivor who says it another way gets nothing. This model was trained (`waypost flows
learn-danger`, see `bot/understanding/learning.py`) on the example messages in
flows/danger/examples/, the typed questions in flows/questions/ and the everyday words, from
pieces of words two to five letters long (so it carries over to spellings and endings nobody
listed), whole words and pairs of words side by side (so "burn my face" weighs more than "burn"
and "face" apart). It only ever asks "Are you safe right now?": clear danger, with its urgent
case, stays the phrase lists' call.

The model is a file of weights (flows/danger/learned.tsv.gz): scoring is a sum, in plain Python,
with no learning library at run time. The file records a digest of the examples it was trained
on, so a test can tell when it needs training again.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.understanding.folding import words

MODEL_FILE = "learned.tsv.gz"
OTHER_SCRIPT = "other"
"""Where a script had too few examples for a threshold of its own: the strictest threshold."""
FEWEST_WORDS = 2
"""The model reads sentences: on one word ("no", "ok") it has too little to go on, and a
one-word plea is the phrase lists' to catch. Two words already say a lot ("kill myself")."""
SMALLEST, LARGEST = 2, 5
"""Lengths of the word pieces the model reads, a space marking each end of a word."""


def pieces(word: str) -> Iterable[str]:
    padded = f" {word} "
    for size in range(SMALLEST, LARGEST + 1):
        for start in range(len(padded) - size + 1):
            yield padded[start : start + size]


def features(text: str) -> list[str]:
    """What the model reads in `text`, after the same folding as the phrase lists (accents,
    letter variants, invisible characters): the model and the lists read one text."""
    return features_of(words(text))


def features_of(folded_words: Sequence[str]) -> list[str]:
    return [
        *(piece for word in folded_words for piece in pieces(word)),
        *(whole(word) for word in folded_words),
        *(pair(first, second) for first, second in itertools.pairwise(folded_words)),
    ]


def whole(word: str) -> str:
    # Angle brackets never occur in a folded word, so a whole word is never taken for a piece.
    return f"<{word}>"


def pair(first: str, second: str) -> str:
    return f"<{first}>_<{second}>"


def script_of(folded_words: Sequence[str]) -> str:
    """The writing system most of a message's letters are in ("latin", "arabic", "ethiopic"),
    or "other" when it has no letters: each is asked "Are you safe?" from its own threshold."""
    counts: Counter[str] = Counter(
        unicodedata.name(letter, "other").split(" ")[0].lower()
        for word in folded_words
        for letter in word
        if letter.isalpha()
    )
    return counts.most_common(1)[0][0] if counts else OTHER_SCRIPT


RECIPE = "pieces 2-5, whole words, pairs of words; thresholds per script and language"
"""How a model is read and trained: part of the digest, so changing it asks for training again."""


def examples_digest(examples: Iterable[tuple[str, bool]]) -> str:
    """Names the examples a model was trained on, in any order, and how it was trained."""
    lines = [RECIPE, *sorted(f"{int(danger)}\t{text}" for text, danger in examples)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Weight:
    rarity: float  # inverse document frequency: how rare the piece was in the examples
    danger: float  # how much the piece, once weighted, leans towards danger


@dataclass(frozen=True)
class Verdict:
    probability: float
    noticed: bool
    """Above the threshold for the message's language and script."""
    words: tuple[str, ...]
    """The words that leaned most towards danger, to explain a finding above the threshold."""


class LearnedModel:
    def __init__(
        self,
        weights: dict[str, Weight],
        intercept: float,
        thresholds: dict[str, float],
        digest: str,
    ) -> None:
        self.weights = weights
        self.intercept = intercept
        self.thresholds = thresholds
        """Keyed by script ("arabic") and by language and script ("ps arabic"), chosen at training
        so that, in cross-validation, at most a small share of a language's ordinary examples in
        that script would have been asked "Are you safe?". Scores are not equally sure in every
        language: one threshold for a whole script is set by its least sure language (Pashto for
        Arabic letters), and would leave Arabic, Persian and Sorani speakers less well heard."""
        self.digest = digest

    def threshold(self, script: str, language: str | None = None) -> float:
        """The threshold for `language` in `script` when training had enough of its ordinary
        examples; otherwise the script's, which holds for every language written in it."""
        own = self.thresholds.get(f"{language} {script}") if language else None
        if own is not None:
            return own
        return self.thresholds.get(script, self.thresholds[OTHER_SCRIPT])

    def score(self, folded_words: Sequence[str], language: str | None = None) -> Verdict:
        """How likely a message (as `folding.words` gives it), written by someone who chose
        `language`, is to be about danger: logistic regression over sublinear tf-idf of what
        `features_of` reads, normalised to length one, the same arithmetic as the library the
        weights were trained with."""
        # Each distinct word is cut into pieces once: long messages repeat their words.
        per_word = {word: self._known([*pieces(word), whole(word)]) for word in set(folded_words)}
        counts: Counter[str] = Counter()
        for word, times in Counter(folded_words).items():
            for feature in per_word[word]:
                counts[feature] += times
        pairs = self._known(pair(a, b) for a, b in itertools.pairwise(folded_words))
        counts.update(pairs)
        weighted = {
            feature: (1 + math.log(count)) * self.weights[feature].rarity
            for feature, count in counts.items()
        }
        norm = math.sqrt(sum(value * value for value in weighted.values())) or 1.0
        total = sum(value * self.weights[feature].danger for feature, value in weighted.items())
        probability = _sigmoid(self.intercept + total / norm)
        if probability <= self.threshold(script_of(folded_words), language):
            return Verdict(probability, False, ())
        leaning = {
            word: sum(weighted[feature] * self.weights[feature].danger for feature in set(found))
            for word, found in per_word.items()
        }
        top = sorted((w for w, lean in leaning.items() if lean > 0), key=leaning.__getitem__)
        return Verdict(probability, True, tuple(reversed(top[-2:])))

    def _known(self, features: Iterable[str]) -> list[str]:
        return [feature for feature in features if feature in self.weights]

    def save(self, path: Path) -> None:
        lines = [
            "# Waypost's learned danger model, from `waypost flows learn-danger`: do not edit.",
            f"# digest\t{self.digest}",
            f"# intercept\t{self.intercept!r}",
        ]
        lines += [
            f"# threshold {key}\t{threshold!r}"
            for key, threshold in sorted(self.thresholds.items())
        ]
        lines += [
            f"{piece}\t{weight.rarity:.6g}\t{weight.danger:.6g}"
            for piece, weight in sorted(self.weights.items())
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        # mtime=0: the same model makes the same bytes, so git sees no change.
        path.write_bytes(gzip.compress(data, mtime=0))

    @classmethod
    def load(cls, path: Path) -> LearnedModel:
        header: dict[str, str] = {}
        weights: dict[str, Weight] = {}
        for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
            if line.startswith("# "):
                key, _, value = line[2:].partition("\t")
                header[key] = value
                continue
            piece, rarity, danger = line.split("\t")
            weights[piece] = Weight(float(rarity), float(danger))
        thresholds = {
            key.removeprefix("threshold "): float(value)
            for key, value in header.items()
            if key.startswith("threshold ")
        }
        return cls(weights, float(header["intercept"]), thresholds, header["digest"])


def _sigmoid(logit: float) -> float:
    if logit < -30:
        return 0.0
    return 1 / (1 + math.exp(-logit))
