"""benchmarks/attention_speed.py: its two training steps train the same model, and ours computes what the book's code does."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import attention_speed  # noqa: E402


@pytest.fixture
def small(monkeypatch):
    for name, value in {"D": 4, "H": 6}.items():
        monkeypatch.setattr(attention_speed, name, value)


def test_ours_computes_what_the_books_code_does(small):
    (ours_model, ours), (book_model, book) = attention_speed.ours(9), attention_speed.book(9)
    for mine, theirs in zip(ours_model.params, book_model.params):  # one seed, the weights drawn in one order
        numpy.testing.assert_array_equal(mine, theirs)
    rng = numpy.random.default_rng(0)
    batches = [(rng.integers(0, 9, (8, 7)), rng.integers(0, 9, (8, 5))) for _ in range(5)]
    losses = numpy.array([(ours(xs, ts), book(xs, ts)) for xs, ts in batches])
    # float32 both: equal losses on new batches after the first mean equal updates (Adam's ε aside)
    numpy.testing.assert_allclose(losses[:, 0], losses[:, 1], rtol=1e-5)
    assert len(set(losses[:, 0].round(6))) == len(losses)
    questions, answers = rng.integers(0, 9, (4, 7)), rng.integers(0, 9, (4, 5))
    for question in questions:
        assert ([int(i) for i in ours_model.generate(question[None], 1, 4)]
                == [int(i) for i in book_model.generate(question[None], 1, 4)])
    assert attention_speed.accuracy(ours_model, questions, answers) == attention_speed.accuracy(
        book_model, questions, answers)


def test_an_epoch_sees_the_same_order_for_both(small):
    seen = []
    x, t = numpy.arange(600).reshape(300, 2), numpy.arange(300).reshape(300, 1)
    for _ in range(2):
        steps = []
        attention_speed.train_epoch(lambda xs, ts: steps.append(ts[:, 0].copy()) or 0.0, x, t, epoch=3)
        seen.append(numpy.concatenate(steps))
    numpy.testing.assert_array_equal(seen[0], seen[1])
    assert len(seen[0]) == 2 * attention_speed.BATCH and len(set(seen[0])) == len(seen[0])


def test_the_speed_rounds_time_both_on_the_same_work(small):
    rng = numpy.random.default_rng(1)
    x, t = rng.integers(0, 9, (4 * attention_speed.BATCH, 7)), rng.integers(0, 9, (4 * attention_speed.BATCH, 5))
    rows = attention_speed.alternating(9, x, t, x[:3], t[:3], rounds=2, steps=1)
    assert set(rows) == {"ours", "book"}
    for row in rows.values():
        assert len(row["step_samples"]) == len(row["answer_samples"]) == 2
        assert row["s_per_step"] > 0 and row["s_per_answer"] > 0
