"""Correct: np.split of A into four, sigmoid through tanh, np.concatenate for dA, the @ operator."""
import numpy as np


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class LSTM:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        a_f, a_g, a_i, a_o = np.split(x @ Wx + h_prev @ Wh + b, 4, axis=1)
        f, g, i, o = _sigmoid(a_f), np.tanh(a_g), _sigmoid(a_i), _sigmoid(a_o)
        c_next = f * c_prev + g * i
        h_next = o * np.tanh(c_next)
        self.cache = (x, h_prev, c_prev, f, g, i, o, c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        Wx, Wh, _ = self.params
        x, h_prev, c_prev, f, g, i, o, c_next = self.cache
        t = np.tanh(c_next)
        dc = dc_next + dh_next * o * (1 - t * t)
        dA = np.concatenate([
            dc * c_prev * f * (1 - f),   # forget
            dc * i * (1 - g * g),        # candidate
            dc * g * i * (1 - i),        # input
            dh_next * t * o * (1 - o),   # output
        ], axis=1)
        self.grads[0][...] = x.T @ dA
        self.grads[1][...] = h_prev.T @ dA
        self.grads[2][...] = dA.sum(axis=0)
        return dA @ Wx.T, dA @ Wh.T, dc * f
