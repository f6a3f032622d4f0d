"""Everyday machine-learning programs: losses, small networks, recurrent loops,
attention, normalisation layers and unrolled optimisers, written the way people
write them in plain NumPy."""

from collections import namedtuple

import numpy as np

from ..case import case

_rng = np.random.default_rng(101)
X = _rng.standard_normal((8, 3))
Y = _rng.standard_normal(8)
YB = (np.array([0.2, 0.7, 0.1, 0.9, 0.6, 0.3, 0.8, 0.4]) > 0.5).astype(float)
YPM = 2.0 * YB - 1.0
LABELS = np.array([0, 2, 1, 1, 0, 2, 1, 0])
ONEHOT = np.eye(3)[LABELS]
W3 = _rng.standard_normal(3) * 0.5
W33 = _rng.standard_normal((3, 3)) * 0.5
W34 = _rng.standard_normal((3, 4)) * 0.5
W42 = _rng.standard_normal((4, 2)) * 0.5
W41 = _rng.standard_normal((4, 1)) * 0.5
B4 = _rng.standard_normal(4) * 0.1
B2 = _rng.standard_normal(2) * 0.1
SEQ = _rng.standard_normal((5, 3)) * 0.7
WH = _rng.standard_normal((4, 4)) * 0.3
WX = _rng.standard_normal((3, 4)) * 0.4
TOK = _rng.standard_normal((4, 6)) * 0.6
WQ = _rng.standard_normal((6, 6)) * 0.3
WK = _rng.standard_normal((6, 6)) * 0.3
WV = _rng.standard_normal((6, 6)) * 0.3
GAMMA = 1.0 + 0.1 * _rng.standard_normal(6)
BETA = 0.1 * _rng.standard_normal(6)
IMG = _rng.standard_normal((6, 6))
KER = _rng.standard_normal((3, 3)) * 0.5
SIG = _rng.standard_normal(12)
K1D = np.array([0.25, 0.5, -0.3])
P = np.array([0.1, 0.2, 0.3, 0.4])
Q = np.array([0.25, 0.25, 0.3, 0.2])
EMB = _rng.standard_normal((5, 3))
IDX = np.array([0, 3, 1, 3, 4])
DROP = (np.array([0.1, 0.8, 0.4, 0.9, 0.3, 0.7, 0.2, 0.6]) > 0.35).astype(float)
Z2 = _rng.standard_normal((8, 2))
CENT = _rng.standard_normal((3, 2))
MU3 = np.array([-1.0, 0.0, 1.2])
LOGIT3 = np.array([0.3, -0.2, 0.5])
X2 = _rng.standard_normal((6, 4))

Params = namedtuple('Params', ['W', 'b'])


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def relu(z):
    return np.maximum(z, 0.0)


# ---------------------------------------------------------------- regression

@case(W3)
def linreg_mse(w):
    pred = X @ w
    return np.mean((pred - Y) ** 2)


@case(W3, 0.3, wrt=1)
def linreg_mse_bias_wrt_bias(w, b):
    resid = X.dot(w) + b - Y
    return np.sum(resid ** 2) / len(Y)


@case(W3, 0.3, wrt=0)
def linreg_mse_bias_wrt_w(w, b):
    resid = X.dot(w) + b - Y
    return (resid ** 2).mean()


@case(W3)
def ridge_loss(w):
    lam = 0.1
    err = Y - np.dot(X, w)
    return 0.5 * np.sum(err * err) + lam * np.sum(w ** 2)


@case(W3)
def smooth_lasso(w):
    err = X @ w - Y
    return np.mean(err ** 2) + 0.05 * np.sum(np.sqrt(w ** 2 + 1e-3))


@case(W3)
def elastic_net(w):
    r = X @ w - Y
    l1 = np.sum(np.abs(w))
    l2 = np.sum(w ** 2)
    return 0.5 * np.mean(r ** 2) + 0.01 * l1 + 0.02 * l2


@case(W3)
def huber_loss_where(w):
    r = X @ w - Y
    delta = 1.0
    quad = 0.5 * r ** 2
    lin = delta * (np.abs(r) - 0.5 * delta)
    return np.mean(np.where(np.abs(r) <= delta, quad, lin))


@case(W3)
def log_cosh_loss(w):
    r = X @ w - Y
    return np.sum(np.log(np.cosh(r)))


@case(W3)
def weighted_least_squares(w):
    weights = np.linspace(0.5, 1.5, len(Y))
    r = X @ w - Y
    return np.sum(weights * r ** 2) / np.sum(weights)


@case(np.array([0.1, -0.2, 0.3, 0.05]))
def polynomial_regression_vander(c):
    t = np.linspace(-1, 1, 8)
    V = np.vander(t, 4)
    return np.mean((V @ c - Y) ** 2)


@case(np.array([0.1, -0.2, 0.3, 0.05]))
def polynomial_regression_powers(c):
    t = np.linspace(-1, 1, 8)
    pred = c[0] + c[1] * t + c[2] * t ** 2 + c[3] * t ** 3
    return np.mean((pred - Y) ** 2)


@case(np.array([0.1, -0.2, 0.3, 0.05]))
def polyval_fit(c):
    t = np.linspace(-1, 1, 8)
    return np.sum((np.polyval(c, t) - Y) ** 2)


@case(W3)
def quantile_loss_smooth(w):
    r = Y - X @ w
    tau = 0.3
    return np.mean(np.where(r > 0, tau * r, (tau - 1) * r))


# ---------------------------------------------------------------- classification

@case(W3)
def logistic_bce(w):
    p = sigmoid(X @ w)
    return -np.mean(YB * np.log(p) + (1 - YB) * np.log(1 - p))


@case(W3)
def logistic_logaddexp(w):
    z = X @ w
    return np.mean(np.logaddexp(0.0, -YPM * z))


@case(W3)
def logistic_log1p(w):
    z = X @ w
    return np.sum(np.log1p(np.exp(-YPM * z)))


@case(W3, 0.1, wrt=1)
def logistic_bias_wrt_bias(w, b):
    z = X @ w + b
    p = 1 / (1 + np.exp(-z))
    eps = 1e-12
    return -np.sum(YB * np.log(p + eps) + (1.0 - YB) * np.log(1.0 - p + eps))


@case(W3)
def logistic_l2(w):
    z = X @ w
    loss = np.mean(np.log(1 + np.exp(-YPM * z)))
    return loss + 0.5 * 0.01 * w @ w


@case(W33)
def softmax_xent_labels(W):
    logits = X @ W
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -np.mean(logp[np.arange(len(LABELS)), LABELS])


@case(W33)
def softmax_xent_onehot(W):
    p = softmax(X @ W)
    return -np.sum(ONEHOT * np.log(p)) / X.shape[0]


@case(W33)
def softmax_xent_loop(W):
    total = 0.0
    for i in range(X.shape[0]):
        z = X[i] @ W
        z = z - np.max(z)
        total += np.log(np.sum(np.exp(z))) - z[LABELS[i]]
    return total / X.shape[0]


@case(W33)
def label_smoothing_xent(W):
    eps = 0.1
    target = ONEHOT * (1 - eps) + eps / 3
    logits = X @ W
    m = np.max(logits, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    return -np.mean(np.sum(target * (logits - lse), axis=1))


@case(1.5)
def temperature_softmax(T):
    z = X @ W33 / T
    p = softmax(z)
    return -np.mean(np.sum(ONEHOT * np.log(p), axis=1))


@case(W3)
def squared_hinge(w):
    margins = 1.0 - YPM * (X @ w)
    return np.mean(np.maximum(0.0, margins) ** 2)


@case(W3)
def smooth_hinge_softplus(w):
    m = 1 - YPM * (X @ w)
    return np.mean(np.log(1 + np.exp(5.0 * m)) / 5.0)


@case(W33)
def multiclass_hinge_smooth(W):
    scores = X @ W
    correct = scores[np.arange(8), LABELS][:, None]
    margins = scores - correct + 1.0
    margins[np.arange(8), LABELS] = 0.0
    return np.sum(np.log1p(np.exp(margins))) / 8


@case(W3)
def focal_loss(w):
    p = sigmoid(X @ w)
    pt = np.where(YB == 1, p, 1 - p)
    gamma = 2.0
    return -np.mean((1 - pt) ** gamma * np.log(pt))


@case(W3)
def poisson_regression(w):
    counts = np.array([1.0, 0.0, 2.0, 3.0, 1.0, 0.0, 4.0, 2.0])
    eta = X @ w
    return np.sum(np.exp(eta) - counts * eta)


@case(W3)
def probit_like_tanh(w):
    z = X @ w
    p = 0.5 * (1 + np.tanh(z))
    return -np.sum(YB * np.log(p) + (1 - YB) * np.log1p(-p))


# ---------------------------------------------------------------- activations

@case(np.linspace(-2, 2, 7) + 0.05)
def gelu_tanh(x):
    y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    return np.sum(y ** 2)


@case(np.linspace(-2, 2, 7) + 0.05)
def swish(x):
    return np.sum(x * sigmoid(x))


@case(np.linspace(-2, 2, 7) + 0.05)
def softplus_sum(x):
    return np.sum(np.log1p(np.exp(x)))


@case(np.linspace(-2, 2, 7) + 0.05)
def elu_where(x):
    y = np.where(x > 0, x, np.exp(x) - 1)
    return np.sum(y * y)


@case(np.linspace(-2, 2, 7) + 0.05)
def leaky_relu(x):
    y = np.where(x > 0, x, 0.01 * x)
    return np.sum(np.sin(y))


@case(np.linspace(-2, 2, 7) + 0.05)
def relu_squared(x):
    return np.sum(np.maximum(x, 0) ** 2 + 0.1 * x)


@case(np.linspace(-2, 2, 7) + 0.05)
def mish(x):
    return np.sum(x * np.tanh(np.log1p(np.exp(x))))


@case(np.linspace(-2, 2, 7) + 0.05)
def hard_tanh_clip(x):
    return np.sum(np.clip(x, -1.0, 1.0) ** 3)


# ---------------------------------------------------------------- MLPs

@case([W34, B4, W41, np.array([0.05])])
def mlp_list_params(params):
    W1, b1, W2, b2 = params
    h = np.tanh(X @ W1 + b1)
    out = (h @ W2 + b2)[:, 0]
    return np.mean((out - Y) ** 2)


@case({'W1': W34, 'b1': B4, 'W2': W41, 'b2': np.array([0.05])})
def mlp_dict_params(p):
    h = np.tanh(X @ p['W1'] + p['b1'])
    out = h @ p['W2'] + p['b2']
    return np.mean((out.ravel() - Y) ** 2)


@case([W34, W42])
def mlp_loop_over_weights(Ws):
    h = X
    for W in Ws:
        h = np.tanh(h @ W)
    return np.sum(h ** 2)


@case([W34, W42], [B4, B2])
def mlp_zip_weights_biases(Ws, bs):
    h = X
    for W, b in zip(Ws, bs):
        h = np.tanh(h @ W + b)
    return np.mean(h)


@case([W34, W42])
def mlp_relu_last_linear(Ws):
    h = X
    for i, W in enumerate(Ws):
        h = h @ W
        if i < len(Ws) - 1:
            h = np.maximum(h, 0)
    return np.sum(h ** 2)


@case((W34, B4))
def mlp_tuple_layer(layer):
    W, b = layer
    h = sigmoid(X @ W + b)
    return np.sum(h * h)


@case(Params(W34, B4))
def mlp_namedtuple_layer(p):
    h = np.tanh(X @ p.W + p.b)
    return np.mean(h ** 2)


@case([Params(W34, B4), Params(W42, B2)])
def mlp_list_of_namedtuples(layers):
    h = X
    for layer in layers:
        h = np.tanh(h @ layer.W + layer.b)
    return np.sum(h)


@case([{'W': W34, 'b': B4}, {'W': W42, 'b': B2}])
def mlp_list_of_dicts(layers):
    h = X
    for layer in layers:
        h = np.tanh(h @ layer['W'] + layer['b'])
    return np.sum(h ** 2)


@case(W34)
def mlp_softmax_head(W1):
    h = np.tanh(X @ W1)
    logits = h @ W42
    p = softmax(logits)
    return -np.mean(np.log(p[:, 0]))


@case([W34, W42])
def mlp_with_residual(Ws):
    h = np.tanh(X @ Ws[0])
    h = h + 0.5 * np.tanh(h @ WH)
    out = h @ Ws[1]
    return np.sum(out ** 2)


@case(W34)
def mlp_dropout_fixed_mask(W1):
    h = np.tanh(X @ W1)
    h = h * DROP[:, None] / 0.65
    return np.mean((h @ W41)[:, 0] - Y) ** 2


@case([W34, B4])
def mlp_weight_decay(params):
    W, b = params
    h = np.tanh(X @ W + b)
    loss = np.mean(h ** 2)
    reg = 0.0
    for p in params:
        reg = reg + np.sum(p ** 2)
    return loss + 1e-2 * reg


@case(W34)
def autoencoder_tied(W):
    code = np.tanh(X @ W)
    recon = code @ W.T
    return np.mean((recon - X) ** 2)


@case(W34)
def residual_block_relu(W):
    h = X @ W
    h = np.maximum(h, 0)
    out = X + h @ W.T * 0.5
    return np.sum(out ** 2)


@case(W3)
def perceptron_smooth(w):
    scores = X @ w
    return np.sum(np.log1p(np.exp(-YPM * scores)))


# ---------------------------------------------------------------- recurrent

@case(WH)
def rnn_tanh_loop(Wh):
    h = np.zeros(4)
    for t in range(SEQ.shape[0]):
        h = np.tanh(SEQ[t] @ WX + h @ Wh)
    return np.sum(h ** 2)


@case(WH)
def rnn_iterate_rows(Wh):
    h = np.zeros(4)
    for x_t in SEQ:
        h = np.tanh(x_t @ WX + Wh @ h)
    return np.sum(h)


@case(WH)
def rnn_collect_states_stack(Wh):
    h = np.zeros(4)
    hs = []
    for t in range(len(SEQ)):
        h = np.tanh(SEQ[t] @ WX + h @ Wh)
        hs.append(h)
    H = np.stack(hs)
    return np.mean(H ** 2)


@case(WH)
def rnn_states_into_array(Wh):
    T = SEQ.shape[0]
    H = np.zeros((T, 4))
    h = np.zeros(4)
    for t in range(T):
        h = np.tanh(SEQ[t] @ WX + h @ Wh)
        H[t] = h
    return np.sum(H[1:] * H[:-1])


@case(WX)
def rnn_loss_per_step(Wx):
    h = np.zeros(4)
    loss = 0.0
    for t in range(len(SEQ) - 1):
        h = np.tanh(SEQ[t] @ Wx + h @ WH)
        pred = h[:3]
        loss += np.sum((pred - SEQ[t + 1]) ** 2)
    return loss


@case(WH)
def gru_cell_loop(U):
    h = np.zeros(4)
    for x in SEQ:
        a = x @ WX
        z = sigmoid(a + h @ U)
        r = sigmoid(a - h @ U)
        hh = np.tanh(a + (r * h) @ WH)
        h = (1 - z) * h + z * hh
    return np.sum(h ** 2)


@case(WH)
def lstm_cell_loop(U):
    h = np.zeros(4)
    c = np.zeros(4)
    for x in SEQ:
        a = x @ WX
        i = sigmoid(a + h @ U)
        f = sigmoid(a + 1.0)
        o = sigmoid(a - h @ U)
        g = np.tanh(a + h @ WH)
        c = f * c + i * g
        h = o * np.tanh(c)
    return np.sum(h) + np.sum(c ** 2)


@case(0.9)
def leaky_integrator_rnn(alpha):
    h = np.zeros(4)
    for x in SEQ:
        h = alpha * h + (1 - alpha) * np.tanh(x @ WX)
    return np.sum(h ** 2)


@case(WH)
def rnn_with_state_tuple(Wh):
    state = (np.zeros(4), 0.0)
    for x in SEQ:
        h, acc = state
        h = np.tanh(x @ WX + h @ Wh)
        state = (h, acc + np.sum(h))
    return state[1]


@case(WH)
def bidirectional_rnn(Wh):
    hf = np.zeros(4)
    hb = np.zeros(4)
    T = len(SEQ)
    for t in range(T):
        hf = np.tanh(SEQ[t] @ WX + hf @ Wh)
        hb = np.tanh(SEQ[T - 1 - t] @ WX + hb @ Wh)
    return np.sum(hf * hb)


@case(WH)
def rnn_reversed_sequence(Wh):
    h = np.zeros(4)
    for x in SEQ[::-1]:
        h = np.tanh(x @ WX + h @ Wh)
    return np.sum(h ** 2)


# ---------------------------------------------------------------- attention / transformers

@case(WQ)
def attention_single_head(Wq):
    Qm = TOK @ Wq
    Km = TOK @ WK
    Vm = TOK @ WV
    scores = Qm @ Km.T / np.sqrt(Qm.shape[-1])
    A = softmax(scores)
    return np.sum((A @ Vm) ** 2)


@case(WK)
def attention_causal_mask(Wk):
    Qm = TOK @ WQ
    Km = TOK @ Wk
    n = TOK.shape[0]
    scores = Qm @ Km.T / np.sqrt(6.0)
    mask = np.triu(np.ones((n, n)), k=1).astype(bool)
    scores = np.where(mask, -1e9, scores)
    A = softmax(scores)
    return np.sum(A @ (TOK @ WV))


@case(WV)
def attention_multihead_reshape(Wv):
    n, d = TOK.shape
    heads = 2
    Qm = (TOK @ WQ).reshape(n, heads, d // heads).transpose(1, 0, 2)
    Km = (TOK @ WK).reshape(n, heads, d // heads).transpose(1, 0, 2)
    Vm = (TOK @ Wv).reshape(n, heads, d // heads).transpose(1, 0, 2)
    s = Qm @ Km.transpose(0, 2, 1) / np.sqrt(d // heads)
    A = softmax(s)
    out = (A @ Vm).transpose(1, 0, 2).reshape(n, d)
    return np.sum(out ** 2)


@case(WQ)
def attention_einsum(Wq):
    Qm = np.einsum('nd,de->ne', TOK, Wq)
    Km = np.einsum('nd,de->ne', TOK, WK)
    s = np.einsum('qd,kd->qk', Qm, Km)
    A = softmax(s)
    return np.einsum('qk,kd->', A, TOK)


@case(WQ)
def attention_loop_over_queries(Wq):
    Km = TOK @ WK
    Vm = TOK @ WV
    total = 0.0
    for i in range(TOK.shape[0]):
        q = TOK[i] @ Wq
        s = Km @ q
        a = np.exp(s - s.max())
        a = a / a.sum()
        total = total + np.sum((a @ Vm) ** 2)
    return total


@case(GAMMA)
def layer_norm(gamma):
    mu = TOK.mean(axis=-1, keepdims=True)
    var = TOK.var(axis=-1, keepdims=True)
    xh = (TOK - mu) / np.sqrt(var + 1e-5)
    y = gamma * xh + BETA
    return np.sum(y ** 3)


@case(TOK)
def layer_norm_wrt_input(x):
    mu = np.mean(x, axis=1, keepdims=True)
    sd = np.std(x, axis=1, keepdims=True)
    y = (x - mu) / (sd + 1e-6)
    return np.sum(y * np.arange(6))


@case(X2)
def batch_norm_wrt_input(x):
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).mean(axis=0)
    xh = (x - mu) / np.sqrt(var + 1e-5)
    return np.sum(xh[:, 0] * xh[:, 1]) + np.sum(xh[:, 2] ** 3)


@case(GAMMA)
def rms_norm(g):
    rms = np.sqrt(np.mean(TOK ** 2, axis=-1, keepdims=True) + 1e-6)
    y = TOK / rms * g
    return np.sum(np.tanh(y))


@case(WQ)
def transformer_block(Wq):
    x = TOK
    s = (x @ Wq) @ (x @ WK).T / np.sqrt(6)
    x = x + softmax(s) @ (x @ WV)
    mu = x.mean(-1, keepdims=True)
    x = (x - mu) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
    x = x + np.maximum(x @ WV, 0) @ WK
    return np.mean(x ** 2)


@case(TOK)
def positional_encoding_added(x):
    n, d = x.shape
    pos = np.arange(n)[:, None]
    i = np.arange(d)[None, :]
    pe = np.sin(pos / 10000 ** (i / d))
    h = x + pe
    return np.sum(np.tanh(h @ WQ))


@case(EMB)
def embedding_lookup(E):
    vecs = E[IDX]
    return np.sum(vecs.mean(axis=0) ** 2) + np.sum(vecs[0] * vecs[-1])


@case(EMB)
def embedding_bag_loop(E):
    total = np.zeros(3)
    for i in IDX:
        total = total + E[i]
    return np.sum(np.tanh(total))


# ---------------------------------------------------------------- convolution / pooling

@case(KER)
def conv2d_naive(k):
    H, W = IMG.shape
    out = np.zeros((H - 2, W - 2))
    for i in range(H - 2):
        for j in range(W - 2):
            out[i, j] = np.sum(IMG[i:i + 3, j:j + 3] * k)
    return np.sum(out ** 2)


@case(IMG)
def conv2d_wrt_image(img):
    out = np.zeros((4, 4))
    for i in range(4):
        for j in range(4):
            out[i, j] = np.sum(img[i:i + 3, j:j + 3] * KER)
    return np.sum(np.tanh(out))


@case(K1D)
def conv1d_slices(k):
    n = len(SIG) - len(k) + 1
    out = k[0] * SIG[0:n] + k[1] * SIG[1:n + 1] + k[2] * SIG[2:n + 2]
    return np.sum(out ** 2)


@case(K1D)
def conv1d_np_convolve(k):
    out = np.convolve(SIG, k, mode='valid')
    return np.sum(out ** 2)


@case(IMG)
def max_pool_reshape(img):
    pooled = img.reshape(3, 2, 3, 2).max(axis=(1, 3))
    return np.sum(pooled ** 2)


@case(IMG)
def avg_pool_reshape(img):
    pooled = img.reshape(3, 2, 3, 2).mean(axis=3).mean(axis=1)
    return np.sum(np.sin(pooled))


@case(SIG)
def global_avg_then_dense(x):
    feats = x.reshape(3, 4).mean(axis=1)
    return float(np.tanh(feats @ np.array([0.5, -0.3, 0.8])))


# ---------------------------------------------------------------- probabilistic losses

@case(P)
def kl_divergence(p):
    return np.sum(p * np.log(p / Q))


@case(P)
def entropy(p):
    return -np.sum(p * np.log(p))


@case(LOGIT3)
def kl_between_softmaxes(z):
    p = np.exp(z) / np.sum(np.exp(z))
    q = np.array([0.2, 0.5, 0.3])
    return np.sum(p * (np.log(p) - np.log(q)))


@case(P)
def js_divergence(p):
    m = 0.5 * (p + Q)
    return 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(Q * np.log(Q / m))


@case(np.array([0.3, -0.5]), wrt=0)
def vae_kl_term(mu):
    logvar = np.array([-0.2, 0.4])
    return -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))


@case(np.array([-0.2, 0.4]))
def vae_kl_logvar(logvar):
    mu = np.array([0.3, -0.5])
    return -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))


@case(MU3)
def gmm_loglik_logsumexp(mu):
    x = np.linspace(-2, 2, 9)
    logw = np.log(np.array([0.3, 0.3, 0.4]))
    d = x[:, None] - mu[None, :]
    logp = logw - 0.5 * d ** 2 - 0.5 * np.log(2 * np.pi)
    m = logp.max(axis=1, keepdims=True)
    ll = m[:, 0] + np.log(np.exp(logp - m).sum(axis=1))
    return -np.sum(ll)


@case(CENT)
def soft_kmeans(C):
    d2 = np.sum((Z2[:, None, :] - C[None, :, :]) ** 2, axis=-1)
    r = softmax(-d2)
    return np.sum(r * d2)


@case(np.array([0.5, -0.2, 0.1]))
def cosine_similarity_loss(a):
    b = np.array([0.3, 0.4, -0.5])
    cos = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
    return 1.0 - cos


@case(np.array([0.5, -0.2, 0.1]))
def triplet_softplus(anchor):
    pos = np.array([0.4, -0.1, 0.3])
    neg = np.array([-0.3, 0.2, 0.1])
    dp = np.sum((anchor - pos) ** 2)
    dn = np.sum((anchor - neg) ** 2)
    return np.log1p(np.exp(dp - dn + 0.2))


@case(Z2)
def info_nce(z):
    zn = z / np.linalg.norm(z, axis=1, keepdims=True)
    sim = zn @ zn.T / 0.5
    sim = sim - np.eye(8) * 1e3
    logp = sim - np.log(np.sum(np.exp(sim), axis=1, keepdims=True))
    pairs = np.array([1, 0, 3, 2, 5, 4, 7, 6])
    return -np.mean(logp[np.arange(8), pairs])


# ---------------------------------------------------------------- unrolled training

@case(0.1)
def sgd_unrolled_wrt_lr(lr):
    w = np.zeros(3)
    for step in range(5):
        g = 2 * X.T @ (X @ w - Y) / len(Y)
        w = w - lr * g
    return np.mean((X @ w - Y) ** 2)


@case(W3)
def sgd_unrolled_wrt_init(w0):
    w = w0.copy()
    for _ in range(4):
        g = X.T @ (X @ w - Y) / len(Y)
        w -= 0.1 * g
    return np.sum((X @ w - Y) ** 2)


@case(W3)
def momentum_unrolled(w0):
    w = w0.copy()
    v = np.zeros_like(w)
    for k in range(5):
        g = X.T @ (X @ w - Y) / 8
        v = 0.9 * v + g
        w = w - 0.05 * v
    return np.mean((X @ w - Y) ** 2)


@case(W3)
def adam_unrolled(w0):
    w = w0
    m = np.zeros(3)
    v = np.zeros(3)
    b1, b2 = 0.9, 0.999
    for t in range(1, 4):
        g = X.T @ (X @ w - Y) / 8 + 0.3
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mh = m / (1 - b1 ** t)
        vh = v / (1 - b2 ** t)
        w = w - 0.01 * mh / (np.sqrt(vh) + 1e-8)
    return np.sum((X @ w - Y) ** 2)


@case(W3)
def newton_step_logistic(w):
    p = sigmoid(X @ w)
    g = X.T @ (p - YB)
    H = X.T @ (X * (p * (1 - p))[:, None]) + 0.1 * np.eye(3)
    w_new = w - np.linalg.solve(H, g)
    return np.sum(w_new ** 2)


@case(0.5)
def ema_of_losses(decay):
    ema = 0.0
    w = np.zeros(3)
    for i in range(4):
        loss = np.mean((X @ w - Y) ** 2)
        ema = decay * ema + (1 - decay) * loss
        w = w - 0.1 * X.T @ (X @ w - Y) / 8
    return ema


@case(W3)
def minibatch_loop(w):
    total = 0.0
    for start in range(0, 8, 3):
        xb = X[start:start + 3]
        yb = Y[start:start + 3]
        total += np.sum((xb @ w - yb) ** 2)
    return total / 8


@case(W3)
def early_stop_loop(w0):
    w = w0
    prev = 1e9
    for it in range(20):
        loss = np.mean((X @ w - Y) ** 2)
        if prev - loss < 1e-3:
            break
        prev = loss
        w = w - 0.05 * 2 * X.T @ (X @ w - Y) / 8
    return loss


@case(np.array([[0.5, 0.1], [0.2, 0.4], [0.3, 0.3]]))
def pca_reconstruction(Wp):
    Xc = X - X.mean(axis=0)
    Z = Xc @ Wp
    R = Z @ Wp.T
    return np.sum((Xc - R) ** 2)


@case(np.array([1.0, 0.5]))
def rbf_kernel_ridge(params):
    ell, sf = params[0], params[1]
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    K = sf ** 2 * np.exp(-0.5 * d2 / ell ** 2) + 0.1 * np.eye(8)
    alpha = np.linalg.solve(K, Y)
    return 0.5 * Y @ alpha + 0.5 * np.linalg.slogdet(K)[1]


@case(np.array([1.0, 0.5]))
def gp_marginal_cholesky(params):
    ell, sf = params
    d2 = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    K = sf ** 2 * np.exp(-d2 / (2 * ell ** 2)) + 0.1 * np.eye(8)
    L = np.linalg.cholesky(K)
    a = np.linalg.solve(L, Y)
    return 0.5 * a @ a + np.sum(np.log(np.diag(L)))


@case(W3)
def svm_primal_smooth(w):
    margins = YPM * (X @ w)
    slack = np.logaddexp(0.0, 10 * (1 - margins)) / 10
    return 0.5 * w @ w + np.sum(slack)


@case(W33)
def gradient_penalty_like(W):
    h = np.tanh(X @ W)
    dh = (1 - h ** 2)[:, :, None] * W.T[None, :, :]
    norms = np.sqrt(np.sum(dh ** 2, axis=(1, 2)))
    return np.mean((norms - 1.0) ** 2)


@case(W33)
def knowledge_distillation(W):
    student = X @ W
    teacher = X @ W33.T
    T = 2.0
    ps = softmax(student / T)
    pt = softmax(teacher / T)
    return T * T * np.sum(pt * (np.log(pt) - np.log(ps))) / 8


@case(np.array([0.2, -0.1, 0.4, 0.3]))
def mixup_loss(w):
    lam = 0.3
    x_mix = lam * X2[:3] + (1 - lam) * X2[3:]
    pred = x_mix @ w
    return np.mean((pred - 0.5) ** 2)


@case(np.array([0.2, -0.1, 0.4, 0.3]))
def linear_with_clipped_preds(w):
    pred = np.clip(X2 @ w, -0.9, 0.9)
    return np.sum((pred - 0.1) ** 2)
