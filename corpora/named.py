"""Data sets a probe can name in the catalog, by a word instead of a generator.

Each is small, generated or written here, and the same on every machine.
"""

from __future__ import annotations

from functools import lru_cache

TOY_TEXT = "You say goodbye and I say hello."


def _spiral(part: int):
    from corpora import spiral

    return spiral.load_data()[part]


def _toy(part: int):
    words = TOY_TEXT.lower().replace(".", " .").split()
    word_to_id: dict[str, int] = {}
    for word in words:
        word_to_id.setdefault(word, len(word_to_id))
    import numpy

    corpus = numpy.array([word_to_id[w] for w in words])
    id_to_word = {i: w for w, i in word_to_id.items()}
    return (corpus, word_to_id, id_to_word)[part]


def _toy_contexts_target(part: int):
    """The book's ch03 training data: each word of the toy sentence with its two neighbours, one-hot."""
    import numpy

    corpus = _toy(0)
    vocab = int(corpus.max()) + 1
    contexts = numpy.stack([corpus[:-2], corpus[2:]], axis=1)
    target = corpus[1:-1]
    return numpy.eye(vocab, dtype=numpy.int32)[(contexts, target)[part]]


def _chain(part: int, length: int = 300, vocab: int = 30):
    """A seeded corpus with structure to learn (each word has a likely and a second successor), and its
    window-1 CBOW data as word ids: contexts (length − 2, 2), target (length − 2,), as ch04 trains."""
    import numpy

    rng = numpy.random.default_rng(2024)
    first, second = rng.integers(0, vocab, vocab), rng.integers(0, vocab, vocab)
    transition = numpy.full((vocab, vocab), 0.2 / vocab)
    transition[numpy.arange(vocab), first] += 0.5
    transition[numpy.arange(vocab), second] += 0.3
    cumulative = numpy.cumsum(transition, axis=1)
    corpus = numpy.empty(length, dtype=numpy.int64)
    corpus[0] = 0
    for i, draw in enumerate(rng.random(length - 1), start=1):
        corpus[i] = min(int(numpy.searchsorted(cumulative[corpus[i - 1]], draw)), vocab - 1)
    contexts = numpy.stack([corpus[:-2], corpus[2:]], axis=1)
    return (corpus, contexts, corpus[1:-1])[part]


DATASETS = {
    "spiral_x": lambda: _spiral(0),      # (300, 2) points of the spiral (book ch. 1)
    "spiral_t": lambda: _spiral(1),      # (300, 3) one-hot labels
    "toy_text": lambda: TOY_TEXT,        # the book's sentence (ch. 2)
    "toy_corpus": lambda: _toy(0),       # its word ids
    "toy_word_to_id": lambda: _toy(1),
    "toy_id_to_word": lambda: _toy(2),
    "toy_contexts_onehot": lambda: _toy_contexts_target(0),  # (6, 2, 7): as the book's ch03 train.py trains
    "toy_target_onehot": lambda: _toy_contexts_target(1),    # (6, 7)
    "chain_corpus": lambda: _chain(0),    # (300,) ids < 30 with structure: for ch04's CBOW to learn
    "chain_contexts": lambda: _chain(1),  # (298, 2) its window-1 contexts, as ids
    "chain_target": lambda: _chain(2),    # (298,) their targets
}


@lru_cache(maxsize=None)
def _cached(name: str):
    return DATASETS[name]()


def load(name: str):
    """A fresh copy of the named data set (arrays and dicts are copied: callers may change them)."""
    import copy

    return copy.deepcopy(_cached(name))
