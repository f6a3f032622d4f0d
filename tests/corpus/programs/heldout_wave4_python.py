"""Held-out wave 4, part ten: everyday Python around NumPy -- classes holding parameters
(methods, properties, staticmethods, __getitem__), dataclasses and namedtuples of
params, dicts with string keys built in loops, lists appended and summed, loops with
break/continue/else, while with early exit, helper functions with defaults and
**kwargs, closures and lambdas, comprehensions, enumerate/zip/reversed/sorted,
f-strings, assertions, try/except, math module calls, recursion, walrus, match."""

import math
from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
x4 = np.array([0.5, -0.3, 1.2, 0.8])


class Quadratic:
    def __init__(self, A, b):
        self.A = A
        self.b = b

    def value(self, x):
        return 0.5 * x @ self.A @ x - self.b @ x

    @property
    def dim(self):
        return len(self.b)

    @staticmethod
    def penalty(x, lam=0.1):
        return lam * np.sum(x ** 2)


Q = Quadratic(np.diag([1.0, 2.0, 3.0, 4.0]), np.ones(4))


@case(x4.copy())
def class_with_constant_params_method_property_staticmethod(x):
    assert Q.dim == x.shape[0], f'expected {Q.dim} entries, got {x.shape}'
    return Q.value(x) + Quadratic.penalty(x, lam=0.5)


class Model:
    def __init__(self, n):
        self.n = n

    def predict(self, params, t):
        return params['a'] * np.exp(-params['k'] * t) + params['c']

    def loss(self, params, t, y):
        return np.mean((self.predict(params, t) - y) ** 2)


tt = np.linspace(0, 2, 7)
yy = 2.0 * np.exp(-1.3 * tt) + 0.5


@case({'a': 1.5, 'k': 1.0, 'c': 0.2})
def model_object_methods_take_param_dict(params):
    m = Model(3)
    return m.loss(params, tt, yy)


@dataclass
class Params:
    w: np.ndarray
    b: float


@case(Params(w=np.array([0.2, -0.4]), b=0.1))
def dataclass_params_input(p):
    X = np.array([[1.0, 2.0], [0.5, -1.0], [-0.3, 0.8]])
    return np.sum(np.tanh(X @ p.w + p.b) ** 2)


Layer = namedtuple('Layer', ['W', 'b'])


@case([Layer(np.array([[0.3, -0.2], [0.1, 0.4]]), np.array([0.0, 0.1])),
       Layer(np.array([[0.5], [-0.5]]), np.array([0.2]))])
def namedtuple_layers_list(layers):
    h = np.array([[1.0, -1.0], [0.5, 2.0]])
    for layer in layers:
        h = np.tanh(h @ layer.W + layer.b)
    return h.sum()


@case({'layer_0': np.array([0.3, 0.2]), 'layer_1': np.array([0.1, -0.4]), 'scale': 2.0})
def dict_string_keys_fstring_loop(params):
    total = 0.0
    for i in range(2):
        w = params[f'layer_{i}']
        total = total + np.sum(w ** 2) * (i + 1)
    return params['scale'] * total


@case(x4.copy())
def dict_built_in_loop_then_values_summed(x):
    terms = {}
    for name, power in [('sq', 2), ('cube', 3), ('lin', 1)]:
        terms[name] = np.sum(x ** power)
    return sum(terms.values()) + terms['sq'] * terms['lin']


@case(x4.copy())
def list_append_then_np_array_and_sum(x):
    out = []
    for i, xi in enumerate(x):
        out.append(xi * (i + 1))
    arr = np.array(out)
    return np.sum(arr ** 2) + sum(out)


@case(x4.copy())
def loop_with_break_on_threshold(x):
    acc = 0.0
    for xi in x:
        if xi > 1.0:
            break
        acc = acc + xi ** 2
    return acc


@case(x4.copy())
def loop_with_continue_and_else(x):
    acc = 0.0
    for i in range(len(x)):
        if x[i] < 0:
            continue
        acc += np.exp(x[i])
    else:
        acc *= 2.0
    return acc


@case(2.0)
def while_newton_sqrt_early_exit(a):
    z = a
    for _ in range(50):
        z_new = 0.5 * (z + a / z)
        if abs(z_new - z) < 1e-12:
            break
        z = z_new
    return z_new


def energy(x, *, k=1.0, **extra):
    e = 0.5 * k * np.sum(x ** 2)
    if 'offset' in extra:
        e = e + extra['offset'] * np.sum(x)
    return e


@case(x4.copy())
def helper_with_keyword_only_and_kwargs(x):
    opts = {'offset': 0.3}
    return energy(x, k=2.0, **opts) + energy(x)


@case(x4.copy(),
      expect='refused', why='a list of lambdas (lambda passed on as a value) (FALSE refusal)')
def closure_captures_loop_variable_default(x):
    fns = [lambda z, p=p: z ** p for p in (1, 2, 3)]
    return sum(np.sum(f(x)) for f in fns)


@case(x4.copy())
def comprehension_with_condition_and_zip(x):
    w = [1.0, 2.0, 3.0, 4.0]
    return sum([wi * xi ** 2 for wi, xi in zip(w, x) if wi != 3.0])


@case(x4.copy())
def sorted_with_key_and_reversed(x):
    vals = sorted(list(x), key=lambda v: abs(v))
    acc = 0.0
    for k, v in enumerate(reversed(vals)):
        acc = acc + v * 10 ** (-k)
    return acc


@case(x4.copy())
def try_except_fallback_branch(x):
    try:
        L = np.linalg.cholesky(np.outer(x, x) + np.eye(4))
        val = np.sum(np.log(np.diag(L)))
    except np.linalg.LinAlgError:
        val = 0.0
    return val


@case(x4.copy())
def try_except_keyerror_default(x):
    cfg = {'scale': 2.0}
    try:
        shift = cfg['shift']
    except KeyError:
        shift = 0.5
    return np.sum((cfg['scale'] * x - shift) ** 2)


@case(0.7)
def math_module_scalar_functions(t):
    return math.exp(t) * math.sin(t) + math.log1p(t ** 2) + math.sqrt(t) + math.atan2(t, 1.0)


def poly_horner(coeffs, x):
    if not coeffs:
        return 0.0
    return coeffs[0] + x * poly_horner(coeffs[1:], x)


@case(0.8)
def recursive_horner(x):
    return poly_horner([1.0, -2.0, 0.5, 3.0], x)


# FIXED on the live tree (refused at HEAD b328e35: assignment expression (:=))
@case(x4.copy())
def walrus_in_comprehension(x):
    return sum(y for v in x if (y := v ** 2) > 0.1)


# FIXED on the live tree (refused at HEAD b328e35: match statement (FALSE refusal of the string dispatch))
@case(x4.copy())
def match_statement_on_string_mode(x, mode='l2'):
    match mode:
        case 'l1':
            return np.sum(np.abs(x))
        case 'l2':
            return np.sqrt(np.sum(x ** 2))
        case _:
            raise ValueError(mode)


@case(x4.copy())
def builtin_min_max_abs_on_scalars(x):
    a, b, c, d = x
    return max(a, b) * min(c, d) + abs(b) + max([a, c, d])


@case(x4.copy())
def isinstance_and_len_dispatch(x):
    def norm2(v):
        if isinstance(v, (list, tuple)):
            v = np.array(v)
        return np.dot(v, v)
    return norm2(x) + norm2([x[0], x[1]]) + len(x)


class Poly:
    def __init__(self, coeffs):
        self.coeffs = coeffs

    def __call__(self, t):
        return sum(c * t ** i for i, c in enumerate(self.coeffs))


# FIXED (was a false refusal: calling an object holding a differentiated value; p(0.5) is
# Poly.__call__(p, 0.5))
@case(x4.copy())
def callable_object_built_from_input(x):
    p = Poly(x)
    return p(0.5) + p(-1.0)


class Vec:
    def __init__(self, data):
        self.data = data

    def __add__(self, other):
        return Vec(self.data + other.data)

    def __mul__(self, s):
        return Vec(self.data * s)

    def norm2(self):
        return np.sum(self.data ** 2)


@case(x4.copy(),
      expect='refused', why='self.data reads as ndarray.data; refused with a misleading message (FALSE refusal)')
def user_operator_overloading_vec(x):
    v = Vec(x) + Vec(np.ones(4)) * 2.0
    return v.norm2()


@case(x4.copy())
def global_config_dict_and_int_cast(x):
    n = int(len(x) / 2)
    return np.sum(x[:n] ** 2) - float(n) * np.sum(x[n:])


@case(x4.copy())
def any_all_guards(x):
    if np.any(x > 5) or not np.all(np.isfinite(x)):
        return 0.0
    return np.sum(np.exp(x))


@case(x4.copy())
def star_unpack_first_rest(x):
    first, *rest = x
    return first * np.sum(np.array(rest) ** 2)


@case(x4.copy())
def dict_comprehension_and_items(x):
    d = {f'x{i}': v for i, v in enumerate(x)}
    return sum(v ** 2 if k.endswith(('0', '2')) else v for k, v in d.items())


@case(x4.copy())
def map_and_lambda(x):
    return sum(map(lambda v: v ** 3, x)) + np.sum(list(map(np.sin, x)))
