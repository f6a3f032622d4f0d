"""Comprehensions, generator expressions, lambdas, map, filter and functools.reduce,
written the way people write them (issue 15).

Every comprehension is lowered to a loop srcad already differentiates; a lambda is
inlined where it is called (also when it is kept in a list or dict and picked out
later).  The refusals at the end say why each cannot work."""

import functools
import math
import operator
from functools import reduce

import numpy as np

from ..case import case

x3 = np.array([0.3, -1.2, 0.7])
x4 = np.array([0.5, -0.4, 1.1, 0.2])
X32 = np.array([[0.2, -0.5], [1.0, 0.3], [-0.7, 0.8]])
Y3 = np.array([0.4, -0.1, 0.9])
W23 = np.array([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3]])
H = [np.array([0.1, 0.2, -0.3]), np.array([-0.5, 0.4, 0.6])]


# --- sums of generator expressions -------------------------------------------------
@case(np.array([0.2, -0.3]), X32, Y3)
def least_squares_generator(w, X, Y):
    return sum((y - w @ x) ** 2 for x, y in zip(X, Y))


@case(x4)
def sum_of_squares_generator(x):
    return sum(v ** 2 for v in x)


@case(x4)
def sum_over_range_generator(x):
    n = len(x)
    return sum(x[i] * x[i + 1] for i in range(n - 1))


@case(x4)
def sum_with_if_clause(x):
    return sum(v ** 3 for v in x if v > 0)


@case(X32)
def max_of_row_sums(X):
    return max(np.sum(r) for r in X)


@case(X32)
def min_of_row_norms(X):
    return min(np.sqrt(np.sum(r ** 2)) for r in X)


@case(x3)
def fsum_generator(x):
    return math.fsum(float(v) * float(v) for v in x)


@case(x4)
def sum_with_start(x):
    return sum((v * v for v in x), 1.0)


@case(x3, Y3)
def dot_by_hand(a, b):
    return sum(ai * bi for ai, bi in zip(a, b))


@case(x4)
def weighted_enumerate(x):
    return sum((i + 1) * v ** 2 for i, v in enumerate(x))


@case({'a': x3, 'b': Y3})
def l2_penalty_over_dict(params):
    return 0.5 * sum(np.sum(p ** 2) for p in params.values())


@case({'W': W23, 'b': x3})
def l2_penalty_items(params):
    return sum(np.sum(v ** 2) for k, v in params.items() if k != 'b')


@case(x4)
def double_sum_nested(x):
    return sum(x[i] * x[j] for i in range(len(x)) for j in range(i + 1, len(x)))


@case(x4)
def any_all_guards(x):
    if any(v > 1.0 for v in x) and all(abs(v) < 5 for v in x):
        return np.sum(np.tanh(x))
    return np.sum(x)


# --- list comprehensions consumed by numpy -------------------------------------------
@case(W23)
def stack_of_matvecs(W):
    return np.sum(np.stack([np.dot(W, h) for h in H]) ** 2)


@case(x4)
def array_from_pairs(x):
    n = len(x)
    return np.sum(np.array([x[i] * x[i + 1] for i in range(n - 1)]))


@case(X32)
def concatenate_rows(X):
    return np.sum(np.concatenate([r * k for k, r in enumerate(X)]) ** 2)


@case(X32)
def mean_of_list(X):
    return np.mean([np.tanh(r) for r in X])


@case(x3)
def np_sum_of_list(x):
    return np.sum([np.sin(v) * v for v in x])


@case(X32)
def vstack_of_features(X):
    feats = np.vstack([np.array([r[0], r[0] * r[1], r[1] ** 2]) for r in X])
    return np.sum(feats @ np.array([0.5, -0.2, 0.3]))


@case(x3)
def list_of_powers(x):
    powers = [x ** k for k in range(1, 4)]
    return np.sum(powers[0] + powers[1] * powers[2])


@case(x3)
def polynomial_features(x):
    coeffs = [0.5, -1.0, 0.25]
    return np.sum(sum(c * x ** i for i, c in enumerate(coeffs)))


@case(X32)
def nested_list_comprehension(X):
    table = [[a * b for b in row] for a, row in zip([1.0, 2.0, 3.0], X)]
    return np.sum(np.array(table) ** 2)


@case(x4)
def flattened_comprehension(x):
    pairs = [x[i] * x[j] for i in range(2) for j in range(2, 4)]
    return np.sum(np.array(pairs))


@case(x3)
def comprehension_over_list_of_arrays(x):
    layers = [np.eye(3) * 0.5, np.ones((3, 3)) * 0.1]
    outs = [W @ x for W in layers]
    return np.sum(outs[0] * outs[1])


@case([W23, np.array([[0.2, -0.1], [0.3, 0.4], [-0.5, 0.1]])])
def mlp_layers_comprehension(params):
    x = np.array([0.3, -0.2, 0.5])
    norms = [np.sum(W ** 2) for W in params]
    h = x
    for W in params:
        h = np.tanh(W @ h)
    return np.sum(h) + 0.01 * sum(norms)


@case(x4)
def sorted_comprehension(x):
    ys = sorted([v * 2 for v in x])
    return ys[0] * ys[-1]


@case(x4)
def tuple_of_generator(x):
    a, b, c, d = tuple(v * v for v in x)
    return a + 2 * b + 3 * c + d


@case(x3)
def list_of_generator(x):
    ys = list(np.exp(v) for v in x)
    return ys[0] + ys[2]


@case(X32)
def comprehension_if_else_element(X):
    ys = [np.sum(r) if r[0] > 0 else -np.sum(r ** 2) for r in X]
    return sum(ys)


@case(x4)
def comprehension_in_loop(x):
    total = 0.0
    for k in range(3):
        total = total + sum(v * k for v in x)
    return total


@case(x4)
def comprehension_variable_does_not_leak(x):
    v = 2.0
    ys = [v * 3.0 for v in x]
    return np.sum(np.array(ys)) * v


@case(x4)
def comprehension_shadows_parameter_name(x):
    s = sum(x * x for x in x)
    return s + np.sum(x)


# --- dict and set comprehensions ----------------------------------------------------
@case({'w': x3, 'b': Y3})
def doubled_params(p):
    q = {k: v * 2 for k, v in p.items()}
    return np.sum(q['w'] * q['b'])


@case({'w': x3, 'b': Y3})
def sgd_step_dict(p):
    g = {k: 0.1 * v for k, v in p.items()}
    new = {k: p[k] - g[k] for k in p}
    return np.sum(new['w'] ** 2) + np.sum(new['b'])


@case(x3)
def dict_from_enumerate(x):
    d = {i: v ** 2 for i, v in enumerate(x)}
    return d[0] + d[2]


@case(x4)
def set_of_indices(x):
    picked = {i % 2 for i in range(4)}
    return sum(x[i] for i in sorted(picked))


@case(x3)
def dict_of_features(x):
    feats = {name: fn(x) for name, fn in [('s', np.sin), ('c', np.cos)]}
    return np.sum(feats['s'] * feats['c'])


# --- lambdas ---------------------------------------------------------------------------
@case(W23, x3)
def named_lambda_activation(W, x):
    act = lambda z: np.tanh(z)
    return np.sum(act(W @ x))


@case(x3)
def lambda_called_in_place(x):
    return np.sum((lambda v: v ** 2 + 1.0)(x))


@case(x3)
def dict_of_lambdas_constant_key(x):
    fs = {'relu': lambda z: np.maximum(z, 0), 'tanh': lambda z: np.tanh(z)}
    return np.sum(fs['relu'](x) + fs['tanh'](x))


@case(x3, 'tanh')
def dict_of_lambdas_chosen_by_argument(x, name):
    fs = {'relu': lambda z: np.maximum(z, 0.0), 'tanh': lambda z: np.tanh(z),
          'softplus': lambda z: np.log1p(np.exp(z))}
    act = fs[name]
    return np.sum(act(x) ** 2)


@case(x3)
def list_of_lambdas_looped(x):
    fs = [lambda z: np.sin(z), lambda z: z ** 2, np.exp]
    s = 0.0
    for f in fs:
        s = s + np.sum(f(x))
    return s


@case(x3)
def lambda_closing_over_parameter(x):
    scale = np.array([1.0, 2.0, 3.0])
    fs = {'lin': lambda z: z * scale, 'sq': lambda z: (z * scale) ** 2}
    return sum(np.sum(f(x)) for f in fs.values())


@case(x3)
def lambdas_in_a_comprehension(x):
    outs = [g(x) for g in [lambda z: np.cos(z), lambda z: z * x]]
    return np.sum(outs[0] + outs[1])


# --- map, filter, reduce ----------------------------------------------------------------
@case(x3)
def list_map_numpy_function(x):
    xs = [x, 2 * x, x ** 2]
    return np.sum(np.array(list(map(np.tanh, xs))))


@case(x4)
def map_with_lambda(x):
    return sum(map(lambda v: v ** 2 + v, x))


@case(x3, Y3)
def map_over_two_lists(a, b):
    return sum(map(lambda u, v: u * v, a, b))


@case(x4)
def filter_positive(x):
    return sum(filter(lambda v: v > 0, x))


@case(x4)
def map_of_filter(x):
    return sum(map(lambda v: v ** 2, filter(lambda v: v < 1.0, x)))


@case(x3)
def reduce_product_with_init(x):
    return reduce(lambda a, b: a * b, x, 1.0)


@case([np.eye(3) + 0.1, np.ones((3, 3)) * 0.2 + np.diag([0.3, -0.1, 0.2])])
def reduce_matrix_chain(mats):
    return np.sum(reduce(np.dot, mats))


@case(x4)
def reduce_operator_add(x):
    return functools.reduce(operator.add, [v ** 2 for v in x])


@case(x3)
def reduce_named_function(x):
    def combine(acc, v):
        return acc * 0.5 + np.sin(v)
    return functools.reduce(combine, x, 0.0)


@case(x4)
def sorted_with_lambda_key(x):
    pairs = [(v, v * v) for v in x]
    ordered = sorted(pairs, key=lambda p: p[1], reverse=True)
    return ordered[0][0] - ordered[-1][0]


@case(x4)
def max_with_lambda_key(x):
    best = max(x, key=lambda v: abs(v - 0.3))
    return best ** 2


@case(x4)
def min_with_local_key(x):
    target = 0.6
    closest = min(x, key=lambda v: (v - target) ** 2)
    return closest * 3.0


@case(x4)
def next_first_match(x):
    first = next(v for v in x if v > 0.8)
    return first ** 2


@case(x4)
def map_into_for_loop(x):
    s = 0.0
    for y in map(np.sin, x):
        s = s + y * y
    return s


# --- refusals ---------------------------------------------------------------------------
@case(x4, expect='refused',
      why='a generator kept in a name would be read once by Python and as a list by srcad')
def generator_kept_in_a_name(x):
    squares = (v * v for v in x)
    return sum(squares)


@case(x4, expect='refused',
      why='np.fromiter reads a generator srcad cannot follow; write np.array([...]) instead')
def numpy_fromiter_of_a_generator(x):
    return np.sum(np.fromiter((v * 2 for v in x), dtype=float))


@case(x3, expect='refused',
      why='a lambda given to another function (np.vectorize) cannot be inlined; define it '
          'at module level')
def lambda_given_to_vectorize(x):
    return np.sum(np.vectorize(lambda v: v * 2.0)(x))


@case(x3, expect='refused', why='a set of differentiated floats has no derivative rule')
def set_of_differentiated_values(x):
    s = {v * 2 for v in x}
    return sum(s)


@case(x3, expect='refused',
      why='a lambda returned out of the function escapes: srcad inlines it where it is called')
def lambda_in_dict_passed_on(x):
    fs = {'sq': lambda z: z ** 2}
    return np.sum(apply_function(fs['sq'], x))


def apply_function(f, x):
    return f(x)
