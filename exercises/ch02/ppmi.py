"""Positive pointwise mutual information of a co-occurrence matrix (book §2.4.1)."""
from workbench.backend import np


def ppmi(C, verbose=False, eps=1e-8):
    # PPMI(i, j) = max(0, log2(C[i, j] · N / (S[i] S[j]) + eps)), N = Σ C, S[j] = Σ_i C[i, j]
    # verbose: the book's double loop prints its progress; computed all at once, there is none to print
    # YOUR CODE HERE
    raise NotImplementedError()
