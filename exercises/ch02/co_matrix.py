"""The co-occurrence matrix of a corpus (book §2.3.4)."""
from workbench.backend import np


def create_co_matrix(corpus, vocab_size, window_size=1):
    # C[w, c] = how often c stands at a distance 1 … window_size from w, on either side
    # YOUR CODE HERE
    raise NotImplementedError()
