"""Aliases and views made on one path only (a branch, a try, a loop that may not run) and
then written through, the way people write NumPy.  After ``if c: z = y`` the name ``z`` MAY
be ``y``: a write through either name must be refused when the other is read afterwards
(NumPy changes both; srcad computes a new value).  Each refused program here was silently
wrong before (value and derivative): probe 5, V2; srcad/compiler/sharing_joins.py.  Since
wave 6 a write through ``z`` where ``z`` is ``y`` itself on some paths and shares nothing
with it on the others is written back into ``y`` when ``z is y`` (checked when it runs:
srcad/compiler/view_writes.py); a view on one path stays refused.  The ``ok`` programs
are the everyday branchy code that must keep working."""

from types import SimpleNamespace

import numpy as np

from ..case import case

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])
WHY = 'srcad does not support writing into "z" while "y" refers to the same data and is read'


# -- the alias is made on one path (refused, or exact when z is y or apart) ----------------------------------------------
@case(x6)
def reuse_buffer_if_positive(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    z += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def head_view_or_fresh(x):
    y = x * 2.0
    if x[0] > 0:
        z = y[:3]
    else:
        z = np.zeros(3)
    z[1] = 9.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why='writing into "y" while "z" (a view made in a branch) is read')
def base_written_while_branch_view_is_read(x):
    y = x * 1.0
    z = np.zeros(3)
    if x[0] > 0:
        z = y[:3]
    y[1] = 9.0
    return np.sum(z ** 2) + np.sum(y)


@case(x6)
def elif_chain_picks_the_input_copy(x):
    y = x * 1.0
    if x[0] > 100:
        z = np.zeros(6)
    elif x[0] > -100:
        z = y
    else:
        z = np.ones(6)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def window_made_in_try(x):
    y = x * 1.0
    z = np.zeros(3)
    try:
        z = y[1:4]
    except ValueError:
        pass
    z *= 2.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def for_else_takes_a_window(x):
    y = x * 1.0
    z = np.zeros(3)
    for i in range(3):
        if x[i] > 10:
            break
    else:
        z = y[1:4]
    z[0] = 9.0
    return np.sum(y ** 2)


@case(x6)
def match_mode_view(x):
    y = x * 1.0
    mode = 'inplace'
    z = np.zeros(6)
    match mode:
        case 'inplace':
            z = y
        case _:
            pass
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def helper_returns_a_view_from_one_branch(x):
    def first_half(v, take):
        if take:
            w = v[:3]
        else:
            w = np.zeros(3)
        return w
    y = x * 1.0
    z = first_half(y, x[0] > 0)
    z[1] = 9.0
    return np.sum(y ** 2)


@case(x6)
def conditional_expression_alias(x):
    y = x * 1.0
    z = y if x[0] > 0 else np.zeros(6)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def or_default_buffer(x):
    y = x * 1.0
    buf = None
    z = buf or y
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def dict_slot_set_in_branch(x):
    y = x * 1.0
    state = {'h': np.zeros(6)}
    if x[0] > 0:
        state['h'] = y
    h = state['h']
    h += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def namespace_attribute_set_in_branch(x):
    y = x * 1.0
    cache = SimpleNamespace(h=np.zeros(6))
    if x[0] > 0:
        cache.h = y
    h = cache.h
    h += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def list_slot_set_in_branch(x):
    y = x * 1.0
    bufs = [np.zeros(6)]
    if x[0] > 0:
        bufs[0] = y
    h = bufs[0]
    h += 1.0
    return np.sum(y ** 2)


@case(x6)
def sort_after_branch_alias(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    z.sort()
    return np.sum(y ** 2 * np.arange(6))


@case(x6)
def add_at_after_branch_alias(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    np.add.at(z, [0, 0, 1], 1.0)
    return np.sum(y ** 2)


@case(x6)
def out_argument_after_branch_alias(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    np.multiply(z, 2.0, out=z)
    return np.sum(y ** 2)


@case(x6, expect='refused', why='writing into the helper\'s argument while "y" is read')
def in_place_helper_after_branch_alias(x):
    def zero_first_(v):
        v[0] = 0.0
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    zero_first_(z)
    return np.sum(y ** 2)


@case(x6)
def write_in_a_later_if(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    if x[1] < 0:
        z[2] = 7.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def nested_if_view(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        if x[1] < 0:
            z = y[:]
    z *= 2.0
    return np.sum(y ** 2)


@case(x6)
def loop_if_else_keeps_the_last(x):
    y = x * 1.0
    z = np.zeros(6)
    for i in range(3):
        if x[i] > 0:
            z = y
        else:
            z = np.ones(6)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6)  # (the loop may not run)
def while_loop_may_not_run(x):
    y = x * 1.0
    z = y
    k = 0
    while x[0] > 5 and k < 3:
        z = np.zeros(6)
        k += 1
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6)  # (the loop may not run)
def for_loop_over_an_empty_range(x):
    y = x * 1.0
    z = y
    for _ in range(int(x[0] > 5)):
        z = np.zeros(6)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why='writing into "a" while "y" refers to the same data')
def pair_built_in_branches(x):
    y = x * 1.0
    w = np.ones(6)
    if x[0] > 0:
        pair = (y, w)
    else:
        pair = (w, y)
    a, b = pair
    a[0] = 5.0
    return np.sum(y ** 2) + np.sum(b)


@case(x6, expect='refused', why='writing into "y" while "z" (kept on the other path) is read')
def rebinding_in_a_branch_keeps_the_old_view(x):
    y = x * 1.0
    z = y[1:]
    for i in range(2):
        y[1] = x[i] * 3.0
        if x[i] > 5:
            z = np.ones(5)
    return np.sum(z ** 2)


@case(x6, expect='refused', why=WHY)
def comprehension_picks_the_buffer(x):
    y = x * 1.0
    zs = [y if i == 0 else np.zeros(6) for i in range(2)]
    z = zs[0]
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def helper_returns_its_argument_early(x):
    def maybe_scaled(v, keep):
        if keep:
            return v
        return v * 2.0
    y = x * 1.0
    z = maybe_scaled(y, x[0] > 0)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def lambda_picks_a_buffer(x):
    y = x * 1.0
    w = np.ones(6)
    pick = lambda c: y if c else w  # noqa: E731
    z = pick(x[0] > 0)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6)
def nested_conditional_expressions(x):
    y = x * 1.0
    z = np.zeros(6) if x[0] > 1 else (y if x[1] < 0 else np.ones(6))
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why='writing into "b" while "y" (swapped in a branch) is read')
def swap_in_branch(x):
    y = x * 1.0
    w = np.ones(6)
    a, b = y, w
    if x[0] > 0:
        a, b = b, a
    b[0] = 5.0
    return np.sum(y ** 2) + np.sum(a)


@case(x6)
def walrus_in_a_short_circuit(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0 and (z := y) is not None:
        pass
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6)
def optional_buffer_then_assert(x):
    y = x * 1.0
    z = y if x[0] > 0 else None
    assert z is not None
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6)
def alias_in_branch_inside_with(x):
    import contextlib
    y = x * 1.0
    z = np.zeros(6)
    with contextlib.nullcontext():
        if x[0] > 0:
            z = y
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why=WHY)
def conditional_expression_in_a_loop(x):
    y = x * 1.0
    z = np.zeros(6)
    for i in range(2):
        z = y if x[i] > 0 else z
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused', why='o.w += ... changes the array "y" refers to')
def attribute_aliased_in_branch_then_augmented(x):
    y = x * 1.0
    o = SimpleNamespace(w=np.zeros(6))
    if x[0] > 0:
        o.w = y
    o.w += 1.0
    return np.sum(y ** 2)


@case(x6, {'scale': 1.5}, expect='refused', why='writing into "t" while "cfg" is read')
def config_dict_argument_aliased_in_branch(x, cfg):
    t = {'scale': 0.0}
    if x[0] > 0:
        t = cfg
    t['scale'] = x[1] * 2.0
    return np.sum(x ** 2) * cfg['scale'] + t['scale']


@case(x6, np.ones(6), expect='refused', why='z += ... changes the argument "w"')
def weight_argument_aliased_in_branch(x, w):
    z = np.zeros(6)
    if x[0] > 0:
        z = w
    z += x
    return np.sum(w * x)


# -- ok: branches that make new arrays, or copy ----------------------------------------
@case(x6)
def copy_in_branch_then_write(x):
    y = x * 1.0
    if x[0] > 0:
        z = y.copy()
    else:
        z = np.zeros(6)
    z[0] = 5.0
    return np.sum(y ** 2) + np.sum(z ** 2)


@case(x6)
def activation_chosen_then_masked_in_place(x):
    a = x * 2.0 - 0.1
    use_tanh = x[0] > 0
    h = np.tanh(a) if use_tanh else np.maximum(a, 0.0)
    h *= np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    return np.sum(h ** 2) + np.sum(a)


@case(x6)
def gradient_clipping_in_branch(x):
    g = x * 3.0
    norm = np.sqrt(np.sum(g ** 2))
    if norm > 1.0:
        g = g / norm
    g[0] = 0.0
    return np.sum(g * x)


@case(x6)
def branch_alias_rebound_not_written(x):
    y = x * 1.0
    z = np.zeros(6)
    if x[0] > 0:
        z = y
    z = z + 1.0
    return np.sum(y ** 2) + np.sum(z ** 2)


@case(x6)
def branch_view_only_read(x):
    y = x * 1.0
    if x[0] > 0:
        head = y[:3]
    else:
        head = y[3:]
    return np.sum(head ** 2) * np.sum(y)


@case(x6)
def either_alias_copied_before_write(x):
    y = x * 1.0
    w = x ** 2
    z = y if x[1] > 0 else w
    z = z.copy()
    z[0] = 5.0
    return np.sum(y ** 2) + np.sum(w) + np.sum(z ** 2)


@case(x6)
def loop_fresh_buffer_each_round(x):
    total = 0.0
    for i in range(3):
        if x[i] > 0:
            buf = x * float(i)
        else:
            buf = np.ones(6) * x[i]
        buf[0] = 1.0
        total = total + np.sum(buf ** 2)
    return total


@case(x6)
def best_candidate_in_loop(x):
    best = x[:2] * 1.0
    best_score = np.sum(best ** 2)
    for i in range(1, 3):
        cand = x[2 * i:2 * i + 2]
        score = np.sum(cand ** 2)
        if score > best_score:
            best, best_score = cand, score
    return np.sum(best * 3.0) + best_score


@case(x6)
def early_return_with_own_buffer(x):
    out = np.zeros(6)
    if x[0] > 5:
        return np.sum(x)
    out[:] = x * 2.0
    out[0] = 1.0
    return np.sum(out ** 2)


@case(x6)
def rows_rebound_in_branch_read_there(x):
    A = np.outer(x[:3], x[3:]) * 1.0
    s = 0.0
    v = A[0]
    for i in range(3):
        A[i, 0] = 0.5
        if x[i] > 0:
            v = A[i]                 # the old v (a row of A) is not read again
            s = s + np.sum(v ** 2)
    return s + np.sum(A ** 2)


@case(x6)
def view_rebound_in_both_branches_after_write(x):
    y = x * 1.0
    z = y[1:]
    y[1] = 7.0
    if x[0] > 0:
        z = np.ones(5)
    else:
        z = np.zeros(5)
    return np.sum(z ** 2) + np.sum(y ** 2)


@case(x6)
def attribute_set_to_a_new_array_in_branch_then_augmented(x):
    y = x * 1.0
    o = SimpleNamespace(w=np.zeros(6))
    if x[0] > 0:
        o.w = y * 2.0
    o.w += 1.0
    return np.sum(y ** 2) + np.sum(o.w ** 2)
