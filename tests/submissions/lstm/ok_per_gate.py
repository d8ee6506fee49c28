"""Correct: each gate from its own column block of Wx, Wh, b; grads written block by block."""
from workbench.backend import np

GATES = ("f", "g", "i", "o")  # the book's order of the 4H columns


def _block(k, H):
    return slice(k * H, (k + 1) * H)


class LSTM:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        H = Wh.shape[0]
        gate = {}
        for k, name in enumerate(GATES):
            cols = _block(k, H)
            a = np.dot(x, Wx[:, cols]) + np.dot(h_prev, Wh[:, cols]) + b[cols]
            gate[name] = np.tanh(a) if name == "g" else np.exp(-np.logaddexp(0, -a))  # σ(a), stable
        c_next = gate["f"] * c_prev + gate["g"] * gate["i"]
        h_next = gate["o"] * np.tanh(c_next)
        self.cache = x, h_prev, c_prev, gate, c_next
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        Wx, Wh, b = self.params
        x, h_prev, c_prev, gate, c_next = self.cache
        f, g, i, o = (gate[name] for name in GATES)
        H = Wh.shape[0]
        tanh_c = np.tanh(c_next)
        ds = dc_next + dh_next * o * (1 - tanh_c ** 2)
        da = {
            "f": ds * c_prev * f * (1 - f),
            "g": ds * i * (1 - g ** 2),
            "i": ds * g * i * (1 - i),
            "o": dh_next * tanh_c * o * (1 - o),
        }
        dx = 0
        dh_prev = 0
        for k, name in enumerate(GATES):
            cols = _block(k, H)
            self.grads[0][:, cols] = np.dot(x.T, da[name])
            self.grads[1][:, cols] = np.dot(h_prev.T, da[name])
            self.grads[2][cols] = da[name].sum(axis=0)
            dx = dx + np.dot(da[name], Wx[:, cols].T)
            dh_prev = dh_prev + np.dot(da[name], Wh[:, cols].T)
        return dx, dh_prev, ds * f
