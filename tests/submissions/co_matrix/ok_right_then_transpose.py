"""Correct: only the neighbours to the right are counted, then the transpose adds those to the left."""
import numpy as np


def create_co_matrix(corpus, vocab_size, window_size=1):
    right = np.zeros((vocab_size, vocab_size), dtype=np.int64)
    for idx in range(len(corpus)):
        for neighbour in corpus[idx + 1:idx + 1 + window_size]:
            right[corpus[idx], neighbour] += 1
    return (right + right.T).astype(np.int32)
