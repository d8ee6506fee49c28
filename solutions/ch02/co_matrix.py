"""The co-occurrence matrix of a corpus (book §2.3.4).

zh: 语料库的共现矩阵（书 §2.3.4）。
"""
from workbench.backend import np


def create_co_matrix(corpus, vocab_size, window_size=1):
    ### BEGIN SOLUTION
    # C[w, c] = how often c stands at a distance 1 … window_size from w, on either side
    # zh: C[w, c] = 单词 c 出现在 w 左右距离 1 … window_size 以内的次数
    corpus = np.asarray(corpus)
    corpus_size = len(corpus)
    co_matrix = np.zeros((vocab_size, vocab_size), dtype=np.int32)
    for distance in range(1, window_size + 1):
        if distance >= corpus_size:
            break  # no two words stand this far apart
        # every pair of words `distance` apart; a window cut short by either end of the corpus
        # still counts the neighbours it has
        # zh: 所有相距 distance 的单词对；被语料库两端截断的窗口仍然统计它拥有的邻居
        left, right = corpus[:corpus_size - distance], corpus[distance:]
        pairs = np.bincount(left * vocab_size + right, minlength=vocab_size * vocab_size)
        pairs = pairs.reshape(vocab_size, vocab_size).astype(np.int32)
        co_matrix += pairs + pairs.T  # c right of w, and w left of c
    return co_matrix
    ### END SOLUTION
