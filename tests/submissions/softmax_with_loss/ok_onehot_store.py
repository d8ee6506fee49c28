"""Correct: keeps the labels one-hot and computes dx = dout * (y - t) / N."""
from workbench.backend import np


class SoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.y = None
        self.t = None

    def forward(self, x, t):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        if t.size != self.y.size:
            t = np.eye(self.y.shape[1], dtype=self.y.dtype)[t]
        self.t = t
        n = x.shape[0]
        return -np.sum(self.t * np.log(self.y + 1e-7)) / n

    def backward(self, dout=1):
        n = self.y.shape[0]
        return dout * (self.y - self.t) / n
