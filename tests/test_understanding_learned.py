"""The learned second look at danger: trained from the content, read without a learning library."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.engine.reading import Tier
from bot.understanding.danger import LEARNED, DangerDetector, load_phrases
from bot.understanding.everyday import EverydayWords
from bot.understanding.folding import words
from bot.understanding.learned import MODEL_FILE, LearnedModel, features, script_of
from bot.understanding.learning import FALSE_ALARMS_ALLOWED, digest_of, read_examples, train
from bot.understanding.reader import Understanding
from bot.understanding.topics import BackgroundIndex

FLOWS = PROJECT_ROOT / "flows"
SHIPPED = LearnedModel.load(FLOWS / "danger" / MODEL_FILE)
EXAMPLES = read_examples(FLOWS)
DETECTOR = load_phrases(FLOWS / "danger").detector


def test_the_shipped_model_was_trained_on_the_current_examples():
    assert SHIPPED.digest == digest_of(EXAMPLES), (
        "flows/danger/examples/, flows/questions/ or an `ask:` changed since the model was "
        "trained: run `./dev flows learn-danger` and commit flows/danger/learned.tsv.gz"
    )


def test_the_shipped_model_leaves_its_ordinary_examples_alone_in_every_language():
    flagged: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for example in EXAMPLES:
        if not example.danger:
            total[example.language] += 1
            read = words(example.text)
            flagged[example.language] += SHIPPED.score(read, example.language).noticed
    assert {
        lang: flagged[lang] / total[lang]
        for lang in total
        if flagged[lang] / total[lang] > FALSE_ALARMS_ALLOWED
    } == {}


@pytest.fixture(scope="module")
def english_model() -> LearnedModel:
    """A model trained here, on the English examples only, to test training itself."""
    return train([e for e in EXAMPLES if e.language == "en"])


def test_a_trained_model_notices_danger_said_in_words_it_never_saw(english_model):
    # None of these sentences is an example; their words are.
    for text in ("those men said they would burn my face", "the boss hits us when we are slow"):
        verdict = english_model.score(words(text))
        assert verdict.noticed and verdict.words, text


def test_a_trained_model_leaves_ordinary_questions_alone(english_model):
    for text in ("where is the nearest library", "how do i register with a doctor"):
        assert not english_model.score(words(text)).noticed, text


def test_saving_and_loading_keeps_every_score(english_model, tmp_path: Path):
    english_model.save(tmp_path / MODEL_FILE)
    again = LearnedModel.load(tmp_path / MODEL_FILE)
    for text in ("they will find me", "can i work", "ma bat lam viec khong luong"):
        assert again.score(words(text)).probability == pytest.approx(
            english_model.score(words(text)).probability, abs=1e-4
        )
    assert again.digest == english_model.digest and again.thresholds == english_model.thresholds


def test_saving_twice_writes_the_same_bytes(english_model, tmp_path: Path):
    english_model.save(tmp_path / "a")
    english_model.save(tmp_path / "b")
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


def test_pieces_are_read_after_the_same_folding_as_the_phrase_lists():
    assert features("CHẾT") == features("chet")
    assert " ch" in features("chet") and "het " in features("chet")


def test_what_only_the_model_notices_is_possible_danger_explained_by_its_words(english_model):
    detector = DangerDetector([], english_model)  # no phrase at all: the model alone
    found = detector.detect("those men said they would burn my face")
    assert found is not None and found.tier is Tier.POSSIBLE and found.category == LEARNED
    assert found.source == MODEL_FILE and "most from" in found.explain()
    assert detector.detect("where is the nearest library") is None


@pytest.mark.parametrize("text", ["no", "ok then", "mệt muốn chết"])
def test_short_answers_and_everyday_phrases_get_no_second_look(text):
    assert DETECTOR.detect(text) is None


def test_a_broken_model_file_names_the_file_and_what_to_do(tmp_path: Path):
    (tmp_path / "en.yaml").write_text(
        "language: en\nreviewed_by_native_speaker: false\nclear:\n  in_danger:\n    - in danger\n"
    )
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    loaded = load_phrases(tmp_path)
    assert [(p.path.name, p.line) for p in loaded.problems] == [(MODEL_FILE, 1)]
    assert "learn-danger" in loaded.problems[0].message
    assert loaded.detector.detect("I am in danger") is not None


def test_each_script_is_asked_about_from_its_own_threshold():
    # Fewer examples in Ge'ez letters make the model less sure of itself there than in Latin
    # ones; one threshold for all would be set by whichever script it is least sure in.
    scripts = {"latin", "arabic", "ethiopic", "other"}
    assert scripts <= set(SHIPPED.thresholds)
    assert SHIPPED.thresholds["other"] == max(SHIPPED.thresholds[s] for s in scripts)
    assert script_of(words("ሰላም ሓገዝ ደልየ")) == "ethiopic"
    assert script_of(words("انا خايف")) == "arabic" and script_of(words("m-a batut")) == "latin"
    assert script_of(words("😢 123")) == "other"


def test_a_survivor_is_heard_from_their_own_languages_threshold():
    # Pashto's ordinary examples score highest of the Arabic-script languages; the script's one
    # threshold is set by them, and Arabic speakers would be heard less well under it.
    arabic_script = SHIPPED.threshold("arabic")
    assert SHIPPED.threshold("arabic", "ar") < arabic_script
    assert SHIPPED.threshold("arabic", "ps") <= arabic_script
    # A language with too few examples in a script, or none, is held to the script's.
    assert SHIPPED.threshold("arabic", "en") == arabic_script
    assert SHIPPED.threshold("arabic", None) == arabic_script


def test_the_language_threshold_decides_between_asking_and_not(english_model):
    read = words("those men said they would burn my face")
    probability = english_model.score(read).probability
    model = LearnedModel(
        english_model.weights,
        english_model.intercept,
        {"latin": 0.999, "other": 0.999, "en latin": probability - 0.01},
        english_model.digest,
    )
    assert model.score(read, "en").noticed
    assert not model.score(read, "ro").noticed and not model.score(read).noticed
    detector = DangerDetector([], model)
    assert detector.detect("those men said they would burn my face", "en") is not None
    assert detector.detect("those men said they would burn my face") is None


def test_whole_words_and_pairs_of_words_are_read_beside_pieces():
    read = features("burn my face")
    assert "<burn>" in read and "<burn>_<my>" in read and "<my>_<face>" in read
    assert " bu" in read and "<face>_<burn>" not in read


def test_the_reader_hears_a_survivor_from_the_language_they_chose(english_model):
    text = "those men said they would burn my face"
    probability = english_model.score(words(text)).probability
    thresholds = {"latin": 0.999, "other": 0.999, "en latin": probability - 0.01}
    model = LearnedModel(english_model.weights, english_model.intercept, thresholds, "")
    reader = Understanding(DangerDetector([], model), EverydayWords(), BackgroundIndex(()))
    assert reader.danger(text, "en") is not None
    assert reader.danger(text, None) is None and reader.danger(text, "sq") is None
