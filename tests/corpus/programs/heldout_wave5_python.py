"""Held-out wave 5: everyday Python around NumPy -- closure factories, composed functions,
decorators, lru_cache, dataclasses (PyTorch-style modules with __call__, frozen with properties,
dataclasses.replace), NamedTuple states, nested dict/list pytrees and recursive tree_map,
recursion, small user classes, generators, *args/**kwargs, while loops, try/except, list
and dict methods, math module functions, nonlocal."""

import functools
import math
import operator
import numpy as np

from ..case import case
from dataclasses import dataclass, field, replace
from typing import NamedTuple

x4 = np.array([0.3, -0.6, 0.45, 0.8])

def make_loss(data, reg=0.1):
    def loss(w):
        return np.sum((data @ w - 1.0) ** 2) + reg * np.sum(w ** 2)
    return loss
_data = np.arange(12.0).reshape(3, 4) / 10
closure_loss = make_loss(_data)


@case(x4)
def closure_factory_loss(w):
    return closure_loss(w)

def make_counter_scaled():
    scale = [1.0]
    def f(w):
        scale[0] = 2.0
        return scale[0] * np.sum(w ** 2)
    return f
_counter = make_counter_scaled()


@case(x4, expect='refused',
      why='a closure writing into a captured list cell (rare)')
def closure_mutating_list_cell(w):
    return _counter(w)

def make_poly(coeffs):
    return lambda x: sum(c * x ** i for i, c in enumerate(coeffs))
_p = make_poly([1.0, -2.0, 0.5])


@case(x4)
def closure_lambda_poly(x):
    return np.sum(_p(x))

def compose(*fs):
    def h(x):
        for f in reversed(fs):
            x = f(x)
        return x
    return h
_comp = compose(np.tanh, np.sin, lambda v: v * 2)


@case(x4)
def composed_functions(x):
    return np.sum(_comp(x))


@case(x4)
def functools_reduce_mul(x):
    return functools.reduce(operator.mul, x) + functools.reduce(lambda a, b: a + b * b, x, 0.0)

@functools.lru_cache(maxsize=None)
def cached_sq(a):
    return a * a


@case(x4, expect='refused',
      why='functools.lru_cache-decorated helper (FALSE refusal)')
def lru_cached_helper_scalar(x):
    return cached_sq(float(x[0])) + x[1]

def log_calls(fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k)
    return wrapper
@log_calls
def decorated_helper(v):
    return np.sin(v) * v


@case(x4)
def calls_decorated_helper(x):
    return np.sum(decorated_helper(x))

@dataclass
class Linear:
    W: np.ndarray
    b: np.ndarray
    def __call__(self, x):
        return x @ self.W + self.b
@dataclass
class MLP:
    l1: Linear
    l2: Linear
    def forward(self, x):
        return self.l2(np.tanh(self.l1(x)))
_rs = np.random.default_rng(1)
_mlp = MLP(Linear(_rs.normal(size=(4, 5)) * .5, np.zeros(5)), Linear(_rs.normal(size=(5, 1)) * .5, np.zeros(1)))


@case(_mlp)
def dataclass_mlp_wrt_model(m):
    X = np.linspace(-1, 1, 8).reshape(2, 4)
    return np.sum(m.forward(X) ** 2)


@case(x4)
def dataclass_built_in_body(x):
    l = Linear(np.outer(x, x[:2]), x[:2])
    return np.sum(l(x) ** 2)

@dataclass(frozen=True)
class Params:
    mu: float
    log_sigma: float
    @property
    def sigma(self):
        return math.exp(self.log_sigma)


# FIXED (wave 6 objects; was a false refusal: a property of a dataclass argument, srcad/compiler/property_reads.py)
@case(Params(0.3, -0.2))
def frozen_dataclass_property(p):
    xs = np.array([0.1, 0.5, -0.4])
    return np.sum(-0.5 * ((xs - p.mu) / p.sigma) ** 2 - np.log(p.sigma))


# FIXED (wave 6 objects; was a false refusal: dataclasses.replace, srcad/compiler/resolve.py)
@case(Params(0.3, -0.2))
def dataclasses_replace(p):
    q = replace(p, mu=p.mu * 2)
    return q.mu ** 2 + q.sigma

class State(NamedTuple):
    pos: np.ndarray
    vel: np.ndarray


@case(State(x4[:2], x4[2:]))
def namedtuple_state_step(s):
    for _ in range(3):
        s = s._replace(pos=s.pos + 0.1 * s.vel, vel=s.vel - 0.1 * s.pos)
    return np.sum(s.pos ** 2) + np.sum(s.vel ** 2)


@case({'layers': [{'w': x4, 'b': 0.1}, {'w': x4[::-1].copy(), 'b': -0.2}], 'scale': 2.0})
def nested_pytree(p):
    h = np.ones(4)
    for layer in p['layers']:
        h = np.tanh(h * layer['w'] + layer['b'])
    return p['scale'] * np.sum(h)

def tree_map(f, t):
    if isinstance(t, dict):
        return {k: tree_map(f, v) for k, v in t.items()}
    if isinstance(t, (list, tuple)):
        return type(t)(tree_map(f, v) for v in t)
    return f(t)
def tree_sum(t):
    if isinstance(t, dict):
        return sum(tree_sum(v) for v in t.values())
    if isinstance(t, (list, tuple)):
        return sum(tree_sum(v) for v in t)
    return np.sum(t)


@case({'a': x4, 'b': [x4[:2], (x4[2:], 0.5)]}, expect='refused',
      why='a lambda passed to a recursive tree_map (FALSE refusal)')
def recursive_tree_map_l2(p):
    return tree_sum(tree_map(lambda v: v ** 2, p))

def power(x, n):
    if n == 0:
        return 1.0
    half = power(x, n // 2)
    return half * half * (x if n % 2 else 1.0)


@case(x4)
def recursive_power(x):
    return np.sum(power(x, 5))

def fib_poly(x, n):
    return x if n <= 1 else fib_poly(x, n - 1) * 0.5 + fib_poly(x, n - 2)


@case(x4)
def recursive_two_branches(x):
    return np.sum(fib_poly(x, 5))

def det_laplace(M):
    n = M.shape[0]
    if n == 1:
        return M[0, 0]
    return sum((-1) ** j * M[0, j] * det_laplace(np.delete(np.delete(M, 0, 0), j, 1)) for j in range(n))


@case(np.array([[2.0, 0.5, 0.1], [0.3, 1.5, -0.2], [0.0, 0.4, 1.0]]))
def recursive_laplace_determinant(M):
    return det_laplace(M)

class Module:
    def __init__(self):
        self.params = {}
    def param(self, name, value):
        self.params[name] = value
        return value


@case(x4, expect='refused',
      why='a method storing into self.params dict and returning the value (FALSE refusal)')
def module_registry_dict(x):
    m = Module()
    w = m.param('w', x * 2)
    return np.sum(w ** 2) + np.sum(m.params['w'])

class Accum:
    def __init__(self):
        self.total = 0.0
    def add(self, v):
        self.total += v
        return self


# FIXED (was a false refusal: method chaining a.add(x).add(y) mutating self; each call is
# written out on a, srcad/compiler/method_inline.py)
@case(x4)
def method_chaining_accumulate(x):
    a = Accum()
    a.add(x[0]).add(x[1] ** 2)
    for v in x[2:]:
        a.add(np.sin(v))
    return a.total

class Sq:
    def __init__(self, v): self.v = v
    def __add__(self, o): return Sq(self.v + (o.v if isinstance(o, Sq) else o))
    def __mul__(self, o): return Sq(self.v * (o.v if isinstance(o, Sq) else o))
    __rmul__ = __mul__
    def __neg__(self): return Sq(-self.v)


@case(x4, expect='refused',
      why='a tiny user class with __add__/__mul__ (FALSE refusal)')
def operator_overloading_class(x):
    a = Sq(x[0]); b = Sq(x[1])
    r = -(a * b + 2.0 * a) * a
    return r.v


@case(x4)
def generator_expression_and_any(x):
    s = sum(v ** 2 for v in x if v > 0)
    if any(v < -0.5 for v in x):
        s = s * 2
    return s

def gen_pairs(x):
    for i in range(len(x) - 1):
        yield x[i], x[i + 1]


@case(x4)
def generator_function(x):
    return sum(a * b for a, b in gen_pairs(x))


@case(x4)
def star_args_helper(x):
    def f(*vals, scale=1.0):
        return scale * sum(v * v for v in vals)
    return f(*x, scale=3.0) + f(x[0])


@case(x4)
def kwargs_dict_splat(x):
    def g(a, b, c=1.0):
        return a * b + c
    kw = {'a': x[0], 'b': x[1], 'c': x[2]}
    return g(**kw)


@case(x4)
def while_loop_newton_sqrt(x):
    a = x[3] + 2.0
    g = a
    it = 0
    while abs(g * g - a) > 1e-12 and it < 50:
        g = 0.5 * (g + a / g)
        it += 1
    return g


@case(x4)
def try_except_fallback(x):
    try:
        v = np.linalg.cholesky(np.array([[1.0, x[0]], [x[0], 1.0]]))
    except np.linalg.LinAlgError:
        v = np.eye(2)
    return np.sum(v ** 2)


@case(x4)
def early_return_in_loop(x):
    acc = 0.0
    for v in x:
        if v > 0.7:
            return acc + v
        acc = acc + v * v
    return acc


@case(x4)
def zip_strict_enumerate_start(x):
    w = [1.0, 2.0, 3.0, 4.0]
    return sum(i * a * b for i, (a, b) in enumerate(zip(x, w, strict=True), start=1))


@case(x4)
def string_keyed_config(x):
    cfg = {'act': 'tanh', 'scale': 0.5}
    acts = {'tanh': np.tanh, 'relu': lambda v: np.maximum(v, 0)}
    return np.sum(acts[cfg['act']](x) * cfg['scale'])


@case(x4)
def getattr_np_function_by_name(x):
    fn = getattr(np, 'tanh')
    return np.sum(fn(x))


@case(x4)
def map_and_filter(x):
    return sum(map(lambda v: v ** 3, filter(lambda v: v > -0.5, x)))


@case(x4)
def list_append_then_stack(x):
    hist = []
    h = x
    for _ in range(3):
        h = np.tanh(h)
        hist.append(h)
    return np.sum(np.stack(hist) * np.arange(3)[:, None])


@case(x4)
def list_pop_insert(x):
    l = [x[0], x[1], x[2]]
    last = l.pop()
    l.insert(0, last * 2)
    return l[0] * l[1] + l[-1]


@case(x4)
def list_extend_and_reverse(x):
    l = list(x[:2])
    l.extend([x[2] ** 2, x[3]])
    l.reverse()
    return l[0] + 2 * l[1] + 3 * l[3]


@case(x4, expect='refused',
      why='dict.setdefault of an active value (FALSE refusal)')
def dict_get_default_setdefault(x):
    d = {}
    d.setdefault('a', x[0])
    d['b'] = d.get('b', 0.0) + x[1]
    d['b'] = d.get('b', 0.0) + x[1]
    return d['a'] * d['b']


@case(x4)
def sum_with_start_and_math_fsum(x):
    return sum(x, 10.0) + math.fsum([x[0], x[1] ** 2])


@case(x4)
def math_module_functions(x):
    return math.exp(x[0]) + math.log(1 + x[3]) + math.hypot(x[0], x[1]) + math.atan2(x[1], x[2]) + math.sqrt(x[3])


@case(x4)
def conditional_expression_chain(x):
    return sum((v if v > 0 else -v) if abs(v) < 0.7 else v ** 2 for v in x)


@case(x4)
def nested_function_nonlocal(x):
    total = 0.0
    def add(v):
        nonlocal total
        total += v * v
    for v in x:
        add(v)
    return total
