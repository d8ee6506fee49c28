"""Bug: its own loss layer has the gradient's sign flipped (y - t became t - y), so training climbs the loss, and log(y) has no 1e-7: the loss becomes inf."""
from workbench.backend import np

from ch01.affine import Affine
from ch01.sigmoid import Sigmoid


class SoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, t):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        self.t = t.argmax(axis=1) if t.ndim == 2 else t
        n = len(self.t)
        return -np.mean(np.log(self.y[np.arange(n), self.t]))

    def backward(self, dout=1):
        n = len(self.t)
        dx = -self.y.copy()
        dx[np.arange(n), self.t] += 1
        return dx * dout / n


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        I, H, O = input_size, hidden_size, output_size
        # small random weights, zero biases
        W1 = 0.01 * np.random.randn(I, H)
        b1 = np.zeros(H)
        W2 = 0.01 * np.random.randn(H, O)
        b2 = np.zeros(O)
        self.layers = [Affine(W1, b1), Sigmoid(), Affine(W2, b2)]
        self.loss_layer = SoftmaxWithLoss()
        # one list of every weight, in layer order: [W1, b1, W2, b2]
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    def predict(self, x):
        # scores = Affine2(σ(Affine1(x)))
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def forward(self, x, t):
        # L = SoftmaxWithLoss(predict(x), t)
        score = self.predict(x)
        return self.loss_layer.forward(score, t)

    def backward(self, dout=1):
        # the chain rule, layer by layer in reverse
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
