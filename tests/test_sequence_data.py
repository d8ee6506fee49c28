"""The addition and date data sets: the book's line format, its loader's split, and vocabularies kept apart."""

from __future__ import annotations

import datetime
import re

import numpy
import pytest

from corpora import sequence


def test_addition_lines_have_the_books_format_and_correct_sums():
    lines = sequence.addition_lines(2000, seed=3)
    assert all(len(line) == 12 and line[7] == "_" for line in lines)
    pairs = set()
    for line in lines:
        question, answer = line.split("_")
        a, b = map(int, question.split("+"))
        assert int(answer) == a + b and max(a, b) <= 999
        pairs.add((min(a, b), max(a, b)))
    assert len(pairs) == len(lines), "an unordered pair of operands appears once"
    assert {len(line.split("+")[0]) for line in lines} == {1, 2, 3}


def test_date_questions_come_in_sixteen_forms_that_all_name_the_answer():
    day = datetime.date(2003, 8, 19)  # a Tuesday
    forms = {sequence.date_question(day, i) for i in range(len(sequence.DATE_FORMS))}
    assert len(sequence.DATE_FORMS) == 16 and len(forms) == 16
    assert {"august 19, 2003", "AUG 19, 2003", "TUESDAY, AUGUST 19, 2003", "8/19/03"} <= forms
    longest = sequence.date_question(datetime.date(1994, 9, 28), 6)
    assert longest == "wednesday, september 28, 1994" and len(longest) == sequence.DATE_QUESTION


def test_date_lines_answer_in_iso_format():
    for line in sequence.date_lines(500, seed=5):
        assert len(line) == 40 and line[29] == "_"
        assert re.fullmatch(r"_(19[7-9]\d|20[01]\d)-\d\d-\d\d", line[29:])
        datetime.date.fromisoformat(line[30:])


def test_the_split_is_the_books_ninety_ten_with_a_seeded_shuffle():
    data = sequence.load_sequence("addition")
    assert data.x_train.shape == (45000, 7) and data.t_train.shape == (45000, 5)
    assert data.x_test.shape == (5000, 7) and data.vocab_size == 13
    assert data.x_train.dtype == numpy.int64
    question, answer = data.decode(data.x_test[0]), data.decode(data.t_test[0])
    a, b = map(int, question.split("+"))
    assert answer[0] == "_" and int(answer[1:]) == a + b
    again = sequence.load_sequence("addition.txt", seed=1984)
    assert numpy.array_equal(again.x_train, data.x_train)
    other = sequence.load_sequence("addition", seed=7)
    assert not numpy.array_equal(other.x_train, data.x_train)


def test_loading_leaves_numpys_global_generator_alone():
    numpy.random.seed(0)
    expected = numpy.random.rand()
    numpy.random.seed(0)
    sequence.load_sequence("addition")
    assert numpy.random.rand() == expected


def test_two_data_sets_keep_their_own_vocabularies():
    sequence.load_data("addition.txt")
    addition_vocab, _ = sequence.get_vocab()
    (x_train, _t_train), (_x_test, t_test) = sequence.load_data("date.txt")
    char_to_id, id_to_char = sequence.get_vocab()
    assert len(addition_vocab) == 13
    assert "+" not in char_to_id and "-" in char_to_id, "the date vocabulary is not merged with the addition one"
    assert x_train.max() < len(char_to_id) and "".join(id_to_char[i] for i in t_test[0])[0] == "_"


def test_a_file_in_the_books_format_is_read_and_bad_files_are_named(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("1+1  _2 \n2+2  _4 \n3+3  _6 \n4+4  _8 \n5+5  _10\n" * 4)
    data = sequence.load_sequence(path, seed=None)
    assert data.decode(data.x_train[0]) == "1+1  " and len(data.x_test) == 2
    (tmp_path / "ragged.txt").write_text("1+1_2\n10+10_20\n")
    with pytest.raises(ValueError, match="same length"):
        sequence.load_sequence(tmp_path / "ragged.txt")
    with pytest.raises(FileNotFoundError, match="'addition', 'date'"):
        sequence.load_sequence(tmp_path / "missing.txt")


def test_the_command_line_writes_a_data_set_the_loader_reads_back(tmp_path, capsys):
    assert sequence.main(["addition"]) == 0
    path = tmp_path / "addition.txt"
    path.write_text(capsys.readouterr().out)
    from_file = sequence.load_sequence(path)
    assert numpy.array_equal(from_file.x_test, sequence.load_sequence("addition").x_test)
    assert sequence.main(["nope"]) == 2
