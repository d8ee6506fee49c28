"""Contexts and targets for word2vec, and their one-hot form (book §3.3).

zh: word2vec 的上下文与目标词，以及它们的 one-hot 表示（书 §3.3）。
"""
from workbench.backend import np


def create_contexts_target(corpus, window_size=1):
    ### BEGIN SOLUTION
    # target = corpus[w : L − w]; contexts[i] = the ids at offsets −w … −1, 1 … w around target i, left to right
    # zh: target = corpus[w : L − w]；contexts[i] = 目标词 i 左右偏移 −w … −1、1 … w 处的 ID，从左到右
    corpus = np.asarray(corpus)
    offsets = np.array([d for d in range(-window_size, window_size + 1) if d != 0])
    positions = np.arange(window_size, len(corpus) - window_size)
    contexts = corpus[positions[:, None] + offsets]
    target = corpus[positions]
    return contexts, target
    ### END SOLUTION


def convert_one_hot(corpus, vocab_size):
    ### BEGIN SOLUTION
    # one_hot[..., id] = 1: ids (N,) → (N, V), ids (N, C) → (N, C, V), int32 as the book's
    # zh: one_hot[..., id] = 1：ID 形状 (N,) → (N, V)，(N, C) → (N, C, V)，与书中一样用 int32
    return np.eye(vocab_size, dtype=np.int32)[corpus]
    ### END SOLUTION
