"""Held-out wave 6: names that change meaning -- shadowed builtins (sum, max, abs as locals),
a name rebound from int to array, the iterable rebound inside its own for loop, the loop
variable named like the argument, *args/**kwargs forwarding to user helpers, keyword-only
arguments, defaults read from globals, module-level recursion and mutual recursion, a
function defined conditionally, a helper returning different types per branch, a lambda
assigned to a name and called twice, global counters, class-level constants."""

import numpy as np

from ..case import case

x4 = np.array([0.4, -0.3, 0.9, 0.2])


@case(x4)
def shadowed_sum_builtin(x):
    sum = np.sum(x ** 2)
    return sum * 2.0


@case(x4)
def shadowed_max_and_abs(x):
    max = 3.0
    abs = np.abs(x[0] - 1.0)
    return max * abs + x[1] ** 2


@case(x4)
def name_int_then_array(x):
    y = 0
    for t in x:
        y = y + t ** 2
    y = np.array([y, y * 2])
    return np.sum(y ** 2)


@case(x4)
def iterable_rebound_inside_loop(x):
    v = x
    out = 0.0
    for t in v:
        v = v * 2.0        # the loop still iterates the original v
        out = out + t
    return out + np.sum(v)


@case(x4)
def loop_variable_named_like_argument(x):
    s = np.sum(x)
    for x in x[:2]:
        s = s + x ** 2
    return s + x


@case(x4)
def argument_rebound_at_top(x):
    x = x * 2.0
    x = np.sin(x)
    return np.sum(x)


def _weighted(*parts, scale=1.0, **kw):
    return scale * sum(np.sum(p ** 2) for p in parts) + kw.get('bias', 0.0)


@case(x4)
def star_args_forwarding(x):
    parts = [x[:2], x[2:]]
    return _weighted(*parts, scale=0.5, bias=x[0])


def _kwonly(a, *, power=2, shift=0.0):
    return np.sum((a - shift) ** power)


@case(x4)
def keyword_only_args(x):
    return _kwonly(x, power=3, shift=x[0]) + _kwonly(x)


@case(x4)
def kwargs_dict_splat(x):
    opts = {'power': 2, 'shift': 0.5}
    return _kwonly(x, **opts)


_DEFAULT_W = np.array([1.0, 2.0, 3.0, 4.0])


def _dot_default(a, w=_DEFAULT_W):
    return a @ w


@case(x4)
def default_from_global(x):
    return _dot_default(x) ** 2


def _poly_rec(c, t):
    if len(c) == 1:
        return c[0]
    return c[0] + t * _poly_rec(c[1:], t)


@case(x4)
def module_level_recursion(c):
    return _poly_rec(c, 0.7) ** 2


def _even(n, v):
    return v if n == 0 else _odd(n - 1, np.sin(v))


def _odd(n, v):
    return v if n == 0 else _even(n - 1, v * 1.5)


@case(x4)
def mutual_recursion(x):
    return np.sum(_even(4, x))


# was WRONG (family W3: the last def was inlined whatever the branch); fixed, see
# tests/regressions/test_nested_function_bindings.py
@case(x4)
def conditionally_defined_function(x):
    if x.shape[0] > 3:
        def act(t):
            return np.tanh(t)
    else:
        def act(t):
            return t
    return np.sum(act(x) ** 2)


def _maybe_scalar(v, flag):
    if flag:
        return float(np.sum(v))
    return v * 2.0


@case(x4)
def helper_returns_different_types(x):
    return _maybe_scalar(x, True) ** 2 + np.sum(_maybe_scalar(x, False))


@case(x4)
def lambda_bound_and_called_twice(x):
    sq = lambda t: t * t
    return np.sum(sq(x)) + sq(x[0])


_calls = [0]


def _counted(v):
    _calls[0] += 1
    return v ** 2


@case(x4,
      expect='refused', why='grad: srcad only supports writing into an element of a local array, not _calls (FALSE refusal, R11)')
def global_counter_side_effect(x):
    return np.sum(_counted(x))


class Cfg:
    lam = 0.3
    powers = (1, 2)


@case(x4)
def class_level_constants(x):
    return Cfg.lam * sum(np.sum(x ** p) for p in Cfg.powers)


@case(x4)
def nested_function_closure_over_argument(x):
    def loss(w):
        return np.sum((w - x) ** 2) + np.sum(w * x)
    return loss(np.ones(4)) + loss(x * 0.5)


@case(x4)
def nested_function_reassigns_outer_via_list(x):
    state = [x * 1.0]
    def step():
        state[0] = state[0] * 0.5 + np.sin(state[0])
    for _ in range(3):
        step()
    return np.sum(state[0])


@case(x4)
def same_name_array_then_scalar_then_array(x):
    t = x ** 2
    t = np.sum(t)
    t = t * x
    return np.sum(t)


@case(x4)
def tuple_target_with_subscript(x):
    y = np.zeros(2)
    y[0], s = x[0] ** 2, x[1]
    return np.sum(y) + s * 3


@case(x4,
      expect='refused', why='grad: srcad does not support writing into "a" while "b" refers to the same data and is read afterwards (FALSE refusal, R1)')
def chained_assignment_shared_array(x):
    a = b = x * 1.0
    a[0] = 5.0                     # b is the same object
    return np.sum(b ** 2)


@case(x4)
def chained_assignment_scalars(x):
    a = b = x[0] ** 2
    a = a + 1.0
    return a * b


# was WRONG (family W3: a lambda rebound in an if not taken); fixed
@case(x4)
def lambda_rebound_in_untaken_branch(x):
    act = lambda t: t ** 3
    if x[0] > 10:
        act = lambda t: t
    return np.sum(act(x))


# was WRONG (family W3); fixed
@case(x4)
def def_overridden_in_untaken_branch(x):
    def act(t):
        return t ** 3
    if x[0] > 10:
        def act(t):
            return t
    return np.sum(act(x))


# was WRONG (family W3); fixed
@case(x4)
def activation_picked_by_config_string(x):
    kind = 'relu' if x.size > 10 else 'softplus'
    if kind == 'softplus':
        act = lambda t: np.logaddexp(0, t)
    else:
        act = lambda t: np.maximum(t, 0)
    return np.sum(act(x) * np.arange(4.0))
