"""The MatMul and Affine layers (book §1.3.4.5, §1.3.5)."""
from workbench.backend import np


class MatMul:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x = None

    def forward(self, x):
        # y = x · W
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dx = dout · Wᵀ, dW = xᵀ · dout (written in place so optimizers keep the array)
        # YOUR CODE HERE
        raise NotImplementedError()


class Affine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        # y = x · W + b (b broadcast over the batch)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dx = dout · Wᵀ, dW = xᵀ · dout, db = Σ_batch dout (b was repeated over the batch)
        # YOUR CODE HERE
        raise NotImplementedError()
