"""Generator expressions are consumed lazily, as in Python (held-out wave 6, W9).

srcad read every generator expression as the list of its values: any()/all() did not
short-circuit, a ``for`` loop over a generator computed all elements before the first
body (and after its ``break``), zip() pulled past the shorter partner.  With elements
that have effects (list.pop, rng draws) or read what the loop body changes, later values
and gradients were silently wrong.  Now such consumers become loops computing one
element at a time; where srcad cannot keep the order, a located refusal."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
X = np.array([0.4, 1.3, 0.9, 0.2])


def any_pops(x):
    s = [0, 1, 3, 2, 0, 1]
    found = any(s.pop() > 1 for _ in range(4))
    return x[s.pop()] ** 2 * (2.0 if found else 1.0)


def all_pops(x):
    s = [0, 1, 3, 2, 0, 1]
    ok = all(s.pop() < 2 for _ in range(4))
    return x[s.pop()] ** 3 + (1.0 if ok else 0.0)


def all_rng_draws(x):
    rng = np.random.default_rng(1)
    ok = all(rng.standard_normal() < 1.0 for _ in range(50))
    return np.sum(x * rng.standard_normal(4)) + (1.0 if ok else 0.0)


def rejection_sampling(x):
    rng = np.random.default_rng(0)
    for z in (rng.standard_normal() for _ in range(100)):
        if z > 0.5:
            break
    return np.sum(x * z) + np.sum(x * rng.standard_normal(4))


def body_writes_what_generator_reads(x):
    ys = [x[0], x[1], x[2]]
    tot = 0.0
    for v in (ys[i] * 2.0 for i in range(3)):
        tot = tot + v
        ys[1] = ys[1] * v
    return tot


def two_clauses_break(x):
    s = [0, 1, 3, 2, 0, 1, 2, 3]
    tot = 0.0
    for v in (x[s.pop()] * x[j] for i in range(3) for j in range(3) if i < j):
        tot = tot + v
        if tot > 1.0:
            break
    return tot + x[s.pop()] ** 2


def enumerate_break(x):
    s = [0, 1, 3, 2, 0, 1]
    tot = 0.0
    for k, v in enumerate((s.pop() for _ in range(5)), 1):
        tot = tot + x[v] * k
        if v == 2:
            break
    return tot + x[s.pop()] ** 2


def next_default(x):
    s = [0, 1, 3, 2, 0, 1]
    v = next((s.pop() for _ in range(5) if s[-1] < 3), 0)
    return x[v] ** 2 + x[s.pop()]


def any_map_lambda(x):
    s = [0, 1, 3, 2, 0, 1]
    found = any(map(lambda _: s.pop() > 1, range(4)))
    return x[s.pop()] ** 2 * (2.0 if found else 1.0)


def loop_else(x):
    s = [0, 1, 3, 2]
    for v in (s.pop() for _ in range(3)):
        if v == 3:
            break
    else:
        v = -1
    return x[s.pop()] * x[v]


def comprehension_over_generator(x):
    s = [0, 1, 3, 2, 0, 1]
    out = [x[s.pop()] * v for v in (x[s.pop()] for _ in range(2))]
    return out[0] + out[1] ** 2


def loop_else_runs(x):
    s = [0, 1, 3, 2]
    for v in (s.pop() for _ in range(3)):
        if v == 9:
            break
    else:
        v = -1
    return x[s.pop()] * x[v]


def zip_shorter_list(x):
    s = [0, 1, 3, 2, 0, 1]
    tot = 0.0
    for a, b in zip((s.pop() for _ in range(5)), [1, 2]):
        tot = tot + x[a] * b
    return tot + x[s.pop()] ** 2


def zip_list_first(x):
    s = [0, 1, 3, 2, 0, 1]
    tot = 0.0
    for b, a in zip([1.5, 2.0], (s.pop() for _ in range(5))):
        tot = tot + x[a] * b
    return tot + x[s.pop()] ** 2


def zip_three_else(x):
    s = [0, 1, 3, 2, 0, 1, 2, 3, 1, 0, 2]
    tot = 0.0
    for a, w, b in zip((s.pop() for _ in range(5) for _ in range(2) if s[-1] >= 0), x, [1, 2, 3]):
        tot = tot + x[a] * b * w
        if a == 7:
            break
    else:
        tot = tot * 2.0
    return tot + x[s.pop()] ** 2


def pure_any(x):
    return np.sum(x ** 2) * (2.0 if any(v > 1.0 for v in x) else 1.0)


CASES = [any_pops, all_pops, all_rng_draws, rejection_sampling, body_writes_what_generator_reads,
         two_clauses_break, enumerate_break, next_default, any_map_lambda, loop_else,
         loop_else_runs, comprehension_over_generator, zip_shorter_list, zip_list_first,
         zip_three_else, pure_any]


@pytest.mark.parametrize('fn', CASES, ids=lambda f: f.__name__)
def test_elements_computed_when_python_computes_them(fn):
    check_derivatives(fn, X, wrt=0, modes=MODES)


def test_value_follows_the_short_circuit():
    value, g = srcad.value_and_grad(any_pops)(X)
    assert value == any_pops(X)    # any() pops 1, 0, 2 (True: stop); then x[3] ** 2 * 2
    np.testing.assert_allclose(g, [0.0, 0.0, 0.0, 4 * X[3]])


def test_pure_any_stays_a_whole_list():
    # pure elements: same values whichever way, so no early-exit loop is generated
    assert 'break' not in srcad.grad(pure_any).source


def next_no_default(x):
    s = [0, 1, 3, 2]
    v = next(s.pop() for _ in range(3))
    return x[v] ** 2


def zip_into_list(x):
    s = [0, 1, 3, 2, 0, 1]
    pairs = list(zip((s.pop() for _ in range(5)), [1, 2]))
    return x[pairs[0][0]] * pairs[1][1] + x[s.pop()]


@pytest.mark.parametrize('fn', [next_no_default, zip_into_list], ids=lambda f: f.__name__)
def test_order_srcad_cannot_keep_is_refused_where_written(fn):
    with pytest.raises(srcad.SrcadError) as info:
        srcad.grad(fn)(X)
    assert 'test_lazy_generators.py' in str(info.value)
    assert 's.pop() for _ in range' in str(info.value)


def draws(rng, n):
    for _ in range(n):
        yield rng.standard_normal()


def squares(xs):
    for v in xs:
        yield v * v


def generator_function_break(x):
    rng = np.random.default_rng(0)
    for z in draws(rng, 100):
        if z > 0.5:
            break
    return np.sum(x * z) + np.sum(x * rng.standard_normal(4))


def generator_function_any(x):
    rng = np.random.default_rng(0)
    ok = any(z > 0.5 for z in draws(rng, 100))
    return np.sum(x * rng.standard_normal(4)) * (2.0 if ok else 1.0)


@pytest.mark.parametrize('fn', [generator_function_break, generator_function_any],
                         ids=lambda f: f.__name__)
def test_generator_function_with_effects_consumed_lazily_is_refused(fn):
    with pytest.raises(srcad.SrcadError) as info:
        srcad.grad(fn)(X)
    assert 'draws(rng, 100)' in str(info.value)


def generator_function_summed(x):
    rng = np.random.default_rng(0)
    return np.sum(x * sum(draws(rng, 3))) + np.sum(x * rng.standard_normal(4))


def generator_function_quiet_loop(x):
    rng = np.random.default_rng(0)
    tot = 0.0
    for z in draws(rng, 3):
        tot = tot + z * x
    return np.sum(tot) + np.sum(x * rng.standard_normal(4))


def pure_generator_function_break(x):
    tot = 0.0
    for v in squares(x):
        tot = tot + v
        if tot > 1.0:
            break
    return tot


@pytest.mark.parametrize('fn', [generator_function_summed, generator_function_quiet_loop,
                                pure_generator_function_break], ids=lambda f: f.__name__)
def test_generator_function_consumed_whole_or_pure_computes(fn):
    check_derivatives(fn, X, wrt=0, modes=MODES)
