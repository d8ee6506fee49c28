"""Correct: plain numpy, Affine built from a MatMul node, np.copyto for the grads."""
import numpy as np


class MatMul:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x = None

    def forward(self, x):
        self.x = x.copy()
        return np.matmul(x, self.params[0])

    def backward(self, dout):
        np.copyto(self.grads[0], np.matmul(self.x.T, dout))
        return np.matmul(dout, self.params[0].T)


class Affine:
    def __init__(self, W, b):
        self.matmul = MatMul(W)
        self.params = [W, b]
        self.grads = [self.matmul.grads[0], np.zeros_like(b)]

    def forward(self, x):
        return self.matmul.forward(x) + self.params[1]

    def backward(self, dout):
        np.sum(dout, axis=0, out=self.grads[1])
        return self.matmul.backward(dout)
