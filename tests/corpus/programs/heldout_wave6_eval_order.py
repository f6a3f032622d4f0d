"""Held-out wave 6: evaluation count and order of side-effecting expressions in assignment
targets -- y[order.pop()] += v, y[next(it)] += v, d[keys.pop()] += v, y[rng.integers(4)] += v
(random scatter), a counter helper in the index, and y[s.pop()] = y[s.pop()] * 2 where Python
evaluates the right side first; a work-list popped in a loop (hvp)."""

import numpy as np

from ..case import case

x4 = np.array([0.4, -0.3, 0.9, 0.2])


# was WRONG when written (family W7); right in the tree at 19:57 UTC
@case(x4)
def iadd_at_popped_index(x):
    y = np.zeros(4)
    order = [0, 1, 2, 3, 0, 1, 2, 3]
    for t in x:
        y[order.pop()] += t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


# was WRONG when written (family W7 / C2); right in the tree at 19:57 UTC
@case(x4)
def iadd_at_popped_index_exact_length(x):
    y = np.zeros(4)
    stack = [2, 0, 3, 1]
    for t in x:
        y[stack.pop()] += t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


# was WRONG when written (family W7 / C2); right in the tree at 19:57 UTC
@case(x4)
def setitem_at_popped_index(x):
    y = np.zeros(4)
    stack = [2, 0, 3, 1]
    for t in x:
        y[stack.pop()] = t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


# was WRONG when written (family W7 / C2); right in the tree at 19:57 UTC
@case(x4)
def iadd_at_next_index(x):
    y = np.zeros(4)
    it = iter([3, 1, 0, 2])
    for t in x:
        y[next(it)] += t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


# was WRONG when written (family W7); right in the tree at 19:57 UTC
@case(x4)
def dict_iadd_at_popped_key(x):
    d = {'a': 0.0, 'b': 0.0}
    keys = ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']
    for t in x:
        d[keys.pop()] += t ** 2
    return d['a'] * 3 + d['b']


# was WRONG when written (family W7); right in the tree at 19:57 UTC
@case(x4)
def iadd_at_counter_helper_index(x):
    y = np.zeros(4)
    k = [0]
    def nxt():
        k[0] += 1
        return k[0] % 4
    for t in x:
        y[nxt()] += t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


# was WRONG when written (family C3); right in the tree at 19:57 UTC
@case(x4)
def worklist_pairs_popped_in_loop(x):
    s = [0, 1, 2, 3, 0, 2, 1, 3]
    out = 0.0
    for _ in range(4):
        out = out + x[s.pop()] * x[s.pop()]
    return out


# was WRONG when written (family W7); right in the tree at 19:57 UTC
@case(x4)
def random_scatter_iadd(x):
    rng = np.random.default_rng(0)
    y = np.zeros(4)
    for t in x:
        y[rng.integers(4)] += t ** 2
    return np.sum(y * np.arange(1.0, 5.0))


# WRONG today: family W7 (evaluation order: Python evaluates the right side's s.pop() BEFORE the
# target's s.pop(); value and gradient wrong)
@case(x4)
def setitem_pop_order_rhs_first(x):
    s = [3, 0, 2, 1, 2, 0, 3]
    y = x.copy()
    y[s.pop()] = y[s.pop()] * 2.0
    return np.sum(y * np.arange(1.0, 5.0))


# was WRONG when written (family W7); right in the tree at 19:57 UTC
@case(x4)
def imul_at_popped_index_once(x):
    s = [3, 0, 2, 1, 2, 0, 3]
    y = x.copy()
    y[s.pop()] *= 5.0
    return np.sum(y * np.arange(1.0, 5.0))


# WRONG today: family W7b -- REGRESSION during wave 6 (refused at HEAD b2ac0bd, silently wrong
# in the tree at 20:02): a chained target M[r.pop()][0] += v evaluates r.pop() twice
@case(x4)
def chained_target_popped_row_iadd(x):
    M = np.zeros((3, 3))
    r = [2, 1]
    M[r.pop()][0] += x[0] ** 2
    return np.sum(M * np.arange(9.0).reshape(3, 3))


# WRONG today: family W7b (sparse-style accumulation with popped row and column indices)
@case(x4)
def chained_target_popped_row_and_col(x):
    M = np.zeros((3, 3))
    rows = [0, 1, 2, 0, 1, 2, 1]
    cols = [2, 0, 1, 1, 2, 0, 2]
    for t in x[:3]:
        M[rows.pop()][cols.pop()] += t ** 2
    return np.sum(M * np.arange(9.0).reshape(3, 3))


# WRONG today: family W7b (slice start from a pop, then a second subscript)
@case(x4)
def chained_slice_target_popped_start(x):
    y = np.zeros(6)
    st = [0, 2]
    y[st.pop():][:2] += x[0] ** 2
    return np.sum(y * np.arange(1.0, 7.0))
