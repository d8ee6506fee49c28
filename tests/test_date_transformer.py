"""The date-transformer demo: it runs on the learner's chapter 8 layers offline, its one-pass accuracy is
greedy decoding's, its attention maps are causal weights, and its questions are right-aligned."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy
import pytest

from autograder import resources
from corpora.sequence import date_lines, split_lines
from test_demos import demo, every_need_passing, workspace  # noqa: F401 - the fixture
from workbench.demos import date_transformer


@pytest.fixture
def small_dates(tmp_path) -> Path:
    """1,200 lines of the date set in the book's format: 1,080 to train on, 120 to test."""
    path = tmp_path / "date.txt"
    path.write_text("\n".join(date_lines()[:1200]) + "\n", encoding="utf-8")
    return path


def test_it_trains_on_the_learners_layers_and_shows_every_head(workspace, small_dates, capsys):  # noqa: F811
    every_need_passing(workspace, "date-transformer")
    assert demo(workspace, "date-transformer", "--json", "--epochs", "2", "--corpus", str(small_dates)) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert set(result["layers"].values()) == {"learner"}
    assert {"TransformerBlock", "MultiHeadAttention", "ScaledDotProductAttention", "LayerNorm",
            "positional_encoding"} <= set(result["layers"])
    assert result["train_size"] == 1080 and result["test_size"] == 120 and result["sequence_length"] == 39
    assert [p["epoch"] for p in result["accuracy"]] == [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]
    assert result["loss_curve"][-1] < result["loss_curve"][0]
    # whole answers right one character at a time exactly when every character is the most likely one
    assert result["greedy_accuracy"] == result["final_accuracy"]
    heads = numpy.array(result["attention_maps"]["heads"])  # the last block's heads, the answer's rows
    assert heads.shape == (4, 10, 39)
    numpy.testing.assert_allclose(heads.sum(axis=-1), 1.0, atol=0.01)
    for k in range(10):  # the row writing answer character k + 1 sits at position 29 + k: nothing after it
        assert not heads[:, k, 30 + k:].any()
    assert len(result["attention_maps"]["columns"]) == 39 and result["attention_maps"]["columns"][29] == "_"
    for picture in result["pictures"]:
        assert Path(picture).stat().st_size > 0
    assert "block 2, head 4" in captured.err or "block 2, head 4" in captured.out


def test_a_missing_date_file_says_what_to_do(workspace, tmp_path, capsys):  # noqa: F811
    assert demo(workspace, "date-transformer", "--reference", "--corpus", str(tmp_path / "none.txt")) == 2
    assert "date.txt format" in capsys.readouterr().err


@pytest.fixture
def references(monkeypatch) -> dict:
    """The names the model is built of, from the references."""
    for root in (resources.compat_root(), resources.solutions_root()):
        monkeypatch.syspath_prepend(str(root))
    modules = {"TimeEmbedding": "ch05.time_layers", "TimeAffine": "ch05.time_layers",
               "TimeSoftmaxWithLoss": "ch05.time_layers", "LayerNorm": "ch08.transformer_block",
               "positional_encoding": "ch08.transformer_block", "TransformerBlock": "ch08.transformer_block"}
    return {name: getattr(importlib.import_module(module), name) for name, module in modules.items()}


def test_greedy_decoding_is_right_exactly_when_every_teacher_forced_character_is(references):
    data = split_lines(date_lines()[:40])
    numpy.random.seed(0)
    model = date_transformer.DateTransformer(references, data.vocab_size, 39, date_transformer.SETTINGS)
    questions = date_transformer.right_align(data.x_train[:12], data.char_to_id[" "])
    start = data.char_to_id["_"]
    written = model.generate(questions, start, 10)  # an untrained model's own greedy answers
    answers = numpy.concatenate([numpy.full((12, 1), start), written], axis=1)
    answers[3, 4] = (answers[3, 4] + 1) % data.vocab_size  # one answer that is not its greedy answer
    answers[7, 10] = (answers[7, 10] + 1) % data.vocab_size  # another, wrong at its last character
    inputs, _ = date_transformer.sequences(questions, answers)
    right = date_transformer.accuracy(model, inputs, answers[:, 1:])
    assert right.tolist() == [k not in (3, 7) for k in range(12)]
    greedy, _ = date_transformer.greedy(model, questions, answers)
    assert greedy.tolist() == right.tolist()


def test_questions_are_right_aligned_and_only_the_answer_is_learned():
    data = split_lines(["9/3/94      _1994-09-03", "may 2, 1983 _1983-05-02"], seed=None)
    space = data.char_to_id[" "]
    aligned = date_transformer.right_align(data.x_train, space)
    assert [data.decode(row) for row in aligned] == ["      9/3/94", " may 2, 1983"]
    inputs, targets = date_transformer.sequences(aligned, data.t_train)
    assert inputs.shape == (2, 22) and data.decode(inputs[0]) == "      9/3/94_1994-09-0"
    assert (targets[:, :12] == -1).all() and data.decode(targets[0, 12:]) == "1994-09-03"
