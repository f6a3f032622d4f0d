"""Iterating containers: enumerate, zip, reversed, sorted, list/tuple/dict of them,
a dict's items/values/keys/get, x.tolist(), and loop variables the body reassigns.

These builtins only move differentiable values around; every derivative must
flow back element by element (issue 13, family 2)."""

import math

import numpy as np

from ..case import case

x3 = np.array([0.3, -1.2, 0.7])
x4 = np.array([0.5, -0.4, 1.1, 0.2])
X32 = np.array([[0.2, -0.5], [1.0, 0.3], [-0.7, 0.8]])
y3 = np.array([0.1, -0.3, 0.6])


def _second(pair):
    return pair[1]


def _abs_value(pair):
    return abs(pair[1])


# --- neural networks over lists of layers ---------------------------------------------
@case([np.array([[0.1, -0.2, 0.3], [0.4, 0.1, -0.3]]), np.array([[0.2], [-0.1], [0.5]])])
def mlp_layers_enumerate_zip(Ws):
    bs = [np.array([0.1, 0.0, -0.1]), np.array([0.05])]
    h = np.array([[0.5, -0.3], [0.2, 0.9]])
    for i, (W, b) in enumerate(zip(Ws, bs)):
        z = h @ W + b
        h = np.tanh(z) if i < len(Ws) - 1 else z
    return np.mean(h ** 2)


@case([np.array([0.1, 0.0, -0.1]), np.array([0.05])])
def mlp_biases_enumerate_zip(bs):
    Ws = [np.array([[0.1, -0.2, 0.3], [0.4, 0.1, -0.3]]), np.array([[0.2], [-0.1], [0.5]])]
    h = np.array([[0.5, -0.3]])
    for i, (W, b) in enumerate(zip(Ws, bs)):
        h = np.tanh(h @ W + b)
    return np.sum(h)


@case(np.array([[0.5, -0.3], [0.2, 0.9]]))
def mlp_input_through_zip(x):
    Ws = [np.array([[0.1, -0.2, 0.3], [0.4, 0.1, -0.3]]), np.array([[0.2], [-0.1], [0.5]])]
    bs = [np.array([0.1, 0.0, -0.1]), np.array([0.05])]
    h = x
    for W, b in zip(Ws, bs):
        h = np.tanh(h @ W + b)
    return np.sum(h)


@case({'W1': np.array([[0.3, -0.1], [0.2, 0.4]]), 'b1': np.array([0.1, -0.2]),
       'W2': np.array([[0.5], [-0.3]]), 'b2': np.array([0.05])})
def mlp_from_param_dict(params):
    layers = [('W1', 'b1'), ('W2', 'b2')]
    h = np.array([[1.0, -0.5]])
    for wname, bname in layers:
        h = np.tanh(h @ params[wname] + params[bname])
    penalty = 0.0
    for name, p in params.items():
        if name.startswith('W'):
            penalty = penalty + 0.01 * np.sum(p * p)
    return np.sum(h) + penalty


@case([np.array([[0.2, -0.4], [0.1, 0.3]]), np.array([[0.5, 0.1], [-0.2, 0.6]])])
def residual_blocks_reversed_enumerate(Ws):
    h = np.array([0.3, -0.7])
    for depth, W in enumerate(reversed(Ws), start=1):
        h = h + np.tanh(W @ h) / depth
    return np.sum(h ** 2)


# --- dict parameters ----------------------------------------------------------------------
@case({'w': np.array([0.5, -1.0, 0.25]), 'b': 0.3})
def l2_penalty_over_values(params):
    total = 0.0
    for p in params.values():
        total = total + np.sum(np.square(p))
    return 0.5 * total


@case({'w': np.array([0.5, -1.0, 0.25]), 'b': 0.3})
def l2_penalty_by_key(params):
    return _penalty(params)


def _penalty(params):
    total = 0.0
    for key in params:
        total = total + np.sum(params[key] ** 2)
    return total


@case({'a': 0.5, 'b': 1.5, 'c': -0.7})
def sum_of_dict_values(d):
    return sum(d.values()) ** 2


@case({'a': 0.5, 'b': 1.5, 'c': -0.7})
def max_of_dict_values(d):
    return max(d.values()) * min(d.values())


@case({'a': 0.5, 'b': 1.5})
def iterate_dict_keys_directly(d):
    total = 0.0
    for k in d:
        total = total + d[k] ** 3
    return total


@case({'a': 0.5, 'b': 1.5})
def iterate_dict_keys_method(d):
    total = 1.0
    for k in d.keys():
        total = total * (1.0 + d[k])
    return total


@case({'x': np.array([0.2, 0.4]), 'y': np.array([-0.3, 0.1])})
def weighted_items_with_enumerate(d):
    total = 0.0
    for i, (name, v) in enumerate(d.items()):
        total = total + (i + 1.0) * np.sum(np.sin(v))
    return total


@case({'lr': 0.1, 'momentum': 0.9})
def hyperparameter_product_items(h):
    out = 1.0
    for name, value in h.items():
        out = out * (value + len(name))
    return out


@case({'a': 0.5, 'b': 1.5})
def items_keys_not_used(d):
    total = 0.0
    for _, v in d.items():
        total = total + np.exp(v)
    return total


@case({'mass': 2.0, 'k': 3.0})
def spring_energy_from_dict(params):
    consts = {'mass': 1.0, 'k': 0.5}
    energy = 0.0
    for name, value in params.items():
        energy = energy + consts[name] * value ** 2
    return energy


@case({'a': 0.5, 'b': 1.5, 'c': -0.3})
def dict_get_with_default(d):
    return d.get('a', 0.0) * d.get('z', 2.0) + d.get('c') ** 2


@case(0.7)
def dict_get_active_default(s):
    d = {'a': 1.0}
    return d.get('missing', s) ** 2 + d.get('a', s)


@case({'a': 0.5, 'b': 1.5})
def dict_get_in_loop(d):
    total = 0.0
    for name in ['a', 'b', 'c']:
        total = total + d.get(name, 0.1) ** 2
    return total


@case({'w1': np.array([0.3, -0.2]), 'w2': np.array([0.1, 0.5])})
def gradient_step_dict_comprehension_free(params):
    grads = {'w1': np.array([0.1, 0.1]), 'w2': np.array([-0.2, 0.3])}
    new = {}
    for name, p in params.items():
        new[name] = p - 0.1 * grads[name]
    return np.sum(new['w1'] * new['w2'])


# --- zip ----------------------------------------------------------------------------------
@case(x3)
def weighted_mean_zip(w):
    values = [1.0, 2.0, 4.0]
    num, den = 0.0, 0.0
    for wi, v in zip(w, values):
        e = np.exp(wi)
        num = num + e * v
        den = den + e
    return num / den


@case(X32)
def least_squares_rows_zip(X):
    beta = np.array([0.5, -0.2])
    loss = 0.0
    for xi, yi in zip(X, y3):
        r = xi @ beta - yi
        loss = loss + r * r
    return loss / len(y3)


@case(np.array([0.5, -0.2]))
def least_squares_beta_zip(beta):
    loss = 0.0
    for xi, yi in zip(X32, y3):
        loss = loss + (xi @ beta - yi) ** 2
    return loss


@case(x4)
def finite_differences_zip_shifted(x):
    total = 0.0
    for a, b in zip(x[:-1], x[1:]):
        total = total + (b - a) ** 2
    return total


@case(x4)
def zip_three_sequences(x):
    total = 0.0
    for a, b, c in zip(x, x[1:], x[2:]):
        total = total + a * b - c ** 2
    return total


@case(x3)
def zip_uneven_lengths(x):
    weights = [0.5, 2.0]
    total = 0.0
    for xi, w in zip(x, weights):
        total = total + w * xi ** 2
    return total


@case(x3)
def zip_strict(x):
    c = [0.5, 2.0, -1.0]
    total = 0.0
    for xi, ci in zip(x, c, strict=True):
        total = total + ci * np.tanh(xi)
    return total


@case(x3)
def nested_zip(x):
    a = [1.0, 2.0, 3.0]
    b = [0.5, -0.5, 0.25]
    total = 0.0
    for (xi, ai), bi in zip(zip(x, a), b):
        total = total + ai * xi * xi + bi * xi
    return total


@case({'a': 0.5, 'b': 1.5})
def zip_dict_items_with_list(d):
    scales = [2.0, 3.0]
    total = 0.0
    for (k, v), s in zip(d.items(), scales):
        total = total + s * v ** 2
    return total


@case(x3)
def zip_with_range(x):
    total = 0.0
    for i, v in zip(range(3), x):
        total = total + (i + 1) * v ** 3
    return total


@case(x3)
def list_of_zip_pairs(x):
    pairs = list(zip(x, [1.0, 2.0, 3.0]))
    total = 0.0
    for a, w in pairs:
        total = total + w * np.cos(a)
    return total


@case(x3)
def list_of_zip_indexed(x):
    pairs = list(zip(x, y3))
    return pairs[0][0] * pairs[2][0] + pairs[1][1] * pairs[1][0]


@case(x3)
def tuple_of_zip(x):
    pairs = tuple(zip(x, x[::-1]))
    total = 0.0
    for a, b in pairs:
        total = total + a * b
    return total


@case(x3)
def zip_target_not_unpacked(x):
    total = 0.0
    for pair in zip(x, y3):
        total = total + pair[0] * pair[1] + pair[0] ** 2
    return total


# --- enumerate -------------------------------------------------------------------------------
@case(x4)
def polynomial_enumerate(coeffs):
    t = 0.7
    total = 0.0
    for i, c in enumerate(coeffs):
        total = total + c * t ** i
    return total ** 2


@case(0.7)
def polynomial_in_t_enumerate(t):
    coeffs = [0.5, -0.4, 1.1, 0.2]
    total = 0.0
    for i, c in enumerate(coeffs):
        total = total + c * t ** i
    return total


@case(x3)
def enumerate_start_keyword(x):
    total = 0.0
    for i, v in enumerate(x, start=1):
        total = total + v * v / i
    return total


@case(x3)
def enumerate_start_positional(x):
    total = 0.0
    for i, v in enumerate(x, 2):
        total = total + i * np.sin(v)
    return total


@case(X32)
def enumerate_rows(X):
    total = 0.0
    for i, row in enumerate(X):
        total = total + (i + 1) * np.sum(row ** 2)
    return total


@case(x4)
def enumerate_pairs_of_neighbours(x):
    total = 0.0
    for t, (a, b) in enumerate(zip(x[:-1], x[1:])):
        total = total + 0.9 ** t * (b - a) ** 2
    return total


@case(x3)
def enumerate_target_not_unpacked(x):
    total = 0.0
    for item in enumerate(x):
        total = total + item[0] * item[1] + item[1] ** 2
    return total


@case(x3)
def list_of_enumerate(x):
    indexed = list(enumerate(x))
    total = 0.0
    for i, v in indexed:
        total = total + (i + 1) * v ** 2
    return total


# --- reversed ------------------------------------------------------------------------------
@case(x4)
def horner_reversed(coeffs):
    t = 0.8
    acc = 0.0
    for c in reversed(coeffs):
        acc = acc * t + c
    return acc ** 2


@case(0.8)
def horner_in_t(t):
    coeffs = [0.5, -0.4, 1.1, 0.2]
    acc = 0.0
    for c in reversed(coeffs):
        acc = acc * t + c
    return acc


@case(x4)
def reversed_list_copy(x):
    ys = list(reversed(list(x)))
    return ys[0] * 2.0 + ys[-1] ** 2 + ys[1] * ys[2]


@case(x4)
def enumerate_reversed(x):
    total = 0.0
    for i, v in enumerate(reversed(x)):
        total = total + (i + 1) * v ** 2
    return total


@case(x4)
def reversed_zip_backward_recursion(x):
    gains = [0.5, 1.5, -1.0, 2.0]
    state = 0.0
    for g, v in reversed(list(zip(gains, x))):
        state = np.tanh(state + g * v)
    return state


@case(x4)
def reversed_enumerate_list(x):
    total = 0.0
    for i, v in reversed(list(enumerate(x))):
        total = total * 0.5 + i * v
    return total ** 2


@case(x3)
def reversed_range_indices(x):
    total = 0.0
    for t in reversed(range(3)):
        total = total * 0.5 + x[t] ** 2
    return total


@case({'a': 0.5, 'b': 1.5, 'c': -0.2})
def reversed_dict_items(d):
    total = 0.0
    for k, v in reversed(list(d.items())):
        total = total * 2.0 + v
    return total ** 2


# --- sorted ---------------------------------------------------------------------------------
@case({'b': 0.5, 'a': 1.5, 'c': -0.4})
def sorted_items_by_key(d):
    acc = 0.0
    for k, v in sorted(d.items()):
        acc = acc * 3.0 + v
    return acc ** 2


@case({'b': 0.5, 'a': 1.5, 'c': -0.4})
def sorted_keys_read_dict(d):
    acc = 0.0
    for k in sorted(d):
        acc = acc * 3.0 + d[k]
    return acc ** 2


@case({'b': 0.5, 'a': 1.5, 'c': -0.4})
def sorted_items_by_value_key(d):
    acc = 0.0
    for k, v in sorted(d.items(), key=_second):
        acc = acc * 3.0 + v
    return acc ** 2


@case({'b': 0.5, 'a': 1.5, 'c': -0.4})
def sorted_items_reverse(d):
    acc = 0.0
    for k, v in sorted(d.items(), key=_abs_value, reverse=True):
        acc = acc * 3.0 + v
    return acc ** 2


@case(x4)
def sorted_values_trimmed_mean(x):
    s = sorted(x)
    return (s[1] + s[2]) / 2.0 * s[3]


@case(x4)
def sorted_list_of_floats_loop(x):
    acc = 0.0
    for v in sorted(list(x), reverse=True):
        acc = acc * 0.5 + v
    return acc ** 2


@case({'b': 0.5, 'a': 1.5, 'c': -0.4})
def sorted_items_as_list(d):
    items = sorted(d.items())
    return items[0][1] * items[1][1] - items[2][1] ** 2


# --- list(), tuple(), dict() ------------------------------------------------------------------
@case({'a': 0.5, 'b': 1.5})
def list_of_values_indexed(d):
    vals = list(d.values())
    return vals[0] * vals[1] ** 2


@case({'a': np.array([0.5, 1.0]), 'b': np.array([1.5, -0.5])})
def stack_values(d):
    m = np.stack(list(d.values()))
    return np.sum(m @ m.T)


@case({'a': 0.5, 'b': 1.5})
def tuple_of_values(d):
    a, b = tuple(d.values())
    return a * np.exp(b)


@case({'a': 0.5, 'b': 1.5})
def list_of_items(d):
    items = list(d.items())
    total = 0.0
    for name, v in items:
        total = total + v ** 2
    return total


@case({'a': 0.5, 'b': 1.5})
def list_of_keys_reads_dict(d):
    names = list(d.keys())
    return d[names[0]] * d[names[1]]


@case({'a': 0.5, 'b': 1.5})
def list_of_dict_is_keys(d):
    names = list(d)
    return d[names[1]] ** 2


@case(np.array([0.5, 1.5]))
def dict_from_zip_names(x):
    d = dict(zip(['u', 'v'], [x[0], x[1]]))
    return d['u'] * d['v']


@case(np.array([0.5, 1.5, -0.3]))
def dict_from_zip_array(x):
    d = dict(zip(['u', 'v', 'w'], x))
    return d['u'] * d['v'] + d['w'] ** 2


@case(np.array([0.5, 1.5]))
def dict_from_zip_duplicate_key(x):
    d = dict(zip(['u', 'u'], [x[0], x[1]]))
    return d['u'] ** 2


@case(0.7)
def dict_from_keywords(a):
    d = dict(scale=a, shift=2.0 * a)
    return d['scale'] * d['shift']


@case({'a': 0.5, 'b': 1.5})
def dict_copy_then_update(d):
    e = dict(d)
    e['a'] = e['a'] * 3.0
    return e['a'] * e['b'] + d['a']


@case(np.array([0.5, 1.5]))
def dict_from_enumerate(x):
    d = dict(enumerate(x))
    return d[0] * d[1] ** 2


@case(np.array([0.5, 1.5]))
def list_of_array_rows(x):
    rows = list(np.outer(x, x))
    return np.sum(rows[0] * rows[1])


# --- tolist -----------------------------------------------------------------------------------
@case(x3)
def tolist_then_python_sum(x):
    vals = (x * 2.0).tolist()
    total = 0.0
    for v in vals:
        total = total + math.sin(v)
    return total


@case(X32)
def tolist_matrix(X):
    rows = X.tolist()
    return rows[0][1] * rows[2][0] + rows[1][1] ** 2


@case(x3)
def tolist_back_to_array(x):
    y = np.array(x.tolist())
    return np.sum(y ** 3)


@case(0.7)
def tolist_scalar(a):
    v = np.float64(a * 2.0).tolist()
    return v * a


# --- loop variables ---------------------------------------------------------------------------
@case(x3)
def reassigned_range_index(x):
    n = 3
    total = 0.0
    for t in range(n):
        t = n - 1 - t
        total = total * 0.5 + x[t]
    return total * total


@case(x4)
def reassigned_index_shift(x):
    total = 0.0
    for i in range(3):
        v = x[i]
        i = i + 1
        total = total + v * x[i]
    return total


@case(x3)
def reassigned_element_variable(x):
    total = 0.0
    for v in x:
        v = v * 2.0
        total = total + v ** 2
    return total


@case(x3)
def loop_variable_used_after_loop(x):
    total = 0.0
    for v in x:
        total = total + v
    return total * v


# --- refusals -------------------------------------------------------------------------------
@case(x3, expect='refused', why='a zip iterator held in a variable (it could be exhausted)')
def zip_kept_as_iterator(x):
    pairs = zip(x, y3)
    total = 0.0
    for a, b in pairs:
        total = total + a * b
    return total


@case({'a': 0.5, 'b': 1.5}, expect='refused', why='a dict view held in a variable (it is live)')
def values_view_kept(d):
    vals = d.values()
    return sum(vals) ** 2


@case(x3)
def map_over_values(x):
    total = 0.0
    for v in map(np.sin, x):
        total = total + v
    return total


@case({'b': 0.5, 'a': 1.5}, expect='refused', why='a sort key srcad cannot call as is')
def sorted_with_local_lambda(d):
    key = lambda kv: kv[1]  # noqa: E731
    acc = 0.0
    for k, v in sorted(d.items(), key=key):
        acc = acc * 3.0 + v
    return acc
