"""Correct: the whole matrix at once, 0/0 silenced and turned into 0 afterwards."""
import numpy as np


def ppmi(C, verbose=False, eps=1e-8):
    N = np.sum(C)
    S = np.sum(C, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(C * N / np.outer(S, S) + eps)
    return np.maximum(0, np.nan_to_num(pmi, nan=0.0))
