# coding: utf-8
# Book style (common/layers.py): the computational-graph nodes of chapter 1.
import sys, os
sys.path.append(os.pardir)
from common.np import *  # import numpy as np


class Add:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, y):
        out = x + y
        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy


class Mul:
    def __init__(self):
        self.params, self.grads = [], []
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class Repeat:
    def __init__(self, N):
        self.params, self.grads = [], []
        self.N = N

    def forward(self, x):
        y = np.repeat(x, self.N, axis=0)
        return y

    def backward(self, dout):
        dx = np.sum(dout, axis=0, keepdims=True)
        return dx


class Sum:
    def __init__(self):
        self.params, self.grads = [], []
        self.N = None

    def forward(self, x):
        self.N = x.shape[0]
        y = np.sum(x, axis=0, keepdims=True)
        return y

    def backward(self, dout):
        dx = np.repeat(dout, self.N, axis=0)
        return dx
