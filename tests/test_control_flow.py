"""Branches, loops, early exits and overwritten variables, checked against finite differences."""

import tracemalloc

import numpy as np
import pytest

from srcad import grad, value_and_grad
from srcad.testing import check_grad

R = np.random.default_rng(7)
V = R.standard_normal(4)
M = R.standard_normal((5, 4))


def branch_on_data(x, y):
    if np.sum(x) > 0:
        z = x * y
    elif np.sum(x) > -1.0:
        z = np.sin(x) + y
    else:
        z = x - y
        z = z * z
    return np.sum(z ** 2)


def nested_ifs_and_ifexp(x, flag):
    a = x * 2.0 if flag else x * 3.0
    if flag and np.max(x) > 0.0:
        if not np.min(x) > 0.0:
            a = a + np.exp(x)
    else:
        a = a - x
    return np.sum(a * x)


def range_loop(x, n):
    s = 0.0
    for i in range(1, n, 2):
        s = s + np.sin(x * i)
    return np.sum(s)


def loops_over_things(X, w, v):
    total = 0.0
    for row in X:
        total = total + np.tanh(row @ w)
    for i, row in enumerate(X):
        total = total + i * np.sum(row * w)
    for a, b in zip(w, v):
        total = total + a * b
    for row in reversed(X):
        total = total * 0.9 + np.sum(row) * 0.1
    for value in [w, v, w * v]:
        total = total + np.sum(value ** 2)
    return total


def nested_loops(x):
    s = x
    for i in range(3):
        t = s * 0.0
        for j in range(i + 1):
            t = t + np.cos(s * j)
        s = s + t * 0.1
    return np.sum(s)


def newton_sqrt(a):
    x = a
    while np.max(np.abs(x * x - a)) > 1e-12:
        x = 0.5 * (x + a / x)
    return np.sum(x)


def fixed_point(c):
    x = 0.0
    k = 0
    while k < 50:
        x = np.cos(x) * c
        k = k + 1
    return x


def break_continue(x):
    s = 0.0
    for i in range(10):
        if i % 2 == 0:
            continue
        if i > 7:
            break
        s = s + x ** i
    else_part = s * 2.0
    return else_part


def early_break(x):
    s = x
    for i in range(5):
        if i == 0:
            break
        s = s * 2.0
    return s


def zero_trips(x, n):
    s = x * 1.0
    for i in range(n):
        s = s * x
    while n > 100:
        s = s + 1.0
    return s


def many_returns(x):
    if x > 2.0:
        return x ** 2
    for i in range(4):
        x = x * 1.5
        if x > 3.0:
            return np.sin(x)
    if x < 0.0:
        return -x
    return x * 3.0


def accumulate(x, w):
    s = 0.0
    for i in range(len(x)):
        s += x[i] * w[i]
    return s


def rnn(xs, W, U, h0):
    h = h0
    for t in range(len(xs)):
        h = np.tanh(W @ h + U @ xs[t])
    return np.sum(h ** 2)


def euler(k, x0):
    x, v = x0, 0.0
    dt = 0.001
    for _ in range(1000):
        a = -k * x - 0.1 * v
        x = x + dt * v
        v = v + dt * a
    return x * x + v * v


CASES = [
    (branch_on_data, (V, V + 1), (0, 1)),
    (branch_on_data, (V - 0.6, V), (0, 1)),
    (branch_on_data, (V - 5.0, V), (0, 1)),
    (nested_ifs_and_ifexp, (V, True), 0),
    (nested_ifs_and_ifexp, (V + 5.0, True), 0),
    (nested_ifs_and_ifexp, (V, False), 0),
    (range_loop, (V, 9), 0),
    (loops_over_things, (M, V, V[::-1].copy()), (0, 1, 2)),
    (nested_loops, (V,), 0),
    (newton_sqrt, (np.array([2.0, 3.0, 10.0]),), 0),
    (fixed_point, (0.7,), 0),
    (break_continue, (1.1,), 0),
    (early_break, (1.3,), 0),
    (zero_trips, (1.2, 0), 0),
    (zero_trips, (1.2, 3), 0),
    (many_returns, (2.5,), 0),
    (many_returns, (1.0,), 0),
    (many_returns, (0.1,), 0),
    (many_returns, (-0.5,), 0),
    (accumulate, (V, V * 2), (0, 1)),
    (rnn, (R.standard_normal((6, 3)), R.standard_normal((4, 4)) * 0.5,
           R.standard_normal((4, 3)), R.standard_normal(4)), (0, 1, 2, 3)),
    (euler, (2.0, 1.0), (0, 1)),
]


@pytest.mark.parametrize('f, args, wrt', CASES, ids=[c[0].__name__ for c in CASES])
def test_control_flow_matches_finite_differences(f, args, wrt):
    check_grad(f, *args, wrt=wrt)


def test_one_compiled_gradient_takes_different_branches_on_different_calls():
    df = grad(many_returns)
    for x in (2.5, 1.0, 0.1, -0.5, -3.0):
        check_grad(many_returns, x, gradient=df)
    assert grad(many_returns).compiled is df.compiled


def test_value_and_grad_through_loops():
    value, g = value_and_grad(newton_sqrt)(np.array([4.0, 9.0]))
    assert value == pytest.approx(5.0)
    np.testing.assert_allclose(g, [0.25, 1 / 6])


def test_loops_save_only_what_the_backward_sweep_reads():
    source = grad(range_loop).source
    assert 'append(i)' not in source  # the index is replayed, not stored
    assert 'for i in reversed(' in source
    source = grad(newton_sqrt).source
    pushed = {line.split('append(')[1].rstrip(')') for line in source.splitlines()
              if '.append(' in line}
    assert pushed == {'x', 't7'}  # x and a / x: what the backward sweep reads
    assert 'for _ in range(' in source


def test_memory_grows_only_with_what_must_be_remembered():
    def scalar_loop(x):
        for i in range(10000):
            x = x - 0.0001 * np.sin(x)
        return x
    df = grad(scalar_loop)
    df(0.5)
    tracemalloc.start()
    df(0.5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10000 * 200  # one saved float (and list slot) per step
    check_grad(scalar_loop, 0.5)


def test_generated_functions_are_reentrant():
    df = grad(rnn, wrt=1)
    args = CASES[-2][1]
    first = df(*args)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: df(*args), range(8)))
    for r in results:
        np.testing.assert_array_equal(r, first)


def values_flow_between_loops(x):
    for i in range(3):
        h = x * (i + 1.0)
    for j in range(2):
        h = h * x + np.sin(h)
    for i in range(2):
        h = h + x
    return np.sum(h)


def test_a_loop_reads_what_an_earlier_loop_left():
    check_grad(values_flow_between_loops, V)


def reuse_across_a_loop(x):
    b = np.cos(x)
    for i in range(3):
        x = np.sin(x) * 1.1
    return np.sum(x * b)


def test_forward_values_are_reused_only_where_they_mean_the_same():
    check_grad(reuse_across_a_loop, V)


def copy_of_a_parameter_then_loop(x):
    a = x * 1.0
    y = x
    for i in range(2):
        x = x * 2.0
    return np.sum(a * y * x)


def test_copies_are_folded_only_where_they_mean_the_same():
    check_grad(copy_of_a_parameter_then_loop, V)
