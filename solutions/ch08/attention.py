"""Attention: the Attention layer, TimeAttention, and seq2seq with attention (book §8.1–8.2).

zh: Attention：Attention 层、TimeAttention，以及带 Attention 的 seq2seq（书 §8.1–8.2）。
"""
from workbench.backend import np

from ch05.time_layers import TimeAffine, TimeEmbedding, TimeSoftmaxWithLoss
from ch06.time_lstm import TimeLSTM
from ch07.seq2seq import Encoder, Seq2seq
from ch08.attention_weight import AttentionWeight
from ch08.weight_sum import WeightSum


class Attention:
    def __init__(self):
        self.params, self.grads = [], []
        self.attention_weight_layer = AttentionWeight()
        self.weight_sum_layer = WeightSum()
        self.attention_weight = None

    def forward(self, hs, h):
        ### BEGIN SOLUTION
        # a = AttentionWeight(hs, h) (N, T); c = WeightSum(hs, a) (N, H); a kept for plotting
        # zh: a = AttentionWeight(hs, h) (N, T)；c = WeightSum(hs, a) (N, H)；保存 a 以便画图
        a = self.attention_weight_layer.forward(hs, h)
        out = self.weight_sum_layer.forward(hs, a)
        self.attention_weight = a
        return out
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # hs feeds both layers: dhs = dhs from WeightSum + dhs from AttentionWeight
        # zh: hs 同时进入两个层：dhs = 来自 WeightSum 的 dhs + 来自 AttentionWeight 的 dhs
        dhs0, da = self.weight_sum_layer.backward(dout)
        dhs1, dh = self.attention_weight_layer.backward(da)
        return dhs0 + dhs1, dh
        ### END SOLUTION


class TimeAttention:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.attention_weights = None

    def forward(self, hs_enc, hs_dec):
        ### BEGIN SOLUTION
        # every decoder step t at once: a[:, t] = softmax over s of hs_dec[:, t] · hs_enc[:, s]; out[:, t] = Σ_s a[:, t, s] hs_enc[:, s]
        # zh: 一次算出解码器的所有时刻 t：a[:, t] = 对 s 做 softmax(hs_dec[:, t] · hs_enc[:, s])；out[:, t] = Σ_s a[:, t, s] hs_enc[:, s]
        T = hs_dec.shape[1]
        scores = np.matmul(hs_dec, hs_enc.transpose(0, 2, 1))  # (N, T_dec, T_enc)
        a = np.exp(scores - scores.max(axis=2, keepdims=True))
        a /= a.sum(axis=2, keepdims=True)  # softmax over the encoder's steps
        self.cache = (hs_enc, hs_dec, a)
        # each decoder step's weights (N, T_enc), kept as the book keeps them: for plotting
        self.attention_weights = [a[:, t] for t in range(T)]
        return np.matmul(a, hs_enc)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # out = a hs_enc: da = dout hs_encᵀ; the softmax's backward ds = a ⊙ (da − Σ_s a da); scores = hs_dec hs_encᵀ
        # zh: out = a hs_enc：da = dout hs_encᵀ；softmax 的反向传播 ds = a ⊙ (da − Σ_s a da)；scores = hs_dec hs_encᵀ
        hs_enc, hs_dec, a = self.cache
        da = np.matmul(dout, hs_enc.transpose(0, 2, 1))
        ds = a * (da - np.sum(a * da, axis=2, keepdims=True))
        dhs_enc = np.matmul(a.transpose(0, 2, 1), dout) + np.matmul(ds.transpose(0, 2, 1), hs_dec)
        dhs_dec = np.matmul(ds, hs_enc)
        return dhs_enc, dhs_dec
        ### END SOLUTION


class AttentionEncoder(Encoder):
    def forward(self, xs):
        ### BEGIN SOLUTION
        # hs = LSTM(Embedding(xs)): every step's hidden state (N, T, H), not only the last one
        # zh: hs = LSTM(Embedding(xs))：返回每个时刻的隐藏状态 (N, T, H)，而不只是最后一个
        xs = self.embed.forward(xs)
        hs = self.lstm.forward(xs)
        return hs
        ### END SOLUTION

    def backward(self, dhs):
        ### BEGIN SOLUTION
        # dhs (N, T, H) reaches every step: through the LSTM, then the embedding
        # zh: dhs (N, T, H) 到达每个时刻：先经过 LSTM，再经过嵌入层
        dout = self.lstm.backward(dhs)
        dout = self.embed.backward(dout)
        return dout
        ### END SOLUTION


class AttentionDecoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H, affine_W (2H, V) / √(2H)
        # zh: 按此顺序生成：embed_W (V, D) / 100，lstm_Wx (D, 4H) / √D，lstm_Wh (H, 4H) / √H，affine_W (2H, V) / √(2H)
        embed_W = rn(V, D) / 100
        lstm_Wx = rn(D, 4 * H) / np.sqrt(D)
        lstm_Wh = rn(H, 4 * H) / np.sqrt(H)
        lstm_b = np.zeros(4 * H)
        affine_W = rn(2 * H, V) / np.sqrt(2 * H)
        affine_b = np.zeros(V)
        self.embed = TimeEmbedding(embed_W)
        self.lstm = TimeLSTM(lstm_Wx, lstm_Wh, lstm_b, stateful=True)
        self.attention = TimeAttention()
        self.affine = TimeAffine(affine_W, affine_b)
        self.params, self.grads = [], []
        for layer in (self.embed, self.lstm, self.attention, self.affine):
            self.params += layer.params
            self.grads += layer.grads
        ### END SOLUTION

    def forward(self, xs, enc_hs):
        ### BEGIN SOLUTION
        # start from the encoder's last state; score = Affine([c, dec_hs]): the context c and the LSTM's output side by side
        # zh: 从编码器的最后一个状态开始；score = Affine([c, dec_hs])：上下文 c 与 LSTM 的输出并排拼接
        self.lstm.set_state(enc_hs[:, -1])
        dec_hs = self.lstm.forward(self.embed.forward(xs))
        c = self.attention.forward(enc_hs, dec_hs)
        out = np.concatenate((c, dec_hs), axis=2)
        return self.affine.forward(out)
        ### END SOLUTION

    def backward(self, dscore):
        ### BEGIN SOLUTION
        # split the affine's input gradient into dc and ddec_hs; dec_hs also fed the attention; the LSTM's dh goes to enc_hs[:, -1]
        # zh: 把 Affine 输入的梯度拆成 dc 和 ddec_hs；dec_hs 也进入了 Attention；LSTM 的 dh 加到 enc_hs[:, -1] 上
        dout = self.affine.backward(dscore)
        H = dout.shape[2] // 2
        dc, ddec_hs0 = dout[:, :, :H], dout[:, :, H:]
        denc_hs, ddec_hs1 = self.attention.backward(dc)
        dout = self.lstm.backward(ddec_hs0 + ddec_hs1)
        denc_hs[:, -1] += self.lstm.dh
        self.embed.backward(dout)
        return denc_hs
        ### END SOLUTION

    def generate(self, enc_hs, start_id, sample_size):
        ### BEGIN SOLUTION
        # greedy decoding, one id at a time: each step's argmax is the next step's input
        # zh: 贪心解码，每次一个 ID：每一步的 argmax 作为下一步的输入
        sampled = []
        sample_id = start_id
        self.lstm.set_state(enc_hs[:, -1])
        for _ in range(sample_size):
            x = np.array([[sample_id]])
            dec_hs = self.lstm.forward(self.embed.forward(x))
            c = self.attention.forward(enc_hs, dec_hs)
            score = self.affine.forward(np.concatenate((c, dec_hs), axis=2))
            sample_id = int(np.argmax(score.flatten()))
            sampled.append(sample_id)
        return sampled
        ### END SOLUTION


class AttentionSeq2seq(Seq2seq):
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        args = vocab_size, wordvec_size, hidden_size
        ### BEGIN SOLUTION
        # chapter 7's Seq2seq with the attention encoder and decoder; the encoder's weights are drawn first
        # zh: 第 7 章的 Seq2seq，换上带 Attention 的编码器和解码器；先生成编码器的权重
        self.encoder = AttentionEncoder(*args)
        self.decoder = AttentionDecoder(*args)
        self.softmax = TimeSoftmaxWithLoss()
        self.params = self.encoder.params + self.decoder.params
        self.grads = self.encoder.grads + self.decoder.grads
        ### END SOLUTION
