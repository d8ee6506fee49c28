"""Peeky seq2seq: the encoder's h goes to every step of the decoder, its LSTM and its Affine (book §7.4.2).

zh: Peeky seq2seq：编码器的 h 送到解码器的每个时间步，既给 LSTM 也给 Affine（书 §7.4.2）。
"""
from workbench.backend import np

from ch05.time_layers import TimeAffine, TimeEmbedding, TimeSoftmaxWithLoss
from ch06.time_lstm import TimeLSTM
from ch07.seq2seq import Encoder, Seq2seq


class PeekyDecoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # the LSTM reads [h; embedding] (H + D wide) and the Affine reads [h; LSTM output] (H + H wide)
        # zh: LSTM 读入 [h; 嵌入向量]（宽 H + D），Affine 读入 [h; LSTM 输出]（宽 H + H）
        self.embed = TimeEmbedding(rn(V, D) / 100)
        lstm_Wx = rn(H + D, 4 * H) / np.sqrt(H + D)
        self.lstm = TimeLSTM(lstm_Wx, rn(H, 4 * H) / np.sqrt(H), np.zeros(4 * H), stateful=True)
        affine_W = rn(H + H, V) / np.sqrt(H + H)
        self.affine = TimeAffine(affine_W, np.zeros(V))
        stack = (self.embed, self.lstm, self.affine)
        self.params = [p for layer in stack for p in layer.params]
        self.grads = [g for layer in stack for g in layer.grads]
        self.cache = None  # H, the width of the h half in both inputs, for backward
        ### END SOLUTION

    def forward(self, xs, h):
        ### BEGIN SOLUTION
        # hs = h repeated at each of the T steps; score = Affine([hs; LSTM([hs; Embedding(xs)])])
        # zh: hs = 把 h 在 T 个时间步上重复；score = Affine([hs; LSTM([hs; Embedding(xs)])])
        (N, T), H = xs.shape, h.shape[1]
        hs = np.repeat(h, T, axis=0).reshape(N, T, H)
        self.cache = H
        self.lstm.set_state(h)
        out = self.embed.forward(xs)
        out = np.concatenate((hs, out), axis=2)
        out = self.lstm.forward(out)
        out = np.concatenate((hs, out), axis=2)
        score = self.affine.forward(out)
        return score
        ### END SOLUTION

    def backward(self, dscore):
        ### BEGIN SOLUTION
        # h reached the scores three ways: the LSTM's initial state, and the hs half of both inputs at every step
        # zh: h 通过三条路径影响得分：LSTM 的初始状态，以及每个时间步两个输入中属于 hs 的那一半
        H = self.cache
        dout = self.affine.backward(dscore)
        dout, dhs0 = dout[:, :, H:], dout[:, :, :H]
        dout = self.lstm.backward(dout)
        dembed, dhs1 = dout[:, :, H:], dout[:, :, :H]
        dhs = dhs0 + dhs1
        dh = self.lstm.dh + np.sum(dhs, axis=1)
        self.embed.backward(dembed)
        return dh
        ### END SOLUTION

    def generate(self, h, start_id, sample_size):
        ### BEGIN SOLUTION
        # greedy decoding as Decoder's, h concatenated to the LSTM's and the Affine's input at every step
        # zh: 与 Decoder 一样贪心解码，每一步都把 h 拼接到 LSTM 和 Affine 的输入上
        ids = [start_id]
        self.lstm.set_state(h)
        H = h.shape[1]
        peeky_h = h.reshape(1, 1, H)
        for _ in range(sample_size):
            out = self.embed.forward(np.array([[ids[-1]]]))
            out = np.concatenate((peeky_h, out), axis=2)
            out = self.lstm.forward(out)
            out = np.concatenate((peeky_h, out), axis=2)
            score = self.affine.forward(out)
            ids.append(int(np.argmax(score.flatten())))
        return ids[1:]
        ### END SOLUTION


class PeekySeq2seq(Seq2seq):
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        ### BEGIN SOLUTION
        # Seq2seq with a PeekyDecoder: forward, backward and generate are Seq2seq's
        # zh: 使用 PeekyDecoder 的 Seq2seq：forward、backward 和 generate 都沿用 Seq2seq 的
        self.encoder = Encoder(V, D, H)
        self.decoder = PeekyDecoder(V, D, H)
        self.softmax = TimeSoftmaxWithLoss()
        self.params = self.encoder.params + self.decoder.params
        self.grads = self.encoder.grads + self.decoder.grads
        ### END SOLUTION
