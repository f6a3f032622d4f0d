"""Held-out wave 4, part one: neural networks the way HIPS/autograd's examples and the
PyTorch tutorials write them, in plain NumPy -- MLP on a list of (W, b) pairs with
packed parameter vectors, a convnet by hand, a char RNN and LSTM, a mixture density
network, logistic regression, a VAE with fixed noise, attention, batch norm,
dropout with a fixed mask, embedding lookup.  Nobody wrote these for srcad."""

import numpy as np
from scipy.special import expit, logsumexp, softmax

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(4)
inputs = rs.randn(10, 4)
targets_int = rs.randint(0, 3, size=10)
targets_onehot = np.eye(3)[targets_int]
labels01 = (inputs[:, 0] - inputs[:, 2] > 0).astype(np.float64)


def init_random_params(scale, layer_sizes, rs=np.random.RandomState(0)):
    """Build a list of (weights, biases) tuples, one for each layer in the net."""
    return [(scale * rs.randn(m, n), scale * rs.randn(n))
            for m, n in zip(layer_sizes[:-1], layer_sizes[1:])]


def neural_net_predict(params, inputs):
    for W, b in params:
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs - logsumexp(outputs, axis=1, keepdims=True)


def l2_norm(params):
    flat = np.concatenate([np.ravel(W) for W, b in params] + [b for W, b in params])
    return np.dot(flat, flat)


# FIXED (was refused: list + list holding differentiated arrays; srcad/compiler/joins.py)
@case(init_random_params(0.3, [4, 6, 3]))
def autograd_mlp_log_posterior(params):
    L2_reg = 0.01
    log_prior = -L2_reg * l2_norm(params)
    log_lik = np.sum(neural_net_predict(params, inputs) * targets_onehot)
    return -(log_prior + log_lik)


class WeightsParser(object):
    """A helper class to index into a parameter vector."""
    def __init__(self):
        self.idxs_and_shapes = {}
        self.N = 0

    def add_weights(self, name, shape):
        start = self.N
        self.N += np.prod(shape)
        self.idxs_and_shapes[name] = (slice(start, self.N), shape)

    def get(self, vect, name):
        idxs, shape = self.idxs_and_shapes[name]
        return np.reshape(vect[idxs], shape)


parser = WeightsParser()
parser.add_weights('W1', (4, 5))
parser.add_weights('b1', (5,))
parser.add_weights('W2', (5, 3))
parser.add_weights('b2', (3,))


@case(0.2 * np.random.RandomState(1).randn(parser.N))
def weights_parser_flat_vector(w):
    h = np.tanh(inputs @ parser.get(w, 'W1') + parser.get(w, 'b1'))
    logits = h @ parser.get(w, 'W2') + parser.get(w, 'b2')
    logp = logits - logsumexp(logits, axis=-1, keepdims=True)
    return -np.mean(logp[np.arange(len(targets_int)), targets_int])


def conv2d_valid(img, kern):
    H, W = img.shape
    kh, kw = kern.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(kh):
        for j in range(kw):
            out += kern[i, j] * img[i:i + H - kh + 1, j:j + W - kw + 1]
    return out


images = rs.randn(3, 6, 6)


@case({'k': 0.5 * rs.randn(3, 3), 'w': 0.1 * rs.randn(4), 'b': 0.0})
def convnet_by_hand_shifted_slices(params):
    total = 0.0
    for n, img in enumerate(images):
        fmap = conv2d_valid(img, params['k'])
        fmap = np.maximum(fmap, 0.01 * fmap)  # leaky relu
        pooled = fmap.reshape(2, 2, 2, 2).max(axis=(1, 3))
        z = pooled.ravel() @ params['w'] + params['b']
        total = total + np.logaddexp(0.0, -z if n % 2 else z)
    return total / len(images)


def im2col(x, k):
    H, W = x.shape
    cols = [x[i:i + k, j:j + k].ravel() for i in range(H - k + 1) for j in range(W - k + 1)]
    return np.stack(cols)


@case(0.3 * rs.randn(4, 9))
def convnet_im2col_multichannel(filters):
    cols = im2col(images[0], 3)           # (16, 9)
    feats = cols @ filters.T               # (16, 4)
    feats = np.tanh(feats)
    return np.sum(feats.mean(axis=0) ** 2)


text = 'hello world'
chars = sorted(set(text))
char_to_ix = {c: i for i, c in enumerate(chars)}
V = len(chars)


def string_to_one_hot(s, maxchar):
    ascii = np.array([char_to_ix[c] for c in s])[:, None]
    return np.array(ascii == np.arange(maxchar)[None, :], dtype=int)


def rnn_init(hidden, vocab, scale=0.2, r=np.random.RandomState(3)):
    return {'init hiddens': scale * r.randn(1, hidden),
            'change': scale * r.randn(vocab + hidden + 1, hidden),
            'predict': scale * r.randn(hidden + 1, vocab)}


def concat_and_multiply(weights, *args):
    cat_state = np.hstack(args + (np.ones((args[0].shape[0], 1)),))
    return np.dot(cat_state, weights)


# FIXED (was refused: tuple + tuple holding a differentiated array; srcad/compiler/joins.py)
@case(rnn_init(4, V))
def autograd_char_rnn_log_likelihood(params):
    seq = string_to_one_hot(text, V)[:, None, :]   # (T, 1, V) integer one-hots
    hiddens = params['init hiddens']
    outputs = []
    for x in seq:
        hiddens = np.tanh(concat_and_multiply(params['change'], x, hiddens))
        out = concat_and_multiply(params['predict'], hiddens)
        outputs.append(out - logsumexp(out, axis=1, keepdims=True))
    loglik = 0.0
    for t in range(len(seq) - 1):
        loglik += np.sum(outputs[t] * seq[t + 1])
    return -loglik / (len(seq) - 1)


def sigmoid(x):
    return 0.5 * (np.tanh(x) + 1.0)


def lstm_init(hidden, vocab, r=np.random.RandomState(5)):
    p = {'init cells': 0.1 * r.randn(1, hidden), 'init hiddens': 0.1 * r.randn(1, hidden),
         'predict': 0.1 * r.randn(hidden + 1, vocab)}
    for gate in ('change', 'forget', 'ingate', 'outgate'):
        p[gate] = 0.1 * r.randn(vocab + hidden + 1, hidden)
    return p


# FIXED (was refused: tuple + tuple holding a differentiated array; srcad/compiler/joins.py)
@case(lstm_init(3, V), modes=FIRST)
def autograd_lstm_char_model(params):
    seq = string_to_one_hot(text[:6], V)[:, None, :]

    def update_lstm(input, hiddens, cells):
        change = np.tanh(concat_and_multiply(params['change'], input, hiddens))
        forget = sigmoid(concat_and_multiply(params['forget'], input, hiddens))
        ingate = sigmoid(concat_and_multiply(params['ingate'], input, hiddens))
        outgate = sigmoid(concat_and_multiply(params['outgate'], input, hiddens))
        cells = cells * forget + ingate * change
        hiddens = outgate * np.tanh(cells)
        return hiddens, cells

    hiddens, cells = params['init hiddens'], params['init cells']
    total = 0.0
    for t in range(len(seq) - 1):
        hiddens, cells = update_lstm(seq[t], hiddens, cells)
        out = concat_and_multiply(params['predict'], hiddens)
        total = total - np.sum((out - logsumexp(out, axis=1, keepdims=True)) * seq[t + 1])
    return total


x_mdn = np.linspace(-1, 1, 12)[:, None]
y_mdn = np.sin(3 * x_mdn[:, 0]) + 0.1


@case(init_random_params(0.4, [1, 5, 9], rs=np.random.RandomState(6)))
def mixture_density_network_nll(params):
    h = x_mdn
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    out = h @ W + b
    log_weights, means, log_stds = np.split(out, 3, axis=1)
    log_weights = log_weights - logsumexp(log_weights, axis=1, keepdims=True)
    stds = np.exp(log_stds)
    log_probs = (log_weights - 0.5 * np.log(2 * np.pi) - log_stds
                 - 0.5 * ((y_mdn[:, None] - means) / stds) ** 2)
    return -np.mean(logsumexp(log_probs, axis=1))


@case(np.array([0.1, -0.2, 0.3, 0.05]))
def autograd_logistic_regression(weights):
    def logistic_predictions(weights, inputs):
        return sigmoid(np.dot(inputs, weights))
    preds = logistic_predictions(weights, inputs)
    label_probabilities = preds * labels01 + (1 - preds) * (1 - labels01)
    return -np.sum(np.log(label_probabilities))


@case(np.zeros(4), 0.5, wrt=0)
def logistic_regression_expit_with_bias_kwarg(w, bias=0.0):
    p = expit(inputs @ w + bias)
    eps = 1e-12
    return -np.mean(labels01 * np.log(p + eps) + (1.0 - labels01) * np.log(1.0 - p + eps))


noise_vae = np.random.RandomState(7).randn(10, 2)


@case({'enc': init_random_params(0.3, [4, 5, 4], rs=np.random.RandomState(8)),
       'dec': init_random_params(0.3, [2, 5, 4], rs=np.random.RandomState(9))}, modes=FIRST)
def vae_by_hand_fixed_noise(params):
    def mlp(ps, x):
        for W, b in ps[:-1]:
            x = np.tanh(x @ W + b)
        W, b = ps[-1]
        return x @ W + b
    enc = mlp(params['enc'], inputs)
    mean, log_std = enc[:, :2], enc[:, 2:]
    z = mean + np.exp(log_std) * noise_vae
    recon = mlp(params['dec'], z)
    log_lik = -0.5 * np.sum((recon - inputs) ** 2, axis=1)
    kl = 0.5 * np.sum(np.exp(2 * log_std) + mean ** 2 - 1.0 - 2 * log_std, axis=1)
    return -np.mean(log_lik - kl)


@case({'Wq': 0.3 * rs.randn(4, 4), 'Wk': 0.3 * rs.randn(4, 4), 'Wv': 0.3 * rs.randn(4, 4)})
def self_attention_softmax_scipy(p):
    q, k, v = inputs @ p['Wq'], inputs @ p['Wk'], inputs @ p['Wv']
    scores = q @ k.T / np.sqrt(q.shape[-1])
    mask = np.triu(np.ones((10, 10), dtype=bool), k=1)
    scores = np.where(mask, -1e9, scores)
    attn = softmax(scores, axis=-1)
    return np.sum((attn @ v) ** 2)


@case({'gamma': np.ones(4), 'beta': np.zeros(4)})
def batch_norm_train_mode(bn):
    gamma, beta = bn['gamma'], bn['beta']
    x = inputs * np.arange(1, 5)
    mu = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    xhat = (x - mu) / np.sqrt(var + 1e-5)
    out = gamma * xhat + beta
    return np.sum(np.tanh(out) * targets_onehot[:, [0, 1, 2, 0]])


drop_mask = np.random.RandomState(10).rand(10, 6) > 0.3


@case(init_random_params(0.3, [4, 6, 1], rs=np.random.RandomState(11)))
def dropout_fixed_mask_inverted_scaling(params):
    (W1, b1), (W2, b2) = params
    h = np.maximum(0, inputs @ W1 + b1)
    h = h * drop_mask / 0.7
    out = (h @ W2 + b2).squeeze(-1)
    return np.mean((out - labels01) ** 2)


vocab_ids = np.array([[1, 4, 4, 2], [0, 3, 1, 1]])


@case(0.5 * rs.randn(5, 3))
def embedding_lookup_repeated_ids_mean_pool(E):
    emb = E[vocab_ids]                      # (2, 4, 3) with repeated rows
    pooled = emb.mean(axis=1)
    return np.sum(np.log(np.sum(np.exp(pooled), axis=-1)))


@case(init_random_params(0.5, [4, 3, 3], rs=np.random.RandomState(12)))
def cross_entropy_softmax_integer_targets(params):
    logits = inputs
    for i, (W, b) in enumerate(params):
        logits = logits @ W + b
        if i != len(params) - 1:
            logits = np.where(logits > 0, logits, 0.1 * logits)
    probs = softmax(logits, axis=1)
    return -np.log(probs[range(len(targets_int)), targets_int]).mean()


@case({'W': 0.1 * rs.randn(4, 3), 'b': np.zeros(3)})
def multiclass_hinge_svm(p):
    scores = inputs @ p['W'] + p['b']
    correct = scores[np.arange(10), targets_int][:, None]
    margins = np.maximum(0, scores - correct + 1.0)
    margins[np.arange(10), targets_int] = 0
    return margins.sum() / 10 + 0.5 * np.sum(p['W'] * p['W'])


class Linear:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return x @ self.W + self.b


class TwoLayerNet:
    def __init__(self, params):
        self.fc1 = Linear(params['w1'], params['b1'])
        self.fc2 = Linear(params['w2'], params['b2'])

    def forward(self, x):
        return self.fc2(np.tanh(self.fc1(x)))


# FIXED (was a false refusal: calling an object whose attributes hold differentiated params;
# net.forward is written out on net, self.fc1(x) is Linear.__call__(net.fc1, x))
@case({'w1': 0.3 * rs.randn(4, 5), 'b1': np.zeros(5), 'w2': 0.3 * rs.randn(5, 1),
       'b2': np.zeros(1)})
def pytorch_style_module_classes(params):
    net = TwoLayerNet(params)
    pred = net.forward(inputs)
    return np.mean((pred[:, 0] - labels01) ** 2)


@case(0.2 * rs.randn(4, 4))
def residual_block_with_layernorm(W):
    def layer_norm(x, eps=1e-5):
        m = x.mean(-1, keepdims=True)
        s = x.std(-1, keepdims=True)
        return (x - m) / (s + eps)
    h = inputs
    for _ in range(3):
        h = h + np.tanh(layer_norm(h) @ W)
    return np.sum(h ** 2) / h.size


@case(np.array([0.3, -0.1, 0.2, 0.4]))
def gelu_tanh_approx_activation(w):
    x = np.outer(inputs[:, 0], w)
    g = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    return g.sum()


@case(0.3 * rs.randn(4, 2))
def softplus_and_swish_stack(W):
    z = inputs @ W
    sp = np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0)
    sw = z * expit(z)
    return float(np.sum(sp * sw))


@case(init_random_params(0.3, [4, 4, 1], rs=np.random.RandomState(13)))
def sgd_unrolled_inner_loop_returns_final_loss(params):
    (W1, b1), (W2, b2) = params
    x = inputs[:4]
    yt = labels01[:4]
    for step in range(3):
        h = np.tanh(x @ W1 + b1)
        pred = (h @ W2 + b2)[:, 0]
        err = pred - yt
        gW2 = h.T @ err[:, None] / 4
        W2 = W2 - 0.1 * gW2
    h = np.tanh(x @ W1 + b1)
    return np.mean(((h @ W2 + b2)[:, 0] - yt) ** 2)
