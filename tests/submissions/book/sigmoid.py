# coding: utf-8
# Book style (common/functions.py, common/layers.py): the naive formula, as in the book.
import sys, os
sys.path.append(os.pardir)
from common.np import *  # import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class Sigmoid:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx
