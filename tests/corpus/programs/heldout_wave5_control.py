"""Held-out wave 5: control flow meets data -- values of different kinds (int, None, active)
bound in different branches, loop variables after the loop, for-else, while-break, early
returns, double-buffer swaps in time steppers, aliases and views made in branches, loops
and helpers (inplace=/out=None patterns), loop-carried reads of an array written through a
view.  The programs where an alias made in a branch is lost (WRONG today) are kept out:
tests/regressions/test_heldout_wave5.py (V2)."""

import numpy as np

from ..case import case
from types import SimpleNamespace

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])
x3 = np.array([0.3, -0.6, 0.45])


@case(x3)
def int_in_else_active_in_if(x):
    if x[0] > 0:
        k = x[1]
    else:
        k = 3
    return k * x[2] + k ** 2


@case(x3)
def int_in_if_active_in_else(x):
    if x[0] < 0:
        k = 3
    else:
        k = x[1]
    return k * x[2] + k ** 2


@case(x3)
def int_default_then_active_in_if(x):
    k = 2
    if x[0] > 0:
        k = x[1]
    return k * x[2] + k ** 2


@case(x3)
def constant_array_default_then_active(x):
    w = np.ones(3)
    if x[0] > 0:
        w = x * 2
    return np.sum(w ** 2)


@case(x3)
def active_then_constant_in_loop(x):
    s = x[0]
    for i in range(3):
        if i == 1:
            s = 5.0
    return s * x[1]


@case(x3)
def astype_int_in_one_branch(x):
    if x[0] < 0:
        z = (x * 10).astype(int)
    else:
        z = x * 10
    return np.sum(z * x)


@case(x3)
def none_default_then_active(x):
    prev = None
    total = 0.0
    for v in x:
        if prev is not None:
            total = total + prev * v
        prev = v
    return total


@case(x3)
def bool_flag_then_active_value(x):
    best = -np.inf
    for v in x:
        if v > best:
            best = v
    return best * 2


@case(x3)
def argmax_by_loop_then_gather(x):
    best_i = 0
    for i in range(len(x)):
        if x[i] > x[best_i]:
            best_i = i
    return x[best_i] ** 2


@case(x3)
def try_except_value_fallback(x):
    try:
        v = np.linalg.inv(np.array([[x[0], 0.0], [0.0, 0.0]]))[0, 0]
    except np.linalg.LinAlgError:
        v = x[1] ** 2
    return v + x[2]


@case(x3)
def while_break_assign(x):
    v = 0.0
    i = 0
    while True:
        v = x[i] * (i + 1)
        if i == 1:
            break
        i += 1
    return v


@case(x3)
def for_loop_var_after_loop(x):
    for v in x:
        pass
    return v ** 2


@case(x3)
def for_loop_var_after_break(x):
    for v in x:
        if v < 0:
            break
    return v ** 2


@case(x3)
def loop_else_assign_active(x):
    r = 1.0
    for v in x:
        if v > 10:
            break
    else:
        r = x[0] * 3
    return r * x[1]


@case(x3)
def conditional_return_types(x):
    if x[0] > 0:
        return x[1] ** 2
    return 0


@case(x3)
def shape_dependent_branch(x):
    if x.ndim == 1:
        y = x[None, :]
    else:
        y = x
    return np.sum(y @ y.T)


@case(x3)
def swap_via_tuple_in_branch(x):
    a, b = x[0], x[1]
    if a < b:
        a, b = b, a
    return a * 2 + b


@case(x3)
def aug_assign_in_branch_only(x):
    s = 0.0
    if x[0] > 0:
        s += x[1]
    else:
        s -= x[2]
    return s ** 2


@case(x3)
def del_then_rebind(x):
    y = x * 2
    del y
    y = x ** 3
    return np.sum(y)


@case(x3)
def global_like_reassignment_in_nested_def(x):
    k = x[0]
    def inner():
        return k * 2
    k = x[1]
    return inner()


@case(x3, expect='refused',
      why='a list of lambdas called later (probe 4 family 8)')
def closure_captures_loop_var_late_binding(x):
    fs = [lambda: v for v in x]
    return sum(f() for f in fs)


@case(x3, expect='refused',
      why='a list of lambdas with default-bound v (FALSE refusal)')
def closure_captures_default_binding(x):
    fs = [lambda v=v: v for v in x]
    return fs[0]() * 2 + fs[1]()
u0 = np.exp(-np.linspace(-2, 2, 8) ** 2)


@case(u0)
def double_buffer_swap(u0):
    u = u0.copy()
    un = np.zeros_like(u)
    for _ in range(5):
        un[1:-1] = u[1:-1] + 0.2 * (u[2:] - 2 * u[1:-1] + u[:-2])
        un[0] = un[-1] = 0.0
        u, un = un, u
    return np.sum(u ** 2 * np.arange(8))


@case(u0)
def double_buffer_swap_full_write(u0):
    u = u0.copy()
    un = np.empty_like(u)
    for _ in range(5):
        un[:] = 0.5 * u + 0.25 * (np.roll(u, 1) + np.roll(u, -1))
        u, un = un, u
    return np.sum(u ** 2 * np.arange(8))


@case(u0)
def prev_alias_then_inplace(u0):
    u = u0.copy()
    total = 0.0
    for _ in range(4):
        prev = u
        u = u * 0.9
        u[0] += prev[1]
        total = total + np.sum(prev * u)
    return total


@case(u0, expect='refused',
      why='srcad does not support u += ... on a ndarray while "prev" refers to the same data and is r')
def prev_alias_then_inplace_same_object(u0):
    u = u0.copy()
    prev = u
    for _ in range(3):
        u += 0.1 * np.roll(u, 1)
    return np.sum(prev ** 2)


@case(u0)
def alias_in_loop_first_iteration(u0):
    y = u0 * 1.0
    z = np.zeros(8)
    for i in range(2):
        if i == 0:
            z = y
        else:
            z[0] = 5.0
    return np.sum(y ** 2)


@case(u0)
def three_buffer_rotation(u0):
    a = u0.copy(); b = u0 * 0.9; c_ = np.zeros(8)
    for _ in range(4):
        c_[1:-1] = 2 * b[1:-1] - a[1:-1] + 0.1 * (b[2:] - 2 * b[1:-1] + b[:-2])
        a, b, c_ = b, c_, a
    return np.sum(b ** 2 * np.arange(8))


@case(u0, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def alias_returned_from_helper_conditionally(u0):
    def maybe_copy(v, copy):
        return v.copy() if copy else v
    y = u0 * 1.0
    z = maybe_copy(y, False)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(u0, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def alias_helper_if_statement(u0):
    def maybe_copy(v, copy):
        if copy:
            return v.copy()
        return v
    y = u0 * 1.0
    z = maybe_copy(y, False)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(u0)
def alias_helper_returns_arg(u0):
    def ident(v):
        return v
    y = u0 * 1.0
    z = ident(y)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(u0)
def out_param_default_none_pattern(u0):
    def scale(v, s, out=None):
        if out is None:
            out = np.empty_like(v)
        out[:] = v * s
        return out
    y = u0 * 1.0
    scale(y, 2.0, out=y)
    return np.sum(y ** 2)


@case(u0)
def out_param_default_none_pattern_fresh(u0):
    def scale(v, s, out=None):
        if out is None:
            out = np.empty_like(v)
        out[:] = v * s
        return out
    y = u0 * 1.0
    z = scale(y, 2.0)
    return np.sum(y ** 2) + np.sum(z)
