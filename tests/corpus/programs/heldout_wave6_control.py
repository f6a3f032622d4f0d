"""Held-out wave 6: control flow the way solvers and parsers write it -- variables first bound
inside a loop and read after it, the loop variable read after the loop, break/continue in
nested loops, early return from inside a loop, return in for/else, while with compound
conditions, flags set in the loop, counters, try/finally, loop-carried tuples, range with
data-dependent bounds, loops over zip of arrays, an accumulator re-bound in only one branch."""

import numpy as np

from ..case import case

x5 = np.array([0.4, -0.3, 0.9, 0.2, -0.7])


@case(x5)
def loop_var_read_after_loop(x):
    for t in x:
        pass
    return t ** 2                      # last element


@case(x5)
def bound_only_in_loop(x):
    for i in range(3):
        y = x[i] * 2.0
    return y ** 2


@case(x5)
def bound_in_loop_if(x):
    best = None
    for t in x:
        if best is None or t > best:
            best = t
    return best ** 2


@case(x5)
def early_return_in_loop(x):
    for i in range(5):
        if x[i] < 0:
            return x[i] ** 2 + x[0]
    return 0.0


@case(x5)
def return_inside_for_else(x):
    for t in x:
        if t > 0.8:
            break
    else:
        return np.sum(x)
    return t * 3.0


@case(x5)
def continue_skips(x):
    s = 0.0
    for t in x:
        if t < 0:
            continue
        s = s + t ** 2
    return s


@case(x5)
def nested_break_inner_only(x):
    s = 0.0
    for i in range(5):
        for j in range(5):
            if j > i:
                break
            s = s + x[i] * x[j]
    return s


@case(x5)
def nested_break_with_flag(x):
    found = False
    val = 0.0
    for i in range(5):
        for j in range(i + 1, 5):
            if x[i] + x[j] < -0.5:
                val = x[i] * x[j]
                found = True
                break
        if found:
            break
    return val + x[0]


@case(x5)
def while_compound_condition(x):
    y = x * 1.0
    k = 0
    while k < 20 and np.linalg.norm(y) > 0.1:
        y = 0.7 * y + 0.01 * np.sin(y)
        k += 1
    return np.sum(y)


@case(x5)
def while_true_break(x):
    y = x[0]
    n = 0
    while True:
        y = y - 0.1 * (y ** 3 - 0.5)
        n += 1
        if n >= 15:
            break
    return y


@case(x5)
def break_then_else_value_via_preassign(x):
    val = x[4]
    for i in range(5):
        if x[i] > 0.85:
            val = x[i] ** 2
            break
    else:
        val = val * 2.0
    return val


# was WRONG when written (family W1); right in the tree at 19:57 UTC
@case(x5)
def while_else_bound_in_both(x):
    k = 0
    while k < 5:
        if x[k] < -0.5:
            z = x[k] * 3.0
            break
        k += 1
    else:
        z = np.sum(x)
    return z ** 2


@case(x5)
def for_else_bound_only_in_else(x):
    for i in range(5):
        if x[i] > 5:
            break
    else:
        z = x[0] * 2.0
    return z ** 2


@case(x5)
def loop_carried_tuple(x):
    a, b = x[0], x[1]
    for _ in range(4):
        a, b = b, a + 0.5 * b
    return a * b


@case(x5)
def range_with_data_dependent_bound(x):
    n = int(np.sum(x > 0))
    s = 0.0
    for i in range(n):
        s = s + x[i] ** 2
    return s


@case(x5)
def zip_over_arrays(x):
    s = 0.0
    for a, b in zip(x[:-1], x[1:]):
        s = s + (b - a) ** 2
    return s


@case(x5)
def accumulator_rebound_in_one_branch(x):
    acc = np.zeros(2)
    for i, t in enumerate(x):
        if i % 2 == 0:
            acc = acc + t * np.array([1.0, 2.0])
        else:
            acc[0] = acc[0] - t ** 2
    return np.sum(acc ** 2)


@case(x5)
def try_finally(x):
    y = x * 1.0
    try:
        y = np.exp(y)
    finally:
        y = y + 1.0
    return np.sum(y)


@case(x5)
def try_except_else(x):
    try:
        v = np.sum(np.log(x + 1.0))
    except ValueError:
        v = 0.0
    else:
        v = v * 2.0
    return v


@case(x5)
def raise_caught_in_loop(x):
    s = 0.0
    for t in x:
        try:
            if t < 0:
                raise ValueError('neg')
            s = s + t
        except ValueError:
            s = s - t ** 2
    return s


@case(x5)
def nested_function_with_loop_return(x):
    def first_negative(v):
        for t in v:
            if t < 0:
                return t
        return 0.0
    return first_negative(x) ** 2 + first_negative(x[2:]) * 3


@case(x5,
      expect='refused', why='grad: srcad does not support writing into "q" while "t" refers to the same data and is read afterwards (FALSE refusal, R9)')
def loop_over_list_being_extended(x):
    q = [x[0]]
    out = 0.0
    while q:
        t = q.pop()
        out = out + t
        if len(q) + out < 2:
            q.append(t * 0.5)
        if len(str(out)) > 100:
            break
        if abs(t) < 0.05:
            break
    return out


@case(x5)
def variable_deleted_and_rebound(x):
    y = x ** 2
    z = np.sum(y)
    del y
    y = x * 3.0
    return z + np.sum(y)


@case(x5)
def swap_in_loop_bubble_sort(x):
    v = list(x)
    n = len(v)
    for i in range(n):
        for j in range(n - 1 - i):
            if v[j] > v[j + 1]:
                v[j], v[j + 1] = v[j + 1], v[j]
    return sum(w * (k + 1) for k, w in enumerate(v))


@case(x5)
def argmin_loop_index(x):
    best_i, best_v = 0, x[0]
    for i in range(1, 5):
        if x[i] < best_v:
            best_i, best_v = i, x[i]
    return best_v ** 2 + x[(best_i + 1) % 5]


@case(x5)
def if_elif_chain_defines(x):
    s = np.sum(x)
    if s > 1:
        y = x ** 2
    elif s > 0:
        y = np.sin(x)
    elif s > -1:
        y = x ** 3
    else:
        y = x
    return np.sum(y * np.arange(5.0))


@case(x5)
def conditional_define_then_maybe_read(x):
    if x[0] > 0:
        extra = x[0] ** 3
    s = np.sum(x ** 2)
    if x[0] > 0:
        s = s + extra
    return s


@case(x5)
def loop_with_else_and_continue(x):
    total = 0.0
    for t in x:
        if t < -0.5:
            continue
        total = total + t
    else:
        total = total * 2.0
    return total


@case(x5)
def while_loop_bound_var_else(x):
    i = 0
    while i < 5:
        last = x[i] * (i + 1)
        i += 1
    else:
        last = last + 1.0
    return last ** 2
