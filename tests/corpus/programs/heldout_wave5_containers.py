"""Held-out wave 5: Python containers shared between names -- b = a then b += [..] /
append / sort / pop / reverse / del / slice assignment on a list, dict aliases with |= and
update, lists inside dicts and objects, shallow copies, [[0.0] * 2] * 2 shared rows, nested
list writes (DP tables).  Python shows every change through every name."""

import numpy as np

from ..case import case

x4 = np.array([0.3173, -0.6331, 0.4617, 0.8129])


@case(x4)
def list_alias_iadd_extends_both(x):
    a = [x[0]]
    b = a
    b += [x[1] ** 2]
    return sum(a)


@case(x4, expect='refused',
      why='srcad does not support writing into "b" while "a" refers to the same data and is read afte')
def list_alias_append(x):
    a = [x[0]]
    b = a
    b.append(x[1] ** 2)
    return sum(a) + len(a)


@case(x4, expect='refused',
      why='srcad does not support writing into "a" while "b" refers to the same data and is read afte')
def chained_list_alias(x):
    a = b = []
    a.append(x[0] * 2)
    return sum(b) * 3


@case(x4)
def list_alias_setitem(x):
    a = [x[0], x[1]]
    b = a
    b[0] = x[2] ** 2
    return a[0] + a[1]


@case(x4)
def dict_alias_setitem(x):
    d = {'a': x[0]}
    e = d
    e['a'] = x[1] ** 2
    return d['a']


@case(x4, expect='refused',
      why='srcad does not support e |= ... on a dict while "d" refers to the same data and is read af')
def dict_alias_ior(x):
    d = {'a': x[0]}
    e = d
    e |= {'a': x[1] ** 3}
    return d['a']


@case(x4, expect='refused',
      why='no derivative rule for e.update(...), called for its effect on "e", which depends on a dif')
def dict_alias_update(x):
    d = {'a': x[0]}
    e = d
    e.update(a=x[2] * 5)
    return d['a']


@case(x4, expect='refused',
      why='srcad does not support writing into "l" while "d" refers to the same data and is read afte')
def list_in_dict_alias(x):
    d = {'l': [x[0]]}
    l = d['l']
    l.append(x[1] * 4)
    return sum(d['l'])


@case(x4, expect='refused',
      why='srcad does not support writing into "b" while "a" refers to the same data and is read afte')
def list_alias_in_branch(x):
    a = [x[0]]
    b = [0.0]
    if x[3] > 0:
        b = a
    b.append(x[2] * 7)
    return sum(a)


@case(x4, expect='refused',
      why='srcad does not support writing into "b" while "a" refers to the same data and is read afte')
def list_alias_via_function_return(x):
    def same(l):
        return l
    a = [x[0]]
    b = same(a)
    b.append(x[1] * 3)
    return sum(a)


@case(x4, expect='refused',
      why='list.pop on a shared list (justified)')
def list_alias_pop(x):
    a = [x[0], x[1], x[2]]
    b = a
    b.pop()
    return sum(a)


@case(x4, expect='refused',
      why='srcad does not support writing into "b" while "a" refers to the same data and is read afte')
def list_alias_sort(x):
    a = [x[0], x[1], x[2]]
    b = a
    b.sort()
    return a[0] * 1 + a[2] * 10


@case(x4, expect='refused',
      why='no derivative rule for b.reverse(...), called for its effect on "b", which depends on a di')
def list_alias_reverse(x):
    a = [x[0], x[1], x[2]]
    b = a
    b.reverse()
    return a[0] * 1 + a[2] * 10


@case(x4, expect='refused',
      why='srcad does not support del b[0] (it changes a container in place)')
def list_alias_del(x):
    a = [x[0], x[1], x[2]]
    b = a
    del b[0]
    return a[0] * 1 + a[1] * 10


@case(x4, expect='refused',
      why='srcad does not support writing into "b" while "a" refers to the same data and is read afte')
def list_alias_slice_assign(x):
    a = [x[0], x[1], x[2]]
    b = a
    b[1:] = [x[3] * 2]
    return sum(a) + len(a)


@case(x4)
def list_alias_imul(x):
    a = [x[0]]
    b = a
    b *= 3
    return sum(a)


@case(x4, expect='refused',
      why='no derivative rule for b[0].append(...), called for its effect on "b[0]", which depends on')
def list_of_lists_shallow_copy(x):
    a = [[x[0]], [x[1]]]
    b = list(a)
    b[0].append(x[2] * 5)
    return sum(a[0])


@case(x4)
def list_copy_method_independent(x):
    a = [x[0]]
    b = a.copy()
    b.append(x[1] * 5)
    return sum(a) + 2 * sum(b)


@case(x4, expect='refused',
      why='srcad does not support writing into "o" while "cfg" refers to the same data and is read af')
def nested_dict_alias(x):
    cfg = {'opt': {'lr': x[0]}}
    o = cfg['opt']
    o['lr'] = x[1] * 9
    return cfg['opt']['lr']


@case(x4, expect='refused',
      why='srcad does not support "ClassDef" syntax in object_attr_list_alias')
def object_attr_list_alias(x):
    class H:
        pass
    h = H()
    h.hist = []
    hist = h.hist
    hist.append(x[0] * 2)
    return sum(h.hist)


@case(x4, expect='refused',
      why='no derivative rule for t[0].append(...), called for its effect on "t[0]", which depends on')
def tuple_containing_list_alias(x):
    t = ([x[0]], 1.0)
    t[0].append(x[1] * 3)
    return sum(t[0]) + t[1]


@case(x4, expect='refused',
      why='srcad only supports writing into an element of a local array, not grid[0]')
def list_multiplication_shared_rows(x):
    grid = [[0.0] * 2] * 2
    grid[0][0] = x[0] * 3
    return grid[1][0]


@case(x4)
def list_comprehension_independent_rows(x):
    grid = [[0.0] * 2 for _ in range(2)]
    grid[0][0] = x[0] * 3
    return grid[1][0] + grid[0][0]


@case(x4, expect='refused',
      why='srcad only supports writing into an element of a local array, not rows[0]')
def list_of_same_array_object(x):
    y = x * 1.0
    rows = [y] * 2
    rows[0][0] = 5.0
    return np.sum(rows[1] ** 2)
