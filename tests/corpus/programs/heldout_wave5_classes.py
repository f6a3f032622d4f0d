"""Held-out wave 5: object-oriented model code -- inheritance with super().__init__ and
overridden methods, class attributes, classmethod constructors and staticmethods, user
containers (__len__/__getitem__/__iter__), property setters, dataclasses with
default_factory and __post_init__, Enum configs, __slots__, callable layers in a
Sequential(*layers), namedtuple/_replace/_asdict, OrderedDict/defaultdict."""

import numpy as np

from ..case import case
from dataclasses import dataclass, field
from enum import Enum

x4 = np.array([0.3, -0.6, 0.45, 0.8])

class Base:
    scale = 2.0
    def __init__(self, w):
        self.w = w
    def act(self, z):
        return np.tanh(z)
    def forward(self, z):
        return self.act(z * self.w) * self.scale

class Child(Base):
    scale = 3.0
    def __init__(self, w, b):
        super().__init__(w)
        self.b = b
    def act(self, z):
        return np.sin(z) + self.b


# FIXED (was a false refusal: super().__init__ in a subclass built in f; the parent's
# __init__ is written out in place, srcad/compiler/class_inits.py)
@case(x4)
def inheritance_super_override(x):
    m = Child(x, 0.5)
    return np.sum(m.forward(np.ones(4)))


@case(x4)
def base_class_only(x):
    m = Base(x)
    return np.sum(m.forward(np.arange(4.0)))

class Poly:
    def __init__(self, coeffs):
        self.coeffs = coeffs
    @classmethod
    def from_roots(cls, r):
        return cls(np.array([1.0, -(r[0] + r[1]), r[0] * r[1]]))
    @staticmethod
    def horner(c, t):
        out = 0.0
        for ci in c:
            out = out * t + ci
        return out
    def __call__(self, t):
        return self.horner(self.coeffs, t)


# FIXED (wave 6 objects; was a false refusal: srcad/compiler/method_inline.py, object_dispatch.py)
@case(x4)
def classmethod_constructor_and_staticmethod(x):
    p = Poly.from_roots(x[:2])
    return p(0.7) + Poly.horner(x, 0.5)

class ParamList:
    def __init__(self, arrays):
        self._a = list(arrays)
    def __len__(self):
        return len(self._a)
    def __getitem__(self, i):
        return self._a[i]
    def __iter__(self):
        return iter(self._a)


@case(x4, expect='refused',
      why='a user container with __getitem__/__iter__ (FALSE refusal)')
def user_container_protocols(x):
    pl = ParamList([x[:2], x[2:]])
    s = 0.0
    for i in range(len(pl)):
        s = s + np.sum(pl[i] ** 2)
    for a in pl:
        s = s + np.sum(a)
    return s

class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def kelvin(self):
        return self._c + 273.15
    @kelvin.setter
    def kelvin(self, k):
        self._c = k - 273.15


@case(x4, expect='refused',
      why='a property setter (rare)')
def property_with_setter(x):
    t = Temp(x[0])
    t.kelvin = t.kelvin * 2
    return t._c ** 2

@dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray = field(default_factory=lambda: np.zeros(2))
    act: str = 'tanh'
    def __post_init__(self):
        self.n_out = self.W.shape[1]


# FIXED (wave 6 objects; was a false refusal: srcad/compiler/dataclass_inits.py)
@case(np.arange(8.0).reshape(4, 2) / 10)
def dataclass_default_factory_post_init(W):
    L = Layer(W)
    h = np.ones(4) @ L.W + L.b
    return np.sum(np.tanh(h)) * L.n_out

class Act(Enum):
    TANH = 'tanh'
    RELU = 'relu'

def apply(act, z):
    if act is Act.TANH:
        return np.tanh(z)
    return np.maximum(z, 0)


@case(x4)
def enum_config_dispatch(x):
    return np.sum(apply(Act.TANH, x)) + np.sum(apply(Act.RELU, x))

class Slots:
    __slots__ = ('a', 'b')
    def __init__(self, a, b):
        self.a = a
        self.b = b


@case(x4, expect='refused',
      why='a class with __slots__ (FALSE refusal)')
def slots_class(x):
    s = Slots(x[0], x[1:])
    return s.a * np.sum(s.b ** 2)

class Counter:
    calls = 0
    def __init__(self, w):
        self.w = w
    def __call__(self, z):
        Counter.calls += 1
        return self.w @ z


@case(x4, expect='refused',
      why='a class attribute counter incremented in __call__ (justified: global effect)')
def class_attribute_counter_side_effect(x):
    f = Counter(x)
    return f(np.ones(4)) ** 2

class Model:
    def __init__(self, params):
        self.params = params
    def predict(self, X):
        return X @ self.params['w'] + self.params['b']
    def loss(self, X, y):
        return np.mean((self.predict(X) - y) ** 2)


@case({'w': x4.copy(), 'b': 0.1})
def model_built_from_params_dict(params):
    X = np.arange(8.0).reshape(2, 4) / 10
    return Model(params).loss(X, np.array([1.0, -1.0]))

class Sequential:
    def __init__(self, *layers):
        self.layers = layers
    def __call__(self, z):
        for l in self.layers:
            z = l(z)
        return z

class Dense:
    def __init__(self, W):
        self.W = W
    def __call__(self, z):
        return np.tanh(z @ self.W)


# FIXED (was a false refusal: Sequential(*layers) of callable layers; *layers is a tuple,
# each layer called when the code runs, srcad/compiler/object_calls.py)
@case(np.arange(16.0).reshape(4, 4) / 20)
def sequential_of_dense_layers(W):
    net = Sequential(Dense(W), Dense(W.T))
    return np.sum(net(np.ones(4)))


@case(x4, expect='refused',
      why='a namedtuple class made in f (FALSE refusal)')
def namedtuple_from_collections_methods(x):
    from collections import namedtuple
    P = namedtuple('P', 'a b')
    p = P(x[0], x[1])
    q = p._replace(b=p.b * 2)
    d = q._asdict()
    return d['a'] * d['b'] + sum(q)


@case(x4, expect='refused',
      why='OrderedDict/defaultdict of active values (FALSE refusal)')
def ordered_dict_and_defaultdict(x):
    from collections import OrderedDict, defaultdict
    od = OrderedDict(a=x[0], b=x[1])
    dd = defaultdict(float)
    for k, v in od.items():
        dd[k] += v ** 2
    return dd['a'] + dd['b'] + dd['c']


@case(x4)
def dict_comprehension_and_items_sorted(x):
    d = {f'p{i}': v for i, v in enumerate(x)}
    return sum(v * (i + 1) for i, (k, v) in enumerate(sorted(d.items())))
