"""Lists and tuples joined with ``+``, ``+=``, ``[*a, *b]``, ``extend``, ``insert`` and
``sum(lists, [])``, and repeated with ``*`` (srcad/compiler/joins.py,
srcad/runtime/joins.py): every derivative checked against finite differences in every
mode, and the joins srcad cannot see refused at the user's line."""

import numpy as np
import pytest

import srcad
from srcad import SrcadError
from srcad.errors import RuntimeCheckError
from srcad.runtime import joins
from srcad.testing import check_derivatives

x5 = np.array([0.3, -0.7, 1.1, 0.4, 0.9])
N_COPIES = 3


# -- the family, each checked in grad, value_and_grad, vjp, jvp and hvp ---------------------
def loop_built_plus_display(x):
    hidden = []
    for k in range(3):
        hidden.append(np.tanh(x * k))
    layers = hidden + [np.sin(x)]
    return np.sum(np.stack(layers) ** 2 * np.arange(1.0, 5.0)[:, None])


def display_plus_loop_built(x):
    xs = [x ** 2]
    for k in range(2):
        xs.append(xs[-1] * x)
    xs = [x] + xs
    return np.sum(np.vstack(xs) * np.arange(4.0)[:, None])


def comprehensions_joined(x):
    a = [x[i] * 2 for i in range(3)]
    b = [x[i] ** 2 for i in range(2, 5)]
    return np.sum(np.array(a + b) ** 2 * np.arange(6.0))


def plus_equals_inside_a_loop(x):
    parts = []
    for k in range(1, 4):
        parts += [x * k, np.exp(-k * x)]
    return np.sum(np.concatenate(parts) ** 2)


def rebind_with_plus_inside_a_loop(x):
    trace = []
    z = x
    for _ in range(3):
        z = np.sin(z) + 0.1 * z
        trace = trace + [z]
    return np.mean(np.array(trace) ** 3)


def tuple_of_list_plus_tuple(x):
    lst = [x, 2.0 * x]
    t = tuple(lst) + (x ** 2,)
    return np.sum(np.stack(t) ** 2 * np.arange(1.0, 4.0)[:, None])


def lists_of_lists(x):
    rows = [[x[0], x[1]]]
    for i in range(2, 5):
        rows = rows + [[x[i], x[i] * x[i - 1]]]
    return np.sum(np.array(rows) ** 2)


def repeated(x):
    base = [x, x ** 2]
    return np.sum(np.stack(base * 2) * np.arange(4.0)[:, None]) + \
        np.sum(np.stack(2 * base) ** 2)


def repeated_to_a_length_and_a_global(x):
    pad = [np.mean(x)] * len(x)
    hs = [np.tanh(x)] * N_COPIES
    return np.sum((x - np.array(pad)) ** 2) + np.sum(np.stack(hs) * x)


def starred_displays(x):
    a = [x, x ** 2]
    b = (np.sin(x),)
    both = [*a, *b, x ** 3]
    t = (*b, *a)
    return np.sum(np.stack(both) * np.arange(4.0)[:, None]) + np.sum(np.stack(t) ** 2)


def extend_insert_pop(x):
    queue = [x[0], x[1], x[2]]
    queue.extend((x[3] ** 2, x[4]))
    last = queue.pop()
    queue.insert(0, last * 2)
    queue.insert(-1, x[0] * x[1])
    queue.insert(99, x[2] ** 3)
    return sum(w * v for w, v in zip(range(1, 9), queue))


def sum_of_lists(x):
    chunks = [[x[0]], [x[1], x[2] ** 2]]
    return np.sum(np.array(sum(chunks, [])) ** 2 * np.arange(1.0, 4.0))


def list_plus_array_is_numpy_addition(x):
    return np.sum(([x[0], x[1], x[2]] + x[2:]) ** 2) + np.sum(x[:2] + [1.0, 2.0])


def concat_and_multiply(weights, *args):
    cat_state = np.hstack(args + (np.ones((args[0].shape[0], 1)),))
    return np.dot(cat_state, weights)


def star_args_with_an_integer_entry(w):
    onehot = np.array([[0, 1, 0]])
    h = np.tanh(w[:3].reshape(1, 3))
    out = concat_and_multiply(w.reshape(7, 1) * np.ones((1, 2)), onehot, h)
    return np.sum(out ** 2)


def list_parameter(ps):
    allp = ps + [ps[0] * ps[1]]
    return np.sum(np.stack(allp) ** 2)


FAMILY = [loop_built_plus_display, display_plus_loop_built, comprehensions_joined,
          plus_equals_inside_a_loop, rebind_with_plus_inside_a_loop, tuple_of_list_plus_tuple,
          lists_of_lists, repeated, repeated_to_a_length_and_a_global, starred_displays,
          extend_insert_pop, sum_of_lists, list_plus_array_is_numpy_addition]


@pytest.mark.parametrize('fn', FAMILY, ids=lambda f: f.__name__)
def test_joins_match_finite_differences_in_every_mode(fn):
    check_derivatives(fn, x5.copy())


def test_star_args_tuple_joined_with_an_integer_entry():
    check_derivatives(star_args_with_an_integer_entry, np.linspace(-0.5, 0.8, 7))


def test_a_list_parameter_joined():
    check_derivatives(list_parameter, [x5.copy(), 0.5 * x5])


def test_second_order_of_a_scalar_through_a_join():
    def f(t):
        parts = [t, t ** 2]
        parts = parts + [np.sin(t)]
        return parts[0] * parts[1] + parts[2] ** 2
    second = srcad.grad(srcad.grad(f))(0.7)
    h = 1e-5
    d = srcad.grad(f)
    assert np.isclose(second, (d(0.7 + h) - d(0.7 - h)) / (2 * h), rtol=1e-6)


# -- what the rewrites keep: Python's values ----------------------------------------------------
@pytest.mark.parametrize('fn', FAMILY, ids=lambda f: f.__name__)
def test_value_and_grad_gives_the_functions_value(fn):
    value, _ = srcad.value_and_grad(fn)(x5.copy())
    assert np.isclose(value, fn(x5.copy()), rtol=1e-12)


def test_the_generated_code_joins_with_the_helper():
    source = srcad.grad(loop_built_plus_display).source
    assert 'join_add(' in source and 'joined_part(' in source
    assert 'repeat_sequence(' in srcad.grad(repeated).source


# -- the runtime helpers --------------------------------------------------------------------
def test_joined_part_splits_a_list_adjoint_at_the_left_length():
    a, b = [1.0, 2.0], [3.0]
    g = [10.0, 20.0, 30.0]
    assert list(joins.joined_part(g, a, b, 0)) == [10.0, 20.0]
    assert list(joins.joined_part(g, a, b, 1)) == [30.0]
    arr = np.array([10.0, 20.0, 30.0])
    assert list(joins.joined_part(arr, a, b, 1)) == [30.0]


def test_joined_part_of_an_elementwise_sum_unbroadcasts():
    a, b = [np.ones(2), np.ones(2)], np.zeros(2)
    g = np.ones((2, 2))
    parts = joins.joined_part(g, a, b, 0)
    assert [p.tolist() for p in parts] == [[1.0, 1.0], [1.0, 1.0]]
    assert joins.joined_part(g, a, b, 1).tolist() == [2.0, 2.0]


def test_a_misfit_adjoint_is_refused_not_cut():
    with pytest.raises(RuntimeCheckError, match='3 entries'):
        joins.joined_part([1.0, 2.0], [1.0, 2.0], [3.0], 0)
    with pytest.raises(RuntimeCheckError, match='repeated 2 times'):
        joins.repeated_part([1.0, 2.0, 3.0], [1.0, 2.0], 2)
    with pytest.raises(RuntimeCheckError, match='integer repetition count'):
        joins.repeated_part([1.0, 2.0], [1.0], np.array(2.0))


def test_repeated_part_sums_the_copies():
    out = joins.repeated_part([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 0.0], 3)
    assert list(out) == [9.0, 12.0]


def test_tangents_join_as_the_values_do():
    assert joins.joined_tangent([1.0], [2.0, 3.0], [0.0], [0.0, 0.0], [0.0] * 3) == \
        [1.0, 2.0, 3.0]
    assert joins.joined_tangent(0.0, [2.0], [0.0], [0.0], [0.0] * 2) == [0.0, 2.0]
    t = joins.joined_tangent((1.0,), (2.0,), (0.0,), (0.0,), (0.0, 0.0))
    assert t == (1.0, 2.0)
    assert joins.repeated_tangent([1.0, 2.0], [0.0, 0.0], 2) == [1.0, 2.0, 1.0, 2.0]


def test_vararg_gradients_leave_integer_entries_without_an_adjoint():
    g = (np.ones((1, 3)), np.ones((1, 2)))
    args = (np.array([[0, 1, 0]]), np.zeros((1, 2)))
    out = joins.vararg_gradients(g, args)
    assert out[0] is None and out[1].tolist() == [[1.0, 1.0]]


# -- refusals that stay, at the user's line ------------------------------------------------
def first_half(x):
    return [x[0], x[1]]


def second_half(x):
    return [x[2], x[3]]


def rebuilt_by_plus(x):
    out = []
    for v in x[:3]:
        out = out + [v ** 2]
    return out


def joined_results_of_calls(x):
    parts = first_half(x) + second_half(x)      # (each returns a list display)
    return np.sum(np.array(parts) ** 2 * np.arange(1.0, 5.0))


def joined_results_of_opaque_calls(x):
    parts = rebuilt_by_plus(x) + rebuilt_by_plus(2.0 * x)
    return np.sum(np.array(parts) ** 2)


def joined_results_of_opaque_calls_starred(x):
    parts = [*rebuilt_by_plus(x), *rebuilt_by_plus(2.0 * x)]
    return np.sum(np.array(parts) ** 2 * np.arange(1.0, 7.0))


def repeated_by_a_parameter(x, n):
    return np.sum(np.stack([x] * n) ** 2)


def sum_with_a_start_from_a_call(x):
    chunks = [[x[0]], [x[1], x[2]]]
    return np.sum(np.array(sum(chunks, first_half(x)[:0])) ** 2)


@pytest.mark.parametrize('fn, args', [(joined_results_of_opaque_calls, (x5,)),
                                      (repeated_by_a_parameter, (x5, 2))],
                         ids=lambda v: getattr(v, '__name__', ''))
def test_joins_srcad_cannot_see_are_refused_where_they_are(fn, args):
    with pytest.raises(SrcadError) as info:
        srcad.grad(fn)(*args)
    assert 'test_list_joins.py' in str(info.value)


def test_sum_with_a_start_from_a_call_joins_in_every_mode():
    # (was refused by grad while jvp joined: sum(chunks, start) decides when it runs)
    check_derivatives(sum_with_a_start_from_a_call, x5.copy())


def test_the_hint_works_joins_written_with_stars():
    check_derivatives(joined_results_of_opaque_calls_starred, x5.copy())


def test_calls_returning_list_displays_are_joined():
    check_derivatives(joined_results_of_calls, x5.copy())
    check_derivatives(lambda_free_tolist_join, x5.copy())


def lambda_free_tolist_join(x):
    both = x[:2].tolist() + x[3:].tolist()
    return sum(v ** 2 * (k + 1) for k, v in enumerate(both))


def test_plus_equals_on_an_aliased_list_is_still_refused():
    def aliased(x):
        parts = [x]
        other = parts
        parts += [x ** 2]
        return np.sum(np.stack(other) ** 2)
    with pytest.raises(SrcadError, match='refers to the same data'):
        srcad.grad(aliased)(x5)


def repeated_then_written_in_place(w):
    hs = [np.zeros(3)] * 3              # three entries, one array
    hs[0] += w
    return sum(np.sum(h * np.arange(1, 4)) for h in hs)


def starred_then_written_in_place(w):
    z = [np.zeros(3)]
    hs = [*z, *z]                       # two entries, one array
    hs[0] += w
    return sum(np.sum(h * np.arange(1, 4)) for h in hs)


def joined_then_written_in_place(w):
    hs = [np.zeros(3)] * 2
    ks = hs + [np.ones(3)]              # ks[0] and ks[1]: one array
    ks[0] += w
    return sum(np.sum(h * np.arange(1, 4)) for h in ks)


@pytest.mark.parametrize('fn', [repeated_then_written_in_place, starred_then_written_in_place,
                                joined_then_written_in_place], ids=lambda f: f.__name__)
def test_an_entry_held_twice_is_not_written_in_place(fn):
    with pytest.raises(SrcadError, match=r'\+= \.\.\.') as info:
        srcad.grad(fn)(np.array([0.7, -0.2, 0.5]))
    assert 'test_list_joins.py' in str(info.value)


def test_an_entry_held_once_in_a_joined_list_is_written_in_place():
    def distinct(w):
        ks = [np.zeros(3)] + [np.ones(3)]
        ks[1] += w
        return sum(np.sum(h * np.arange(1, 4) * w) for h in ks)
    check_derivatives(distinct, np.array([0.7, -0.2, 0.5]))


def test_list_plus_equals_a_tuple_extends_the_list():
    def extended(x):
        parts = [x[0]]
        parts += (x[1], x[2] ** 2)
        return np.sum(np.array(parts) ** 2 * np.arange(1.0, 4.0))
    check_derivatives(extended, x5.copy())
