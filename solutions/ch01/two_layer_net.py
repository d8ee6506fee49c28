"""A two-layer net, Affine → Sigmoid → Affine → Softmax-with-Loss (book §1.4).

zh: 两层神经网络：Affine → Sigmoid → Affine → Softmax-with-Loss（书 §1.4）。
"""
from workbench.backend import np

from ch01.affine import Affine
from ch01.sigmoid import Sigmoid
from ch01.softmax_with_loss import SoftmaxWithLoss


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        I, H, O = input_size, hidden_size, output_size
        ### BEGIN SOLUTION
        # small random weights, zero biases
        # zh: 较小的随机权重，偏置为零
        W1 = 0.01 * np.random.randn(I, H)
        b1 = np.zeros(H)
        W2 = 0.01 * np.random.randn(H, O)
        b2 = np.zeros(O)
        self.layers = [Affine(W1, b1), Sigmoid(), Affine(W2, b2)]
        self.loss_layer = SoftmaxWithLoss()
        # one list of every weight, in layer order: [W1, b1, W2, b2]
        # zh: 所有权重放在一个列表里，按层的顺序：[W1, b1, W2, b2]
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads
        ### END SOLUTION

    def predict(self, x):
        ### BEGIN SOLUTION
        # scores = Affine2(σ(Affine1(x)))
        for layer in self.layers:
            x = layer.forward(x)
        return x
        ### END SOLUTION

    def forward(self, x, t):
        ### BEGIN SOLUTION
        # L = SoftmaxWithLoss(predict(x), t)
        score = self.predict(x)
        return self.loss_layer.forward(score, t)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # the chain rule, layer by layer in reverse
        # zh: 链式法则：按相反的顺序逐层反向传播
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
        ### END SOLUTION
