# coding: utf-8
# Book style (ch02/count_method_small.py): np.linalg.svd, the first columns of U.
import sys, os
sys.path.append(os.pardir)
from common.np import *  # import numpy as np


def word_vectors_svd(W, wordvec_size):
    # SVD
    U, S, V = np.linalg.svd(W)
    word_vecs = U[:, :wordvec_size]
    return word_vecs


# The book has no randomized_svd of its own (ch02/count_method_big.py calls
# sklearn.utils.extmath.randomized_svd); this one is written the way a learner
# would: a random projection, power iterations, then the SVD of the small matrix.
def randomized_svd(M, n_components, n_iter=5, seed=0):
    rng = np.random.RandomState(seed)
    m, n = M.shape
    k = min(n_components + 10, m, n)  # a few extra columns

    Y = np.dot(M, rng.randn(n, k))
    Q, _ = np.linalg.qr(Y)
    for i in range(n_iter):
        Z = np.dot(M.T, Q)
        Q, _ = np.linalg.qr(Z)
        Y = np.dot(M, Q)
        Q, _ = np.linalg.qr(Y)

    B = np.dot(Q.T, M)
    U_tilde, S, Vt = np.linalg.svd(B, full_matrices=False)
    U = np.dot(Q, U_tilde)

    return U[:, :n_components], S[:n_components], Vt[:n_components, :]
