"""Held-out wave 5: control flow meets data -- values of different kinds (int, None, active)
bound in different branches, loop variables after the loop, for-else, while-break, early
returns, double-buffer swaps in time steppers, aliases and views made in branches, loops
and helpers (inplace=/out=None patterns), loop-carried reads of an array written through a
view.  The programs where an alias made in a branch is lost (WRONG today) are kept out:
tests/regressions/test_heldout_wave5.py (V2). (part 2)."""

import numpy as np

from ..case import case
from types import SimpleNamespace

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])
x3 = np.array([0.3, -0.6, 0.45])


u0 = np.exp(-np.linspace(-2, 2, 8) ** 2)


@case(u0, expect='refused',
      why='normalize(v, inplace=True) helper (FALSE refusal)')
def inplace_flag_pattern(u0):
    def normalize(v, inplace=False):
        if not inplace:
            v = v.copy()
        v -= v.mean()
        return v
    y = u0 * 1.0
    normalize(y, inplace=True)
    return np.sum(y ** 3)


@case(u0, expect='refused',
      why='normalize(v) with inplace=False copies first: nothing is shared (FALSE refusal)')
def inplace_flag_pattern_false(u0):
    def normalize(v, inplace=False):
        if not inplace:
            v = v.copy()
        v -= v.mean()
        return v
    y = u0 * 1.0
    z = normalize(y)
    return np.sum(y ** 3) + np.sum(z ** 2)


@case(u0, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def copy_in_branch_only(u0):
    y = u0 * 1.0
    z = y
    if u0[0] > 100:
        z = y.copy()
    z[0] = 5.0
    return np.sum(y ** 2)


@case(u0)
def alias_in_with_block(u0):
    import contextlib
    y = u0 * 1.0
    z = np.zeros(8)
    with contextlib.suppress(ValueError):
        z = y
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6)
def loop_carried_read_of_base(x):
    y = x * 1.0
    s = 0.0
    for i in range(3):
        s = s + np.sum(y ** 2)
        v = y[:2]
        v *= 2.0
    return s


@case(x6)
def loop_carried_read_of_base_alias(x):
    y = x * 1.0
    s = 0.0
    for i in range(3):
        s = s + np.sum(y ** 2)
        z = y
        z += 1.0
    return s


@case(x6, expect='refused',
      why='srcad does not support writing into "v" while "y" refers to the same data and is read afte')
def while_carried_read(x):
    y = x * 1.0
    s = 0.0
    i = 0
    while i < 3:
        s = s + np.sum(y * np.arange(6))
        v = y.reshape(2, 3)
        v[0] = v[0] * 0.5
        i += 1
    return s


@case(x6, expect='refused',
      why='srcad does not support writing into "y" while "v" refers to the same data and is read afte')
def loop_view_read_before_base_write(x):
    y = x * 1.0
    v = y[:3]
    s = 0.0
    for i in range(3):
        s = s + np.sum(v ** 2)
        y[0] = y[0] * 2.0 + 1.0
    return s


@case(x6, expect='refused',
      why='srcad does not support writing into "y" while "v" refers to the same data and is read afte')
def loop_view_made_in_earlier_iteration(x):
    y = x * 1.0
    v = None
    s = 0.0
    for i in range(3):
        if v is not None:
            s = s + np.sum(v ** 2)
        v = y[i:i + 2]
        y[i] = 7.0
    return s


@case(x6)
def input_alias_in_branch_mutates_input(x):
    z = x if x[0] > 0 else x.copy()
    z = z  # noqa
    return np.sum(z ** 2)


@case(x6)
def view_then_write_then_view_reread_in_loop(x):
    y = x * 1.0
    out = 0.0
    for k in range(2):
        head = y[:3]
        out = out + np.sum(head ** 2)
        y[1] = y[1] * 3
    return out


@case(x6)
def while_true_break_view(x):
    y = x * 1.0
    s = 0.0
    n = 0
    while True:
        s = s + y[0] ** 2
        if n == 2:
            break
        w = y[:1]
        w += 1.0
        n += 1
    return s


@case(x6, expect='refused',
      why='srcad does not support r *= ... on a ndarray while "y" refers to the same data and is read')
def nested_loop_inner_write_outer_read(x):
    y = x * 1.0
    s = 0.0
    for i in range(2):
        s = s + np.sum(y ** 2)
        for j in range(2):
            r = y[j:j + 2]
            r *= 1.5
    return s


@case(x6)
def comprehension_reads_after_view_write(x):
    y = x * 1.0
    v = y[2:]
    v += 1.0
    return sum(t ** 2 for t in y)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def if_view_both_branches(x):
    y = x * 1.0
    if x[0] > 0:
        z = y[:3]
    else:
        z = y[3:]
    z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def if_fresh_else_view(x):
    y = x * 1.0
    if x[0] < 0:
        z = np.zeros(3)
    else:
        z = y[:3]
    z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def while_view(x):
    y = x * 1.0
    z = np.zeros(3)
    i = 0
    while i < 2:
        z = y[i:i + 3]
        i += 1
    z[0] = 9.0
    return np.sum(y ** 2)


@case(x6)
def if_view_write_inside_branch(x):
    y = x * 1.0
    if x[0] > 0:
        z = y[:3]
        z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad only supports writing into an element of a local array, not l[0]')
def if_list_alias(x):
    y = x * 1.0
    l = [np.zeros(6)]
    if x[0] > 0:
        l = [y]
    l[0][0] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad only supports writing into an element of a local array, not d["a"]')
def dict_entry_alias_in_branch(x):
    y = x * 1.0
    d = {'a': np.zeros(6)}
    if x[0] > 0:
        d['a'] = y
    d['a'][0] = 5.0
    return np.sum(y ** 2)


@case(x6)
def alias_in_branch_of_loop(x):
    y = x * 1.0
    z = np.zeros(6)
    for i in range(3):
        if i == 2:
            z = y
    z += 1.0
    return np.sum(y ** 2)
