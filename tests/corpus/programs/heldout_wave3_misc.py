"""Held-out wave 3, part eight: odds and ends of everyday code -- inheritance with super(),
a user __getitem__, NumPy scalar types and .item(), np.asarray of a list of arrays,
tuple axes, np.where/np.nonzero indices, clip with a None bound, seeded draws inside
the function (global seed, RandomState, default_rng), **cfg helpers, activation chosen
by name, getattr(np, name), sentinels (None, float('inf')), recursion, operator
overloading, ODE right-hand sides defined inside the loss.  Nobody wrote these for srcad."""

import numpy as np
from scipy.integrate import odeint, solve_ivp
from scipy.special import logsumexp

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
v = np.array([0.3, -1.2, 0.7, 1.4])
M = np.array([[1.0, 0.2, -0.3], [0.4, 2.0, 0.1], [0.0, -0.5, 1.5]])


class Quadratic:
    def __init__(self, scale):
        self.scale = scale

    def energy(self, x):
        return self.scale * np.sum(x ** 2)


class ShiftedQuadratic(Quadratic):
    def __init__(self, scale, shift):
        super().__init__(scale)
        self.shift = shift

    def energy(self, x):
        return super().energy(x - self.shift) + 1.0


@case(v)
def subclass_calling_super(x):
    return ShiftedQuadratic(2.0, 0.5).energy(x)


class Lookup:
    def __init__(self, d):
        self.d = d

    def __getitem__(self, k):
        return self.d[k]


@case(v)
def user_getitem_on_constants(x):
    return Lookup({'a': 1.0, 'b': 2.0})['a'] * np.sum(x)


@case(v)
def numpy_scalar_types_and_item(x):
    return np.float64(x[0]) * 2 + float(x[1]) ** 2 + x[2].item() * 3


@case(v)
def asarray_of_list_of_arrays(x):
    A = np.asarray([x[:2], x[2:]])
    B = np.array([x[0], 1.0, x[1]], dtype=float)
    return np.sum(A @ A.T) + np.sum(B ** 2)


@case(M)
def row_normalise_norm_keepdims(A):
    return np.sum(A / np.linalg.norm(A, axis=1, keepdims=True))


@case(np.arange(24.0).reshape(2, 3, 4) / 10)
def reductions_over_tuple_axes(A):
    return (np.sum(np.sum(A, axis=(0, 2)) ** 2) + np.sum(A.mean(axis=-1) ** 2)
            + np.sum(A.max(axis=(1, 2))))


@case(v)
def indices_from_where_and_nonzero(x):
    idx = np.where(x > 0)[0]
    nz = np.nonzero(x < 0)
    return np.sum(x[idx] ** 2) + np.sum(x[nz]) + np.sum(x[np.isfinite(x)])


@case(v)
def clip_with_one_open_bound(x):
    return np.sum(np.clip(x, None, 1.0) ** 2) + np.sum(np.clip(x, a_min=-1.0, a_max=None))


@case(v)
def maximum_of_two_differentiated(x):
    return np.sum(np.maximum(x, x[::-1] * 0.5)) + np.sum(np.fmax(x, 0.1) + np.fmin(x, 0.2))


@case(v)
def global_seed_inside_function(x):
    np.random.seed(0)
    eps = np.random.randn(4)
    return np.sum((x + eps) ** 2)


@case(v)
def randomstate_normal_and_permutation(x):
    rs = np.random.RandomState(1)
    return np.sum(x * rs.normal(size=4)) + np.sum(x[rs.permutation(4)] * np.arange(4))


@case(v)
def default_rng_choice_without_replacement(x):
    rng = np.random.default_rng(3)
    idx = rng.choice(4, size=3, replace=False)
    return np.sum(x[idx] ** 2) + np.sum(x * rng.uniform(size=4))


def loss_with_config(w, **cfg):
    return cfg.get('scale', 1.0) * np.sum((w - cfg['target']) ** 2)


@case(v)
def helper_taking_kwargs_config(x):
    return loss_with_config(x, target=np.ones(4), scale=0.5) + loss_with_config(x, target=0.0)


@case(v)
def argmax_argmin_select(x):
    i = np.argmax(x)
    j = int(np.argmin(x))
    return x[i] ** 2 - x[j] * 3


@case(v)
def activation_chosen_by_name(x):
    act = 'Tanh'.lower()
    f = {'tanh': np.tanh, 'relu': lambda t: np.maximum(t, 0)}[act]
    return np.sum(f(x))


@case(v)
def getattr_of_numpy_function(x):
    return np.sum(getattr(np, 'tanh')(x)) + np.sum(getattr(np, 'exp')(x))


@case(v)
def enumerate_start_and_zip_three(x):
    return (sum(i * t for i, t in enumerate(x, start=1))
            + sum(a * b * c for a, b, c in zip(x, reversed(x), x[1:])))


@case(v)
def list_index_and_count(x):
    names = ['a', 'b', 'c', 'd']
    i = names.index('c')
    return x[i] * names.count('a') + x[len(names) - 1]


@case(v)
def running_minimum_from_inf(x):
    best = float('inf')
    for t in x:
        val = (t - 0.45) ** 2
        if val < best:
            best = val
    return best


@case(v)
def none_sentinel_accumulator(x):
    acc = None
    for t in x:
        acc = t ** 2 if acc is None else acc + t ** 2
    return acc


@case(v)
def helper_returning_tuple_indexed(x):
    def moments(a):
        return a.mean(), a.std()
    m, s = moments(x)
    return m + s + moments(x * 2)[1]


@case(v)
def nested_function_closing_over_argument(x):
    def inner(k):
        return np.sum(x ** k)
    return inner(2) + inner(3)


@case(v)
def softmax_expectation_logsumexp_keepdims(x):
    p = np.exp(x - logsumexp(x, axis=-1, keepdims=True))
    return np.sqrt(np.sum(x ** 2, axis=-1)) + np.sum(p * x)


def power_rec(x, n):
    if n == 0:
        return 1.0
    return x * power_rec(x, n - 1)


@case(v)
def module_level_recursion(x):
    return np.sum(power_rec(x, 3))


# FIXED (wave 6 objects; was a false refusal: srcad/compiler/nested_recursion.py)
@case(v, modes=FIRST)
def nested_recursive_pairwise_sum(x):
    def rsum(a):
        if len(a) == 1:
            return a[0] ** 2
        mid = len(a) // 2
        return rsum(a[:mid]) + rsum(a[mid:])
    return rsum(x)


class Vec:
    def __init__(self, a):
        self.a = a

    def __add__(self, o):
        return Vec(self.a + o.a)

    def __mul__(self, k):
        return Vec(self.a * k)

    def norm2(self):
        return np.sum(self.a ** 2)


# REFUSED TODAY (false refusal, known limitation: a small vector class with operator
# overloading, built from the differentiated x; message names srcad's 't4.norm2')
@case(v, expect='refused', modes=FIRST, why='methods of objects holding differentiated values')
def operator_overloading_vector_class(x):
    return (Vec(x) + Vec(x) * 2.0).norm2()


# REFUSED TODAY (justified: the helper appends to its mutable default list, a change srcad
# cannot show the caller)
def remembering(x, seen=[]):
    seen.append(1)
    return np.sum(x) * 2


@case(v, expect='refused', modes=FIRST, why='helper mutates its mutable default argument')
def mutable_default_argument(x):
    return remembering(x)


# (was refused: np.apply_along_axis with a lambda; since wave 4 written out as a loop over rows)
@case(v)
def apply_along_axis_normalise(x):
    return np.sum(np.apply_along_axis(lambda r: r / r.sum(), 1, np.abs(x.reshape(2, 2)) + 1))


# ---------------------------------------------------------------- ODE right-hand sides

def decay_k(y, t, k):
    return -k * y


@case(np.array([1.0, 0.4]), modes=FIRST)
def repeated_dosing_odeint_module_rhs(p):
    y = np.array([1.0])
    total = 0.0
    for _ in range(3):
        ys = odeint(decay_k, y, [0.0, 1.0], args=(p[0],), rtol=1e-10, atol=1e-11)
        y = ys[-1] + p[1]
        total = total + y[0]
    return total


# REFUSED TODAY (false refusal: the right-hand side defined inside the loss, closing over
# nothing -- k arrives through args=; 'srcad inlines the nested function rhs where it is
# called, and cannot pass it on as a value (what it reads from this function would lose its
# derivative)', though it reads nothing from it)
@case(np.array([1.0, 0.4]), expect='refused', modes=FIRST,
      why='nested def handed to solve_ivp, closing over nothing')
def nested_rhs_closing_over_nothing(p):
    def rhs(t, y, k):
        return -k * y
    sol = solve_ivp(rhs, (0, 1), [1.0, 2.0], args=(p[0],), t_eval=[1.0], rtol=1e-10, atol=1e-11)
    return np.sum(sol.y)


# REFUSED TODAY (false refusal, as above, with a lambda)
@case(np.array([1.0, 0.4]), expect='refused', modes=FIRST,
      why='lambda handed to odeint, closing over nothing')
def lambda_rhs_closing_over_nothing(p):
    ys = odeint(lambda y, t, k: -k * y, [1.0, 2.0], [0.0, 1.0], args=(p[0],), rtol=1e-10,
                atol=1e-11)
    return np.sum(ys[-1])
