"""benchmarks/seq2seq_speed.py: both implementations train the same model in turns and the epoch time is
their medians; run offline here on a stand-in for the book's repository (the book's ch07 files as printed,
on the `common` stand-in), the real one being fetched or given with --book."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import seq2seq_speed  # noqa: E402


@pytest.fixture
def book(tmp_path):
    """A folder shaped as the book's repository: common/ (the stand-in) and ch07/ (the book's files as printed)."""
    compat = ROOT / "autograder" / "compat"
    (tmp_path / "common").symlink_to(compat / "common")
    (tmp_path / "reference_common").symlink_to(compat / "reference_common")
    (tmp_path / "ch07").mkdir()
    shutil.copy(ROOT / "tests" / "submissions" / "book" / "seq2seq.py", tmp_path / "ch07" / "seq2seq.py")
    shutil.copy(ROOT / "tests" / "submissions" / "book" / "peeky.py", tmp_path / "ch07" / "peeky_seq2seq.py")
    return tmp_path


def test_a_given_folder_is_the_books_and_one_without_its_files_is_named(book, tmp_path):
    assert seq2seq_speed.book_dir(str(book)) == book
    with pytest.raises(seq2seq_speed.BookMissing, match="does not hold the book's"):
        seq2seq_speed.book_dir(str(tmp_path / "ch07"))


def test_both_train_the_same_model_in_turns(book):
    rows = seq2seq_speed.measure(book, "peeky", rounds=2, iters=2, questions=3)
    assert set(rows) == {"ours", "book"}
    for row in rows.values():
        assert len(row["batch_samples_ms"]) == len(row["question_samples_ms"]) == 2
        assert row["s_per_epoch"] == pytest.approx(row["ms_per_batch"] / 1000 * 351 + row["ms_per_question"] / 1000 * 5000)
    assert rows["book"]["vs_book"] == 1.0
    assert rows["ours"]["vs_book"] == pytest.approx(rows["ours"]["s_per_epoch"] / rows["book"]["s_per_epoch"])
    # the same weights from the same generator state, the same batches: the same losses (float32 and
    # the book's float32 code here, within its rounding)
    assert rows["ours"]["losses"] == pytest.approx(rows["book"]["losses"], rel=1e-3)
