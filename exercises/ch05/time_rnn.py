"""The TimeRNN layer: T RNN cells in a row (book §5.3.2)."""
from workbench.backend import np

from ch05.rnn import RNN


class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers = None
        self.h, self.dh = None, None
        self.stateful = stateful

    def forward(self, xs):
        # h_t = RNN(x_t, h_{t−1}), one cell per step sharing the params; h_0 = 0 unless stateful
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dhs):
        # backward in time: step t gets dhs[:, t] + dh from step t+1; grads summed over t
        # YOUR CODE HERE
        raise NotImplementedError()

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None
