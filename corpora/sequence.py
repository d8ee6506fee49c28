"""The book's character-level data sets of chapters 7 and 8: addition and dates, generated from a seed.

Each line is a question and its answer, the answer starting with ``_``, both padded with
spaces to a fixed width, exactly as the book's ``dataset/addition.txt`` and ``date.txt``:

- addition: ``16+75  _91  ``: operands of one to three digits, question 7 characters,
  answer 5 (``_`` and up to four digits); each unordered pair of operands appears once;
- date: ``september 27, 1994           _1994-09-27``: a date from 1970–2019 in one of
  16 surface forms, question 29 characters, answer ``_YYYY-MM-DD``.

`load_sequence` reads a data set the way the book's loader does (character vocabulary in
order of first appearance, shuffle with the seed, the last 10 % for testing) but returns
the vocabulary with the arrays, so loading two data sets never merges their vocabularies.
`load_data` and `get_vocab` keep the book's calls for its scripts.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy

LINES = 50_000
SEED = 2025  # the seed the lines are generated from; `seed` of the loaders is the book's shuffle seed
SHUFFLE_SEED = 1984
ADDITION_QUESTION, ADDITION_ANSWER = 7, 5
DATE_QUESTION, DATE_ANSWER = 29, 11
FIRST_DAY, LAST_DAY = datetime.date(1970, 1, 1), datetime.date(2019, 12, 31)

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _numeric(d: datetime.date) -> dict[str, str]:
    return {"m": str(d.month), "d": str(d.day), "y": str(d.year), "yy": f"{d.year % 100:02d}"}


def _named(d: datetime.date, case) -> dict[str, str]:
    month, weekday = MONTHS[d.month - 1], WEEKDAYS[d.weekday()]
    return {**_numeric(d), "month": case(month), "mon": case(month[:3]),
            "weekday": case(weekday), "wd": case(weekday[:3])}


# The 16 surface forms of a date's question: (template, letter case of the names).
DATE_FORMS = (
    ("{month} {d}, {y}", str.lower),
    ("{month} {d}, {y}", str.title),
    ("{month} {d}, {y}", str.upper),
    ("{mon} {d}, {y}", str.lower),
    ("{mon} {d}, {y}", str.title),
    ("{mon} {d}, {y}", str.upper),
    ("{weekday}, {month} {d}, {y}", str.lower),
    ("{weekday}, {month} {d}, {y}", str.title),
    ("{weekday}, {month} {d}, {y}", str.upper),
    ("{wd}, {mon} {d}, {y}", str.title),
    ("{d} {month} {y}", str.title),
    ("{d} {mon} {y}", str.lower),
    ("{d} {mon} {y}", str.upper),
    ("{m}/{d}/{yy}", str.lower),
    ("{m}/{d}/{y}", str.lower),
    ("{d}.{m}.{y}", str.lower),
)


def date_question(d: datetime.date, form: int) -> str:
    template, case = DATE_FORMS[form]
    return template.format(**_named(d, case))


def _operands(rng: numpy.random.Generator, size: int) -> numpy.ndarray:
    """Numbers written with one to three random digits (leading zeros allowed, so small ones are common)."""
    digits = rng.integers(0, 10, size=(size, 3))
    width = rng.integers(1, 4, size=size)
    place = numpy.array([100, 10, 1])
    kept = numpy.arange(3) >= 3 - width[:, None]  # the last `width` digits
    return (digits * place * kept).sum(axis=1)


def addition_lines(count: int = LINES, seed: int = SEED) -> list[str]:
    """`count` lines ``a+b`` → ``_sum``, each unordered pair {a, b} once."""
    rng = numpy.random.default_rng(seed)
    seen, lines = set(), []
    while len(lines) < count:
        for a, b in zip(_operands(rng, count).tolist(), _operands(rng, count).tolist()):
            pair = (min(a, b), max(a, b))
            if pair in seen:
                continue
            seen.add(pair)
            lines.append(f"{a}+{b}".ljust(ADDITION_QUESTION) + ("_" + str(a + b)).ljust(ADDITION_ANSWER))
            if len(lines) == count:
                break
    return lines


def date_lines(count: int = LINES, seed: int = SEED) -> list[str]:
    """`count` lines, a date in one of the 16 forms → ``_YYYY-MM-DD``, each question once."""
    rng = numpy.random.default_rng(seed)
    span = (LAST_DAY - FIRST_DAY).days + 1
    seen, lines = set(), []
    while len(lines) < count:
        day = FIRST_DAY + datetime.timedelta(days=int(rng.integers(span)))
        question = date_question(day, int(rng.integers(len(DATE_FORMS))))
        if question in seen:
            continue
        seen.add(question)
        lines.append(question.ljust(DATE_QUESTION) + "_" + day.isoformat())
    return lines


GENERATORS = {"addition": addition_lines, "date": date_lines}


@dataclass(frozen=True)
class SequenceData:
    """A data set split as the book splits it, with its own vocabulary."""

    x_train: numpy.ndarray  # (N_train, question length) character ids
    t_train: numpy.ndarray  # (N_train, answer length), the answer starting with "_"
    x_test: numpy.ndarray
    t_test: numpy.ndarray
    char_to_id: dict[str, int]
    id_to_char: dict[int, str]

    @property
    def vocab_size(self) -> int:
        return len(self.char_to_id)

    def decode(self, ids) -> str:
        return "".join(self.id_to_char[int(i)] for i in numpy.asarray(ids).ravel())

    def encode(self, text: str) -> numpy.ndarray:
        return numpy.array([self.char_to_id[c] for c in text], dtype=numpy.int64)


def _name(name_or_path: str | Path) -> str | None:
    name = Path(str(name_or_path)).name
    stem = name.removesuffix(".txt")
    if stem in GENERATORS and not Path(str(name_or_path)).is_file():
        return stem
    return None


def read_lines(name_or_path: str | Path) -> list[str]:
    """The lines of a data set: generated for ``addition``/``date`` (or ``addition.txt``…), else read from the file."""
    name = _name(name_or_path)
    if name is not None:
        return list(_generated(name))
    path = Path(name_or_path)
    if not path.is_file():
        raise FileNotFoundError(f"No data set {str(name_or_path)!r}: use 'addition', 'date' or the path of a file "
                                f"in the book's format (question, '_', answer on each line)")
    return path.read_text(encoding="utf-8").splitlines()


@cache
def _generated(name: str) -> tuple[str, ...]:
    return tuple(GENERATORS[name]())


def split_lines(lines: list[str], seed: int | None = SHUFFLE_SEED) -> SequenceData:
    """Questions and answers as id arrays, shuffled with `seed`, the last 10 % for testing."""
    questions, answers = [], []
    for line in lines:
        cut = line.find("_")
        if cut < 0:
            raise ValueError(f"line without '_' between question and answer: {line!r}")
        questions.append(line[:cut])
        answers.append(line[cut:])
    char_to_id: dict[str, int] = {}
    for q, a in zip(questions, answers):
        for char in q + a:
            char_to_id.setdefault(char, len(char_to_id))
    lengths = {len(q) for q in questions}, {len(a) for a in answers}
    if len(lengths[0]) > 1 or len(lengths[1]) > 1:
        raise ValueError("every question, and every answer, must have the same length (pad them with spaces)")
    x = numpy.array([[char_to_id[c] for c in q] for q in questions], dtype=numpy.int64)
    t = numpy.array([[char_to_id[c] for c in a] for a in answers], dtype=numpy.int64)
    indices = numpy.arange(len(x))
    if seed is not None:
        # the legacy generator seeded alone gives the book's permutation, without touching numpy's global one
        numpy.random.RandomState(seed).shuffle(indices)
    x, t = x[indices], t[indices]
    split_at = len(x) - len(x) // 10
    return SequenceData(x[:split_at], t[:split_at], x[split_at:], t[split_at:],
                        char_to_id, {i: c for c, i in char_to_id.items()})


def load_sequence(name_or_path: str | Path = "addition", seed: int | None = SHUFFLE_SEED) -> SequenceData:
    """``addition``, ``date`` or a file in the book's format, split as the book's loader splits it."""
    return split_lines(read_lines(name_or_path), seed)


_last: SequenceData | None = None


def load_data(file_name: str = "addition.txt", seed: int | None = SHUFFLE_SEED):
    """The book's ``sequence.load_data``: ((x_train, t_train), (x_test, t_test))."""
    global _last
    _last = load_sequence(file_name, seed)
    return (_last.x_train, _last.t_train), (_last.x_test, _last.t_test)


def get_vocab():
    """The book's ``sequence.get_vocab``: the vocabulary of the data set loaded last (never a merge of two)."""
    if _last is None:
        raise RuntimeError("call load_data() before get_vocab()")
    return dict(_last.char_to_id), dict(_last.id_to_char)


def main(argv: list[str] | None = None) -> int:
    """``python -m corpora.sequence addition|date`` prints the data set's lines (for the book's scripts)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in GENERATORS:
        print("usage: python -m corpora.sequence addition|date > FILE.txt", file=sys.stderr)
        return 2
    sys.stdout.write("\n".join(_generated(args[0])) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
