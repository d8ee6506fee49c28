"""Hostile: a syntax error (a missing colon) on line 10."""
from workbench.backend import np


class MatMul:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]

    def forward(self, x)
        return np.dot(x, self.params[0])
