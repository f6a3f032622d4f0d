"""Regressions of helper "inplace wave 6": changes made in place through a view, an entry or
another name are written back into what they came from, where NumPy says they show
(srcad/compiler/view_writes.py, write_through.py; srcad.runtime.writes_back / views).
Expected values come from the oracle (finite differences of the Python function itself,
which NumPy runs with its own view semantics) or from NumPy directly."""

import copy

import numpy as np
import pytest

import srcad
from srcad.runtime import views, writes_back
from srcad.testing import check_derivatives

ALL = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])
A33 = np.array([[0.3, -0.6, 0.45], [0.8, -1.1, 0.25], [0.7, 0.2, -0.35]])


def _exact(f, x):
    check_derivatives(f, x.copy(), wrt=0, modes=ALL)


# -- exact: a view's change written back -----------------------------------------------

def row_loop_scale(A):
    B = A * 1.0
    for row in B:
        row *= 2.0
    return np.sum(B ** 3)


def row_loop_normalize(A):
    B = np.abs(A) + 0.5
    for row in B:
        row[:] = row / row.sum()
    return np.sum(B * np.arange(9.0).reshape(3, 3))


def row_view_read_with_base(A):
    B = A * 1.0
    r = B[1]
    r += 1.0
    return np.sum(B ** 2) + np.sum(r ** 3)


def view_of_a_view(A):
    B = A * 1.0
    r = B[1]
    s = r[1:]
    s *= 3.0
    return np.sum(B ** 2)


def two_views_of_one_row(A):
    B = A * 1.0
    r = B[1]
    q = B[1]
    r *= 3.0
    return np.sum(q ** 2)


def one_d_loop_leaves_the_array(x):
    y = x * 1.0
    for a in y:
        a *= 2.0  # a number (a copy): y stays
    return np.sum(y ** 2)


def in_place_helper(x):
    def normalize_(v):
        v /= np.linalg.norm(v)
    y = x * 2.0
    normalize_(y)
    return np.sum(y * np.arange(6.0))


def alias_then_iadd(x):
    y = x * 1.0
    z = y
    z += 1.0
    return np.sum(y ** 2) + np.sum(z)


def chained_write_2d(A):
    B = A * 1.0
    B[0][1] = B[1][2] * 3.0
    for i in range(3):
        B[i][i] += A[i, 0]
    return np.sum(B ** 2)


def chained_write_lists(x):
    grid = [[0.0, 0.0], [0.0, 0.0]]
    grid[0][1] = x[0] * x[1]
    grid[1][0] = x[2] ** 2
    return grid[0][1] + 3.0 * grid[1][0] + grid[1][1]


def chained_write_fancy_first(A):
    B = A * 1.0
    B[[0, 1]][0] = 5.0  # a copy is written: B stays (NumPy)
    return np.sum(B ** 2)


def swap_1d(x):
    y = x * 1.0
    y[0], y[3] = y[3], y[0]  # numbers: a true swap
    return np.sum(y * np.arange(6.0))


def swap_rows_2d(A):
    B = A * 1.0
    B[0], B[1] = B[1], B[0]  # rows are views: both end up the old B[1] (NumPy)
    return np.sum(B * np.arange(9.0).reshape(3, 3))


def swap_list_entries(x):
    L = [[x[0], x[1]], [x[2], x[3]]]
    L[0], L[1] = L[1], L[0]  # references: a true swap
    return L[0][0] * 2 + L[1][1] * 3 + L[0][1]


def bubble_sort(x):
    y = x * 1.0
    for i in range(6):
        for j in range(5 - i):
            if y[j] > y[j + 1]:
                y[j], y[j + 1] = y[j + 1], y[j]
    return np.sum(y * np.arange(6.0))


def view_read_again_after_base_write(A):
    B = A * 1.0
    r = B[0]
    B *= 2.0
    B[0, 1] = 5.0 * A[1, 1]
    return np.sum(r ** 2) + np.sum(B)


def alias_in_first_round(x):
    y = x * 1.0
    z = x * 0.0
    for i in range(3):
        if i == 0:
            z = y  # from here on z is y: z += 1 changes y
        z += 1.0
    return np.sum(y * np.arange(6.0)) + np.sum(z ** 2)


def alias_in_a_later_round(x):
    y = x * 1.0
    z = np.zeros(6)
    for i in range(3):
        if i == 1:
            z = y
        z[i] = x[i] ** 2
    return np.sum(y * np.arange(6.0)) + np.sum(z ** 2)


@pytest.mark.parametrize('f, x', [
    (alias_in_first_round, x6), (alias_in_a_later_round, x6),
    (row_loop_scale, A33), (row_loop_normalize, A33), (row_view_read_with_base, A33),
    (view_of_a_view, A33), (two_views_of_one_row, A33), (one_d_loop_leaves_the_array, x6),
    (in_place_helper, x6), (alias_then_iadd, x6), (chained_write_2d, A33),
    (chained_write_lists, x6), (chained_write_fancy_first, A33), (swap_1d, x6),
    (swap_rows_2d, A33), (swap_list_entries, x6), (bubble_sort, x6),
    (view_read_again_after_base_write, A33)], ids=lambda v: getattr(v, '__name__', ''))
def test_exact(f, x):
    _exact(f, x)


def test_swap_rows_value_is_numpys():
    B = A33.copy()
    B[0], B[1] = B[1], B[0]
    assert np.array_equal(B[0], A33[1]) and np.array_equal(B[1], A33[1])  # (NumPy's own)
    value, _ = srcad.value_and_grad(swap_rows_2d)(A33.copy())
    assert np.isclose(value, np.sum(B * np.arange(9.0).reshape(3, 3)))


# -- refused: what cannot be written back ------------------------------------------------

def rows_of_one_list(x):
    grid = [[0.0, 0.0]] * 2  # one list twice: grid[1] changes too
    grid[0][1] = x[0] * x[1]
    return grid[0][1] + 3.0 * grid[1][1]


def loop_rebinds_its_array(A):
    B = A * 1.0
    for row in B:  # (goes on over the old B)
        row *= 2.0
        B = B + 1.0
    return np.sum(B ** 2)


def view_of_the_argument(A):
    r = A[0]
    r *= 2.0  # would change the caller's A
    return np.sum(A ** 2)


def alias_or_view(x):
    y = x * 1.0
    z = x * 0.0
    for i in range(3):
        if i == 0:
            z = y
        else:
            z = y[1:]  # a view: not y itself, not apart from it
        z += 1.0
    return np.sum(y ** 2)


def iterator_changed(x):
    y = x * 1.0
    for v in np.nditer(y, op_flags=['readwrite']):
        v[...] = v * 2
    return np.sum(y ** 2)


@pytest.mark.parametrize('f, x, match', [
    (alias_or_view, x6, 'same data'),
    (iterator_changed, x6, 'same data'),
    (rows_of_one_list, x6, 'more than once'),
    (loop_rebinds_its_array, A33, 'same data'),
    (view_of_the_argument, A33, 'same data'),
], ids=lambda v: getattr(v, '__name__', ''))
def test_refused(f, x, match):
    before = x.copy()
    with pytest.raises(srcad.SrcadError, match=match):
        srcad.grad(f)(x)
    assert np.array_equal(x, before)


# -- the runtime's decisions ------------------------------------------------------------

def test_writes_back_follows_numpy():
    A = np.zeros((2, 3))
    assert writes_back(A, 0) and writes_back(A, (slice(None), 1)) and writes_back(A, ...)
    assert not writes_back(A, (0, 1))            # a number
    assert not writes_back(A, [0, 1])            # an advanced index: a copy
    assert not writes_back(np.zeros(3), 1)       # a number
    assert writes_back([[1.0], [2.0]], 0)        # a list's entry: the object itself
    assert not writes_back([[1.0], [2.0]], slice(0, 1))  # a list's slice: a copy
    assert not writes_back([1.0, 2.0], 0) and not writes_back((1.0,), 0)
    assert writes_back({'a': np.zeros(2)}, 'a') and not writes_back(2.0, ...)
    row = [0.0]
    with pytest.raises(srcad.SrcadError, match='more than once'):
        writes_back([row, row], 0)
    with pytest.raises(srcad.SrcadError):
        writes_back((np.zeros(2),), 0)       # a tuple cannot be written back


def test_views():
    A = np.zeros((2, 3))
    assert views(A, 0) and views(A, slice(1, None)) and not views(A, (0, 1))
    assert not views(A, [0]) and not views([[1.0]], 0)


def test_arguments_unchanged():
    A = A33.copy()
    srcad.grad(row_loop_scale)(A)
    srcad.jvp(row_loop_scale, (A,), (np.ones_like(A),))
    assert np.array_equal(A, A33)
    assert copy.deepcopy(A33).shape == (3, 3)
