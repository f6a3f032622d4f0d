"""Held-out wave 6: neural nets written the autograd/JAX-tutorial way -- params as a list of
(W, b) tuples, init_random_params, RNN and LSTM cells stepped in a loop, a convnet by loops and
by stride tricks, batch norm, dropout masks from a seeded rng, softmax cross-entropy with
integer labels, weight tying, residual blocks."""

import numpy as np

from ..case import case

rs = np.random.RandomState(0)
X = rs.randn(5, 3)
Y_int = np.array([0, 2, 1, 1, 0])
Y_onehot = np.eye(3)[Y_int]
layer_sizes = [3, 4, 3]


def init_random_params(scale, sizes, rs=np.random.RandomState(1)):
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


PARAMS = init_random_params(0.5, layer_sizes)
FLAT = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in PARAMS])


def unflatten(flat, sizes):
    params, i = [], 0
    for m, n in zip(sizes[:-1], sizes[1:]):
        W = flat[i:i + m * n].reshape(m, n)
        i += m * n
        b = flat[i:i + n]
        i += n
        params.append((W, b))
    return params


def logsumexp(a, axis=None, keepdims=False):
    m = np.max(a, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def neural_net_predict(params, inputs):
    for W, b in params:
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs - logsumexp(outputs, axis=1, keepdims=True)


@case(PARAMS)
def autograd_mlp_loglik(params):
    return -np.sum(neural_net_predict(params, X) * Y_onehot)


@case(FLAT)
def flat_params_unflatten(flat):
    params = unflatten(flat, layer_sizes)
    return -np.sum(neural_net_predict(params, X) * Y_onehot) + 0.01 * np.sum(flat ** 2)


@case(PARAMS)
def l2_over_param_list(params):
    reg = sum(np.sum(W ** 2) for W, _ in params)
    return -np.sum(neural_net_predict(params, X) * Y_onehot) + 0.1 * reg


@case(FLAT)
def int_label_cross_entropy(flat):
    params = unflatten(flat, layer_sizes)
    logp = neural_net_predict(params, X)
    return -np.mean(logp[np.arange(len(Y_int)), Y_int])


@case(FLAT)
def relu_mlp_with_maximum(flat):
    params = unflatten(flat, layer_sizes)
    h = X
    for i, (W, b) in enumerate(params):
        h = h @ W + b
        if i < len(params) - 1:
            h = np.maximum(h, 0.0)
    return np.sum(h ** 2)


@case(FLAT)
def leaky_relu_where(flat):
    params = unflatten(flat, layer_sizes)
    h = X
    for W, b in params:
        z = h @ W + b
        h = np.where(z > 0, z, 0.01 * z)
    return np.sum(h)


# --- RNN ---------------------------------------------------------------------------------
seq = rs.randn(6, 2)
Wxh0 = rs.randn(2, 3) * 0.5
Whh0 = rs.randn(3, 3) * 0.5


@case(Whh0)
def elman_rnn_loop(Whh):
    h = np.zeros(3)
    loss = 0.0
    for t in range(seq.shape[0]):
        h = np.tanh(seq[t] @ Wxh0 + h @ Whh)
        loss = loss + np.sum(h ** 2)
    return loss


@case(Wxh0)
def rnn_hidden_history_stack(Wxh):
    hs = [np.zeros(3)]
    for x_t in seq:
        hs.append(np.tanh(x_t @ Wxh + hs[-1] @ Whh0))
    H = np.stack(hs[1:])
    return np.sum(H[:, 0] * H[:, 1])


@case(Whh0)
def rnn_preallocated_states(Whh):
    T = len(seq)
    H = np.zeros((T + 1, 3))
    for t in range(T):
        H[t + 1] = np.tanh(seq[t] @ Wxh0 + H[t] @ Whh)
    return np.sum(H[-1])


def sigmoid(z):
    return 0.5 * (np.tanh(z / 2.0) + 1.0)


def lstm_step(params, h, c, x):
    Wf, Wi, Wo, Wc = params
    hx = np.concatenate([h, x])
    f = sigmoid(hx @ Wf)
    i = sigmoid(hx @ Wi)
    o = sigmoid(hx @ Wo)
    g = np.tanh(hx @ Wc)
    c = f * c + i * g
    h = o * np.tanh(c)
    return h, c


LSTM_P = tuple(rs.randn(5, 3) * 0.4 for _ in range(4))


@case(LSTM_P)
def lstm_loop(params):
    h = np.zeros(3)
    c = np.zeros(3)
    for x in seq:
        h, c = lstm_step(params, h, c, x)
    return np.sum(h * np.arange(1.0, 4.0))


@case(rs.randn(5, 12) * 0.4)
def lstm_fused_gates_split(W):
    h = np.zeros(3)
    c = np.zeros(3)
    for x in seq:
        z = np.concatenate([h, x]) @ W
        f, i, o, g = np.split(z, 4)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return np.sum(h)


@case(rs.randn(5, 9) * 0.4)
def gru_cell(W):
    h = np.zeros(3)
    for x in seq:
        hx = np.concatenate([h, x])
        r = sigmoid(hx @ W[:, :3])
        u = sigmoid(hx @ W[:, 3:6])
        cand = np.tanh(np.concatenate([r * h, x]) @ W[:, 6:])
        h = (1 - u) * h + u * cand
    return np.sum(h ** 2)


# --- convnets ------------------------------------------------------------------------------
img = rs.randn(6, 6)
K0 = rs.randn(3, 3)


@case(K0)
def conv2d_loops(K):
    H, W = img.shape
    kh, kw = K.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(img[i:i + kh, j:j + kw] * K)
    return np.sum(np.tanh(out))


@case(img)
def conv2d_loops_wrt_image(im):
    out = np.zeros((4, 4))
    for i in range(4):
        for j in range(4):
            out[i, j] = np.sum(im[i:i + 3, j:j + 3] * K0)
    return np.sum(out ** 2)


@case(img)
def conv_via_stride_tricks(im):
    windows = np.lib.stride_tricks.sliding_window_view(im, (3, 3))
    out = np.einsum('ijkl,kl->ij', windows, K0)
    return np.sum(out ** 2)


@case(img,
      expect='refused', why='as_strided builds arbitrary (possibly overlapping) views: refusing is right')
def conv_via_as_strided(im):
    s0, s1 = im.strides
    windows = np.lib.stride_tricks.as_strided(im, shape=(4, 4, 3, 3), strides=(s0, s1, s0, s1))
    return np.sum(np.tensordot(windows, K0, axes=([2, 3], [0, 1])) ** 2)


@case(img)
def im2col_with_index_arrays(im):
    ii = np.arange(4)[:, None] + np.arange(3)[None, :]
    cols = im[ii[:, None, :, None], ii[None, :, None, :]]
    return np.sum((cols.reshape(16, 9) @ K0.ravel()) ** 2)


@case(img)
def maxpool_2x2_reshape(im):
    pooled = im.reshape(3, 2, 3, 2).max(axis=(1, 3))
    return np.sum(pooled ** 2)


@case(img)
def avgpool_2x2_strided_slices(im):
    pooled = (im[::2, ::2] + im[1::2, ::2] + im[::2, 1::2] + im[1::2, 1::2]) / 4
    return np.sum(np.sin(pooled))


@case(rs.randn(4, 3, 5))
def conv1d_multichannel_loops(x):
    # batch 4, channels 3, length 5; kernel size 2, 2 output channels
    Wc = np.arange(12.0).reshape(2, 3, 2) / 10
    out = np.zeros((4, 2, 4))
    for t in range(4):
        out[:, :, t] = np.einsum('bck,ock->bo', x[:, :, t:t + 2], Wc)
    return np.sum(np.tanh(out))


# --- misc layers ---------------------------------------------------------------------------
@case(rs.randn(8, 3))
def batchnorm_train(x):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    xhat = (x - mu) / np.sqrt(var + 1e-5)
    return np.sum(xhat * np.array([1.0, 2.0, 3.0]) + 0.5 * xhat ** 3)


@case(rs.randn(4, 6))
def layernorm(x):
    mu = x.mean(axis=-1, keepdims=True)
    sd = x.std(axis=-1, keepdims=True)
    return np.sum(((x - mu) / (sd + 1e-6)) * np.linspace(0, 1, 6))


@case(rs.randn(5, 4))
def dropout_fixed_seed(x):
    rng = np.random.default_rng(3)
    mask = rng.random(x.shape) > 0.3
    return np.sum((x * mask / 0.7) ** 2)


@case(rs.randn(4, 4) * 0.5)
def residual_blocks(W):
    h = X[:, :1] * np.ones((1, 4))
    for _ in range(3):
        h = h + np.tanh(h @ W)
    return np.sum(h)


@case(rs.randn(6, 3) * 0.5)
def tied_embedding_output(E):
    tokens = np.array([1, 4, 4, 0, 5])
    h = E[tokens]
    logits = h @ E.T
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    targets = np.array([4, 4, 0, 5, 1])
    return -logp[np.arange(5), targets].sum()


@case(rs.randn(3, 3))
def softmax_temperature_argmax_label(logits):
    T = 0.7
    z = logits / T
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    labels = np.argmax(logits, axis=1)   # a label picked from the data itself
    return -np.sum(np.log(p[np.arange(3), labels]))


@case(rs.randn(4) * 0.3, wrt=0)
def mixture_density_net(theta):
    x = np.linspace(-1, 1, 7)
    means = np.outer(x, theta[:2])
    log_sig = theta[2] * np.ones((7, 2))
    logits = np.stack([x * theta[3], -x * theta[3]], axis=1)
    y = np.sin(2 * x)
    logw = logits - np.logaddexp(logits[:, :1], logits[:, 1:])
    comp = -0.5 * ((y[:, None] - means) / np.exp(log_sig)) ** 2 - log_sig - 0.5 * np.log(2 * np.pi)
    return -np.sum(np.logaddexp.reduce(logw + comp, axis=1))
