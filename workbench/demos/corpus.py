"""The text a demo trains on: `--corpus default|ptb|PATH`.

- default: the generated corpus (corpora.generated), offline, with word classes and analogies
  that hold by construction, so the demo can report how many it gets right;
- ptb: the Penn Treebank (corpora.ptb: a folder, $DLFS2_PTB_DIR, or the cache); trained on
  ptb.train.txt, or on ptb.valid.txt when the train file is missing (and it says so);
- PATH: a folder holding PTB's files, or a text file of one sentence per line (read as PTB is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy

from corpora import generated, ptb
from workbench import strings


class CorpusError(RuntimeError):
    """The corpus cannot be had; `messages` holds what to do, {"en": ..., "zh": ...}."""

    def __init__(self, messages: dict[str, str]):
        self.messages = messages
        super().__init__(messages["en"])


@dataclass
class Corpus:
    name: str
    train: numpy.ndarray
    word_to_id: dict[str, int]
    id_to_word: dict[int, str]
    test: numpy.ndarray | None = None
    classes: dict[str, str] = field(default_factory=dict)  # word → class: known structure (default corpus)
    analogies: list[tuple[str, str, str, str]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)  # {"en", "zh"} lines the demo prints

    @property
    def vocab_size(self) -> int:
        return len(self.word_to_id)


def load(spec: str = "default", seed: int | None = None) -> Corpus:
    """The corpus named by `spec` ("default", "ptb" or a path); `seed` varies the default corpus."""
    if spec == "default":
        made = generated.load(seed=generated.SEED if seed is None else seed)
        return Corpus("default", made.corpus, made.word_to_id, made.id_to_word,
                      classes=made.classes, analogies=made.analogies)
    if spec == "ptb":
        return _ptb(None)
    path = Path(spec).expanduser()
    if path.is_dir():
        return _ptb(path)
    if path.is_file():
        return _text_file(path)
    raise CorpusError(strings.both("demo.corpus.unknown", spec=spec))


def _ptb(folder) -> Corpus:
    try:
        data = ptb.load(folder, download=not ptb.downloads_off())
    except ptb.PtbUnavailable as missing:
        raise CorpusError({"en": missing.message("en"), "zh": missing.message("zh")}) from None
    except ptb.ChecksumMismatch as bad:
        raise CorpusError(strings.both("demo.corpus.checksum", error=bad)) from None
    notes = []
    if data.has_train:
        train = data.corpora["train"]
    else:
        train = data.corpora["valid"]
        notes.append(strings.both("demo.corpus.no_train", folder=data.folder))
    return Corpus("ptb", train, data.word_to_id, data.id_to_word, test=data.corpora.get("test"), notes=notes)


def _text_file(path: Path) -> Corpus:
    word_to_id: dict[str, int] = {}
    ids = [word_to_id.setdefault(word, len(word_to_id)) for word in ptb.read_words(path)]
    id_to_word = {i: w for w, i in word_to_id.items()}
    return Corpus(path.name, numpy.array(ids, dtype=numpy.int64), word_to_id, id_to_word)
