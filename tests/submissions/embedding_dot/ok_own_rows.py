"""Correct: picks and scatters the rows itself instead of holding an Embedding."""
from workbench.backend import np


class EmbeddingDot:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.cache = None

    def forward(self, h, idx):
        rows = self.params[0][idx]
        self.cache = (h, rows, idx)
        return np.einsum("nd,nd->n", rows, h)

    def backward(self, dout):
        h, rows, idx = self.cache
        dW, = self.grads
        dW[...] = 0
        np.add.at(dW, idx, dout[:, None] * h)
        return dout[:, None] * rows
