"""Held-out wave 6: names first bound in unusual places -- only in try/except branches, in a
with block, in the else of try, in a loop's else after break-free loops, in nested loops'
else clauses, in a while/else whose body never runs, in match arms, in comprehensions that
leak nothing, by augmented assignment after a conditional binding, and loop-else clauses
containing their own loops."""

import contextlib

import numpy as np

from ..case import case

x5 = np.array([0.4, -0.3, 0.9, 0.2, -0.7])


@case(x5)
def bound_in_try_and_except(x):
    try:
        if x[0] > 0:
            raise ValueError
        y = x ** 2
    except ValueError:
        y = np.sin(x)
    return np.sum(y)


@case(x5)
def bound_in_try_else(x):
    try:
        a = x * 2.0
    except ZeroDivisionError:
        b = x
    else:
        b = a ** 2
    return np.sum(b)


@case(x5)
def bound_in_with_block(x):
    with np.errstate(divide='ignore'):
        y = np.log(np.abs(x))
    return np.sum(y * x)


@case(x5)
def bound_in_nullcontext(x):
    with contextlib.nullcontext():
        z = x ** 3
    return np.sum(z)


@case(x5)
def loop_else_no_break_in_loop(x):
    for t in x:
        y = t * 2.0
    else:
        z = y ** 2
    return z + y


@case(x5)
def nested_loop_inner_else(x):
    out = 0.0
    for i in range(3):
        for j in range(3):
            if x[i] * x[j] < -0.25:
                v = x[i] * x[j]
                break
        else:
            v = x[i] ** 2
        out = out + v
    return out


@case(x5)
def outer_loop_else_with_inner_break(x):
    for i in range(5):
        for j in range(5):
            if x[j] > 10:
                break
        if x[i] > 10:
            r = x[i]
            break
    else:
        r = x[2] * x[3]
    return r ** 2


@case(x5)
def while_else_body_never_runs(x):
    k = 10
    while k < 5:
        w = x[k]
        k += 1
    else:
        w = x[1] * 3.0
    return w ** 2


@case(x5)
def for_over_empty_else(x):
    for t in x[:0]:
        s = t
        break
    else:
        s = x[0] + x[1]
    return s ** 2


# was WRONG when written (family W1); right in the tree at 19:57 UTC
@case(x5)
def break_in_else_loop(x):
    for i in range(5):
        if x[i] < -0.5:
            hit = x[i] * 2.0
            break
    else:
        hit = x[0]
    for j in range(2):
        hit = hit + x[j] * hit
    return hit


@case(x5)
def augmented_after_conditional_binding(x):
    if x[0] > 0:
        acc = x[0]
    else:
        acc = -x[0]
    acc += np.sum(x ** 2)
    acc *= x[2]
    return acc


@case(x5)
def match_arm_binding(x):
    mode = 2
    match mode:
        case 1:
            y = x
        case 2:
            y = x ** 2
        case _:
            y = -x
    return np.sum(y)


@case(x5)
def loop_else_contains_loop(x):
    for i in range(5):
        if x[i] > 5:
            tot = 0.0
            break
    else:
        tot = 0.0
        for t in x:
            tot = tot + t ** 2
    return tot


# was WRONG when written (family W1); right in the tree at 19:57 UTC
@case(x5)
def found_index_then_use(x):
    for i, t in enumerate(x):
        if t < 0:
            idx = i
            break
    else:
        idx = -1
    return x[idx] ** 2 + x[idx - 1]


@case(x5)
def else_binds_loop_value_used(x):
    best = x[0]
    for t in x[1:]:
        if t > 5:
            chosen = t
            break
        best = max(best, t)
    else:
        chosen = best
    return chosen ** 2


@case(x5)
def try_except_in_loop_binds(x):
    out = 0.0
    for i in range(5):
        try:
            if x[i] < 0:
                raise ArithmeticError
            r = np.sqrt(x[i])
        except ArithmeticError:
            r = x[i] ** 2
        out = out + r
    return out


@case(x5)
def continue_and_else(x):
    for t in x:
        if t < 0:
            continue
        last_pos = t
    else:
        last_pos = last_pos * 2.0
    return last_pos ** 2


# was WRONG when written (family W1); right in the tree at 19:57 UTC
@case(x5)
def while_break_else_preassigned_in_body_only(x):
    i = 0
    while i < 5:
        cur = x[i] ** 2
        if cur > 0.6:
            break
        i += 1
    else:
        cur = cur + 100.0
    return cur


@case(x5)
def walrus_in_while(x):
    i = 0
    tot = 0.0
    while (v := x[i] ** 2) < 0.5:
        tot = tot + v
        i += 1
    return tot + v


# was WRONG when written (family W1); right in the tree at 19:57 UTC
@case(x5)
def nested_def_binds_after_loop(x):
    def pick(v):
        for t in v:
            if t < 0:
                out = t
                break
        else:
            out = v[0]
        return out
    return pick(x) ** 2 + pick(x[2:4])
