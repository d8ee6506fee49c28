"""Negative sampling from the unigram distribution (book §4.2.6)."""
from workbench.backend import np


class UnigramSampler:
    def __init__(self, corpus, power, sample_size):
        self.sample_size = sample_size
        # P(w) ∝ count(w)^power over the ids 0 … max(corpus)
        # YOUR CODE HERE
        raise NotImplementedError()

    def get_negative_sample(self, target):
        # row n: sample_size distinct ids drawn with P(w), never target[n], for all rows at once;
        # column j from P renormalised without target[n] and the row's earlier picks (successive draws)
        # YOUR CODE HERE
        raise NotImplementedError()
