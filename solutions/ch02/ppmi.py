"""Positive pointwise mutual information of a co-occurrence matrix (book §2.4.1).

zh: 共现矩阵的正点互信息 PPMI（书 §2.4.1）。
"""
from workbench.backend import np


def ppmi(C, verbose=False, eps=1e-8):
    ### BEGIN SOLUTION
    # PPMI(i, j) = max(0, log2(C[i, j] · N / (S[i] S[j]) + eps)), N = Σ C, S[j] = Σ_i C[i, j]
    # zh: PPMI(i, j) = max(0, log2(C[i, j] · N / (S[i] S[j]) + eps))，N = Σ C，S[j] = Σ_i C[i, j]
    # verbose: the book's double loop prints its progress; computed all at once, there is none to print
    N = np.sum(C)
    S = np.sum(C, axis=0)
    expected = np.outer(S, S).astype(float)  # N² × the chance of (i, j) if i and j were independent
    # a word with no co-occurrences (S = 0) has C = 0 there too: its ratio is 0, not 0/0 = nan
    # zh: 没有任何共现的单词（S = 0）在那里 C 也是 0：比值取 0，而不是 0/0 = nan
    ratio = C * N / np.where(expected > 0, expected, 1.0)
    pmi = np.log2(ratio + eps)  # eps: log2 of a zero count is -inf
    return np.maximum(0, pmi)
    ### END SOLUTION
