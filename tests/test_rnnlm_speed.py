"""benchmarks/rnnlm_speed.py: its three training steps train the same model, and ours computes what the book's code does."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import rnnlm_speed  # noqa: E402


@pytest.fixture
def small(monkeypatch):
    # the book's model at a size a test affords; D == H, so the embedding and the output matrix have
    # transposed shapes, as at the book's settings (remove_duplicate must not take them for one weight)
    for name, value in {"V": 40, "D": 8, "H": 8, "N": 3, "T": 5}.items():
        monkeypatch.setattr(rnnlm_speed, name, value)


def test_ours_computes_what_the_books_code_does(small):
    ours, book = rnnlm_speed.ours(), rnnlm_speed.book()
    losses = [(ours(xs, ts), book(xs, ts)) for xs, ts in rnnlm_speed.batches(6)]
    ours_losses, book_losses = numpy.array(losses).T
    # six steps on different batches: equal losses after the first mean equal updates too
    numpy.testing.assert_allclose(ours_losses, book_losses, rtol=1e-5)
    assert len(set(ours_losses.round(4))) == len(ours_losses)


def test_torchs_step_runs_when_torch_is_there(small):
    step, version = rnnlm_speed.torch_step()
    if step is None:
        assert "torch is not installed" in version
        return
    losses = [step(xs, ts) for xs, ts in rnnlm_speed.batches(6)]
    assert numpy.isfinite(losses).all() and len(set(losses)) == len(losses)
