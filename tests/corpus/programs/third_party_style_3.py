"""Programs written the way published examples of other AD libraries are written,
part three: PyTorch-to-NumPy ports with hand-written training loops that update
arrays in place, NumPy CNN ports (sliding windows, padding, pooling), GLMs with
scipy.stats, and the Python traps such code contains (late-binding lambdas,
aliasing through loop variables, views, repeated fancy indices).
See third_party_style.py for part one."""

import functools
from functools import reduce

import numpy as np
import numpy.random as npr
from numpy.lib.stride_tricks import sliding_window_view
from scipy.special import expit, log_softmax, logsumexp, softmax, xlogy
from scipy.stats import gamma, norm, poisson

from srcad import grad, jvp

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = npr.RandomState(42)
X64 = rs.randn(6, 4)
Y62 = rs.randn(6, 2)


# ---------------------------------------------------------------- PyTorch port: manual backprop

@case(rs.randn(4, 5) * 0.3, rs.randn(5, 2) * 0.3, X64, Y62)
def numpy_two_layer_trained(w1, w2, x, y, learning_rate=1e-2, steps=3):
    """The PyTorch tutorial's NumPy network, its hand-written backward pass and
    in-place updates; the loss after training, as a function of the initial w1."""
    w1 = w1.copy()
    w2 = w2.copy()
    for t in range(steps):
        h = x.dot(w1)
        h_relu = np.maximum(h, 0)
        y_pred = h_relu.dot(w2)
        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h_relu.T.dot(grad_y_pred)
        grad_h_relu = grad_y_pred.dot(w2.T)
        grad_h = grad_h_relu.copy()
        grad_h[h < 0] = 0
        grad_w1 = x.T.dot(grad_h)
        w1 -= learning_rate * grad_w1
        w2 -= learning_rate * grad_w2
    return np.square(np.maximum(x.dot(w1), 0).dot(w2) - y).sum()


@case(rs.randn(4, 5) * 0.3, rs.randn(5, 2) * 0.3, X64, Y62)
def numpy_two_layer_trained_no_copy(w1, w2, x, y):
    """The same without the copies: NumPy would change the caller's arrays; the
    gradient leaves them alone and differentiates the returned loss."""
    for t in range(2):
        h_relu = np.maximum(x.dot(w1), 0)
        grad_y_pred = 2.0 * (h_relu.dot(w2) - y)
        grad_h = grad_y_pred.dot(w2.T) * (h_relu > 0)
        w2 -= 1e-2 * h_relu.T.dot(grad_y_pred)
        w1 -= 1e-2 * x.T.dot(grad_h)
    return np.square(np.maximum(x.dot(w1), 0).dot(w2) - y).sum()


# ---------------------------------------------------------------- momentum through aliases

def quad_grads(params):
    W, b = params
    r = X64 @ W + b - Y62
    return [2 * X64.T @ r / len(X64), 2 * r.mean(axis=0)]


def sgd_momentum(params, grad_fn, steps=3, lr=0.1, mass=0.9):
    velocity = [np.zeros_like(p) for p in params]
    params = [p.copy() for p in params]
    for i in range(steps):
        grads = grad_fn(params)
        for p, v, g in zip(params, velocity, grads):
            v *= mass                 # in place, through the loop variable
            v -= (1 - mass) * g
            p += lr * v               # changes params[k]
    return params


# REFUSED TODAY (missing feature: in-place updates through loop variables that alias list
# entries; the refusal is located and says why)
@case([rs.randn(4, 2) * 0.3, np.zeros(2)], expect='refused',
      why="v *= ... while 'velocity' refers to the same data")
def momentum_inplace_aliases(params):
    W, b = sgd_momentum(params, quad_grads)
    return np.mean((X64 @ W + b - Y62) ** 2)


# ---------------------------------------------------------------- Python traps

# REFUSED TODAY (missing feature: lambdas built in a comprehension and called later)
@case(np.linspace(-1, 1, 5), expect='refused', why='lambdas stored in a list by a comprehension')
def late_binding_lambdas(w):
    scales = [0.5, 1.0, 2.0]
    fns = [lambda x: np.tanh(s * x) for s in scales]   # every lambda sees s == 2.0
    return sum(np.sum(f(w)) for f in fns)


@case(np.array([0.3, -0.7, 1.1, 0.4]))
def repeated_index_augmented_assign(w):
    acc = np.zeros(4)
    acc[[0, 1, 1, 3]] += w      # buffered: acc[1] gets only w[2]
    return np.sum(acc ** 2 * np.arange(1, 5))


@case(np.array([0.3, -0.7, 1.1, 0.4]))
def add_at_unbuffered(w):
    acc = np.zeros(4)
    np.add.at(acc, [0, 1, 1, 3], w)   # unbuffered: acc[1] gets w[1] + w[2]
    return np.sum(acc ** 2 * np.arange(1, 5))


# REFUSED TODAY (missing feature: writes through views of a local array; located)
@case(X64, expect='refused', why="writing into 'flat' while 'Z' refers to the same data")
def view_writes_center_columns(X):
    Z = X * 1.0
    col = Z[:, 0]            # a view of Z
    col -= col.mean()
    Z[:, 1:] /= np.linalg.norm(Z[:, 1:], axis=0)
    flat = Z.ravel()         # another view
    flat[::5] *= 2.0
    return np.sum(Z ** 3)


@case(np.array([0.9, -0.3, 0.5, 1.7, -1.2]))
def sort_in_place_then_weight(w):
    x = w.copy()
    x.sort()
    return x @ np.arange(5.0) + np.sum(np.maximum.accumulate(x) ** 2)


@case({'W': rs.randn(4, 2) * 0.3, 'b': np.zeros(2)})
def params_dict_updated_in_loop(params):
    params = dict(params)
    for step in range(2):
        r = X64 @ params['W'] + params['b'] - Y62
        params['W'] = params['W'] - 0.1 * X64.T @ r / 6
        params['b'] -= 0.1 * r.mean(axis=0)
    return np.sum((X64 @ params['W'] + params['b'] - Y62) ** 2)


@case([rs.randn(3, 3) * 0.5 for _ in range(3)])
def reduce_matrix_chain(mats):
    prod = reduce(np.dot, mats)
    return np.sum(prod ** 2) + np.trace(functools.reduce(lambda a, b: a @ b, mats[::-1]))


@case([(rs.randn(4, 3) * 0.4, rs.randn(3) * 0.1), (rs.randn(3, 2) * 0.4, rs.randn(2) * 0.1)])
def unzip_layers(params):
    weights, biases = zip(*params)
    reg = sum(np.sum(W ** 2) for W in weights)
    h = X64
    for W, b in zip(weights, biases):
        h = np.tanh(h @ W + b)
    return np.mean(h ** 2) + 0.01 * reg + 0.1 * max(np.sum(b) for b in biases)


# ---------------------------------------------------------------- NumPy CNN ports

def conv2d_im2col(x, W, b, pad=1):
    """x: (C, H, W); W: (F, C, k, k) -- the usual sliding_window_view port."""
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    k = W.shape[-1]
    windows = sliding_window_view(xp, (k, k), axis=(1, 2))   # (C, H, W, k, k)
    return np.einsum('chwij,fcij->fhw', windows, W) + b[:, None, None]


def maxpool_with_mask(x):
    F, H, W = x.shape
    blocks = x.reshape(F, H // 2, 2, W // 2, 2)
    out = blocks.max(axis=(2, 4))
    return out


IMG = rs.randn(1, 4, 4)


@case(rs.randn(2, 1, 3, 3) * 0.5, rs.randn(2) * 0.1)
def cnn_sliding_window(W, b):
    h = relu_leaky(conv2d_im2col(IMG, W, b))
    p = maxpool_with_mask(h)
    return np.sum(log_softmax(p.ravel())[[0, 3, 5]])


def relu_leaky(x, alpha=0.1):
    return np.where(x > 0, x, alpha * x)


@case(rs.randn(2, 1, 3, 3) * 0.5)
def cnn_explicit_loops(W):
    C, H, Wd = IMG.shape
    F, _, k, _ = W.shape
    out = np.zeros((F, H - k + 1, Wd - k + 1))
    for f in range(F):
        for i in range(H - k + 1):
            for j in range(Wd - k + 1):
                out[f, i, j] = np.sum(IMG[:, i:i + k, j:j + k] * W[f])
    return np.sum(np.tanh(out) ** 2)


# ---------------------------------------------------------------- GLMs with scipy.stats

COUNTS = np.array([0, 2, 1, 4, 3, 0])


@case(np.array([0.1, -0.2, 0.3, 0.05]))
def poisson_regression(beta):
    rate = np.exp(X64 @ beta)
    return -np.sum(poisson.logpmf(COUNTS, rate)) - gamma.logpdf(np.exp(beta[0]), a=2.0, scale=1.0)


@case(np.array([0.1, -0.2, 0.3, 0.05]))
def probit_regression(beta):
    y = (COUNTS > 1).astype(float)
    z = X64 @ beta
    return -np.sum(y * norm.logcdf(z) + (1 - y) * norm.logsf(z)) + 0.5 * beta @ beta


@case(rs.randn(4, 3) * 0.3)
def cross_entropy_xlogy(W):
    labels = np.eye(3)[[0, 1, 2, 2, 1, 0]]
    p = softmax(X64 @ W, axis=1)
    return -np.sum(xlogy(labels, p)) / len(labels) + np.sum(expit(W) ** 2)


@case(rs.randn(4, 3) * 0.3)
def logsumexp_weighted(W):
    logits = X64 @ W
    return np.sum(logsumexp(logits, axis=1, b=np.array([0.2, 0.5, 0.3])))


# ---------------------------------------------------------------- forward-over-reverse HVP

def mlp_loss(w):
    W = w[:8].reshape(4, 2)
    return np.sum(np.tanh(X64 @ W) ** 2) + 0.1 * np.sum(w ** 4)


# REFUSED TODAY (missing feature: jvp(grad(f)) inside differentiated code; the refusal names
# an internal temporary 't56.forward' and points into srcad/transforms.py)
@case(rs.randn(8) * 0.3, modes=FIRST, expect='refused', why='jvp of a gradient inside')
def hvp_forward_over_reverse(w):
    v = np.linspace(-1, 1, 8)
    _, hv = jvp(grad(mlp_loss), (w,), (v,))
    return np.sum(hv ** 2)


# ---------------------------------------------------------------- scipy.sparse and operator objects

import scipy.sparse as sparse  # noqa: E402

N_NODES = 5
GRAPH_LAPLACIAN = sparse.diags([-np.ones(N_NODES - 1), 2 * np.ones(N_NODES), -np.ones(N_NODES - 1)],
                               [-1, 0, 1], format='csr')
SPARSE_DESIGN = sparse.random(4, N_NODES, density=0.5, random_state=0, format='csr')


# (was a crash: AxisError in matmul_dy; a scipy.sparse constant times w now has the adjoint L.T @ g)
@case(np.array([0.4, -0.3, 0.9, 0.2, -1.1]))
def graph_laplacian_regularized_fit(w):
    r = SPARSE_DESIGN @ w - 1.0
    return np.sum(r ** 2) + 0.1 * w @ (GRAPH_LAPLACIAN @ w)


class DiagonalOperator:
    """A matrix-free operator, as in scipy.sparse.linalg.LinearOperator-style code."""
    def __init__(self, d):
        self.d = d

    def __matmul__(self, x):
        return self.d * x


# (was a crash: AxisError; the user's own __matmul__ is not differentiated: a located refusal)
@case(np.array([0.4, -0.3, 0.9]), DiagonalOperator(np.array([1.0, 2.0, 3.0])), expect='refused',
      why='not a NumPy array')
def matrix_free_operator_argument(w, op):
    return np.sum((op @ w) ** 2)


# ---------------------------------------------------------------- array-API style: xp = np

def get_array_module(*arrays):
    """Stand-in for cupy.get_array_module / array_api_compat.array_namespace."""
    return np


# REFUSED TODAY (was a crash: xp.sum(t8) read as the ndarray method; now xp.sum is decided when
# it runs, but xp, the result of a call given the differentiated w, counts as depending on w, and
# a function reached through a differentiated value is refused. xp = np written in the function,
# or xp=np as a default argument, works.)
@case(np.array([0.1, -0.2, 0.3, 0.05]), expect='refused', why="'xp' depends on a differentiated")
def portable_logistic_loss(w):
    xp = get_array_module(w)
    z = X64 @ w
    return xp.mean(xp.logaddexp(0.0, -z * xp.sign(Y62[:, 0]))) + 0.01 * xp.sum(w ** 2)


# (was WRONG -- zeros: the namespace passed as a default argument xp=np; xp.sum is now decided
# by what xp is when it runs: srcad.compiler.method_calls)
@case(np.array([0.1, -0.2, 0.3, 0.05]))
def portable_loss_namespace_argument(w, xp=np):
    return xp.sum(xp.tanh(X64 @ w) ** 2)
