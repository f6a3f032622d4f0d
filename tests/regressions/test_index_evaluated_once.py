"""An index with an effect is evaluated once (held-out wave 6, W7 and C3).

``y[order.pop()] += v`` evaluates ``order.pop()`` once in Python and reads and writes that
element.  srcad evaluated the index again for the write: read and write used different
elements (a silently wrong value and gradient, e.g. ``y[rng.integers(4)] += v``, a random
scatter) or the list ran dry (IndexError).  And hvp's forward pass over the gradient took
the tangent of ``xs.pop()`` after the pop, so a loop popping a list down to empty raised
IndexError in hvp only."""

import numpy as np
import pytest

from srcad.testing import check_derivatives

MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
X = np.array([0.4, -0.3, 0.9, 0.2])


def iadd_at_popped_index(x):
    y = np.zeros(4)
    order = [0, 1, 2, 3, 0, 1, 2, 3]
    for t in x:
        y[order.pop()] += t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


def setitem_at_popped_index(x):
    y = np.zeros(4)
    s = [0, 1, 2, 3]
    for t in x:
        y[s.pop()] = t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


def dict_iadd_at_popped_key(x):
    d = {'a': 0.0, 'b': 0.0}
    keys = ['a', 'b', 'a', 'b']
    for t in x:
        d[keys.pop()] += t * 2
    return d['a'] * 3 + d['b']


def matrix_iadd_at_popped_column(x):
    M = np.zeros((2, 4))
    s = [0, 1, 2, 3]
    for t in x:
        M[1, s.pop()] += t ** 2
    return np.sum(M * np.arange(8.0).reshape(2, 4))


def random_scatter(x):
    rng = np.random.default_rng(0)
    y = np.zeros(4)
    for t in x:
        y[rng.integers(4)] += t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


def iadd_at_next_index(x):
    it = iter([3, 1, 0, 2])
    y = np.zeros(4)
    for t in x:
        y[next(it)] -= np.sin(t)
    return np.sum(y * np.arange(1.0, 5.0))


def slice_bound_from_a_call(x):
    bounds = [1, 3]
    y = x.copy()
    y[bounds.pop(0):] *= 2.0
    return np.sum(y ** 2)


def worklist_pairs_popped_in_loop(x):
    s = [1, 2]
    out = 0.0
    for _ in range(1):
        out = out + x[s.pop()] * x[s.pop()]
    return out


def stack_drained_in_loop(x):
    todo = [0, 1, 2, 3]
    total = 0.0
    while todo:
        i = todo.pop()
        total = total + x[i] ** 3
    return total


def chained_target_popped_row(x):
    M = np.zeros((3, 3))
    r = [2, 1]
    M[r.pop()][0] += x[0] ** 2
    return np.sum(M * np.arange(9.0).reshape(3, 3))


def chained_target_popped_row_and_col(x):
    M = np.zeros((3, 3))
    rows, cols = [2, 1], [0, 2]
    M[rows.pop()][cols.pop()] += x[0] ** 2 + x[1]
    return np.sum(M * np.arange(9.0).reshape(3, 3))


def chained_slice_popped_start(x):
    y = np.zeros(6)
    st = [1, 3]
    y[st.pop():][:2] += x[:2] ** 2
    return np.sum(y * np.arange(6.0))


def value_before_index(x):  # (Python evaluates the right-hand side first)
    y = x * 1.0
    s = [0, 1, 2, 3]
    y[s.pop()] = y[s.pop()] * 2
    return np.sum(y ** 2)


@pytest.mark.parametrize('fn', [value_before_index, chained_target_popped_row, chained_target_popped_row_and_col,
                                chained_slice_popped_start, iadd_at_popped_index, setitem_at_popped_index,
                                dict_iadd_at_popped_key, matrix_iadd_at_popped_column,
                                random_scatter, iadd_at_next_index, slice_bound_from_a_call,
                                worklist_pairs_popped_in_loop, stack_drained_in_loop],
                         ids=lambda f: f.__name__)
def test_index_with_an_effect(fn):
    check_derivatives(fn, X, modes=MODES)


def nested_loops_inner_break(x):  # (hvp took the tangent of the saved range: TypeError)
    tot = 0.0
    for i in range(2):
        for j in range(3):
            tot = tot + x[j] * j
            if tot > 2.0:
                break
    return tot


@pytest.mark.parametrize('x', [np.array([0.5, 0.8, 0.9]), np.array([0.1, 0.2, 0.3])])
def test_hvp_of_nested_loops_whose_inner_loop_breaks(x):
    check_derivatives(nested_loops_inner_break, x, modes=MODES)
