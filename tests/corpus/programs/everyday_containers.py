"""Everyday programs built around Python containers and helper functions:
dicts and lists of parameters, tuples, namedtuples, dataclasses, nested
pytrees, iteration over zip/enumerate/items, helper functions taking and
returning pytrees, closures, default and keyword arguments."""

from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from ..case import case

_rng = np.random.default_rng(606)
X = _rng.standard_normal((6, 3))
Y = _rng.standard_normal(6)
W = np.array([0.4, -0.2, 0.7])
W34 = _rng.standard_normal((3, 4)) * 0.5
W41 = _rng.standard_normal((4, 1)) * 0.5
B4 = np.full(4, 0.1)

Point = namedtuple('Point', ['x', 'y'])
Gauss = namedtuple('Gauss', 'mu log_sigma')
Layer = namedtuple('Layer', ['W', 'b'])


@dataclass
class Config:
    w: np.ndarray
    b: float


@dataclass
class Particle:
    pos: np.ndarray
    vel: np.ndarray
    mass: float


# ---------------------------------------------------------------- helpers

def predict(params, x):
    return x @ params['w'] + params['b']


def mse(pred, target):
    return np.mean((pred - target) ** 2)


def dense(layer, h):
    W_, b_ = layer
    return np.tanh(h @ W_ + b_)


def norm2(p):
    return p[0] * p[0] + p[1] * p[1]


def stats(x):
    return np.mean(x), np.std(x)


def unpack_and_scale(pair, s=2.0):
    a, b = pair
    return a * s, b / s


def apply_layers(layers, h):
    for layer in layers:
        h = np.tanh(h @ layer['W'] + layer['b'])
    return h


def l2_penalty(params):
    total = 0.0
    for k in params:
        total = total + np.sum(params[k] ** 2)
    return total


def make_scaler(c):
    def scale(v):
        return c * v
    return scale


def weighted_sum(values, weights=None):
    if weights is None:
        return np.sum(values)
    return np.sum(values * weights)


def polynomial(coeffs, t):
    out = 0.0
    for i, c in enumerate(coeffs):
        out = out + c * t ** i
    return out


def sum_all(*args):
    total = 0.0
    for a in args:
        total = total + np.sum(a)
    return total


def kw_loss(pred, target, *, scale=1.0, power=2):
    return scale * np.sum(np.abs(pred - target) ** power)


# ---------------------------------------------------------------- dicts

@case({'w': W, 'b': 0.3})
def dict_params_linear(p):
    pred = X @ p['w'] + p['b']
    return np.mean((pred - Y) ** 2)


@case({'w': W, 'b': 0.3})
def dict_params_helper_calls(p):
    return mse(predict(p, X), Y)


@case({'w': W, 'b': 0.3})
def dict_items_loop_penalty(p):
    total = 0.0
    for name, value in p.items():
        total = total + np.sum(value ** 2)
    return total


@case({'w': W, 'b': 0.3})
def dict_values_loop(p):
    s = 0.0
    for v in p.values():
        s += np.sum(np.sin(v))
    return s


@case({'w': W, 'b': 0.3})
def dict_keys_loop(p):
    s = 0.0
    for k in p.keys():
        s = s + np.sum(p[k] ** 3)
    return s


@case({'w': W, 'b': 0.3})
def dict_iterate_directly(p):
    s = 0.0
    for k in p:
        s = s + np.sum(np.exp(p[k]))
    return s


@case({'w': W, 'b': 0.3})
def dict_penalty_helper(p):
    return mse(X @ p['w'] + p['b'], Y) + 0.1 * l2_penalty(p)


@case({'w': W, 'b': 0.3})
def dict_get_with_default(p):
    w = p.get('w')
    c = p.get('c', 1.5)
    return np.sum((X @ w * c - Y) ** 2)


@case({'w': W, 'b': 0.3})
def dict_build_new_dict(p):
    q = {'w': p['w'] * 2.0, 'b': p['b'] - 1.0}
    return np.sum(q['w'] ** 2) + q['b'] ** 2


@case({'w': W, 'b': 0.3})
def dict_update_entry(p):
    q = dict(p)
    q['w'] = q['w'] * 0.5
    return np.sum(q['w']) * p['b'] + np.sum(p['w'] ** 2)


@case({'w': W, 'b': 0.3})
def dict_copy_and_modify(p):
    q = p.copy()
    q['b'] = q['b'] ** 2
    return q['b'] + np.sum(q['w'] * p['w'])


@case({'w': W, 'b': 0.3})
def dict_sgd_step(p):
    grads = {'w': 2 * X.T @ (X @ p['w'] + p['b'] - Y) / 6, 'b': 2 * np.mean(X @ p['w'] + p['b'] - Y)}
    new = {}
    for k in p:
        new[k] = p[k] - 0.1 * grads[k]
    return mse(X @ new['w'] + new['b'], Y)


@case({'mu': 0.2, 'log_sigma': -0.3})
def dict_gaussian_nll(p):
    sigma = np.exp(p['log_sigma'])
    return np.sum(0.5 * ((Y - p['mu']) / sigma) ** 2 + p['log_sigma'])


@case({'layer1': {'W': W34, 'b': B4}, 'layer2': {'W': W41, 'b': np.array([0.0])}})
def nested_dict_mlp(p):
    h = np.tanh(X @ p['layer1']['W'] + p['layer1']['b'])
    out = h @ p['layer2']['W'] + p['layer2']['b']
    return np.mean((out[:, 0] - Y) ** 2)


@case({'enc': [W34, B4], 'dec': [W41]})
def dict_of_lists(p):
    W1, b1 = p['enc']
    h = np.tanh(X @ W1 + b1)
    return np.sum((h @ p['dec'][0]) ** 2)


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_of_scalars_formula(p):
    t = np.linspace(0, 1, 5)
    y = p['a'] * t ** 2 + p['b'] * t + p['c']
    return np.sum(y ** 2)


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_sorted_keys(p):
    total = 0.0
    for k in sorted(p):
        total = total * 1.5 + p[k]
    return total ** 2


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_list_of_values_then_array(p):
    v = np.array(list(p.values()))
    return np.sum(v ** 2) + v[0] * v[2]


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_enumerate_items(p):
    s = 0.0
    for i, (k, v) in enumerate(p.items()):
        s += (i + 1) * v ** 2
    return s


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_zip_keys_weights(p):
    weights = {'a': 1.0, 'b': 2.0, 'c': 3.0}
    s = 0.0
    for k, v in p.items():
        s += weights[k] * v * v
    return s


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_in_check(p):
    s = p['a'] ** 2
    if 'b' in p:
        s = s + p['b'] * p['a']
    if 'zzz' in p:
        s = s * 100.0
    return s


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_len_normalised(p):
    s = 0.0
    for v in p.values():
        s += v ** 2
    return s / len(p)


@case({'w': W, 'b': 0.3})
def dict_accumulate_into_new_dict(p):
    acc = {'w': np.zeros(3), 'b': 0.0}
    for i in range(3):
        acc['w'] = acc['w'] + p['w'] * (i + 1)
        acc['b'] = acc['b'] + p['b']
    return np.sum(acc['w'] ** 2) + acc['b'] ** 2


@case({'w': W, 'b': 0.3})
def dict_kwargs_unpack(p):
    def model(w, b):
        return X @ w + b
    return mse(model(**p), Y)


# ---------------------------------------------------------------- lists

@case([W34, B4, W41])
def list_unpack_params(params):
    W1, b1, W2 = params
    return np.sum((np.tanh(X @ W1 + b1) @ W2) ** 2)


@case([W34, B4, W41])
def list_index_params(params):
    h = np.tanh(X @ params[0] + params[1])
    return np.mean((h @ params[2]) ** 2) + np.sum(params[-1] ** 2)


@case([0.5, 1.5, -0.3])
def list_of_floats_poly(c):
    return polynomial(c, 0.7) ** 2


@case([0.5, 1.5, -0.3])
def list_of_floats_loop_sum(c):
    s = 0.0
    for v in c:
        s += v ** 2
    return s


@case([0.5, 1.5, -0.3])
def list_to_array(c):
    a = np.array(c)
    return np.sum(a * np.array([1.0, 2.0, 3.0])) ** 2


@case([0.5, 1.5, -0.3])
def list_asarray(c):
    a = np.asarray(c)
    return np.sum(np.exp(a))


@case([0.5, 1.5, -0.3])
def list_np_sum_directly(c):
    return np.sum(c) * np.prod(c)


@case([0.5, 1.5, -0.3])
def list_np_mean_and_max(c):
    return np.mean(c) + np.max(c) ** 2


@case([0.5, 1.5, -0.3])
def list_builtin_sum(c):
    return sum(c) ** 2


@case([0.5, 1.5, -0.3])
def list_builtin_max_min(c):
    return max(c) * min(c)


@case([0.5, 1.5, -0.3])
def list_slice(c):
    head = c[:2]
    return head[0] * head[1] + c[-1]


@case([0.5, 1.5, -0.3])
def list_len_loop_indices(c):
    s = 0.0
    for i in range(len(c)):
        s = s + c[i] * (i + 1.0)
    return s ** 2


@case([0.5, 1.5, -0.3])
def list_enumerate(c):
    s = 0.0
    for i, v in enumerate(c):
        s += v ** (i + 1)
    return s


@case([0.5, 1.5, -0.3])
def list_zip_with_constants(c):
    s = 0.0
    for v, w in zip(c, [1.0, 0.5, 0.25]):
        s += v * w
    return s ** 2


@case([0.5, 1.5, -0.3])  # (was refused: joining lists with +; srcad/compiler/joins.py)
def list_concatenation_plus(c):
    d = c + [2.0]
    return np.sum(np.array(d) ** 2)


@case([0.5, 1.5, -0.3])
def list_append_copy(c):
    d = list(c)
    d.append(c[0] * c[1])
    return np.sum(np.square(d))


@case([0.5, 1.5, -0.3])
def list_modify_element_of_copy(c):
    d = c.copy()
    d[1] = d[1] * 3.0
    return d[0] * d[1] + d[2]


@case([0.5, 1.5, -0.3])
def list_reversed(c):
    s = 0.0
    for v in reversed(c):
        s = s * 2 + v
    return s


@case([0.5, 1.5, -0.3])
def list_np_stack_scalars(c):
    v = np.stack(c)
    return v @ v


@case([W, W * 2, W * 0.5])
def list_of_arrays_stack(ws):
    M = np.stack(ws)
    return np.sum(M @ M.T)


@case([W, W * 2, W * 0.5])
def list_of_arrays_vstack(ws):
    M = np.vstack(ws)
    return np.sum(np.tanh(M))


@case([W, W * 2, W * 0.5])
def list_of_arrays_concatenate(ws):
    v = np.concatenate(ws)
    return np.sum(v ** 2) * v[0]


@case([W, W * 2, W * 0.5])
def list_of_arrays_sum_builtin(ws):
    total = sum(ws)
    return np.sum(total ** 2)


@case([W, W * 2, W * 0.5])
def list_of_arrays_mean_axis0(ws):
    m = np.mean(ws, axis=0)
    return np.sum(m ** 2)


@case([W, W * 2, W * 0.5])
def list_of_arrays_loop_pairs(ws):
    s = 0.0
    for i in range(len(ws)):
        for j in range(i + 1, len(ws)):
            s += ws[i] @ ws[j]
    return s


@case([[0.5, 1.0], [1.5, -0.5]])
def list_of_lists_matrix(m):
    A = np.array(m)
    return np.linalg.det(A + np.eye(2)) + np.sum(A ** 2)


@case([[0.5, 1.0], [1.5, -0.5]])
def list_of_lists_loops(m):
    s = 0.0
    for row in m:
        for v in row:
            s += v * v
    return s


@case([{'W': W34, 'b': B4}, {'W': W41, 'b': np.array([0.0])}])
def list_of_dicts_helper(layers):
    return np.sum(apply_layers(layers, X) ** 2)


@case([Layer(W34, B4), Layer(W41, np.array([0.0]))])
def list_of_namedtuples_dense(layers):
    h = X
    for layer in layers:
        h = dense(layer, h)
    return np.mean(h)


@case([W34, W41])
def list_params_weight_decay_enumerate(Ws):
    h = X
    reg = 0.0
    for i, Wl in enumerate(Ws):
        h = np.tanh(h @ Wl)
        reg = reg + (i + 1) * np.sum(Wl ** 2)
    return np.sum(h ** 2) + 0.01 * reg


@case([W34, W41])
def list_zip_weights_and_activations(Ws):
    acts = [np.tanh, np.sin]
    h = X
    for Wl, act in zip(Ws, acts):
        h = act(h @ Wl)
    return np.sum(h)


@case([W34, W41])
def list_sgd_update_loop(Ws):
    new = []
    for Wl in Ws:
        new.append(Wl - 0.1 * Wl ** 3)
    h = np.tanh(X @ new[0])
    return np.sum((h @ new[1]) ** 2)


@case([W34, W41])
def list_params_zip_with_grads(Ws):
    grads = [np.ones_like(Ws[0]) * 0.1, np.ones_like(Ws[1]) * 0.2]
    updated = []
    for p, g in zip(Ws, grads):
        updated.append(p - g)
    return np.sum(np.tanh(X @ updated[0]) @ updated[1])


# ---------------------------------------------------------------- tuples

@case((W, 0.3))
def tuple_unpack_params(params):
    w, b = params
    return mse(X @ w + b, Y)


@case((W, 0.3))
def tuple_index_params(params):
    return np.sum((X @ params[0] + params[1] - Y) ** 2)


@case((0.5, 1.2))
def tuple_helper_norm(p):
    return norm2(p) * p[1]


@case(0.5)
def tuple_built_and_passed_twice(a):
    p = (a, 2.0 * a)
    return norm2(p) + norm2(p) * a


@case(0.5)
def tuple_returned_from_helper(a):
    u, v = unpack_and_scale((a, a + 1.0))
    return u * v + u ** 2


@case(0.5)
def tuple_returned_with_kwarg(a):
    u, v = unpack_and_scale((a, a * a), s=3.0)
    return u + v


@case(Y)
def tuple_from_stats_helper(y):
    m, s = stats(y)
    return m ** 2 + s


@case(Y)
def tuple_indexing_result(y):
    r = stats(y * 2.0)
    return r[0] * r[1]


@case((W, (0.3, 1.2)))
def nested_tuple_unpack(params):
    w, (b, s) = params
    return np.sum((s * (X @ w) + b - Y) ** 2)


@case(0.7)
def tuple_swap_loop(a):
    x, y = a, 1.0
    for _ in range(4):
        x, y = y, x + 0.5 * y
    return x * y


@case(np.array([0.3, 0.8]))
def tuple_star_unpack(v):
    first, *rest = v
    return first * rest[0] ** 2


@case(np.array([0.3, 0.8, -0.4]))
def tuple_of_arrays_from_split(v):
    a, b = np.split(v[:2], 2)
    return np.sum(a * b) + v[2] ** 2


@case(np.array([0.3, 0.8, -0.4, 0.9]))
def array_unpack_into_names(v):
    a, b, c, d = v
    return a * b - c * d + a ** 2


# ---------------------------------------------------------------- namedtuples / dataclasses

@case(Point(0.3, -0.7))
def namedtuple_fields(p):
    return p.x ** 2 + 3 * p.y ** 2 + p.x * p.y


@case(Point(0.3, -0.7))
def namedtuple_unpack(p):
    x, y = p
    return np.sin(x) * np.cos(y)


@case(Point(0.3, -0.7))
def namedtuple_index(p):
    return p[0] * p[1] + norm2(p)


@case(Point(0.3, -0.7))
def namedtuple_replace(p):
    q = p._replace(y=p.y * 2)
    return q.x * q.y


@case(Point(0.3, -0.7))
def namedtuple_construct_new(p):
    q = Point(p.x + p.y, p.x - p.y)
    return q.x ** 2 * q.y


@case(Gauss(0.2, -0.3))
def namedtuple_gaussian_nll(g):
    sigma = np.exp(g.log_sigma)
    return np.sum(0.5 * ((Y - g.mu) / sigma) ** 2) + len(Y) * g.log_sigma


@case(Layer(W34, B4))
def namedtuple_layer_helper(layer):
    return np.sum(dense(layer, X) ** 2)


@case(Config(W, 0.3))
def dataclass_params(cfg):
    return mse(X @ cfg.w + cfg.b, Y)


@case(Particle(np.array([0.1, 0.2]), np.array([0.5, -0.3]), 1.5))
def dataclass_particle_step(p):
    pos = p.pos
    vel = p.vel
    for _ in range(5):
        vel = vel - 0.1 * pos / p.mass
        pos = pos + 0.1 * vel
    return np.sum(pos ** 2) + 0.5 * p.mass * np.sum(vel ** 2)


@case([Point(0.3, -0.7), Point(1.1, 0.4), Point(-0.5, 0.9)])
def list_of_points_perimeter(pts):
    total = 0.0
    n = len(pts)
    for i in range(n):
        a = pts[i]
        b = pts[(i + 1) % n]
        total += np.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2)
    return total


@case([Point(0.3, -0.7), Point(1.1, 0.4), Point(-0.5, 0.9)])
def list_of_points_centroid_zip(pts):
    sx = 0.0
    sy = 0.0
    for p, w in zip(pts, [1.0, 2.0, 3.0]):
        sx += w * p.x
        sy += w * p.y
    return (sx / 6) ** 2 + (sy / 6) ** 2


# ---------------------------------------------------------------- helpers / closures / calls

# FIXED (wave 6 objects; was a false refusal: srcad/compiler/closures.py)
@case(0.7)
def closure_returned_scaler(a):
    scale = make_scaler(a)
    return scale(2.0) * scale(a)


@case(0.7)
def closure_inner_function_captures(a):
    def f(t):
        return np.sin(a * t) + a
    return f(1.0) + f(2.0) ** 2


@case(W)
def closure_over_array(w):
    def residual(x_row, y_val):
        return x_row @ w - y_val
    s = 0.0
    for i in range(6):
        s += residual(X[i], Y[i]) ** 2
    return s


@case(0.7)
def lambda_assigned(a):
    f = lambda t: a * t ** 2 + 1.0  # noqa: E731
    return f(0.5) * f(1.5)


@case(W, expect='refused',
      why='refused today (grad): srcad does not support a lambda inside the function in lambda_passed_to_helper')
def lambda_passed_to_helper(w):
    def apply(fn, v):
        return fn(v)
    return apply(lambda v: np.sum(v ** 2), w) + apply(np.sum, w)


@case(W)
def helper_with_default_none(w):
    return weighted_sum(w ** 2) + weighted_sum(w, np.array([1.0, 2.0, 3.0]))


@case(W)
def helper_keyword_only(w):
    return kw_loss(X @ w, Y, scale=0.5, power=2)


@case(W)
def helper_varargs(w):
    return sum_all(w, w ** 2, X @ w)


@case(W)
def helper_called_in_loop_with_pytree(w):
    p = {'w': w, 'b': 0.1}
    total = 0.0
    for k in range(3):
        total += mse(predict(p, X[2 * k:2 * k + 2]), Y[2 * k:2 * k + 2])
    return total


@case(W)
def helper_returning_dict(w):
    def grads_and_loss(w_):
        r = X @ w_ - Y
        return {'loss': np.mean(r ** 2), 'g': 2 * X.T @ r / 6}
    out = grads_and_loss(w)
    return out['loss'] + 0.1 * np.sum(out['g'] ** 2)


@case(W)
def helper_returning_list(w):
    def pieces(v):
        return [v[0], v[1] * 2, v[2] ** 2]
    p = pieces(w)
    return p[0] * p[1] + p[2]


# FIXED (wave 6 objects; was a false refusal: srcad/compiler/nested_recursion.py)
@case(W)
def recursive_helper_depth(w):
    def power(v, n):
        if n == 0:
            return np.ones_like(v)
        return v * power(v, n - 1)
    return np.sum(power(w, 3))


@case(W)
def helper_modifies_local_copy(w):
    def shrink(v):
        v = v * 0.5
        v[0] = v[0] + 1.0
        return v
    return np.sum(shrink(w) ** 2)


@case(W)
def nested_helper_calls(w):
    def inner(v):
        return np.tanh(v)

    def outer(v):
        return inner(v) * inner(2 * v)
    return np.sum(outer(w))


@case(W)
def helper_with_tuple_arg_and_unpack(w):
    def affine(params, x):
        A, b = params
        return x @ A + b
    return np.sum(affine((np.outer(w, w), w), X) ** 2)


@case(W)
def generic_map_over_dict(w):
    p = {'a': w, 'b': w * 2}
    out = {}
    for k, v in p.items():
        out[k] = np.tanh(v)
    return np.sum(out['a'] * out['b'])


@case({'w': W, 'b': 0.3})
def tree_scale_helper(p):
    def tree_scale(tree, s):
        new = {}
        for k in tree:
            new[k] = tree[k] * s
        return new
    q = tree_scale(p, 0.5)
    return mse(X @ q['w'] + q['b'], Y)


@case({'w': W, 'b': 0.3})
def tree_add_two_dicts(p):
    def tree_add(a, b):
        out = {}
        for k in a:
            out[k] = a[k] + b[k]
        return out
    q = tree_add(p, {'w': np.ones(3) * 0.1, 'b': 0.2})
    return mse(X @ q['w'] + q['b'], Y)


@case([W, W * 0.5])
def tree_dot_of_lists(ws):
    def tree_dot(a, b):
        s = 0.0
        for u, v in zip(a, b):
            s = s + np.sum(u * v)
        return s
    return tree_dot(ws, ws) + tree_dot(ws, [np.ones(3), np.ones(3)])


@case((W, {'scale': 1.5, 'shift': np.array([0.1, 0.2, 0.3])}))
def mixed_tuple_and_dict(params):
    w, aux = params
    return np.sum((w * aux['scale'] + aux['shift']) ** 2)


@case({'pts': [Point(0.3, -0.7), Point(1.1, 0.4)], 'k': 2.0})
def dict_of_list_of_namedtuples(p):
    a, b = p['pts']
    return p['k'] * ((a.x - b.x) ** 2 + (a.y - b.y) ** 2)


@case(W, {'scale': 2.0}, wrt=0)
def second_arg_dict_constant(w, opts):
    return np.sum((w * opts['scale']) ** 2)


@case(W, [1.0, 2.0, 3.0], wrt=1)
def wrt_list_second_argument(w, weights):
    s = 0.0
    for wi, v in zip(weights, w):
        s += wi * v ** 2
    return s * weights[0]


@case(W, (0.5, 1.5), wrt=1)
def wrt_tuple_second_argument(w, ab):
    a, b = ab
    return np.sum(a * w ** 2 + b * w) * a


@case(W, 3)
def int_argument_loop_count(w, n):
    h = w
    for _ in range(n):
        h = np.sin(h)
    return np.sum(h)


@case(W, 'tanh')
def string_argument_selects_activation(w, act):
    if act == 'tanh':
        h = np.tanh(w)
    else:
        h = np.maximum(w, 0)
    return np.sum(h ** 2)


@case(W, True)
def bool_argument_flag(w, normalize):
    if normalize:
        w = w / np.linalg.norm(w)
    return np.sum(w ** 3)


@case(W, None)
def none_argument_default_weights(w, sample_weight):
    if sample_weight is None:
        sample_weight = np.ones(6)
    r = X @ w - Y
    return np.sum(sample_weight * r ** 2)
