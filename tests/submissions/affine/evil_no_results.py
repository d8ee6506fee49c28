"""Hostile: breaks json.dumps, which the grader's child uses to hand back its results."""
from workbench.backend import np
import json

json.dumps = lambda *a, **k: "not json"


class MatMul:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x = None

    def forward(self, x):
        # y = x · W
        W, = self.params
        self.x = x
        return np.dot(x, W)

    def backward(self, dout):
        # dx = dout · Wᵀ, dW = xᵀ · dout (written in place so optimizers keep the array)
        W, = self.params
        dx = np.dot(dout, W.T)
        self.grads[0][...] = np.dot(self.x.T, dout)
        return dx


class Affine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        # y = x · W + b (b broadcast over the batch)
        W, b = self.params
        self.x = x
        return np.dot(x, W) + b

    def backward(self, dout):
        # dx = dout · Wᵀ, dW = xᵀ · dout, db = Σ_batch dout (b was repeated over the batch)
        W, b = self.params
        dx = np.dot(dout, W.T)
        self.grads[0][...] = np.dot(self.x.T, dout)
        self.grads[1][...] = np.sum(dout, axis=0)
        return dx
