"""Hostile: replaces numpy's comparison functions with ones that always agree, and returns wrong values."""
from workbench.backend import np
import numpy

numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.broadcast(a, b).shape, dtype=bool)
numpy.array_equal = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
numpy.testing.assert_array_equal = lambda *a, **k: None
numpy.any = lambda *a, **k: False


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
        return np.dot(x, W) * 0.5

    def backward(self, dout):
        # dx = dout · Wᵀ, dW = xᵀ · dout, db = Σ_batch dout (b was repeated over the batch)
        W, b = self.params
        dx = np.dot(dout, W.T)
        self.grads[0][...] = np.dot(self.x.T, dout)
        self.grads[1][...] = 0.0
        return dx
