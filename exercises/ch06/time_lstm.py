"""The TimeLSTM layer: T LSTM cells in a row (book §6.3.1)."""
from workbench.backend import np

from ch06.lstm import LSTM


class TimeLSTM:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers = None
        self.h, self.c = None, None
        self.dh = None
        self.stateful = stateful

    def forward(self, xs):
        # (h_t, c_t) = LSTM(x_t, h_{t−1}, c_{t−1}), one cell per step sharing the params; h_0 = c_0 = 0 unless stateful
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dhs):
        # backward in time: step t gets dhs[:, t] + dh from step t+1, and dc from step t+1; grads summed over t
        # YOUR CODE HERE
        raise NotImplementedError()

    def set_state(self, h, c=None):
        self.h, self.c = h, c

    def reset_state(self):
        self.h, self.c = None, None
