"""Bug: grads collected as copies, so backward's updates never reach the list the trainer reads."""
from workbench.backend import np

from ch01.affine import Affine
from ch01.sigmoid import Sigmoid
from ch01.softmax_with_loss import SoftmaxWithLoss


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
            self.grads += [g.copy() for g in layer.grads]

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
