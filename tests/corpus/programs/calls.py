"""Calls into the user's own functions: helpers handed tuples, dicts, lists and named
tuples (often the same one twice), methods, callable objects, partials, closures,
and functions that change the containers they are given."""

import functools
from collections import namedtuple

import numpy as np

from ..case import case

X = np.array([[0.5, -1.0], [1.5, 0.3], [-0.7, 0.9]])
Y = np.array([0.2, -0.4, 1.1])
x3 = np.array([0.3, -1.2, 0.7])

Params = namedtuple('Params', ['w', 'b'])

# --------------------------------------------------------------------- small helpers
def norm2(p):
    return p[0] * p[0] + p[1] * p[1]


def dot2(p, q):
    return p[0] * q[0] + p[1] * q[1]


def predict(params, X):
    return X @ params['w'] + params['b']


def predict_t(params, X):
    w, b = params
    return X @ w + b


def mse(params, X, y):
    r = predict(params, X) - y
    return np.mean(r ** 2)


def l2(params):
    return np.sum(params['w'] ** 2) + params['b'] ** 2


def energy(state):
    q, p = state
    return 0.5 * p * p + 0.5 * q * q * q * q


def affine_nt(layer, h):
    w, b = layer
    return np.tanh(h @ w + b)


def weighted_sum(xs, ws):
    total = 0.0
    for x, w in zip(xs, ws):
        total = total + x * w
    return total


def gaussian_logpdf(x, stats):
    mu, sigma = stats['mu'], stats['sigma']
    return -0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma)


def pair_stats(v):
    return (np.mean(v), np.std(v))


def scaled(x, scale=2.0):
    return x * scale


def softplus(z, beta=1.0):
    return np.log1p(np.exp(beta * z)) / beta


def first_and_rest(xs):
    return xs[0] * 3.0 + np.sum(xs[1:])


# ------------------------------------------------------------- the same pytree twice
@case(0.5)
def tuple_to_helper_twice(a):
    p = (a, 2.0 * a)
    return norm2(p) * norm2(p)


@case(np.array([0.4, -0.3]))
def tuple_to_two_helpers(v):
    p = (v[0], v[1] * v[0])
    return norm2(p) + dot2(p, p) * 0.5


@case({'w': np.array([0.3, -0.5]), 'b': 0.1})
def dict_params_loss_and_penalty(params):
    return mse(params, X, Y) + 0.01 * l2(params)


@case({'w': np.array([0.3, -0.5]), 'b': 0.1})
def dict_params_two_batches(params):
    a = mse(params, X[:2], Y[:2])
    b = mse(params, X[1:], Y[1:])
    return a + b


@case(np.array([0.3, -0.5]), 0.1)
def dict_built_then_passed_twice(w, b):
    params = {'w': w, 'b': b}
    return mse(params, X, Y) * l2(params)


@case((np.array([0.3, -0.5]), 0.2))
def tuple_param_predict_twice(params):
    h1 = predict_t(params, X)
    h2 = predict_t(params, X * 0.5)
    return np.sum(h1 * h2)


@case([0.6, -0.2])
def list_param_to_helper_twice(xs):
    return weighted_sum(xs, [1.0, 2.0]) * weighted_sum(xs, [0.5, -1.0])


@case(Params(np.array([0.3, -0.5]), 0.1))
def namedtuple_to_helper_twice(layer):
    h = affine_nt(layer, X)
    g = affine_nt(layer, X * 0.5)
    return np.sum(h * g)


@case(0.7, 0.4)
def hamiltonian_state_tuple(q, p):
    s = (q, p)
    e1 = energy(s)
    s2 = (q + 0.1 * p, p)
    return e1 * energy(s2) + energy(s)


@case(np.array([0.9, 1.4]))
def stats_dict_twice(theta):
    stats = {'mu': theta[0], 'sigma': theta[1]}
    return gaussian_logpdf(0.3, stats) + gaussian_logpdf(-0.2, stats)


@case(x3)
def tuple_result_reused(v):
    m, s = pair_stats(v)
    m2, s2 = pair_stats(v * 2.0)
    return m * s2 + s * m2


@case({'layers': [np.array([0.2, -0.1]), np.array([0.4, 0.3])], 'scale': 1.5})
def nested_dict_of_list(params):
    ws = params['layers']
    total = weighted_sum(ws, [1.0, 0.5])
    return np.sum(total ** 2) * params['scale']


@case([np.array([0.2, -0.1]), np.array([0.4, 0.3])])
def list_of_arrays_helper_twice(ws):
    return np.sum(weighted_sum(ws, [1.0, 2.0]) * weighted_sum(ws, [0.5, 0.5]))


# ------------------------------------------------------------ defaults, keywords
@case(0.8)
def helper_default_argument(x):
    return scaled(x) + scaled(x, 3.0)


@case(x3)
def helper_keyword_argument(x):
    return np.sum(softplus(x, beta=2.0) + softplus(x))


@case(x3)
def helper_on_slices(x):
    return first_and_rest(x) * first_and_rest(x[::-1])


# ------------------------------------------------------------ methods and objects
class Linear:
    def __init__(self, w, b):
        self.w, self.b = w, b

    def __call__(self, x):
        return x @ self.w + self.b

    def loss(self, x, y):
        return np.mean((self(x) - y) ** 2)


class Scaler:
    def __init__(self, k):
        self.k = k

    def apply(self, v):
        return v * self.k

    def energy(self, v):
        return np.sum(self.apply(v) ** 2)


SCALER = Scaler(1.5)
LIN = Linear(np.array([0.3, -0.2]), 0.5)


@case(x3)
def method_of_global_object(v):
    return SCALER.energy(v) + np.sum(SCALER.apply(v))


@case(X)
def callable_global_object(A):
    return np.sum(LIN(A) ** 2)


@case(x3)
def method_on_passed_object(v):
    s = Scaler(0.5)
    return s.energy(v)


@case(x3, Scaler(2.0))
def object_passed_in(v, s):
    return s.energy(v) + np.sum(s.apply(v) * v)


@case(np.array([0.3, -0.2]))  # (m.loss(X, Y) is Linear.loss(m, X, Y), differentiated in m)
def object_made_from_differentiated(w):
    m = Linear(w, 0.1)
    return m.loss(X, Y)


# ------------------------------------------------------------ partials and passing functions
def apply_twice(fn, x):
    return fn(fn(x))


def sq_plus(x, c):
    return x * x + c


SQ1 = functools.partial(sq_plus, c=1.0)


@case(0.4)
def global_partial(x):
    return SQ1(x) * 2.0


@case(0.4)
def function_passed_to_helper(x):
    return apply_twice(np.sin, x) + apply_twice(np.tanh, x)


@case(0.3)
def user_function_passed_to_helper(x):
    return apply_twice(SQ1, x)


# ------------------------------------------------------------ closures
def make_scaler(a):
    def scale(t):
        return a * t
    return scale


def make_poly(c0, c1):
    return lambda t: c0 + c1 * t


@case(0.7, expect='ok', why='FIXED in wave 6 (was refused): the returned closure holds the differentiated a')
def closure_over_differentiated(a):
    step = make_scaler(a)
    return step(1.5) * a


@case(0.7, expect='refused', why='the returned lambda holds the differentiated c1')
def lambda_returned_over_differentiated(c1):
    p = make_poly(0.5, c1)
    return p(2.0) ** 2


@case(0.7)
def closure_over_constant(a):
    step = make_scaler(3.0)
    return step(a) * a


@case(0.7)
def closure_defined_inside(a):
    def step(t):
        return a * t
    return step(1.5) * step(a)


@case(x3)
def lambda_defined_inside(x):
    f = lambda v: np.tanh(v) * v  # noqa: E731
    return np.sum(f(x) + f(2.0 * x))


# ------------------------------------------------------------ containers changed in place
@case([0.5, 1.5])
def append_to_argument(xs):
    xs.append(xs[0] * 2.0)
    return xs[0] * xs[1] + xs[2]


@case(x3)
def append_into_local_list(x):
    out = []
    for v in x:
        out.append(v * v)
    out.append(x[0])
    return out[0] + out[1] * out[3]


@case({'a': 0.5, 'b': 1.5})
def dict_argument_written(d):
    d['c'] = d['a'] * 2.0
    return d['c'] * d['b']


@case([0.5, 1.5])
def list_argument_item_written(xs):
    xs[0] = xs[1] * 2.0
    return xs[0] * xs[1]


@case(np.array([0.5, 1.5, -0.3]))
def array_argument_item_written(x):
    x[0] = x[1] * 2.0
    return np.sum(x * x)


@case(np.array([0.5, 1.5, -0.3]))
def array_argument_augmented(x):
    x += 1.0
    return np.sum(x ** 3)


@case([0.5, 1.5], expect='refused', why='list.insert has no derivative rule')
def insert_into_argument(xs):
    xs.insert(0, 3.0)
    return xs[1] * xs[0]


@case({'a': 0.5, 'b': 1.5}, expect='refused', why='dict.update has no derivative rule')
def update_argument_dict(d):
    d.update({'a': d['a'] * 2.0})
    return d['a'] * d['b']


@case({'w': [0.5, 1.5]})
def append_to_nested_list_via_name(p):
    w = p['w']
    w2 = list(w)
    w2.append(w[0] * 2.0)
    return w2[0] * w2[1] * w2[2]


# ------------------------------------------------------------ everyday models with helpers
def layer(h, W, b):
    return np.tanh(h @ W + b)


@case({'W1': np.array([[0.3, -0.2], [0.1, 0.4]]), 'b1': np.array([0.05, -0.1]),
       'W2': np.array([[0.5], [-0.3]]), 'b2': np.array([0.2])})
def mlp_helper_layers(params):
    h = layer(X, params['W1'], params['b1'])
    out = layer(h, params['W2'], params['b2'])
    return np.mean((out[:, 0] - Y) ** 2)


def rk4_step(f, y, dt, k):
    k1 = f(y, k)
    k2 = f(y + 0.5 * dt * k1, k)
    k3 = f(y + 0.5 * dt * k2, k)
    k4 = f(y + dt * k3, k)
    return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def decay(y, k):
    return -k * y


@case(0.8)
def rk4_decay_with_helper(k):
    y = 1.0
    for _ in range(5):
        y = rk4_step(decay, y, 0.1, k)
    return y


def spring_force(state, k):
    q, p = state
    return (p, -k * q)


@case(1.3)
def symplectic_steps_tuple_state(k):
    state = (1.0, 0.0)
    for _ in range(4):
        dq, dp = spring_force(state, k)
        q, p = state
        p = p + 0.1 * dp
        q = q + 0.1 * p
        state = (q, p)
    return state[0] ** 2 + state[1] ** 2


def logsumexp(z):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


@case(np.array([0.3, -0.5, 1.2]))
def softmax_xent_via_helper(z):
    return logsumexp(z) - z[2] + 0.1 * logsumexp(2.0 * z)


def stats_of(v):
    return {'mean': np.mean(v), 'var': np.var(v)}


@case(x3)
def dict_result_from_helper(v):
    s = stats_of(v)
    t = stats_of(v * v)
    return s['mean'] * t['var'] + s['var']


def recursive_power(x, n):
    if n == 0:
        return 1.0
    return x * recursive_power(x, n - 1)


@case(0.9)
def recursive_helper(x):
    return recursive_power(x, 3) + recursive_power(x, 2)
