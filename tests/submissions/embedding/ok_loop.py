"""Correct: backward adds each position's row in a Python loop (slow, but every repeat counts)."""
from workbench.backend import np


class Embedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, idx):
        self.idx = idx
        return self.params[0][idx]

    def backward(self, dout):
        dW, = self.grads
        dW[...] = 0
        rows = dout.reshape(-1, dW.shape[1])
        for position, word_id in enumerate(self.idx.reshape(-1)):
            dW[word_id] += rows[position]
        return None
