"""Held-out wave 6: functional-style Python -- functools.reduce over matrices and layers,
map/filter/zip with lambdas, itertools (accumulate, pairwise, combinations, product, chain,
islice, starmap), generators with yield and send-free iteration, recursion, closures with
late binding in loops, default-argument capture, operator module, sorted with key,
walrus, lru_cache'd helpers, partial application."""

import functools
import itertools
import operator
import math

import numpy as np

from ..case import case

rs = np.random.RandomState(60)
mats = [rs.randn(2, 2) * 0.7 for _ in range(3)]
x4 = np.array([0.4, -0.3, 0.9, 0.2])


@case(mats[0])
def reduce_matmul_chain(m):
    return np.sum(functools.reduce(np.dot, [m, mats[1], m, mats[2]]))


@case(x4)
def reduce_lambda_accumulate(x):
    return functools.reduce(lambda acc, t: acc * 0.9 + np.sin(t), x, 0.0)


@case(x4)
def reduce_operator_mul(x):
    return functools.reduce(operator.mul, x + 2.0)


@case(x4)
def map_lambda_list(x):
    ys = list(map(lambda t: t ** 2 + 1.0, x))
    return sum(ys)


@case(x4)
def map_two_iterables(x):
    return sum(map(operator.mul, x, x[::-1]))


@case(x4)
def filter_by_value(x):
    return sum(filter(lambda t: t > 0, x ** 3))


@case(x4)
def zip_unzip_pairs(x):
    pairs = [(x[i], x[i] ** 2) for i in range(4)]
    a, b = zip(*pairs)
    return sum(a) * sum(b)


@case(x4)
def enumerate_start_and_reversed(x):
    tot = 0.0
    for i, t in enumerate(reversed(x), start=1):
        tot += i * t ** 2
    return tot


@case(x4,
      expect='refused', why='grad: no derivative rule for itertools.accumulate (a builtins.type), called on a differentiated value in itertools_a (FALSE refusal, R2)')
def itertools_accumulate(x):
    return sum(itertools.accumulate(x, operator.mul))


@case(x4,
      expect='refused', why='grad: no derivative rule for itertools.accumulate (a builtins.type), called on a differentiated value in itertools_a (FALSE refusal, R2)')
def itertools_accumulate_default(x):
    return np.sum(np.array(list(itertools.accumulate(np.exp(x)))) ** 2)


@case(x4,
      expect='refused', why='grad: no derivative rule for itertools.pairwise (a builtins.type), called on a differentiated value in itertools_pai (FALSE refusal, R2)')
def itertools_pairwise_tv(x):
    return sum((b - a) ** 2 for a, b in itertools.pairwise(x))


@case(x4)
def itertools_combinations_pair_energy(x):
    return sum(1.0 / (1.0 + (x[i] - x[j]) ** 2) for i, j in itertools.combinations(range(4), 2))


@case(x4)
def itertools_product_grid(x):
    return sum(x[i] * x[j] * (i + j) for i, j in itertools.product(range(4), repeat=2))


@case(x4,
      expect='refused', why='grad: no derivative rule for itertools.chain.from_iterable (a builtins.builtin_function_or_method), called on a diff (FALSE refusal, R2)')
def itertools_chain_lists(x):
    parts = [[x[0], x[1]], [x[2] ** 2], [np.sin(x[3])]]
    return sum(itertools.chain.from_iterable(parts)) ** 2


@case(x4,
      expect='refused', why='grad: srcad does not support "Yield" syntax in itertools_islice_generator (FALSE refusal, R2)')
def itertools_islice_generator(x):
    def powers(t):
        p = 1.0
        while True:
            yield p
            p = p * t
    return sum(itertools.islice(powers(x[0]), 6))


@case(x4,
      expect='refused', why='grad: srcad inlines a lambda where it is called, and cannot pass it on as a value (FALSE refusal, R2)')
def itertools_starmap(x):
    return sum(itertools.starmap(lambda a, b: a * b, zip(x, np.cos(x))))


@case(x4,
      expect='refused', why='grad: srcad does not support "Yield" syntax in generator_function_sum (FALSE refusal, R2)')
def generator_function_sum(x):
    def terms(v):
        for i, t in enumerate(v):
            yield t ** (i + 1)
    return sum(terms(x))


@case(x4,
      expect='refused', why='grad: srcad supports a generator expression (or map/filter) only where it is consumed at once: by sum, max, min, any (FALSE refusal, R2)')
def generator_expression_into_np_array(x):
    return np.sum(np.fromiter((t * t for t in x), dtype=float))


@case(x4,
      expect='refused', why='grad: no derivative rule for next (a builtins.builtin_function_or_method), called on a differentiated value in gener (FALSE refusal, R2)')
def generator_next_and_rest(x):
    it = iter(x * 2.0)
    first = next(it)
    return first ** 2 + sum(it)


@case(x4)
def recursion_horner(c):
    def horner(cs, t):
        if len(cs) == 0:
            return 0.0
        return cs[0] + t * horner(cs[1:], t)
    return horner(c, 0.7)


@case(np.array([0.3, 0.8]))
def recursion_depth_param(x):
    def f(n, y):
        if n == 0:
            return y
        return f(n - 1, np.sin(y) + x[1] * y)
    return np.sum(f(4, x))


@case(x4,
      expect='refused', why='grad: srcad inlines a lambda where it is called, and cannot pass it on as a value (FALSE refusal, R2)')
def closures_late_binding(x):
    fs = [lambda t: t * i for i in range(3)]       # every lambda sees i = 2
    return sum(f(x[0]) for f in fs) + x[1]


@case(x4,
      expect='refused', why='grad: srcad inlines a lambda where it is called, and cannot pass it on as a value (FALSE refusal, R2)')
def closures_default_capture(x):
    fs = [lambda t, i=i: t * i for i in range(3)]
    return sum(f(x[0]) for f in fs) ** 2


@case(x4)
def closure_over_mutated_list(x):
    acc = []
    def push(t):
        acc.append(t ** 2)
    for t in x:
        push(t)
    return sum(acc)


@case(x4)
def nonlocal_counter_accumulator(x):
    total = 0.0
    def add(t):
        nonlocal total
        total = total + np.exp(t)
    for t in x:
        add(t)
    return total


@case(x4,
      expect='refused', why='grad: srcad inlines the nested function loss where it is called, and cannot pass it on as a value (what it reads fro (FALSE refusal, R2)')
def functools_partial(x):
    def loss(w, scale, y):
        return scale * np.sum((w - y) ** 2)
    f = functools.partial(loss, scale=0.5, y=np.ones(4))
    return f(x)


@case(x4,
      expect='refused', why='grad: srcad does not support a decorated nested def in lru_cached_constant_helper (FALSE refusal, R2)')
def lru_cached_constant_helper(x):
    @functools.lru_cache(maxsize=None)
    def coeffs(n):
        return tuple(1.0 / math.factorial(k) for k in range(n))
    return sum(c * t for c, t in zip(coeffs(4), x))


@case(x4)
def sorted_by_key(x):
    ws = [x[0] * 2, x[1] - 1, x[2] ** 2, x[3]]
    s = sorted(ws, key=lambda t: float(t))
    return s[0] * 1.0 + s[-1] * 3.0


@case(x4)
def max_with_key(x):
    rows = [x[:2], x[2:], x[1:3]]
    best = max(rows, key=lambda r: r.sum())
    return np.sum(best ** 2)


@case(x4)
def walrus_in_comprehension(x):
    return sum(y for t in x if (y := t ** 2) > 0.05)


@case(x4,
      expect='refused', why='grad: no derivative rule for operator.neg (a builtins.builtin_function_or_method), called on a differentiated value (FALSE refusal, R2)')
def operator_itemgetter_attrgetter(x):
    get = operator.itemgetter(0, 2)
    a, b = get(x)
    return a * b + operator.neg(x[1]) ** 2


@case(x4,
      expect='refused', why='grad: srcad cannot apply the derivative rule of math.hypot to a call with *- or **-arguments: which of its parameter (FALSE refusal, R2)')
def math_prod_fsum_hypot(x):
    return math.prod(x + 2.0) + math.fsum(x ** 2) + math.hypot(*x)


@case(x4)
def dict_comprehension_and_values(x):
    d = {f'w{i}': t ** 2 for i, t in enumerate(x)}
    return sum(d.values()) * d['w1']


@case(x4)
def any_all_guards(x):
    y = x ** 2
    if any(t > 0.5 for t in y):
        y = y * 2.0
    if all(t > -1 for t in x):
        y = y + x
    return np.sum(y)


@case(x4,
      expect='refused', why='grad: srcad inlines a lambda where it is called, and cannot pass it on as a value (FALSE refusal, R2)')
def compose_functions(x):
    def compose(*fs):
        return functools.reduce(lambda f, g: lambda t: g(f(t)), fs)
    h = compose(np.sin, lambda t: t * 2.0, np.exp)
    return np.sum(h(x))


@case(x4,
      expect='refused', why='grad: srcad does not support "Yield" syntax in fixed_point_iteration_generator (FALSE refusal, R2)')
def fixed_point_iteration_generator(x):
    def iterate(f, y):
        while True:
            yield y
            y = f(y)
    seq = iterate(lambda y: 0.5 * np.cos(y) + 0.1 * x, np.zeros(4))
    out = None
    for k, y in enumerate(seq):
        if k == 20:
            out = y
            break
    return np.sum(out)


@case(x4)
def recursion_divide_and_conquer(x):
    def tree_sum(v):
        if v.shape[0] == 1:
            return v[0] ** 2
        m = v.shape[0] // 2
        return tree_sum(v[:m]) * tree_sum(v[m:]) + np.sum(v)
    return tree_sum(x)


@case(x4)
def recursion_returning_tuple(x):
    def pair(n, v):
        if n == 0:
            return v, np.sum(v)
        w, s = pair(n - 1, np.sin(v))
        return w * 2, s + np.sum(w)
    w, s = pair(3, x)
    return np.sum(w) + s


@case(x4)
def recursion_fast_power(x):
    def power(v, n):
        if n == 0:
            return np.ones_like(v)
        half = power(v, n // 2)
        return half * half * (v if n % 2 else 1.0)
    return np.sum(power(x, 5))


@case(x4, expect='refused',
      why='memoised recursion: "srcad_lift.<locals>.f changes its argument memo" -- memo is a closure dict, and the name is internal (FALSE refusal, R13)')
def recursion_memo_dict(x):
    memo = {}
    def f(n):
        if n in memo:
            return memo[n]
        r = x[n] if n < 2 else f(n - 1) * x[2] + f(n - 2)
        memo[n] = r
        return r
    return f(3)


@case(x4, expect='refused',
      why='recursive walk appending to a closure list (FALSE refusal, R13)')
def recursion_collects_into_closure_list(x):
    out = []
    def walk(v, depth):
        if depth == 0:
            out.append(np.sum(v ** 2))
            return
        walk(v[:2], depth - 1)
        walk(v[2:] * v[:2], depth - 1)
    walk(x, 1)
    return sum(out)


# family W9, fixed: any() over a generator short-circuits in Python (3 pops happen; srcad
# consumed the whole generator, so the later s.pop() read another index)
@case(x4)
def any_short_circuit_side_effect(x):
    s = [0, 1, 3, 2, 0, 1]
    found = any(s.pop() > 1 for _ in range(4))
    return x[s.pop()] ** 2 * (2.0 if found else 1.0)


# family W9, fixed: all() stops at the first False
@case(x4)
def all_short_circuit_side_effect(x):
    s = [0, 1, 3, 2, 0, 1]
    ok = all(s.pop() < 2 for _ in range(4))
    return x[s.pop()] ** 3 + (1.0 if ok else 0.0)


# family W9, fixed: a generator expression consumed by a for loop with break was evaluated
# eagerly (all 100 draws happened, so the later rng draws differed from Python's)
@case(x4)
def rejection_sampling_generator_break(x):
    rng = np.random.default_rng(0)
    for z in (rng.standard_normal() for _ in range(100)):
        if z > 0.5:
            break
    return np.sum(x * z) + np.sum(x * rng.standard_normal(4))


# family W9, fixed: zip stops after the shorter list; the generator is pulled only 3 times
# in Python -- twice for pairs and once more before zip notices the end
@case(x4)
def zip_generator_with_shorter_list(x):
    s = [0, 1, 3, 2, 0, 1]
    tot = 0.0
    for a, b in zip((s.pop() for _ in range(5)), [1, 2]):
        tot = tot + x[a] * b
    return tot + x[s.pop()] ** 2
