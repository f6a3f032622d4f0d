"""The samples named in issue 13, one per family; the corpus's other modules
hold the rest of each family."""

import numpy as np

from ..case import case

x3 = np.array([0.3, -1.2, 0.7])


@case(0.7)
def sum_of_list_with_constants(a):
    return np.sum([1.0, a * a, 2.0])


@case(0.7, 1.3)
def mean_of_two_numbers(a, b):
    return np.mean([a, b]) * a


@case(0.7, 1.3)
def max_of_two_numbers(u, v):
    return np.max([u, v * 2.0])


@case(x3)
def concatenate_with_total(x):
    y = np.concatenate([x, [np.sum(x)]])
    return np.sum(y * y)


@case(np.array([0.3, -1.2]))
def stack_with_list_row(x):
    m = np.stack([x, [x[0], 2 * x[1]]])
    return np.sum(m ** 3)


@case(0.2, 1.5)
def interp_between_two_values(a, b):
    return np.interp(0.3, [0, 1], [a, b]) ** 2


@case([1.0, 2.0])
def list_as_weights(w):
    x = np.array([0.5, -1.0])
    return np.sum((w * x) ** 2)


@case([np.ones((2, 3)) * 0.1, np.ones((3, 1)) * 0.2])
def mlp_enumerate_zip(Ws):
    bs = [np.ones(3) * 0.3, np.ones(1) * 0.1]
    h = np.array([[0.5, -0.3]])
    for i, (W, b) in enumerate(zip(Ws, bs)):
        h = np.tanh(h @ W + b)
    return np.sum(h)


@case({'a': 0.5, 'b': np.array([1.0, 2.0])})
def enumerate_dict_items(d):
    total = 0.0
    for i, (k, v) in enumerate(d.items()):
        total = total + (i + 1) * np.sum(v * v)
    return total


@case({'a': 0.5, 'b': 1.5})
def zip_dict_values(d):
    s = [2.0, 3.0]
    total = 0.0
    for v, w in zip(d.values(), s):
        total = total + v * v * w
    return total


@case({'b': 0.5, 'a': 1.5})
def sorted_dict_items(d):
    total = 0.0
    for k, v in sorted(d.items()):
        total = total * 2.0 + v
    return total * total


@case({'a': 0.5, 'b': 1.5})
def list_of_dict_values(d):
    vals = list(d.values())
    return vals[0] * vals[1] ** 2


@case(np.array([0.5, 1.5]))
def dict_from_zip(x):
    d = dict(zip(['u', 'v'], [x[0], x[1]]))
    return d['u'] * d['v']


@case(x3)
def enumerate_start(x):
    total = 0.0
    for i, v in enumerate(x, start=1):
        total = total + i * v * v
    return total


@case(x3)
def reassigned_loop_variable(x):
    n = 3
    total = 0.0
    for t in range(n):
        t = n - 1 - t
        total = total * 0.5 + x[t]
    return total * total


@case(x3, expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def alias_then_augmented(x):
    x = x * 1.0
    y = x
    x += 1.0
    return np.sum(y * y)


@case(x3)
def out_alias_tanh(x):
    x = x * 2.0
    out = x
    out += np.tanh(x)
    return np.sum(x * out)


@case(np.array([[0.5, 1.0], [2.0, 3.0]]))
def row_view_times(X):
    X = X * 1.0
    z = X[0]
    z *= 3
    return np.sum(X ** 2)


@case(np.array([[0.5, 1.0], [2.0, 3.0]]))
def normalize_rows_in_loop(X):
    X = X + 0.0
    for row in X:
        row /= row.sum()
    return np.sum(X ** 3)


@case(np.array([0.5, 1.0, 2.0, 3.0]), expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def reshape_view(x):
    x = x * 1.0
    y = x.reshape(2, 2)
    y *= 2
    return np.sum(x ** 2)


@case(np.array([[0.5, 1.0], [2.0, 3.0]]), expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def transpose_view(X):
    X = X * 1.0
    Y = X.T
    Y += np.array([1.0, 2.0])
    return np.sum(X ** 2)


@case(x3)
def sort_in_place(x):
    y = x * 1.0
    y.sort()
    return y[0] * 2.0 + y[2]


@case(x3)
def repeated_index_add(x):
    z = x * 1.0
    z[[0, 0]] += x[1]
    return np.sum(z ** 2)


@case(x3)
def repeated_index_set(x):
    z = x * 1.0
    z[[0, 0]] = x[1:]
    return np.sum(z ** 2)


def _norm2(p):
    return p[0] * p[0] + p[1] * p[1]


@case(0.5)
def same_tuple_twice(a):
    p = (a, 2.0 * a)
    return _norm2(p) * _norm2(p)


def _make(a):
    def step(t):
        return a * t
    return step


@case(0.7, expect='ok',
      why='FIXED in wave 6 (was refused): step closes over the differentiated a; srcad refuses to call it (located) rather '
          'than lose the derivative through the closure')
def closure_returned(a):
    step = _make(a)
    return step(1.5) * a


@case(x3)
def astype_int(x):
    k = x.astype(int)
    return np.sum(x * k)


@case(1.7)
def int_cast(a):
    return a * int(a)


@case(np.array([1.0, 2.0]))
def full_fill_value(x):
    return np.sum(np.full(3, x[0]) * x[1])


@case(0.3)
def linspace_endpoint(a):
    return np.sum(np.linspace(0.0, a, 5) ** 2)
