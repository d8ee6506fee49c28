"""Correct: the book's double loop in float64, skipping the words that never co-occur, with progress."""
import numpy as np


def ppmi(C, verbose=False, eps=1e-8):
    M = np.zeros(C.shape)
    N = np.sum(C)
    S = np.sum(C, axis=0)
    for i in range(C.shape[0]):
        for j in range(C.shape[1]):
            if S[i] == 0 or S[j] == 0:
                continue
            M[i, j] = max(0.0, np.log2(C[i, j] * N / (S[i] * S[j]) + eps))
        if verbose:
            print(f"{100 * (i + 1) / C.shape[0]:.1f}% done")
    return M
