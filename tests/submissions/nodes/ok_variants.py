"""Correct: tile / broadcast_to / keepdims variants; backward returns copies."""
import numpy as np


class Add:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, y):
        return np.add(x, y)

    def backward(self, dout):
        return dout.copy(), dout.copy()


class Mul:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, y):
        self.x, self.y = x.copy(), y.copy()
        return np.multiply(x, y)

    def backward(self, dout):
        return np.multiply(dout, self.y), np.multiply(dout, self.x)


class Repeat:
    def __init__(self, N):
        self.params, self.grads = [], []
        self.N = N

    def forward(self, x):
        return np.tile(x, (self.N, 1))

    def backward(self, dout):
        return dout.sum(axis=0, keepdims=True)


class Sum:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x):
        self.shape = x.shape
        return x.sum(axis=0)[np.newaxis, :]

    def backward(self, dout):
        return np.broadcast_to(dout, self.shape)
