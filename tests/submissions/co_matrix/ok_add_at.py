"""Correct: every offset of the window at once, counted with np.add.at."""
import numpy as np


def create_co_matrix(corpus, vocab_size, window_size=1):
    corpus = np.asarray(corpus)
    co_matrix = np.zeros((vocab_size, vocab_size), dtype=np.int32)
    positions = np.arange(len(corpus))
    for offset in [d for d in range(-window_size, window_size + 1) if d != 0]:
        neighbour = positions + offset
        inside = (neighbour >= 0) & (neighbour < len(corpus))
        np.add.at(co_matrix, (corpus[positions[inside]], corpus[neighbour[inside]]), 1)
    return co_matrix
