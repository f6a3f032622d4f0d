"""Generator expressions consumed lazily (held-out wave 6, family W9).

Python computes a generator's elements one at a time, as its consumer asks: any()/all()
stop at the deciding element, a for loop interleaves each element with its body and
computes none after a break, zip() stops at the shorter partner, next() takes one.
Elements with effects (list.pop, rng draws) make the difference visible in value and
gradient; srcad used to compute them all at once."""

import numpy as np

from ..case import case

x4 = np.array([0.4, 1.3, 0.9, 0.2])


@case(x4)
def any_pops_until_true(x):
    s = [0, 1, 3, 2, 0, 1]
    found = any(s.pop() > 1 for _ in range(4))
    return x[s.pop()] ** 2 * (2.0 if found else 1.0)


@case(x4)
def all_draws_until_false(x):
    rng = np.random.default_rng(1)
    ok = all(rng.standard_normal() < 1.0 for _ in range(50))
    return np.sum(x * rng.standard_normal(4)) + (1.0 if ok else 0.0)


@case(x4)
def body_writes_what_generator_reads(x):
    ys = [x[0], x[1], x[2]]
    tot = 0.0
    for v in (ys[i] * 2.0 for i in range(3)):
        tot = tot + v
        ys[1] = ys[1] * v
    return tot


@case(x4)
def two_clause_generator_break(x):
    s = [0, 1, 3, 2, 0, 1, 2, 3]
    tot = 0.0
    for v in (x[s.pop()] * x[j] for i in range(3) for j in range(3) if i < j):
        tot = tot + v
        if tot > 1.0:
            break
    return tot + x[s.pop()] ** 2


@case(x4)
def enumerate_generator_break(x):
    s = [0, 1, 3, 2, 0, 1]
    tot = 0.0
    for k, v in enumerate((s.pop() for _ in range(5)), 1):
        tot = tot + x[v] * k
        if v == 2:
            break
    return tot + x[s.pop()] ** 2


@case(x4)
def next_with_default_takes_one(x):
    s = [0, 1, 3, 2, 0, 1]
    v = next((s.pop() for _ in range(5) if s[-1] < 3), 0)
    return x[v] ** 2 + x[s.pop()]


@case(x4)
def any_over_map_of_lambda(x):
    s = [0, 1, 3, 2, 0, 1]
    found = any(map(lambda _: s.pop() > 1, range(4)))
    return x[s.pop()] ** 2 * (2.0 if found else 1.0)


@case(x4)
def generator_loop_else(x):
    s = [0, 1, 3, 2]
    for v in (s.pop() for _ in range(3)):
        if v == 3:
            break
    else:
        v = -1
    return x[s.pop()] * x[v]


@case(x4)
def comprehension_over_generator(x):
    s = [0, 1, 3, 2, 0, 1]
    out = [x[s.pop()] * v for v in (x[s.pop()] for _ in range(2))]
    return out[0] + out[1] ** 2


@case(x4)
def zip_partner_before_generator(x):
    s = [0, 1, 3, 2, 0, 1]
    tot = 0.0
    for b, a in zip([1.5, 2.0], (s.pop() for _ in range(5))):
        tot = tot + x[a] * b
    return tot + x[s.pop()] ** 2


@case(x4)
def zip_three_with_else(x):
    s = [0, 1, 3, 2, 0, 1, 2, 3, 1, 0, 2]
    tot = 0.0
    for a, w, b in zip((s.pop() for _ in range(5) for _ in range(2) if s[-1] >= 0), x, [1, 2, 3]):
        tot = tot + x[a] * b * w
        if a == 7:
            break
    else:
        tot = tot * 2.0
    return tot + x[s.pop()] ** 2


@case(x4)
def pure_any_guard(x):
    return np.sum(x ** 2) * (2.0 if any(v > 1.0 for v in x) else 1.0)


@case(x4, expect='refused', why='next() without a default of a generator with effects')
def next_without_default_effects(x):
    s = [0, 1, 3, 2]
    v = next(s.pop() for _ in range(3))
    return x[v] ** 2


@case(x4, expect='refused', why='zip() of a generator with effects outside a for loop')
def zip_generator_into_list(x):
    s = [0, 1, 3, 2, 0, 1]
    pairs = list(zip((s.pop() for _ in range(5)), [1, 2]))
    return x[pairs[0][0]] * pairs[1][1] + x[s.pop()]


def draws(rng, n):
    for _ in range(n):
        yield rng.standard_normal()


@case(x4, expect='refused', why='a generator function with effects, consumed by a loop with break')
def generator_function_rejection_sampling(x):
    rng = np.random.default_rng(0)
    for z in draws(rng, 100):
        if z > 0.5:
            break
    return np.sum(x * z) + np.sum(x * rng.standard_normal(4))


@case(x4)
def generator_function_summed(x):
    rng = np.random.default_rng(0)
    return np.sum(x * sum(draws(rng, 3))) + np.sum(x * rng.standard_normal(4))
