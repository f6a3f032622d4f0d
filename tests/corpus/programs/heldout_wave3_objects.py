"""Held-out wave 3, part three (b): parameters held in frozen dataclasses, typing.NamedTuple
with properties, namedtuples updated with _replace, config dataclasses with list
defaults, OrderedDicts, and small classes with __call__, properties and state-mutating
methods -- the way people organise NumPy models.  Nobody wrote these for srcad."""

import dataclasses
from collections import OrderedDict, namedtuple
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
xs = np.linspace(-1.0, 1.0, 7)
ys = 0.5 * xs ** 3 - xs + 0.2


# ---------------------------------------------------------------- records of parameters

@dataclass(frozen=True)
class Prior:
    mean: float = 0.0
    scale: float = 1.0


@dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray
    act: str = 'tanh'

    def __call__(self, x):
        z = x @ self.W + self.b
        return np.tanh(z) if self.act == 'tanh' else np.maximum(z, 0)

    @property
    def l2(self):
        return np.sum(self.W ** 2)


W0 = np.array([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3]])
b0 = np.array([0.05, -0.1, 0.2])


# FIXED (wave 6 objects; was a false refusal: a property of a dataclass argument, srcad/compiler/property_reads.py)
@case(Layer(W0, b0), modes=FIRST)
def dataclass_layer_call_and_property(layer):
    X = np.stack([xs, xs ** 2], axis=1)
    return np.sum(layer(X) ** 2) + 0.1 * layer.l2


# FIXED (was a false refusal: calling a dataclass built from the differentiated W;
# layer(X) is Layer.__call__(layer, X), a string field passes through)
@case(W0)
def dataclass_built_inside_with_prior(W):
    layer = Layer(W, b0, act='relu')
    prior = Prior(scale=2.0)
    X = np.c_[xs, np.cos(xs)]
    nlp = np.sum((layer.W - prior.mean) ** 2) / (2 * prior.scale ** 2)
    return np.sum(layer(X)) + nlp


# FIXED (wave 6 objects; was a false refusal: dataclasses.replace: srcad/compiler/resolve.py)
@case(W0, modes=FIRST)
def dataclasses_replace_bias(W):
    layer = Layer(W, b0)
    layer2 = dataclasses.replace(layer, b=np.zeros(3))
    X = np.c_[xs, -xs]
    return np.sum(layer(X) * layer2(X))


class GaussParams(NamedTuple):
    mu: np.ndarray
    log_sigma: np.ndarray

    @property
    def sigma(self):
        return np.exp(self.log_sigma)


# FIXED (wave 6 objects; was a false refusal: a property of an argument: srcad/compiler/property_reads.py)
@case(GaussParams(np.array([0.1, -0.2]), np.array([0.0, 0.3])),
      modes=FIRST)
def typed_namedtuple_property(p):
    z = (ys[:2] - p.mu) / p.sigma
    return np.sum(0.5 * z ** 2 + p.log_sigma)


Hyp = namedtuple('Hyp', ['lr', 'decay', 'steps'])


@case(np.array([0.4, -0.3]))
def namedtuple_replace_in_loop(w):
    h = Hyp(lr=0.1, decay=0.9, steps=4)
    for _ in range(h.steps):
        g = 2 * (w - np.array([1.0, 2.0]))
        w = w - h.lr * g
        h = h._replace(lr=h.lr * h.decay)
    return np.sum(w ** 2)


@dataclass
class Config:
    widths: list = field(default_factory=lambda: [2, 3, 1])
    reg: float = 1e-2


@case({'W1': np.full((2, 3), 0.1), 'W2': np.array([[0.2], [-0.1], [0.3]])})
def config_dataclass_with_list_default(params):
    cfg = Config()
    h = np.stack([xs, xs ** 2], 1)
    for i in range(1, len(cfg.widths)):
        h = h @ params[f'W{i}']
        if i < len(cfg.widths) - 1:
            h = np.tanh(h)
    reg = cfg.reg * sum(np.sum(v ** 2) for v in params.values())
    return np.mean((h[:, 0] - ys) ** 2) + reg


@case(OrderedDict([('a', np.array(0.5)), ('b', np.array([0.1, 0.2]))]))
def ordered_dict_params(params):
    return params['a'] * np.sum(params['b'] ** 2) + sum(np.sum(v) for v in params.values())


# ---------------------------------------------------------------- classes with state

class Polynomial:
    def __init__(self, coefs):
        self.coefs = coefs

    @property
    def degree(self):
        return len(self.coefs) - 1

    def __call__(self, x):
        return sum(c * x ** i for i, c in enumerate(self.coefs))

    def derivative(self):
        return Polynomial([i * c for i, c in enumerate(self.coefs)][1:])


# FIXED (was a false refusal: an object built from the differentiated coefficients and
# called; dp, returned by a method, is called when the code runs, p.degree is a property)
@case(np.array([0.2, -0.5, 0.3]))
def polynomial_class_and_derivative(c):
    p = Polynomial(c)
    dp = p.derivative()
    return np.sum((p(xs) - ys) ** 2) + 0.1 * np.sum(dp(xs) ** 2) + p.degree


class RunningStats:
    def __init__(self):
        self.n = 0
        self.mean = 0.0
        self.m2 = 0.0

    def push(self, x):
        self.n += 1
        d = x - self.mean
        self.mean += d / self.n
        self.m2 += d * (x - self.mean)

    @property
    def var(self):
        return self.m2 / (self.n - 1)


# FIXED (was a false refusal: a method updating self's attributes with a differentiated
# value; rsx.push(t) is written out on rsx, its integer count carries no derivative)
@case(np.array([0.3, 1.2, -0.4, 0.8, 0.1]))
def welford_running_variance_object(v):
    rsx = RunningStats()
    for t in v:
        rsx.push(t)
    return rsx.var + rsx.mean ** 2


class Optimizer:
    def __init__(self, lr=0.1, momentum=0.5):
        self.lr, self.momentum = lr, momentum

    def step(self, w, g, vel):
        vel = self.momentum * vel - self.lr * g
        return w + vel, vel


@case(np.array([0.4, -0.3]))
def momentum_optimizer_object_unrolled(w0):
    opt = Optimizer(lr=0.2)
    w, vel = w0, np.zeros_like(w0)
    for _ in range(5):
        g = np.array([2 * w[0], 20 * w[1]])
        w, vel = opt.step(w, g, vel)
    return w @ w


# ---------------------------------------------------------------- found by probing

# FIXED (was a CRASH in hvp: bare KeyError 'a' from runtime/indexing.take_at): a dict filled by
# d[k] = ... and read with d.get(k).  In the hvp code the tangent of the dict adjoint's sum
# 'd_bar + unget(...)' is broadcast_like(d_bar_dot, ...) of the first term only, a dict
# holding key 'b' alone; take_at(d_bar_dot, 'a') then indexes a missing key.
@case(np.array([0.3, -1.2]))
def dict_filled_by_setitem_read_with_get(x):
    d = {}
    d['a'] = x[0]
    d['b'] = x[1]
    return d.get('a') * 3 + d.get('b') ** 2


# FIXED (was WRONG, silently; the dict-display-key bug of heldout_wave3_idioms, one level
# down: {'layer': {name: W, 'b': b}})
@case(np.array([0.3, -1.2, 0.7]))
def nested_param_dict_with_named_key(x):
    name = 'W'
    p = {'layer': {name: x[:2], 'b': x[2]}}
    return np.sum(p['layer']['W'] ** 2) + p['layer']['b']


NTD = namedtuple('NTD', 'a b c', defaults=[5.0])


# REFUSED TODAY (false refusal: a record built from differentiated values that leaves a field to
# its default -- resolve_calls refuses 'a default's value would be taken for a tangent' -- with
# the message 'no derivative rule for NTD (a builtins.type)')
@case(np.array([0.3, -1.2, 0.7, 1.4]), expect='refused', modes=FIRST,
      why='namedtuple with defaults= built from differentiated values')
def namedtuple_with_defaults(x):
    t = NTD(x[0], x[1])
    u = NTD(x[0], c=x[2], b=x[3])
    return t.a * 3 + t.b ** 2 + t.c * u.c + u.b


@dataclass
class Derived:
    a: float = 1.0
    b: float = 2.0
    scale: float = field(init=False, default=0.0)

    def __post_init__(self):
        self.scale = self.a * self.b


# FIXED (wave 6 objects; was a false refusal: __post_init__: srcad/compiler/dataclass_inits.py)
@case(np.array([0.3, -1.2, 0.7]), modes=FIRST)
def dataclass_with_post_init(x):
    c = Derived(b=x[1])
    d = Derived(x[0], x[2])
    return c.scale * 3 + d.scale ** 2 + c.a


# FIXED (was a false refusal: concatenating tuple displays of differentiated scalars; two
# displays joined with + are one display, desugar_exprs.py.  t1 + t2 of two names is still
# refused when the code runs: 'joining tuples with +')
@case(np.array([0.3, -1.2, 0.7]))
def tuple_concatenation(x):
    t = (x[0], x[1]) + (x[2],)
    return t[0] * 3 + sum(t[1:]) ** 2 + t[-1]


@case(np.array([0.3, -1.2, 0.7, 1.4]))
def namedtuple_and_dataclass_keywords_out_of_order(x):
    h = Hyp(steps=2, decay=x[0], lr=x[1])
    k = Layer(b=x[2:], act='tanh', W=np.outer(x[:2], x[2:]))
    return h.lr * h.decay + np.sum(k.W) * np.sum(k.b)


# FIXED (wave 6 objects; was a false refusal: defaults: srcad/compiler/dataclass_inits.py)
@case(np.array([0.3, -1.2, 0.7, 1.4]), modes=FIRST)
def dataclass_leaving_default_field(x):
    k = Layer(np.outer(x[:2], x[2:]), x[2:])
    return np.sum(k.W) * np.sum(k.b)
