"""Gradients specialized for the shapes of their first call stay correct for any call."""

import numpy as np
import pytest

from srcad import grad
from srcad.api import param_names_of
from srcad.testing import check_grad

R = np.random.default_rng(9)


def loss(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2) + np.sum(np.tanh(w) * 0.1)


def scalar_loop(x, n):
    y = 1.0
    for i in range(n):
        y = y - 0.1 * (y * y * y - x)
    return y


def test_shape_changes_fall_back_to_the_general_code():
    g = grad(loss, wrt=(0, 1))
    first = (R.standard_normal((3, 1)), 0.2, R.standard_normal((5, 3)), R.standard_normal((5, 1)))
    g(*first)
    for batch in (5, 2, 7):
        args = (first[0], 0.2, R.standard_normal((batch, 3)), R.standard_normal((batch, 1)))
        check_grad(loss, *args, wrt=(0, 1), gradient=g)
    check_grad(loss, first[0], np.array(0.2), *first[2:], wrt=(0, 1), gradient=g)
    check_grad(loss, first[0], 0.2, first[2], first[3].ravel()[:, None], wrt=(0, 1),
               gradient=g)


def test_float_specialization_and_array_calls_share_one_gradient():
    g = grad(scalar_loop)
    check_grad(scalar_loop, 1.5, 30, gradient=g)
    x = np.array([1.5])
    eps = 1e-6
    numeric = (scalar_loop(x + eps, 30) - scalar_loop(x - eps, 30)) / (2 * eps)
    np.testing.assert_allclose(g(x, 30), numeric, rtol=1e-6)
    assert g(1.5, 30) == grad(scalar_loop)(1.5, 30)


def test_specialized_code_is_plain_numpy():
    args = (R.standard_normal((3, 1)), 0.2, R.standard_normal((5, 3)), R.standard_normal((5, 1)))
    g = grad(loss, wrt=(0, 1))
    g(*args)
    facts = tuple((n, np.shape(a)) for n, a in zip(param_names_of(loss), args))
    source = g.compiled_for(facts).source
    assert 'X.T @' in source and 'reduced_size' not in source
    assert 'matmul_dy' in g.source  # the general code keeps the helpers


# --- adjoints of reductions left unspread where broadcasting spreads them --------

def sum_rows_weighted(x, w):
    return np.sum(np.sum(x, axis=1) * w)


def mean_keepdims_times_full(x, y):
    m = np.mean(x * y, axis=0, keepdims=True)
    return np.sum(m * y + m ** 2)


def reduced_then_broadcast_back(x):
    s = np.sum(x, axis=1)
    return np.sum(np.sin(s)[:, None] * x)


def keepdims_with_a_small_reader(x, v):
    m = np.mean(x, axis=1, keepdims=True)
    return np.sum(m * v) + np.sum(m)


def product_of_two_sums(x):
    return np.sum(x) * np.sum(x ** 2)


def two_axes_of_three(x, y):
    s = np.sum(x * y, axis=(0, 2))
    return np.sum(s ** 2)


def max_along_the_last_axis(x, w):
    return np.sum(np.max(x, axis=-1) * w) + np.mean(x)


def spread_into_an_accumulation(x):
    s = np.sum(x, axis=0)
    t = x * 2.0
    return np.sum(s * s) + np.sum(t, axis=None)


SPREADS = [
    (sum_rows_weighted, lambda: (R.standard_normal((4, 3)), R.standard_normal(4))),
    (mean_keepdims_times_full, lambda: (R.standard_normal((4, 3)), R.standard_normal((4, 3)))),
    (reduced_then_broadcast_back, lambda: (R.standard_normal((4, 3)),)),
    (keepdims_with_a_small_reader, lambda: (R.standard_normal((4, 3)), R.standard_normal((4, 1)))),
    (product_of_two_sums, lambda: (R.standard_normal((2, 5)),)),
    (two_axes_of_three, lambda: (R.standard_normal((2, 3, 4)), R.standard_normal((2, 3, 4)))),
    (max_along_the_last_axis, lambda: (R.standard_normal((4, 3)), R.standard_normal(4))),
    (spread_into_an_accumulation, lambda: (R.standard_normal((4, 3)),)),
]


@pytest.mark.parametrize('fn, make', SPREADS, ids=[f.__name__ for f, _ in SPREADS])
def test_unspread_reduction_adjoints_match_finite_differences(fn, make):
    args = make()
    wrt = tuple(range(len(args))) if len(args) > 1 else 0
    g = grad(fn, wrt=wrt)
    check_grad(fn, *args, wrt=wrt, gradient=g)  # the first call specializes
    check_grad(fn, *make(), wrt=wrt, gradient=g)  # and runs again
    assert g.specialized_source != g.source


def test_the_seed_of_a_mean_is_one_number():
    args = (R.standard_normal((3, 1)), 0.2, R.standard_normal((5, 3)), R.standard_normal((5, 1)))
    g = grad(loss, wrt=(0, 1))
    check_grad(loss, *args, wrt=(0, 1), gradient=g)
    assert 'unreduce' not in g.specialized_source
    assert 'unreduce' in g.source  # the general code cannot know the shapes


def rnn(Wx, Wh, b, xs, h0):
    h = h0
    for t in range(len(xs)):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
    return np.mean(h ** 2)


def test_shapes_flow_around_a_loop():
    args = (R.standard_normal((3, 4)), R.standard_normal((4, 4)) * 0.5, R.standard_normal(4),
            R.standard_normal((6, 2, 3)), R.standard_normal((2, 4)))
    g = grad(rnn, wrt=(0, 1, 2, 4))
    check_grad(rnn, *args, wrt=(0, 1, 2, 4), gradient=g)
    special = g.specialized_source
    assert 'unbroadcast' not in special and 'matmul_d' not in special
    assert special.count('stack.append') == 2  # the old h and xs[t], nothing kept for shapes


# --- loops over numbers: values computed again instead of saved ---------------------

def recompute_a_product(x):
    y = x
    for i in range(5):
        z = y * 0.5
        y = np.sin(z) * z + x
    return y


def operand_changed_before(x):
    y = x
    for i in range(4):
        y = y + x
        t = y * y
        y = t * 0.25 + np.cos(y)
    return y


def uses_the_index(x, n):
    s = 0.0
    for i in range(n):
        u = x * i + 0.5
        s = s + np.sin(u) * u
    return s


def while_and_nested(x):
    y = x
    k = 0
    while k < 3:
        for j in range(2):
            w = y * y - x
            y = np.tanh(w) + w * 0.1
        k = k + 1
    return y


LOOPS = [(recompute_a_product, (0.7,)), (operand_changed_before, (0.3,)),
         (uses_the_index, (0.4, 6)), (uses_the_index, (0.4, 0)), (while_and_nested, (0.2,))]


@pytest.mark.parametrize('fn, args', LOOPS, ids=[f'{f.__name__}{a}' for f, a in LOOPS])
def test_loops_over_numbers_match_finite_differences(fn, args):
    g = grad(fn)
    check_grad(fn, *args, gradient=g)   # the first call specializes for floats
    check_grad(fn, *args, gradient=g)


def test_a_scalar_loop_saves_only_what_it_cannot_recompute():
    g = grad(scalar_loop)
    check_grad(scalar_loop, 1.5, 30, gradient=g)
    special = g.specialized_source
    assert special.count('stack.append') == 1 and 'stack.append(y)' in special
    assert 'is None' not in special  # a number's adjoint starts at 0.0
    assert 'for y in reversed(stack):' in special and '.pop()' not in special


def long_chain(x):
    a = np.sin(x)
    b = np.cos(x)
    c = a * b
    d = np.exp(-c * c)
    e = np.tanh(d + x)
    f = e * e + 1.0
    return np.sum(np.log(f) * a)


def test_big_arrays_are_freed_after_their_last_use():
    x = R.uniform(-2, 2, 70_000)
    g = grad(long_chain)
    check_grad(long_chain, x, gradient=g, directions=2)
    special = g.specialized_source
    assert special.count('del ') >= 3 and 'del ' not in g.source
    check_grad(long_chain, x[:100], gradient=g)  # small arrays: the general code


def two_recomputed_values(x, n):
    y = x
    for i in range(n):
        a = y * y
        b = y * 0.5
        y = np.sin(a) + np.cos(b) * y
    z = x * 3.0
    return y + z


def test_two_values_recomputed_in_one_loop():
    # found by the fuzzer: dropping the first one's start shifted the second's place
    g = grad(two_recomputed_values)
    check_grad(two_recomputed_values, 0.4, 3, gradient=g)
    check_grad(two_recomputed_values, 0.4, 0, gradient=g)
    assert 'stack.append(a)' not in g.specialized_source
