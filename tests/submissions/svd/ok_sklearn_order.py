"""Correct: thin SVD for the exact case; randomized SVD in sklearn's loop order (M then Mᵀ),
15 extra columns, RandomState, the @ operator."""
import numpy as np


def word_vectors_svd(W, wordvec_size):
    U, _, _ = np.linalg.svd(W, full_matrices=False)
    return U[:, :wordvec_size]


def randomized_svd(M, n_components, n_iter=5, seed=0):
    m, n = M.shape
    size = min(n_components + 15, m, n)
    Q = np.random.RandomState(seed).normal(size=(n, size))
    for _ in range(n_iter):
        Q, _ = np.linalg.qr(M @ Q)
        Q, _ = np.linalg.qr(M.T @ Q)
    Q, _ = np.linalg.qr(M @ Q)
    U_small, S, Vt = np.linalg.svd(Q.T @ M, full_matrices=False)
    return (Q @ U_small)[:, :n_components], S[:n_components], Vt[:n_components]
