"""Optimizers (book §1.4.3): each updates the arrays in `params` in place."""
from workbench.backend import np


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        # W ← W − η·g
        # YOUR CODE HERE
        raise NotImplementedError()


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        # v ← αv − η·g, W ← W + v
        # YOUR CODE HERE
        raise NotImplementedError()


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        # h ← h + g⊙g, W ← W − η·g / (√h + ε)
        # YOUR CODE HERE
        raise NotImplementedError()


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        # m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², W ← W − ηₜ·m / (√v + ε), ηₜ = η·√(1−β2ᵗ) / (1−β1ᵗ)
        # YOUR CODE HERE
        raise NotImplementedError()
