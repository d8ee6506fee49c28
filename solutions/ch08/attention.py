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
        self.weight_layer = AttentionWeight()  # a = softmax(hs · h)
        self.sum_layer = WeightSum()  # c = Σ_t a_t hs_t
        self.attention_weight = None

    def forward(self, hs, h):
        ### BEGIN SOLUTION
        # c = Σ_t a[:, t] hs[:, t] with a = AttentionWeight(hs, h) (N, T), a kept for plotting
        # zh: c = Σ_t a[:, t] hs[:, t]，其中 a = AttentionWeight(hs, h) (N, T)；保存 a 以便画图
        self.attention_weight = a = self.weight_layer.forward(hs, h)
        return self.sum_layer.forward(hs, a)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # hs feeds both layers: dhs = dhs through the weighted sum + dhs through the weights
        # zh: hs 同时进入两个层：dhs = 经加权和传回的 dhs + 经权重传回的 dhs
        dhs_sum, da = self.sum_layer.backward(dout)
        dhs_weight, dh = self.weight_layer.backward(da)
        return dhs_sum + dhs_weight, dh
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
        return self.lstm.forward(self.embed.forward(xs))
        ### END SOLUTION

    def backward(self, dhs):
        ### BEGIN SOLUTION
        # dhs (N, T, H) reaches every step: through the LSTM, then the embedding
        # zh: dhs (N, T, H) 到达每个时刻：先经过 LSTM，再经过嵌入层
        return self.embed.backward(self.lstm.backward(dhs))
        ### END SOLUTION


class AttentionDecoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H, affine_W (2H, V) / √(2H)
        # zh: 按此顺序生成：embed_W (V, D) / 100，lstm_Wx (D, 4H) / √D，lstm_Wh (H, 4H) / √H，affine_W (2H, V) / √(2H)
        self.embed = TimeEmbedding(rn(V, D) / 100)
        self.lstm = TimeLSTM(rn(D, 4 * H) / np.sqrt(D), rn(H, 4 * H) / np.sqrt(H), np.zeros(4 * H), stateful=True)
        self.attention = TimeAttention()
        # the affine layer reads the context and the LSTM's output side by side: 2H wide
        # zh: Affine 层读入并排拼接的上下文和 LSTM 输出：宽 2H
        self.affine = TimeAffine(rn(2 * H, V) / np.sqrt(2 * H), np.zeros(V))
        layers = (self.embed, self.lstm, self.attention, self.affine)
        self.params = [p for layer in layers for p in layer.params]
        self.grads = [g for layer in layers for g in layer.grads]
        ### END SOLUTION

    def forward(self, xs, enc_hs):
        ### BEGIN SOLUTION
        # start from the encoder's last state; score = Affine([c, dec_hs]): the context c and the LSTM's output side by side
        # zh: 从编码器的最后一个状态开始；score = Affine([c, dec_hs])：上下文 c 与 LSTM 的输出并排拼接
        self.lstm.set_state(enc_hs[:, -1])
        dec_hs = self.lstm.forward(self.embed.forward(xs))
        context = self.attention.forward(enc_hs, dec_hs)
        return self.affine.forward(np.concatenate((context, dec_hs), axis=2))
        ### END SOLUTION

    def backward(self, dscore):
        ### BEGIN SOLUTION
        # the affine input's gradient splits into dc and ddec_hs; dec_hs also fed the attention; the LSTM's dh goes to enc_hs[:, -1]
        # zh: Affine 输入的梯度拆成 dc 和 ddec_hs；dec_hs 也进入了 Attention；LSTM 的 dh 加到 enc_hs[:, -1] 上
        dconcat = self.affine.backward(dscore)
        dcontext, ddec_hs = np.split(dconcat, 2, axis=2)
        denc_hs, ddec_hs_attention = self.attention.backward(dcontext)
        self.embed.backward(self.lstm.backward(ddec_hs + ddec_hs_attention))
        denc_hs[:, -1] += self.lstm.dh
        return denc_hs
        ### END SOLUTION

    def generate(self, enc_hs, start_id, sample_size):
        ### BEGIN SOLUTION
        # greedy decoding, one id at a time: each step's argmax is the next step's input
        # zh: 贪心解码，每次一个 ID：每一步的 argmax 作为下一步的输入
        self.lstm.set_state(enc_hs[:, -1])
        ids = np.array([[start_id]])
        sampled = []
        while len(sampled) < sample_size:
            dec_hs = self.lstm.forward(self.embed.forward(ids))
            context = self.attention.forward(enc_hs, dec_hs)
            ids = self.affine.forward(np.concatenate((context, dec_hs), axis=2)).argmax(axis=2)
            sampled.append(int(ids[0, 0]))
        return sampled
        ### END SOLUTION


class AttentionSeq2seq(Seq2seq):
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        args = vocab_size, wordvec_size, hidden_size
        ### BEGIN SOLUTION
        # chapter 7's Seq2seq with the attention encoder and decoder; the encoder's weights are drawn first
        # zh: 第 7 章的 Seq2seq，换上带 Attention 的编码器和解码器；先生成编码器的权重
        self.encoder, self.decoder = AttentionEncoder(*args), AttentionDecoder(*args)
        self.softmax = TimeSoftmaxWithLoss()
        parts = (self.encoder, self.decoder)
        self.params = [p for part in parts for p in part.params]
        self.grads = [g for part in parts for g in part.grads]
        ### END SOLUTION
