"""Bugs found by the everyday corpus (tests/corpus/programs/everyday_*.py).

Each test names the family of the bug; every one checked all modes against
finite differences (``check_derivatives``) unless it pins a refusal.
"""

import numpy as np
import pytest

import srcad
from srcad.errors import SrcadError
from srcad.testing import check_derivatives

P2 = np.array([0.3, 0.7])


# -- 1. forward mode: unpacking an array into names gave a zero tangent ------------------
def rosenbrock(p):
    x, y = p
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def unpack_rows(M):
    r0, r1 = M
    return np.sum(r0 * np.sin(r1)) + r0[1] ** 2


def unpack_derived(theta):
    ell, sf, noise = np.exp(theta)
    return sf * np.exp(-1.0 / ell) + noise ** 2


def unpack_in_loop(p):
    s = 0.0
    for i in range(3):
        a, b = p * (i + 1.0)
        s = s + a * b ** 2
    return s


@pytest.mark.parametrize('fn, arg', [
    (rosenbrock, P2),
    (unpack_rows, np.array([[0.3, -0.4, 0.8], [1.1, 0.2, -0.6]])),
    (unpack_derived, np.array([0.1, -0.3, 0.4])),
    (unpack_in_loop, P2),
])
def test_unpacking_an_array_carries_its_tangent(fn, arg):
    check_derivatives(fn, arg)
    value, tangent = srcad.jvp(fn, (arg,), (np.ones_like(arg),))
    assert tangent != 0.0


def test_jvp_of_unpacked_array_is_exact():
    _, t = srcad.jvp(rosenbrock, (P2,), (np.array([1.0, 0.0]),))
    x, y = P2
    assert t == pytest.approx(-2 * (1 - x) - 400 * x * (y - x ** 2))


# -- 2. reverse mode: unpacking a matrix row or a computed array into names --------------
def unpack_scaled(p):
    x, y = p * 0.5
    return x ** 2 * y + np.sin(x)


def cofactor_det(A):
    a, b, c = A[0]
    d, e, f = A[1]
    g, h, i = A[2]
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


def normalized_quaternion(q):
    q = q / np.linalg.norm(q)
    w, x, y, z = q
    return w * x - y * z ** 2 + (-x)


@pytest.mark.parametrize('fn, arg', [
    (unpack_scaled, P2),
    (cofactor_det, np.array([[1.0, 0.2, 0.3], [0.1, 1.5, -0.4], [0.3, 0.2, 0.9]])),
    (normalized_quaternion, np.array([0.3, 0.5, 0.7, 0.2])),
])
def test_reverse_unpacking_of_computed_arrays(fn, arg):
    check_derivatives(fn, arg)


X6 = np.random.default_rng(3).standard_normal((6, 3))


def shape_of_module_array(w):
    n = X6.shape[0]
    s = 0.0
    for i in range(n):
        s = s + np.tanh(X6[i] @ w)
    return s / X6.shape[0]


def test_shape_of_a_module_level_array():
    check_derivatives(shape_of_module_array, np.array([0.2, -0.1, 0.4]))


# -- 3. a value the backward loop computed again from an operand overwritten later ------
def sine_series(x):
    term = x
    s = x
    n = 1
    while abs(term) > 1e-14:
        term = -term * x * x / ((2 * n) * (2 * n + 1))
        s += term
        n += 1
    return s


def carried_product(x):
    y = x
    s = 0.0
    while y < 10.0:
        u = -y
        y = y * 1.7 + x
        s = s + u * y
    return s


def test_rematerialized_value_reads_restored_operands():
    assert srcad.grad(sine_series)(0.3) == pytest.approx(np.cos(0.3), rel=1e-12)
    check_derivatives(sine_series, 0.3)
    check_derivatives(carried_product, 0.3)


# -- 4. crashes: an empty backward loop body, a name bound in a branch of a loop,
#       the log of a negative base, a fixed parameter overwritten in a loop -------------
def while_with_break(h0):
    y, v = h0 + 5.0, 0.0
    dt = 0.01
    t = 0
    while y > 0.5:
        v -= 9.81 * dt
        y += v * dt
        t += 1
        if t > 500:
            break
    return y + 0.01 * v


def bound_in_first_iteration(x):
    for i in range(len(x)):
        if i == 0:
            acc = x[0]
        else:
            acc = acc * 0.5 + x[i]
    return acc ** 2


def previous_value(x):
    s = 0.0
    for i in range(len(x)):
        if i > 0:
            s = s + prev * x[i]
        prev = np.sin(x[i])
    return s


def enumerate_powers(c):
    s = 0.0
    for i, v in enumerate(c):
        s += v ** (i + 1)
    return s


def masked_power_of_negative_base(p):
    base = np.array([-1.5, 2.0, 3.0])
    return np.sum(np.where(base > 0, base ** p, 0.0))


def float_exponent(p):
    return np.sum(np.array([0.5, 2.0, 3.0]) ** p[0] * p[1])


def apply_layers(layers, h):
    for layer in layers:
        h = np.tanh(h @ layer['W'] + layer['b'])
    return h


def layered(layers):
    return np.sum(apply_layers(layers, X6) ** 2)


def dict_copy(p):
    q = p.copy()
    q['b'] = q['b'] ** 2
    return q['b'] + np.sum(q['w'] * p['w'])


V4 = np.array([-0.5, 0.3, 0.8, 1.1])
_rng = np.random.default_rng(1)


@pytest.mark.parametrize('fn, arg', [
    (while_with_break, 1.2),
    (bound_in_first_iteration, V4),
    (previous_value, V4),
    (enumerate_powers, [0.5, 1.5, -0.3]),
    (enumerate_powers, np.array([0.5, 1.5, -0.3])),
    pytest.param(masked_power_of_negative_base, 1.3,  # (the masked primal is nan)
                 marks=pytest.mark.filterwarnings('ignore:invalid value')),
    (float_exponent, np.array([1.3, 0.7])),
    (layered, [{'W': _rng.standard_normal((3, 4)) * 0.5, 'b': np.full(4, 0.1)},
               {'W': _rng.standard_normal((4, 1)) * 0.5, 'b': np.array([0.0])}]),
    (dict_copy, {'w': np.array([0.3, -0.2, 0.5]), 'b': 0.3}),
])
def test_former_crashes_and_nans(fn, arg):
    check_derivatives(fn, arg)


def test_hvp_of_integer_power_of_negative_base_is_finite():
    h = srcad.hvp(enumerate_powers, (np.array([0.5, 1.5, -0.3]),), np.array([0.0, 0.0, 1.0]))
    assert np.all(np.isfinite(h))
    assert h[2] == pytest.approx(6 * -0.3)


# -- 5. language: for/else and while/else, chained assignment into elements ---------------
def for_else(x):
    s = 0.0
    for v in x:
        if v > 0.6:
            break
        s += v * v
    else:
        s = s * 2
    return s + x[0]


def nested_for_else(x):
    s = 0.0
    for i in range(3):
        for j in range(3):
            if j > i:
                break
            s += x[i] * x[j]
        else:
            s = s * 1.5
    else:
        s = s + np.sum(x)
    return s


def while_else_return(x):
    k = 0
    while k < 5:
        k += 1
        if x * k > 2.0:
            break
    else:
        return x ** 3
    return x ** 2 * k


def chained_elements(x):
    y = np.zeros(8)
    y[1:7] = x ** 2
    y[0] = y[7] = x[0]
    return np.sum(y * np.arange(8))


def chained_element_and_name(x):
    y = np.zeros(3)
    y[0] = z = x[1] * 3
    return np.sum(y * x) + z


@pytest.mark.parametrize('fn, arg', [
    (for_else, np.array([0.3, 0.5, 0.7])),
    (for_else, np.array([0.3, 0.5, 0.4])),
    (nested_for_else, np.array([0.3, 0.5, 0.7])),
    (while_else_return, 0.3),
    (while_else_return, 0.9),
    (chained_elements, np.array([0.3, 0.5, 0.7, 0.2, 1.1, -0.4])),
    (chained_element_and_name, np.array([0.3, 0.5, 0.7])),
])
def test_loop_else_and_chained_assignment(fn, arg):
    check_derivatives(fn, arg)


def chained_alias_then_write(x):
    a = b = np.zeros(3)
    a[0] = x[0]
    return np.sum(b * x)


def test_chained_alias_written_through_is_refused():
    with pytest.raises(SrcadError, match="while 'b' refers to the same data"):
        srcad.grad(chained_alias_then_write)(np.array([0.3, 0.5, 0.7]))


# -- 6. np.trapezoid and np.gradient (linear in the samples) ------------------------------
def trapezoid_energy(a):
    x = np.linspace(0.0, 1.0, 41)
    psi = x * (1 - x) * (1 + a[0] * x + a[1] * x ** 2)
    dpsi = np.gradient(psi, x)
    return np.trapezoid(dpsi ** 2, x) / np.trapezoid(psi ** 2, x)


def gradient_2d(A):
    gy, gx = np.gradient(A ** 2, 0.5, edge_order=2)
    return np.sum(gy * gx) + np.sum(np.gradient(A, axis=1) ** 2) + \
        np.sum(np.trapezoid(A, dx=0.1, axis=0) ** 2)


@pytest.mark.parametrize('fn, arg', [
    (trapezoid_energy, np.array([0.5, 0.2])),
    (gradient_2d, np.random.default_rng(0).standard_normal((4, 5))),
])
def test_trapezoid_and_gradient(fn, arg):
    check_derivatives(fn, arg)


def trapezoid_over_varied_points(x):
    return np.trapezoid(np.ones(3), x)


def test_varied_sample_points_are_refused():
    with pytest.raises(SrcadError, match="np.trapezoid with respect to its parameter 'x'"):
        srcad.grad(trapezoid_over_varied_points)(np.array([0.0, 0.5, 1.2]))
    with pytest.raises(SrcadError, match="parameter 'x'"):
        srcad.jvp(trapezoid_over_varied_points, (np.array([0.0, 0.5, 1.2]),), (np.ones(3),))
