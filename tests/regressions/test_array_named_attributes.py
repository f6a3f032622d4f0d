"""Probe 4, W2: an attribute of the user's object named like an ndarray attribute.

srcad reads ``.shape``, ``.size``, ``.ndim``, ``.dtype`` as a shape (no derivative) and
``.T``, ``.mT``, ``.real``, ``.imag`` with NumPy's rules.  ``p.size ** 2`` of a
``Particle`` whose ``size`` holds the differentiated value used to give a derivative
of zero.  Now a differentiated value stored under such a name is refused where it is
stored (objects built in the function: srcad/compiler/array_named_fields.py) or, for an
object another function built, where it is read, when the code runs
(srcad/compiler/array_attribute_reads.py).  ``.data``, ``.base``, ``.flat`` are read as
the object's fields.  Integer sizes and shapes in objects, and arrays' attributes,
stay free.
"""

import dataclasses
import inspect
from collections import namedtuple
from types import SimpleNamespace

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

X4 = np.array([0.5, -0.3, 1.2, 0.8])
W23 = np.array([[0.3, -0.2, 0.7], [1.1, 0.4, -0.6]])
MODES = ('grad', 'vjp', 'jvp', 'hvp')


def run(mode, f, x):
    if mode == 'grad':
        return srcad.grad(f)(x)
    if mode == 'vjp':
        value, pullback = srcad.vjp(f, x)
        return pullback(1.0)
    if mode == 'jvp':
        return srcad.jvp(f, (x,), (np.ones_like(x),))
    return srcad.hvp(f, (x,), np.ones_like(x))


def line_of(fn, text: str) -> int:
    """The line of ``fn``'s source holding ``text``."""
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if text in line)


def refused_at(mode, f, x, match, line):
    with pytest.raises(srcad.SrcadError, match=match) as info:
        run(mode, f, x)
    assert info.value.location is not None and info.value.location.lineno == line, \
        str(info.value)
    return info.value


# -- the objects -------------------------------------------------------------------------
class Particle:
    def __init__(self, size, mass):
        self.size = size
        self.mass = mass


class Blob:
    def __init__(self, shape):
        self.shape = shape


class Tensor:
    def __init__(self, data, name):
        self.data = data
        self.name = name


@dataclasses.dataclass
class Cfg:
    shape: object
    scale: float


@dataclasses.dataclass
class Fields:
    data: np.ndarray
    base: float


Sized = namedtuple('Sized', ['size', 'w'])


def make_particle(r):
    return Particle(r, 2.0 * r)


def make_cfg(r):
    return Cfg(r, 1.0)


def make_namespace(r):
    return SimpleNamespace(ndim=r, dtype=r * 2.0)


def make_counted(x):
    return Particle(len(x), np.sum(x ** 2))


def make_tensor(x):
    return Tensor(np.tanh(x), 'h')


# -- refused where the value is stored (objects built in f) ------------------------------
def particle_size(r):
    p = Particle(r, 1.0)
    return p.size ** 2


def blob_shape(r):
    b = Blob(r * 2.0)
    return b.shape ** 2 + r


def dataclass_shape(r):
    c = Cfg(r, 2.0)
    return c.shape * c.scale


def namedtuple_size(r):
    s = Sized(r, 1.0)
    return s.size * s.w


def namespace_dtype(r):
    ns = SimpleNamespace(dtype=r)
    return ns.dtype + 1.0


def assigned_later(r):
    p = Particle(1.0, 1.0)
    p.size = r * 3.0
    return p.size + p.mass


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('f, text, name', [
    (particle_size, 'p = Particle(r, 1.0)', 'size'),  # (the class is compiled in place)
    (blob_shape, 'b = Blob(r * 2.0)', 'shape'),
    (dataclass_shape, 'c = Cfg(r, 2.0)', 'shape'),
    (namedtuple_size, 's = Sized(r, 1.0)', 'size'),
    (namespace_dtype, 'ns = SimpleNamespace(dtype=r)', 'dtype'),
    (assigned_later, 'p.size = r * 3.0', 'size'),
], ids=['class', 'class_shape', 'dataclass', 'namedtuple', 'namespace', 'assigned'])
def test_refused_where_stored(mode, f, text, name):
    refused_at(mode, f, 1.5, f"attribute '{name}'|field '{name}'", line_of(f, text))


# -- refused where it is read: an object another function built --------------------------
def helper_particle(r):
    p = make_particle(r)
    return p.size ** 2


def helper_dataclass(r):
    c = make_cfg(r)
    return c.shape * 3.0


def helper_namespace_ndim(r):
    ns = make_namespace(r)
    return ns.ndim + 1.0


def helper_namespace_dtype(r):
    ns = make_namespace(r)
    return ns.dtype * 2.0


def list_of_particles(r):
    ps = [make_particle(r), make_particle(2.0 * r)]
    return ps[0].size * ps[1].size


class Model:
    def particle(self, r):
        return Particle(r * r, r)

    def energy(self, r):
        p = self.particle(r)
        return p.size * 3.0


def method_particle(r):
    return Model().energy(r)


def passed_factory(r, factory=make_particle):
    p = factory(r)
    return np.sin(p.size)


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('f, text, name', [
    (helper_particle, 'return p.size ** 2', 'size'),
    (helper_dataclass, 'return c.shape * 3.0', 'shape'),
    (helper_namespace_ndim, 'return ns.ndim + 1.0', 'ndim'),
    (helper_namespace_dtype, 'return ns.dtype * 2.0', 'dtype'),
    (list_of_particles, 'return ps[0].size', 'size'),
    (method_particle, 'return p.size * 3.0', 'size'),
    (passed_factory, 'return np.sin(p.size)', 'size'),
], ids=['class', 'dataclass', 'ndim', 'dtype', 'list', 'method', 'factory'])
def test_refused_where_read(mode, f, text, name):
    source = Model.energy if f is method_particle else f
    err = refused_at(mode, f, 1.5, rf'\.{name} of a \w+ holds a', line_of(source, text))
    assert f'{name}_' in err.hint


def test_the_probe_program_is_refused_not_zero():
    # probe 4 W2 verbatim: grad 0.0 and jvp tangent 0.0 before
    with pytest.raises(srcad.SrcadError, match='rename'):
        srcad.grad(helper_particle)(1.5)
    with pytest.raises(srcad.SrcadError, match='rename'):
        srcad.jvp(helper_particle, (1.5,), (1.0,))


# -- free: integers and shapes in objects, arrays' own attributes ------------------------
def integer_size_from_helper(x):
    p = make_counted(x)
    return p.mass / p.size


def integer_shape_in_object(x):
    b = Blob((2, 2))
    return np.sum(np.reshape(x, b.shape) ** 2)


def integer_config(x):
    c = Cfg((2, 2), 0.5)
    A = np.reshape(x, c.shape)
    return np.sum(A @ A.T) * c.scale


def shape_of_differentiated_arrays(x):
    n = x.shape[0]
    return np.sum(x ** 2) / n + x.size * np.sum(x.T) + x.ndim


def attributes_of_helper_arrays(W):
    h = make_tensor(W).data
    z = np.tanh(W)
    return np.sum(h.T @ z) / h.shape[0] + h.size + np.sum(h.real) * h.ndim


def loop_over_rows_from_helper(W):
    total = 0.0
    for row in make_tensor(W).data:
        total = total + np.sum(row.T * row) / row.shape[0]
    return total


def tensor_data_from_helper(x):
    t = make_tensor(x)
    return np.sum(t.data ** 2)


def tensor_data_built_inside(x):
    t = Tensor(x * 2.0, 'x')
    t.data = np.sin(t.data)
    return np.sum(t.data)


def dataclass_data_and_base(x):
    f = Fields(np.exp(x), x[0])
    return np.sum(f.data) * f.base


def namespace_flat(x):
    ns = SimpleNamespace(flat=x * 2.0, base=x[1])
    return np.sum(ns.flat ** 2) * ns.base


@pytest.mark.parametrize('f, x', [
    (integer_size_from_helper, X4), (integer_shape_in_object, X4), (integer_config, X4),
    (shape_of_differentiated_arrays, X4), (attributes_of_helper_arrays, W23),
    (loop_over_rows_from_helper, W23), (tensor_data_from_helper, X4),
    (tensor_data_built_inside, X4), (dataclass_data_and_base, X4), (namespace_flat, X4),
])
def test_free_uses_are_exact(f, x):
    check_derivatives(f, x.copy())


def test_differentiated_dataclass_with_data_field():
    check_derivatives(lambda f: np.sum(f.data ** 2) * f.base, Fields(X4.copy(), 0.7))


def test_differentiated_record_with_size_field_refused_at_entry():
    with pytest.raises(srcad.SrcadError, match='rename the field'):
        srcad.grad(lambda s: s.size * s.w)(Sized(1.5, 2.0))


def test_no_check_for_differentiated_arrays():
    src = srcad.grad(shape_of_differentiated_arrays).source
    assert 'array_attribute_read' not in src


def test_data_of_an_array_refused_clearly():
    def f(x):
        return x.flat[1] * 2.0
    with pytest.raises(srcad.SrcadError):
        srcad.grad(f)(X4.copy())


def test_unruled_array_attribute_message():
    # an array attribute without a rule, on something the code cannot read as a field
    def f(x):
        return np.sum(np.asarray(x.data)) * x[0]
    with pytest.raises(srcad.SrcadError, match=r'\.data'):
        srcad.grad(f)(X4.copy())


# -- differentiated records whose class has a property named like an ndarray attribute --
@dataclasses.dataclass
class WithSizeProperty:
    w: float

    @property
    def size(self):
        return self.w * 2.0


class WithShapeProperty(namedtuple('WithShapeProperty', ['w'])):
    @property
    def shape(self):
        return self.w * 3.0


@dataclasses.dataclass
class WithClassConstant:
    w: np.ndarray
    ndim = 1  # (a class attribute holding an integer: read as it is)


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('record', [WithSizeProperty(1.5), WithShapeProperty(1.5)],
                         ids=['dataclass', 'namedtuple'])
def test_record_input_with_array_named_property_refused(mode, record):
    name = 'size' if isinstance(record, WithSizeProperty) else 'shape'
    f = {'size': lambda p: p.size ** 2, 'shape': lambda p: p.shape ** 2}[name]
    with pytest.raises(srcad.SrcadError, match=rf'property \.{name}'):
        if mode == 'grad':
            srcad.grad(f)(record)
        elif mode == 'vjp':
            srcad.vjp(f, record)[1](1.0)
        elif mode == 'jvp':
            srcad.jvp(f, (record,), (type(record)(1.0),))
        else:
            srcad.hvp(f, (record,), type(record)(1.0))


def test_record_input_with_integer_class_attribute_is_free():
    check_derivatives(lambda p: np.sum(p.w ** 2) * p.ndim, WithClassConstant(X4.copy()))
