"""User objects with attributes named like an ndarray's (probe 4, W2): ``self.size``,
``self.shape``, ``cfg.dtype``, ``self.data``, ``self.T``...  srcad reads ``.shape``,
``.size``, ``.ndim``, ``.dtype`` as a shape (no derivative) and ``.T``/``.real``/``.imag``
with NumPy's rules: a differentiated value stored under one of those names is refused
(where it is stored, or where it is read from an object some other function built);
``.data``, ``.base``, ``.flat`` are read as the object's fields.  Integer sizes and
shapes stored in objects, and the attributes of arrays, stay free."""

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from ..case import case

_rng = np.random.default_rng(1402)
X4 = np.array([0.5, -0.3, 1.2, 0.8])
W23 = _rng.standard_normal((2, 3)) * 0.5
R = 1.5


class Particle:
    def __init__(self, size, mass):
        self.size = size
        self.mass = mass


def make_particle(r):
    return Particle(r, 2.0 * r)


def make_counted(x):
    return Particle(len(x), np.sum(x ** 2))


class Tensor:
    """A toy autograd-style tensor: the values in .data, a name."""

    def __init__(self, data, name):
        self.data = data
        self.name = name


def tensor(x):
    return Tensor(np.tanh(x), 'h')


@dataclass
class Config:
    shape: tuple
    size: int
    scale: float


@dataclass
class Fields:
    data: np.ndarray
    base: float


# -- refused: the silent zero of W2, in its forms ---------------------------------------
@case(R, expect='refused', why='p.size of an object built in f holds the differentiated value')
def particle_size_built_inside(r):
    p = Particle(r, 1.0)
    return p.size ** 2


@case(R, expect='refused',
      why='p.size of an object a helper built holds a float: checked when it runs')
def particle_size_from_helper(r):
    p = make_particle(r)
    return p.size ** 2


@case(R, expect='refused',
      why='the helper is differentiated for p.mass: refused where it stores .size')
def particle_size_and_mass_from_helper(r):
    p = make_particle(r)
    return p.size ** 2 + p.mass


@case(R, expect='refused', why='a dataclass field shape holding the differentiated value')
def dataclass_shape_field(r):
    c = Config(r, 3, 1.0)
    return c.shape * c.scale


@case(R, expect='refused', why='SimpleNamespace(ndim=r): .ndim reads as the ndarray attribute')
def namespace_ndim(r):
    ns = SimpleNamespace(ndim=r, w=2.0)
    return ns.ndim * ns.w


@case(X4, expect='refused', why='a list of objects from a helper, .size read from an entry')
def particles_in_a_list(x):
    ps = [make_particle(x[0]), make_particle(x[1])]
    return ps[0].size * ps[1].size


class Model:
    def particle(self, r):
        return Particle(r * r, r)

    def energy(self, r):
        p = self.particle(r)
        return p.size * 3.0


@case(R, expect='refused', why='an object built by a method, .size read in another method')
def method_built_particle(r):
    return Model().energy(r)


# -- free: integer sizes and shapes, the attributes of arrays ---------------------------
@case(X4)
def integer_size_in_object_from_helper(x):
    p = make_counted(x)
    return p.mass / p.size


@case(X4)
def config_holding_integer_shape(x):
    cfg = Config((2, 2), 4, 0.5)
    A = np.reshape(x, cfg.shape)
    return np.sum(A @ A.T) * cfg.scale / cfg.size


class Grid:
    def __init__(self, n):
        self.shape = (n, n)
        self.ndim = 2


@case(X4)
def object_with_integer_shape_built_inside(x):
    g = Grid(2)
    return np.sum(np.reshape(x, g.shape) ** 2) * g.ndim


@case(W23)
def array_attributes_of_helper_results(W):
    h = np.tanh(W)
    z = tensor(W).data
    return np.sum(h.T @ z) / h.shape[0] + h.size + np.sum(z.real)


@case(X4)
def array_attributes_of_the_input(x):
    n = x.shape[0]
    return np.sum(x ** 2) / n + x.size * np.sum(x.T) + x.ndim


# -- .data / .base / .flat: the object's own fields --------------------------------------
@case(X4)
def tensor_data_from_helper(x):
    t = tensor(x)
    return np.sum(t.data ** 2)


@case(X4)
def tensor_data_built_inside(x):
    t = Tensor(x * 2.0, 'x')
    t.data = np.sin(t.data)
    return np.sum(t.data)


@case(X4)
def dataclass_data_and_base_fields(x):
    f = Fields(np.exp(x), x[0])
    return np.sum(f.data) * f.base


@case(Fields(X4.copy(), 0.7))
def differentiated_dataclass_with_data_field(f):
    return np.sum(f.data ** 2) * f.base


@case(X4, expect='refused', why='.flat of an array: an iterator srcad has no derivative for')
def flat_of_an_array(x):
    return x.flat[1] * 2.0
