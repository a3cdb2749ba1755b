"""Training the learned danger model from the examples in the content.

Run by administrators (`waypost flows learn-danger`) after changing flows/danger/examples/,
flows/questions/ or a node's `ask:` questions; needs scikit-learn, which the bot itself does
not. Danger and possible-danger examples are what the model should notice; ordinary examples,
typed questions and everyday words (greetings, thanks, "menu") are what it should leave alone.
The held-out sets in tests/evaluation/ are never read here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.understanding.folding import words
from bot.understanding.learned import (
    FEWEST_WORDS,
    OTHER_SCRIPT,
    LearnedModel,
    Weight,
    examples_digest,
    features,
    script_of,
)

DANGER_EXAMPLES = Path("danger") / "examples"
QUESTIONS = "questions"
EVERYDAY = "everyday"
NOT_ORDINARY = {"language", "reviewed_by_native_speaker", "help"}
"""Keys of an everyday words file that are not ordinary messages: a cry for help may be danger."""
FALSE_ALARMS_ALLOWED = 0.02
"""In cross-validation, the share of any one language's ordinary examples the model may flag."""
FEWEST_FOR_OWN_SHARE = 100
"""A language with fewer ordinary examples than this in a script (romanised Amharic, Arabic
typed in Latin letters) is judged together with the other such languages of that script: one
false alarm in 14 examples says little, and would set the whole script's threshold alone."""
FEWEST_FOR_OWN_THRESHOLD = 300
"""A script with fewer ordinary examples than this in all has no threshold of its own."""
STRENGTH = 16.0
"""Inverse regularisation: measured on the held-out sets, 8-32 differ little; 16 was best."""


@dataclass(frozen=True)
class Example:
    text: str
    danger: bool
    language: str


def read_examples(flows_dir: Path) -> list[Example]:
    examples = []
    for path in sorted((flows_dir / DANGER_EXAMPLES).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, danger in (("danger", True), ("possible", True), ("ordinary", False)):
            examples += [Example(text, danger, path.stem) for text in data.get(key) or ()]
    for path in sorted((flows_dir / QUESTIONS).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for questions in (data.get("topics") or {}).values():
            examples += [Example(text, False, path.stem) for text in questions]
    for path in sorted((flows_dir / EVERYDAY).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, texts in data.items():
            if key not in NOT_ORDINARY:
                examples += [Example(text, False, path.stem) for text in texts]
    for path in sorted(flows_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        examples += [Example(text, False, "en") for text in _asked(data)]
    return examples


def _asked(data: Any) -> Iterator[str]:
    """The `ask:` questions of every node in a flow file, written in English."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "ask" and isinstance(value, list):
                yield from (text for text in value if isinstance(text, str))
            else:
                yield from _asked(value)
    elif isinstance(data, list):
        for item in data:
            yield from _asked(item)


def digest_of(examples: list[Example]) -> str:
    return examples_digest((e.text, e.danger) for e in examples)


def train(examples: list[Example]) -> LearnedModel:
    # Imported here: only administrators training a model need scikit-learn.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    vectorizer = TfidfVectorizer(analyzer=features, min_df=2, sublinear_tf=True)
    matrix = vectorizer.fit_transform([e.text for e in examples])
    labels = [int(e.danger) for e in examples]
    model = LogisticRegression(C=STRENGTH, max_iter=5000, class_weight="balanced")
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    unseen = cross_val_predict(model, matrix, labels, cv=folds, method="predict_proba")[:, 1]
    thresholds = _thresholds(examples, list(unseen))
    model.fit(matrix, labels)
    weights = {
        piece: Weight(float(vectorizer.idf_[column]), float(model.coef_[0][column]))
        for piece, column in vectorizer.vocabulary_.items()
    }
    return LearnedModel(weights, float(model.intercept_[0]), thresholds, digest_of(examples))


def _thresholds(examples: list[Example], unseen: list[float]) -> dict[str, float]:
    """Per script, and per language in a script, the lowest probability at which ordinary
    examples, each scored by a model that never saw it, are not flagged more often than allowed.
    A language's own threshold holds for survivors who chose it; the script's holds for everyone
    else writing in it, so no language's examples there are flagged more often than allowed. A
    script with too few examples gets the strictest threshold, as does any script not seen. Only
    messages the model reads (`FEWEST_WORDS` words or more) count."""
    ordinary: dict[str, dict[str, list[float]]] = {}
    for example, probability in zip(examples, unseen, strict=True):
        folded = words(example.text)
        if not example.danger and len(folded) >= FEWEST_WORDS:
            by_language = ordinary.setdefault(script_of(folded), {})
            by_language.setdefault(example.language, []).append(probability)
    thresholds = {
        script: _threshold(by_language)
        for script, by_language in ordinary.items()
        if sum(map(len, by_language.values())) >= FEWEST_FOR_OWN_THRESHOLD
    }
    thresholds[OTHER_SCRIPT] = max(thresholds.values(), default=0.99)
    for script, by_language in ordinary.items():
        for language, scores in by_language.items():
            if script in thresholds and len(scores) >= FEWEST_FOR_OWN_SHARE:
                thresholds[f"{language} {script}"] = _threshold({language: scores})
    return thresholds


def _threshold(by_language: dict[str, list[float]]) -> float:
    groups: dict[str, list[float]] = {}
    for language, scores in by_language.items():
        groups.setdefault(language if len(scores) >= FEWEST_FOR_OWN_SHARE else "", []).extend(
            scores
        )
    for hundredths in range(50, 100):
        threshold = hundredths / 100
        if all(
            sum(p > threshold for p in scores) <= FALSE_ALARMS_ALLOWED * len(scores)
            for scores in groups.values()
        ):
            return threshold
    return 0.99
