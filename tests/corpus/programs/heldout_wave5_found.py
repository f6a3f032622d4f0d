"""Held-out wave 5: the programs behind the WRONG families this probe found (V2 aliases made in
branches, V3 second order at |x| = 0, V4 writes into int arrays whose dtype comes from data),
with what the live tree does after the fixes: refused where srcad cannot follow, right
where it can.  Minimal repros: tests/regressions/test_heldout_wave5.py."""

import numpy as np

from ..case import case
from types import SimpleNamespace

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def if_view_else_fresh(x):
    y = x * 1.0
    if x[0] > 0:
        z = y[:3]
    else:
        z = np.zeros(3)
    z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def if_view_no_else(x):
    y = x * 1.0
    z = np.zeros(3)
    if x[0] > 0:
        z = y[:3]
    z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support z += ... on a ndarray while "y" refers to the same data and is read')
def if_view_no_else_iadd(x):
    y = x * 1.0
    z = np.zeros(3)
    if x[0] > 0:
        z = y[:3]
    z += 1.0
    return np.sum(y ** 2)


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
def if_view_static_condition(x):
    y = x * 1.0
    flag = True
    if flag:
        z = y[:3]
    else:
        z = np.zeros(3)
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


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def for_else_view(x):
    y = x * 1.0
    z = np.zeros(3)
    for i in range(3):
        if i == 5:
            break
    else:
        z = y[1:4]
    z[0] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def try_view(x):
    y = x * 1.0
    z = np.zeros(3)
    try:
        z = y[1:4]
    except ValueError:
        pass
    z[0] = 9.0
    return np.sum(y ** 2)


@case(x6)
def if_alias_name_no_else(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    z += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def if_alias_name_else(x):
    y = x * 1.0
    if x[0] > 0:
        z = y
    else:
        z = y.copy()
    z[0] = 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "y" while "z" refers to the same data and is read afte')
def if_view_then_base_write(x):
    y = x * 1.0
    z = np.zeros(3)
    if x[0] > 0:
        z = y[:3]
    y[1] = 9.0
    return np.sum(z ** 2)


@case(x6)
def if_view_write_inside_branch(x):
    y = x * 1.0
    if x[0] > 0:
        z = y[:3]
        z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def if_view_write_later_branch(x):
    y = x * 1.0
    z = np.ones(3)
    if x[0] > 0:
        z = y[:3]
    if x[1] < 0:
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
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def if_view_in_helper(x):
    def pick(v, first):
        if first:
            w = v[:3]
        else:
            w = np.zeros(3)
        return w
    y = x * 1.0
    z = pick(y, x[0] > 0)
    z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def ifexp_static_none(x):
    y = x * 1.0
    buf = None
    z = y if buf is None else buf
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6)
def ifexp_dynamic(x):
    y = x * 1.0
    z = y if x[0] > 0 else np.zeros(6)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def or_operator_alias(x):
    y = x * 1.0
    buf = None
    z = buf or y
    z[0] = 5.0
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


@case(x6, expect='refused',
      why='srcad does not support z += ... on a ndarray while "y" refers to the same data and is read')
def dict_entry_alias_in_branch_then_get(x):
    y = x * 1.0
    d = {'a': np.zeros(6)}
    if x[0] > 0:
        d['a'] = y
    z = d['a']
    z += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support z += ... on a ndarray while "y" refers to the same data and is read')
def namespace_attr_alias_in_branch(x):
    y = x * 1.0
    o = SimpleNamespace(a=np.zeros(6))
    if x[0] > 0:
        o.a = y
    z = o.a
    z += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support z += ... on a ndarray while "y" refers to the same data and is read')
def list_item_alias_in_branch(x):
    y = x * 1.0
    l = [np.zeros(6)]
    if x[0] > 0:
        l[0] = y
    z = l[0]
    z += 1.0
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


@case(x6)
def alias_in_nested_if(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        if x[1] < 0:
            z = y
    z += 1.0
    return np.sum(y ** 2)


@case(x6)
def alias_in_if_return_z(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    z[0] = 1.0
    return np.sum(y ** 2) + np.sum(z)


@case(x6, expect='refused',
      why='srcad does not support writing into "M" while "y" refers to the same data and is read afte')
def view_via_reshape_in_branch(x):
    y = x * 1.0
    M = np.zeros((2, 3))
    if x[0] > 0:
        M = y.reshape(2, 3)
    M[:, 0] = 0.0
    return np.sum(y ** 2)


@case(x6)
def alias_in_if_then_out_param(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    np.multiply(z, 2.0, out=z)
    return np.sum(y ** 2)


@case(x6)
def alias_in_if_then_add_at(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    np.add.at(z, [0, 0], 1.0)
    return np.sum(y ** 2)


@case(x6)
def alias_in_if_then_sort(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    z.sort()
    return np.sum(y * np.arange(6))


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def alias_in_if_then_fill_diagonal(x):
    y = np.outer(x[:3], x[3:])
    z = np.zeros((3, 3))
    if x[0] > 0:
        z = y
    np.fill_diagonal(z, 0.0)
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "zero__v" while "y" refers to the same data and is rea')
def alias_in_if_then_helper_write(x):
    def zero_(v):
        v[0] = 0.0
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    zero_(z)
    return np.sum(y ** 2)
x4 = np.array([1.3173, -0.6331, 2.4617, 0.8129])


@case(x4)
def assign_float_into_int_zeros(x):
    y = np.zeros(4, dtype=int)
    y[0] = x[0] * 2
    return np.sum(y * x)


@case(x4)
def assign_into_arange(x):
    y = np.arange(4)
    y[2] = x[2] * 3
    return np.sum(y * x)


@case(x4)
def slice_assign_into_int_array(x):
    y = np.zeros(4, dtype=np.int64)
    y[:] = x * 10
    return np.sum(y * x)


@case(x4)
def assign_into_zeros_like_int_index(x):
    idx = np.array([0, 1, 2, 3])
    y = np.zeros_like(idx)
    y[1] = x[1] * 5
    return np.sum(y * x)
