"""LSTM language models: Rnnlm, and BetterRnnlm with two LSTM layers, dropout and weight tying (book §6.4, §6.5).

zh: LSTM 语言模型：Rnnlm，以及带两层 LSTM、Dropout 和权重共享的 BetterRnnlm（书 §6.4、§6.5）。
"""
from workbench.backend import np

from common.base_model import BaseModel
from common.time_layers import TimeAffine, TimeDropout, TimeEmbedding, TimeLSTM, TimeSoftmaxWithLoss


class Rnnlm(BaseModel):
    def __init__(self, vocab_size=10000, wordvec_size=100, hidden_size=100):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H, affine_W (H, V) / √H
        # zh: 按此顺序生成：embed_W (V, D) / 100，lstm_Wx (D, 4H) / √D，lstm_Wh (H, 4H) / √H，affine_W (H, V) / √H
        embed_W = rn(V, D) / 100
        lstm_Wx = rn(D, 4 * H) / np.sqrt(D)
        lstm_Wh = rn(H, 4 * H) / np.sqrt(H)
        lstm_b = np.zeros(4 * H)
        affine_W = rn(H, V) / np.sqrt(H)
        affine_b = np.zeros(V)
        self.layers = [
            TimeEmbedding(embed_W),
            TimeLSTM(lstm_Wx, lstm_Wh, lstm_b, stateful=True),
            TimeAffine(affine_W, affine_b),
        ]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.lstm_layer = self.layers[1]
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads
        ### END SOLUTION

    def predict(self, xs):
        ### BEGIN SOLUTION
        # scores (N, T, V) = Affine(LSTM(Embedding(xs)))
        # zh: 得分 (N, T, V) = Affine(LSTM(Embedding(xs)))
        for layer in self.layers:
            xs = layer.forward(xs)
        return xs
        ### END SOLUTION

    def forward(self, xs, ts):
        ### BEGIN SOLUTION
        # L = the mean over the N·T positions of −log softmax(score)[t]
        # zh: L = 在 N·T 个位置上对 −log softmax(score)[t] 取平均
        score = self.predict(xs)
        return self.loss_layer.forward(score, ts)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # the layers' backward in reverse order; each writes its own grads
        # zh: 按相反顺序调用各层的 backward；每层写入自己的 grads
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
        ### END SOLUTION

    def reset_state(self):
        ### BEGIN SOLUTION
        # forget h and c: the next forward starts from zeros
        # zh: 忘掉 h 和 c：下一次 forward 从零开始
        self.lstm_layer.reset_state()
        ### END SOLUTION


class BetterRnnlm(BaseModel):
    def __init__(self, vocab_size=10000, wordvec_size=650, hidden_size=650, dropout_ratio=0.5):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # drawn in this order: embed_W (V, D) / 100, then per LSTM layer Wx / √fan_in and Wh (H, 4H) / √H
        # zh: 按此顺序生成：embed_W (V, D) / 100，然后每个 LSTM 层的 Wx / √fan_in 和 Wh (H, 4H) / √H
        embed_W = rn(V, D) / 100
        lstm_Wx1 = rn(D, 4 * H) / np.sqrt(D)
        lstm_Wh1 = rn(H, 4 * H) / np.sqrt(H)
        lstm_b1 = np.zeros(4 * H)
        lstm_Wx2 = rn(H, 4 * H) / np.sqrt(H)
        lstm_Wh2 = rn(H, 4 * H) / np.sqrt(H)
        lstm_b2 = np.zeros(4 * H)
        affine_b = np.zeros(V)
        # weight tying: the output layer's weights are embed_W.T, a view of the same array (so D must equal H)
        # zh: 权重共享：输出层的权重是 embed_W.T，即同一个数组的视图（因此 D 必须等于 H）
        self.layers = [
            TimeEmbedding(embed_W),
            TimeDropout(dropout_ratio),
            TimeLSTM(lstm_Wx1, lstm_Wh1, lstm_b1, stateful=True),
            TimeDropout(dropout_ratio),
            TimeLSTM(lstm_Wx2, lstm_Wh2, lstm_b2, stateful=True),
            TimeDropout(dropout_ratio),
            TimeAffine(embed_W.T, affine_b),
        ]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.lstm_layers = [self.layers[2], self.layers[4]]
        self.drop_layers = [self.layers[1], self.layers[3], self.layers[5]]
        # params: embed_W first and again (transposed) as the Affine's W; one grad per use, added up by
        # the optimizer's caller (remove_duplicate)
        # zh: params：embed_W 在最前面，又（转置后）作为 Affine 的 W 出现一次；每次使用各有一个梯度，
        # zh: 由优化器的调用方相加（remove_duplicate）
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads
        ### END SOLUTION

    def predict(self, xs, train_flg=False):
        ### BEGIN SOLUTION
        # dropout only in training: every TimeDropout gets train_flg before the forward pass
        # zh: 只在训练时使用 dropout：前向传播前把 train_flg 告诉每个 TimeDropout
        for layer in self.drop_layers:
            layer.train_flg = train_flg
        for layer in self.layers:
            xs = layer.forward(xs)
        return xs
        ### END SOLUTION

    def forward(self, xs, ts, train_flg=True):
        ### BEGIN SOLUTION
        # L = the mean over the N·T positions of −log softmax(score)[t], dropout on while training
        # zh: L = 在 N·T 个位置上对 −log softmax(score)[t] 取平均，训练时启用 dropout
        score = self.predict(xs, train_flg)
        return self.loss_layer.forward(score, ts)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # the layers' backward in reverse order; the Affine writes its share of the tied weight into its own slot
        # zh: 按相反顺序调用各层的 backward；Affine 把共享权重中属于自己的那一份写进自己的位置
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
        ### END SOLUTION

    def reset_state(self):
        ### BEGIN SOLUTION
        # forget h and c of both LSTM layers
        # zh: 忘掉两个 LSTM 层的 h 和 c
        for layer in self.lstm_layers:
            layer.reset_state()
        ### END SOLUTION
