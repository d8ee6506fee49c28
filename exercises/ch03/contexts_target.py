"""Contexts and targets for word2vec, and their one-hot form (book §3.3)."""
from workbench.backend import np


def create_contexts_target(corpus, window_size=1):
    # target = corpus[w : L − w]; contexts[i] = the ids at offsets −w … −1, 1 … w around target i, left to right
    # YOUR CODE HERE
    raise NotImplementedError()


def convert_one_hot(corpus, vocab_size):
    # one_hot[..., id] = 1: ids (N,) → (N, V), ids (N, C) → (N, C, V), int32 as the book's
    # YOUR CODE HERE
    raise NotImplementedError()
