"""Held-out wave 5: transformer blocks and the losses ML people write by hand --
scaled dot-product attention with masks, multi-head attention by reshape/transpose,
layer norm / RMS norm / batch norm, GELU, sinusoidal positions, a pre-norm block,
focal / triplet / contrastive / huber / label-smoothing / KL losses.
Nobody wrote these for srcad."""

import math

import numpy as np
from scipy.special import erf, expit, logsumexp

from ..case import case

rng = np.random.default_rng(5)
T, D, H = 4, 6, 2
X0 = rng.normal(size=(T, D))
Wq = rng.normal(size=(D, D)) / np.sqrt(D)
Wk = rng.normal(size=(D, D)) / np.sqrt(D)
Wv = rng.normal(size=(D, D)) / np.sqrt(D)
Wo = rng.normal(size=(D, D)) / np.sqrt(D)
labels = np.array([0, 2, 1, 2])


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    d_k = q.shape[-1]
    scores = q @ k.swapaxes(-2, -1) / math.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    attn = softmax(scores, axis=-1)
    return attn @ v, attn


@case(X0)
def self_attention_no_mask(x):
    out, _ = scaled_dot_product_attention(x @ Wq, x @ Wk, x @ Wv)
    return np.sum(out ** 2)


@case(X0)
def causal_self_attention(x):
    mask = np.tril(np.ones((T, T), dtype=bool))
    out, attn = scaled_dot_product_attention(x @ Wq, x @ Wk, x @ Wv, mask)
    return np.sum(np.tanh(out)) + 0.1 * np.sum(attn ** 2)


@case(X0)
def causal_attention_with_neg_inf(x):
    scores = (x @ Wq) @ (x @ Wk).T / np.sqrt(D)
    scores[np.triu_indices(T, k=1)] = -np.inf
    w = np.exp(scores - scores.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    return np.sum((w @ (x @ Wv)) ** 2)


def split_heads(x, n_heads):
    t, d = x.shape
    return x.reshape(t, n_heads, d // n_heads).transpose(1, 0, 2)


def merge_heads(x):
    h, t, dh = x.shape
    return x.transpose(1, 0, 2).reshape(t, h * dh)


@case(X0)
def multi_head_attention(x):
    q, k, v = split_heads(x @ Wq, H), split_heads(x @ Wk, H), split_heads(x @ Wv, H)
    out, _ = scaled_dot_product_attention(q, k, v)
    return np.sum(merge_heads(out) @ Wo)


@case(rng.normal(size=(D, 3 * D)) / np.sqrt(D))
def mha_fused_qkv_weights(w_qkv):
    qkv = X0 @ w_qkv
    q, k, v = np.split(qkv, 3, axis=-1)
    q = q.reshape(T, H, -1).transpose(1, 0, 2)
    k = k.reshape(T, H, -1).transpose(1, 0, 2)
    v = v.reshape(T, H, -1).transpose(1, 0, 2)
    att = np.einsum('htd,hsd->hts', q, k) / np.sqrt(q.shape[-1])
    att = softmax(att)
    y = np.einsum('hts,hsd->htd', att, v)
    return np.sum(y.transpose(1, 0, 2).reshape(T, D) ** 2)


def layer_norm(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


@case(X0)
def layer_norm_wrt_input(x):
    y = layer_norm(x, np.ones(D), np.zeros(D))
    return np.sum(y * np.arange(D))


@case((np.ones(D) + 0.1 * rng.normal(size=D), 0.1 * rng.normal(size=D)))
def layer_norm_wrt_affine_params(params):
    gamma, beta = params
    return np.sum(np.sin(layer_norm(X0, gamma, beta)))


@case(X0)
def rms_norm(x):
    rms = np.sqrt(np.mean(x ** 2, axis=-1, keepdims=True) + 1e-6)
    return np.sum((x / rms) * np.linspace(0.5, 1.5, D))


@case(rng.normal(size=(8, 3)))
def batch_norm_training(x):
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    x_hat = (x - mean) / np.sqrt(var + 1e-5)
    out = 1.5 * x_hat + 0.2
    return np.sum(out[:, 0] * out[:, 1]) + np.sum(out[:, 2] ** 3)


def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def gelu_exact(x):
    return 0.5 * x * (1 + erf(x / np.sqrt(2)))


@case(rng.normal(size=7))
def gelu_tanh_and_exact(x):
    return np.sum(gelu(x)) + np.sum(gelu_exact(2 * x))


@case(rng.normal(size=7))
def silu_swish(x):
    return np.sum(x * expit(x)) + np.sum(x / (1 + np.exp(-1.702 * x)))


def positional_encoding(T, d):
    pos = np.arange(T)[:, None]
    i = np.arange(d)[None, :]
    angle = pos / np.power(10000, (2 * (i // 2)) / d)
    pe = np.zeros((T, d))
    pe[:, 0::2] = np.sin(angle[:, 0::2])
    pe[:, 1::2] = np.cos(angle[:, 1::2])
    return pe


@case(X0)
def add_positional_encoding(x):
    h = x + positional_encoding(T, D)
    return np.sum(layer_norm(h, 1.0, 0.0) ** 3)


@case(0.5 * rng.normal(size=(10, D)))
def token_embedding_lookup(E):
    tokens = np.array([1, 3, 3, 7, 0])
    h = E[tokens] * np.sqrt(D) + positional_encoding(5, D)
    return np.sum(np.tanh(h))


@case({'Wq': Wq, 'Wk': Wk, 'Wv': Wv, 'W1': rng.normal(size=(D, 8)) / 3, 'W2': rng.normal(size=(8, D)) / 3})
def pre_norm_transformer_block(p):
    x = X0
    h = layer_norm(x, 1.0, 0.0)
    a, _ = scaled_dot_product_attention(h @ p['Wq'], h @ p['Wk'], h @ p['Wv'])
    x = x + a
    h = layer_norm(x, 1.0, 0.0)
    x = x + gelu(h @ p['W1']) @ p['W2']
    return np.mean(x ** 2)


@case(rng.normal(size=(T, 3)))
def cross_entropy_with_integer_labels(logits):
    logp = logits - logsumexp(logits, axis=1, keepdims=True)
    return -logp[np.arange(len(labels)), labels].mean()


@case(rng.normal(size=(T, 3)))
def label_smoothing_cross_entropy(logits):
    eps = 0.1
    n_cls = logits.shape[1]
    target = np.full((T, n_cls), eps / (n_cls - 1))
    target[np.arange(T), labels] = 1 - eps
    logp = logits - logsumexp(logits, axis=-1, keepdims=True)
    return -(target * logp).sum(axis=-1).mean()


@case(rng.normal(size=(T, 3)))
def focal_loss_multiclass(logits, gamma=2.0):
    p = softmax(logits)
    pt = p[np.arange(T), labels]
    return np.mean(-((1 - pt) ** gamma) * np.log(pt))


@case(rng.normal(size=9))
def binary_focal_loss(z):
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1])
    p = expit(z)
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = np.where(y == 1, 0.25, 0.75)
    return np.sum(-alpha_t * (1 - p_t) ** 2 * np.log(np.clip(p_t, 1e-7, 1.0)))


@case(rng.normal(size=(3, 5)))
def triplet_loss(emb):
    anchor, positive, negative = emb
    d_pos = np.sum((anchor - positive) ** 2)
    d_neg = np.sum((anchor - negative) ** 2)
    return max(d_pos - d_neg + 5.0, 0.0)


@case(rng.normal(size=(6, 4)))
def batch_triplet_loss_hinge(emb):
    a, p, n = emb[0::3], emb[1::3], emb[2::3]
    dp = np.linalg.norm(a - p, axis=1)
    dn = np.linalg.norm(a - n, axis=1)
    return np.maximum(dp - dn + 1.0, 0).mean()


@case(rng.normal(size=(5, 3)))
def contrastive_loss_pairs(z):
    same = np.array([1, 0, 1, 0])
    d = np.linalg.norm(z[1:] - z[:-1], axis=1)
    margin = 3.0
    loss = same * d ** 2 + (1 - same) * np.maximum(margin - d, 0) ** 2
    return 0.5 * loss.mean()


@case(rng.normal(size=(4, 3)))
def info_nce_loss(z):
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    zp = np.roll(z, 1, axis=0) + 0.1
    sim = z @ zp.T / 0.5
    return np.mean(logsumexp(sim, axis=1) - np.diag(sim))


@case(np.array([-2.5, -0.3, 0.2, 0.9, 3.0]))
def huber_loss_where(r, delta=1.0):
    a = np.abs(r)
    quad = 0.5 * r ** 2
    lin = delta * (a - 0.5 * delta)
    return np.sum(np.where(a <= delta, quad, lin))


@case(np.array([-2.5, -0.3, 0.2, 0.9, 3.0]))
def huber_loss_loop(r):
    total = 0.0
    for ri in r:
        if abs(ri) < 1.0:
            total += 0.5 * ri * ri
        else:
            total += abs(ri) - 0.5
    return total


@case(np.array([-2.5, -0.3, 0.2, 0.9, 3.0]))
def smooth_l1_and_log_cosh(r):
    return np.sum(np.log(np.cosh(r))) + np.sum(np.sqrt(1 + r ** 2) - 1)


@case(rng.normal(size=(T, 3)))
def kl_divergence_to_teacher(student_logits):
    teacher = softmax(rng.normal(size=(T, 3)) * 0 + np.arange(3.0))
    log_s = student_logits - logsumexp(student_logits, axis=-1, keepdims=True)
    return np.sum(teacher * (np.log(teacher) - log_s)) / T


@case(rng.normal(size=(6,)))
def hinge_and_squared_hinge(w):
    Xs = np.arange(18.0).reshape(6, 3) / 10 - 0.8
    y = np.array([1, -1, 1, 1, -1, -1])
    margins = y * (Xs @ w[:3] + w[3])
    return np.sum(np.maximum(0, 1 - margins)) + np.sum(np.maximum(0, 1 - margins) ** 2) + 0.01 * w @ w


@case(X0)
def dropout_with_fixed_mask_inverted(x):
    keep = 0.8
    mask = (np.random.default_rng(0).random(x.shape) < keep).astype(x.dtype)
    return np.sum((x * mask / keep) ** 2)


@case(rng.normal(size=(2, 3, 4)))
def attention_pooling_batch(x):
    w = np.linspace(-1, 1, 4)
    scores = x @ w
    a = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    pooled = (a[..., None] * x).sum(axis=1)
    return np.sum(pooled ** 2)


@case(rng.normal(size=(T, D)))
def rotary_position_embedding(x):
    half = D // 2
    freqs = 1.0 / (10000 ** (np.arange(half) / half))
    ang = np.arange(T)[:, None] * freqs[None, :]
    x1, x2 = x[:, :half], x[:, half:]
    rot = np.concatenate([x1 * np.cos(ang) - x2 * np.sin(ang), x1 * np.sin(ang) + x2 * np.cos(ang)], axis=-1)
    return np.sum(rot @ rot.T)


@case(rng.normal(size=(3, 4)))
def log_softmax_max_trick_keepdims_false(z):
    m = z.max(axis=1)
    lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))
    return np.sum(z[:, 0] - lse)


@case(rng.normal(size=(3, 5)))
def top_k_masked_softmax(z):
    k = 2
    thresh = np.sort(z, axis=-1)[:, -k][:, None]
    masked = np.where(z >= thresh, z, -np.inf)
    p = softmax(masked)
    return np.sum(p * np.arange(5))


@case(rng.normal(size=(4,)))
def temperature_scaled_softmax_entropy(z):
    t = 0.7
    p = softmax(z / t)
    return -np.sum(p * np.log(p + 1e-12))


@case(rng.normal(size=(6,)) * 2)
def mish_and_softplus(x):
    sp = np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)
    return np.sum(x * np.tanh(sp)) + np.sum(np.logaddexp(0, x))
