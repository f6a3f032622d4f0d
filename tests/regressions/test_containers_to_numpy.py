"""Issue 13, family 1: Python lists and tuples handed to NumPy.

NumPy converts a list argument with asarray; srcad differentiates that
conversion (the array's adjoint goes back to the entries) or refuses, located.
Before: zeros (np.sum([1.0, a * a, 2.0])), wrong numbers (np.mean([a, b]),
np.concatenate([x, [np.sum(x)]])), a TypeError (np.max([u, v]),
np.interp(t, [0, 1], [a, b])), and a gradient of [0.0, 0.0] for a list
argument used as ``w * x``.
"""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

ALL = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
x3 = np.array([0.3, -1.2, 0.7])


def reductions_of_lists(a, b):
    return (np.sum([1.0, a * a, 2.0]) + np.mean([a, b]) * a + np.max([a, 2.0 * b])
            + np.prod((a, b, 1.5)) + np.std([a, b, 0.2]))


def test_reductions_of_lists_of_numbers():
    for wrt in (0, 1):
        check_derivatives(reductions_of_lists, 0.7, 1.3, wrt=wrt, modes=ALL)


def ufuncs_and_products_of_lists(a, b):
    s = np.sum(np.exp([a, -b])) + np.sum(np.power([a, b], 3))
    s = s + np.dot([a, b], [b, 2.0]) + np.sum(np.clip([a, b, -a], -1.0, 1.0) ** 2)
    s = s + np.sum(np.where(np.array([True, False]), [a, b], [b * b, a]))
    return s + np.sum(np.maximum([a, b], [0.5, 2.0 * a]))


def test_ufuncs_and_products_given_lists():
    for wrt in (0, 1):
        check_derivatives(ufuncs_and_products_of_lists, 0.7, 1.3, wrt=wrt, modes=ALL)


def linalg_and_polynomials_of_nested_lists(a, b):
    d = np.linalg.det([[a, 0.3], [0.2, b]])
    s = np.sum(np.linalg.solve([[2.0, a], [b, 3.0]], np.array([0.4, 1.1])))
    p = np.polyval([a, b, 1.0], 0.6)
    return d + s + p + np.interp(0.3, [0, 1], [a, b]) ** 2


def test_linalg_polyval_interp_of_nested_lists():
    for wrt in (0, 1):
        check_derivatives(linalg_and_polynomials_of_nested_lists, 0.7, 1.3, wrt=wrt, modes=ALL)


def joined(x):
    y = np.concatenate([x, [np.sum(x)]])
    m = np.stack([x, [x[0], 2 * x[1], 1.0]])
    v = np.array([[x[0], 0.0], [0.0, x[1]]])
    return np.sum(y * y) + np.sum(m ** 3) + np.sum(v @ x[:2])


def test_lists_joined_stacked_and_converted():
    check_derivatives(joined, x3, modes=ALL)


def list_weights(w):
    x = np.array([0.5, -1.0])
    return np.sum((w * x) ** 2) + np.max(w) * np.mean(w)


def test_list_argument_gradient_is_a_list_of_floats():
    g = srcad.grad(list_weights)([1.0, 2.0])
    assert type(g) is list and all(type(v) is float for v in g)
    assert np.allclose(g, [0.5 + 2.0 * 0.5, 4.0 + 2.0 * 0.5 + 1.5])  # max 2, mean 1.5
    check_derivatives(list_weights, [1.0, 2.0], modes=ALL)


def nested_list_matrix(A):
    return np.linalg.det(A) + np.sum((np.asarray(A) @ np.array([0.4, 1.1])) ** 2)


def test_nested_list_argument_keeps_its_nesting():
    g = srcad.grad(nested_list_matrix)([[1.0, 0.2], [0.3, 2.0]])
    assert type(g) is list and all(type(row) is list for row in g)
    check_derivatives(nested_list_matrix, [[1.0, 0.2], [0.3, 2.0]], modes=ALL)


def appended(a, b):
    xs = []
    xs.append(a * b)
    xs.append(b)
    return xs[0] * xs[1] + np.max(xs)


def test_appended_list_forward_mode():
    # jvp read the zero tangent of the list after append had changed it (wrong number)
    for wrt in (0, 1):
        check_derivatives(appended, 0.7, 1.3, wrt=wrt, modes=ALL)


def repeated(a):
    return np.sum(np.array([a] * 3) * x3)


def joined_with_plus(a, b):
    return np.dot(np.array([a, b] + [1.0]), x3)


@pytest.mark.parametrize('mode', ['grad', 'jvp', 'hvp'])
def test_list_repetition_is_repetition_not_conversion(mode):
    # [a] * 3 is Python's repetition, not NumPy's product: the adjoint read it as
    # elementwise (a wrong number) once the list met no array; it was refused, and is
    # now differentiated as a repetition (srcad/compiler/joins.py)
    check_derivatives(repeated, 0.7, modes=(mode,))


def test_lists_joined_with_plus_are_one_list():
    # [a, b] + [1.0] is Python's join (one list of three entries), never NumPy's sum:
    # it once was refused; two displays joined are now one display (compiler/desugar)
    for wrt in (0, 1):
        check_derivatives(joined_with_plus, 0.7, 1.3, wrt=wrt, modes=ALL)
