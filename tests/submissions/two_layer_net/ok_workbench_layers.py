"""Correct: built from the earlier exercises' modules (ch01.*) and named attributes."""
from workbench.backend import np

from ch01.affine import Affine
from ch01.sigmoid import Sigmoid
from ch01.softmax_with_loss import SoftmaxWithLoss


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        self.affine1 = Affine(0.01 * np.random.randn(input_size, hidden_size), np.zeros(hidden_size))
        self.sigmoid = Sigmoid()
        self.affine2 = Affine(0.01 * np.random.randn(hidden_size, output_size), np.zeros(output_size))
        self.loss_layer = SoftmaxWithLoss()
        self.params = self.affine1.params + self.affine2.params
        self.grads = self.affine1.grads + self.affine2.grads

    def predict(self, x):
        return self.affine2.forward(self.sigmoid.forward(self.affine1.forward(x)))

    def forward(self, x, t):
        return self.loss_layer.forward(self.predict(x), t)

    def backward(self, dout=1):
        dout = self.loss_layer.backward(dout)
        dout = self.affine2.backward(dout)
        dout = self.sigmoid.backward(dout)
        return self.affine1.backward(dout)
