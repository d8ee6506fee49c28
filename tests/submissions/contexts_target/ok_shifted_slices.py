"""Correct: the contexts as shifted slices of the corpus, one-hot by comparing with every id."""
from workbench.backend import np


def create_contexts_target(corpus, window_size=1):
    w, L = window_size, len(corpus)
    columns = [corpus[w + d:L - w + d] for d in range(-w, w + 1) if d != 0]
    return np.stack(columns, axis=1), corpus[w:L - w]


def convert_one_hot(corpus, vocab_size):
    return (corpus[..., None] == np.arange(vocab_size)).astype(np.int32)
