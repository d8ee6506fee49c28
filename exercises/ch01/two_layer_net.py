"""A two-layer net, Affine → Sigmoid → Affine → Softmax-with-Loss (book §1.4)."""
from workbench.backend import np

from ch01.affine import Affine
from ch01.sigmoid import Sigmoid
from ch01.softmax_with_loss import SoftmaxWithLoss


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        I, H, O = input_size, hidden_size, output_size
        # small random weights, zero biases
        # YOUR CODE HERE
        raise NotImplementedError()

    def predict(self, x):
        # scores = Affine2(σ(Affine1(x)))
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x, t):
        # L = SoftmaxWithLoss(predict(x), t)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # the chain rule, layer by layer in reverse
        # YOUR CODE HERE
        raise NotImplementedError()
