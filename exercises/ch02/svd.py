"""Dense word vectors by SVD, exact and randomized (book §2.4.3, §2.4.5)."""
from workbench.backend import np


def word_vectors_svd(W, wordvec_size):
    # W = U S Vᵀ; the first wordvec_size columns of U are the word vectors
    # YOUR CODE HERE
    raise NotImplementedError()


def randomized_svd(M, n_components, n_iter=5, seed=0):
    # Q spans (M Mᵀ)^q M Ω, Ω Gaussian (k + 10 columns); M ≈ Q (Qᵀ M) = (Q Û) S Vᵀ
    # YOUR CODE HERE
    raise NotImplementedError()
