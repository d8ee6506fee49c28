"""Correct: x and h_prev side by side against Wx stacked on Wh; tanh' recomputed from the pre-activation."""
import numpy as np


class RNN:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        xh = np.concatenate([x, h_prev], axis=1)
        a = xh @ np.concatenate([Wx, Wh], axis=0) + b
        self.cache = (xh, a)
        return np.tanh(a)

    def backward(self, dh_next):
        Wx, Wh, b = self.params
        xh, a = self.cache
        da = dh_next * (1 - np.tanh(a) ** 2)
        dW = xh.T @ da
        D = Wx.shape[0]
        self.grads[0][...] = dW[:D]
        self.grads[1][...] = dW[D:]
        self.grads[2][...] = da.sum(axis=0)
        dxh = da @ np.concatenate([Wx, Wh], axis=0).T
        return dxh[:, :D], dxh[:, D:]
