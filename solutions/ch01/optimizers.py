"""Optimizers (book §1.4.3): each updates the arrays in `params` in place.

zh: 优化器（书 §1.4.3）：每个都原地更新 `params` 中的数组。
"""
from workbench.backend import np


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        ### BEGIN SOLUTION
        # W ← W − η·g
        for param, grad in zip(params, grads):
            param -= self.lr * grad
        ### END SOLUTION


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        ### BEGIN SOLUTION
        # v ← αv − η·g, W ← W + v
        # zh: v ← αv − η·g，W ← W + v
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for param, grad, v in zip(params, grads, self.v):
            v *= self.momentum
            v -= self.lr * grad
            param += v
        ### END SOLUTION


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        ### BEGIN SOLUTION
        # h ← h + g⊙g, W ← W − η·g / (√h + ε)
        # zh: h ← h + g⊙g，W ← W − η·g / (√h + ε)
        if self.h is None:
            self.h = [np.zeros_like(p) for p in params]
        for param, grad, h in zip(params, grads, self.h):
            h += grad * grad
            param -= self.lr * grad / (np.sqrt(h) + 1e-7)
        ### END SOLUTION


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        ### BEGIN SOLUTION
        # m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², W ← W − ηₜ·m / (√v + ε), ηₜ = η·√(1−β2ᵗ) / (1−β1ᵗ)
        # zh: m ← β1·m + (1−β1)·g，v ← β2·v + (1−β2)·g²，W ← W − ηₜ·m / (√v + ε)，ηₜ = η·√(1−β2ᵗ) / (1−β1ᵗ)
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        # the bias corrections of m and v folded into the step size, as the book does: ε is added to √v
        # itself, so that a model trained here follows the book's run step by step
        lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.iter) / (1 - self.beta1 ** self.iter)
        for param, grad, m, v in zip(params, grads, self.m, self.v):
            m += (1 - self.beta1) * (grad - m)
            v += (1 - self.beta2) * (grad * grad - v)
            param -= lr_t * m / (np.sqrt(v) + 1e-7)
        ### END SOLUTION
