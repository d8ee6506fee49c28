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

import _common  # noqa: E402
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
    assert _common.book_folder(str(book), seq2seq_speed.CH07_FILES, fetch=True) == book
    with pytest.raises(_common.BookMissing, match="is not a checkout of the book's repository"):
        _common.book_folder(str(tmp_path / "ch07"), seq2seq_speed.CH07_FILES, fetch=True)


def test_the_book_is_found_given_then_in_the_environment_then_in_the_cache(tmp_path, monkeypatch):
    def holding(name, files):
        for file in files:
            (tmp_path / name / file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / file).write_text("")
        return tmp_path / name

    needs = ("common/time_layers.py", "ch07/seq2seq.py")
    given, environment = holding("given", needs), holding("environment", needs)
    cache = holding("cache/dlfs2-workbench/book", needs)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("DLFS2_BOOK_DIR", str(environment))
    assert _common.book_folder(str(given), needs) == given
    assert _common.book_folder(None, needs) == environment
    monkeypatch.delenv("DLFS2_BOOK_DIR")
    assert _common.book_folder(None, needs) == cache
    # a folder named must hold the files; the cache only counts when it does
    monkeypatch.setenv("DLFS2_BOOK_DIR", str(holding("partial", needs[:1])))
    with pytest.raises(_common.BookMissing, match="partial does not hold the book's ch07/seq2seq.py"):
        _common.book_folder(None, needs)
    monkeypatch.delenv("DLFS2_BOOK_DIR")
    # what seq2seq_speed fetched serves it again, but is no whole checkout: the others read the fixtures
    assert _common.book_folder(None, needs, fetch=True) == cache
    assert _common.book_folder(None) is None
    assert _common.book_code().folder is None


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
