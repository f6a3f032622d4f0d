"""Default-deny gaps of wave 3: the user's own operators (dunder methods) in every mode.

A class's ``__getitem__``, ``__add__``, ``__radd__``, ``__mul__``, ``__matmul__``,
``__array__``, ``__float__``, ``__iter__``... is Python code srcad does not
differentiate.  Forward mode built an object's tangent as an object of the same
class and ran those methods on tangents: right only when they are linear
(``jvp`` of a squared ``__getitem__`` was silently wrong), while reverse mode
refused (or, for ``c + p`` through ``__radd__``, was silently wrong).  Every
program here must now be right (finite differences) or refused with srcad's own
located error in every mode.  Written the way users write such classes.
"""

from dataclasses import dataclass

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

MODES = ('grad', 'jvp', 'hvp')


class Features:
    """A feature map indexed by name: not linear in what it holds."""

    def __init__(self, weights):
        self.weights = weights

    def __getitem__(self, name):
        return self.weights[:2] ** 2


class Window:
    """A linear view (reverse mode refuses it too: the rule is the same in all modes)."""

    def __init__(self, data):
        self.data = data

    def __getitem__(self, key):
        return self.data[key]


class Vec:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Vec(self.v + other.v)

    def __radd__(self, other):
        return Vec(self.v ** 2 + other)

    def __mul__(self, other):
        return Vec(self.v * other.v)

    def __matmul__(self, other):
        return np.sum(self.v * other.v)

    def __len__(self):
        return len(self.v)

    def __iter__(self):
        return iter([self.v[0] ** 2, self.v[1]])

    def __array__(self, dtype=None, copy=None):
        return self.v ** 2

    def __float__(self):
        return float(self.v[0] ** 2)

    @property
    def squared(self):
        return self.v ** 2

    def energy(self):
        return np.sum(self.v ** 2)


class Model:
    def __init__(self, w):
        self.w = w

    def __call__(self, x):
        return np.tanh(self.w * x)


X = np.array([0.5, 1.0, -1.0])


def features_by_name(w):
    f = Features(w)
    return np.sum(f['a'])


def window_slice(w):
    win = Window(w)
    return np.sum(win[1:] ** 2)


def vec_sum(w):
    total = Vec(w) + Vec(np.sin(w))
    return np.sum(total.v)


def vec_product(w):
    return np.sum((Vec(w) * Vec(np.sin(w))).v)


def shifted(w):
    s = 1.0 + Vec(w)
    return np.sum(s.v)


def inner_product(w):
    return Vec(w) @ Vec(np.cos(w))


def as_array(w):
    return np.sum(np.asarray(Vec(w)))


def np_sum_of_object(w):
    return np.sum(Vec(w))


def builtin_sum_of_object(w):
    return sum(Vec(w))


def as_float(w):
    return float(Vec(w)) * 2.0


def loop_over_object(w):
    t = 0.0
    for x in Vec(w):
        t = t + x
    return t


def unpack_object(w):
    a, b = Vec(w)
    return a * b


def property_of_object(w):
    return np.sum(Vec(w).squared)


def call_a_model(w):
    model = Model(w)
    return np.sum(model(X))


def make_vec(w):
    return Vec(w)


def shifted_from_a_helper(w):
    s = 1.0 + make_vec(w)
    return np.sum(s.v)


def sum_from_a_helper(w):
    s = make_vec(w) + make_vec(np.sin(w))
    return np.sum(s.v)


def features_from_a_helper(w):
    return np.sum(make_features(w)['a'])


def make_features(w):
    return Features(w)


# -- what stays right ------------------------------------------------------------------
def length_of_object(w):
    return len(Vec(w)) * np.sum(w)


def method_of_object(w):
    v = Vec(w)
    return v.energy()


def objects_in_a_list(w):
    layers = [Vec(w), Vec(2.0 * w)]
    return np.sum(layers[1].v ** 2)


def attribute_update(w):
    v = Vec(w)
    v.v = v.v * 3.0
    return np.sum(v.v ** 2)


def constant_object_property(w, v):
    return np.sum(v.squared * w)


def model_passed_in(w, model):
    return np.sum(model(w))


W = np.array([0.4, -0.3, 0.9])

REFUSED = [features_by_name, window_slice, vec_sum, vec_product, shifted, inner_product,
           as_array, np_sum_of_object, builtin_sum_of_object, as_float, loop_over_object,
           unpack_object, sum_from_a_helper,
           features_from_a_helper]


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('f', REFUSED, ids=lambda f: f.__name__)
def test_a_user_operator_is_refused_in_every_mode(f, mode):
    with pytest.raises(srcad.SrcadError):
        check_derivatives(f, W.copy(), modes=(mode,))


def test_the_refusal_names_the_line_and_the_operator():
    with pytest.raises(srcad.SrcadError, match='__getitem__') as info:
        srcad.jvp(features_by_name, (W,), (np.ones(3),))
    assert 'test_default_deny_wave3.py' in str(info.value)
    with pytest.raises(srcad.SrcadError, match='__radd__') as info:
        srcad.grad(shifted)(W)
    assert 's = 1.0 + Vec(w)' in str(info.value)


def test_jvp_through_an_operator_of_an_object_from_a_helper_is_refused():
    # `1.0 + make_vec(w)`: the tangent passed through `+` was the operand's, read as the
    # result's; now refused when the attribute is read
    with pytest.raises(srcad.SrcadError, match='__radd__'):
        srcad.jvp(shifted_from_a_helper, (W,), (np.ones(3),))


def test_grad_through_an_operator_of_an_object_from_a_helper_is_right_or_refused():
    try:
        g = srcad.grad(shifted_from_a_helper)(W)
    except srcad.SrcadError:
        return
    np.testing.assert_allclose(g, 2 * W)


@pytest.mark.parametrize('f, args', [
    (length_of_object, ()), (method_of_object, ()), (objects_in_a_list, ()),
    (attribute_update, ()), (constant_object_property, (Vec(np.array([0.3, 0.2, 0.1])),)),
    (model_passed_in, (Model(np.array([1.0, 2.0, 3.0])),)),
    (call_a_model, ()),  # (model(X) is Model.__call__(model, X): tests/test_callable_objects.py)
    (property_of_object, ()),  # (Vec(w).squared is Vec.squared.fget(Vec(w)): no operator runs)
], ids=lambda v: getattr(v, '__name__', ''))
def test_objects_used_through_attributes_and_methods_still_work(f, args):
    check_derivatives(f, W.copy(), *args)


# -- `@`, np.matmul and np.dot with operands that bring their own product ----------------
class Operator:
    def __init__(self, A):
        self.A = A

    def __matmul__(self, x):
        return self.A @ x ** 2

    def __array__(self, dtype=None, copy=None):
        return self.A ** 2


class Tagged(np.ndarray):
    """An ndarray subclass whose `@` is its own (nonlinear) code."""

    def __matmul__(self, other):
        return np.asarray(self) @ (np.asarray(other) ** 2)


A = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])


def apply_operator(w, op):
    return np.sum(np.square(op @ w))


def matmul_operator(w, op):
    return np.sum(np.square(np.matmul(op, w)))


def dot_operator(w, op):
    return np.sum(np.square(np.dot(op, w)))


@pytest.mark.parametrize('mode', MODES)
def test_an_ndarray_subclass_with_its_own_matmul_is_refused(mode):
    # it was differentiated as NumPy's product: silently wrong in every mode
    with pytest.raises(srcad.SrcadError, match='Tagged'):
        check_derivatives(apply_operator, W.copy(), A.view(Tagged), modes=(mode,))


@pytest.mark.parametrize('f', [apply_operator, matmul_operator, dot_operator],
                         ids=lambda f: f.__name__)
def test_a_plain_or_sparse_constant_operand_still_works(f):
    check_derivatives(f, W.copy(), A)


def test_a_sparse_constant_with_at_still_works():
    sparse = pytest.importorskip('scipy.sparse')
    check_derivatives(apply_operator, W.copy(), sparse.csr_matrix(A))


@pytest.mark.parametrize('f', [matmul_operator, dot_operator], ids=lambda f: f.__name__)
def test_np_matmul_and_dot_of_an_object_refuse_in_forward_mode_as_in_reverse(f):
    with pytest.raises(srcad.SrcadError):
        srcad.grad(f)(W, Operator(A))
    with pytest.raises(srcad.SrcadError):
        srcad.jvp(f, (W, Operator(A)), (np.ones(3), None))


def test_product_tangent_checks_its_operands():
    from srcad.errors import RuntimeCheckError
    from srcad.runtime.products import product_tangent
    np.testing.assert_allclose(product_tangent(np.dot, A, W), A @ W)
    with pytest.raises(RuntimeCheckError, match='np.matmul is a Operator'):
        product_tangent(np.matmul, Operator(A), W)
    with pytest.raises(RuntimeCheckError, match='np.dot is a Tagged'):
        product_tangent(np.dot, W[:2], A.view(Tagged))


# -- false refusals ----------------------------------------------------------------------
def spread(w, *args, scale=1.0, **kwargs):
    return scale * np.sum(w ** 2) + kwargs.get('bias', 0.0)


def options_from_a_dict(x):
    return spread(x, **{'scale': 0.5, 'bias': 2.0})


def options_from_a_dict_and_keywords(x):
    return spread(x, 3.0, bias=1.0, **{'scale': np.sum(x)})


@pytest.mark.parametrize('f', [options_from_a_dict, options_from_a_dict_and_keywords],
                         ids=lambda f: f.__name__)
def test_a_dict_display_as_keywords(f):
    check_derivatives(f, W.copy())


def test_a_dict_display_repeating_a_keyword_is_still_pythons_error():
    def twice(x):
        return spread(x, scale=1.0, **{'scale': 0.5})
    with pytest.raises(TypeError):
        twice(W)
    with pytest.raises((TypeError, srcad.SrcadError)):
        srcad.grad(twice)(W)


def print_quietly(x):
    with np.printoptions(precision=3):
        t = np.sum(x ** 2)
    return t


def masked_total(x):
    return np.nansum(np.arctan(np.ones(3)), where=np.ones(3) > 0.0) * np.sum(x)


def masked_active_total(x):
    return np.nansum(x ** 2, where=x > 0.0)


def log_likelihood_if_small(x):
    t = 0.0
    if x[0] < 1.5:
        t = sum(np.sum(norm(m, 1.5).logpdf(x)) for m in x)
    return t


@pytest.mark.parametrize('f', [print_quietly, masked_total], ids=lambda f: f.__name__)
def test_calls_nothing_differentiated_reaches_are_not_refused(f):
    check_derivatives(f, W.copy())


@pytest.mark.parametrize('mode', MODES)
def test_an_unsupported_argument_is_refused_when_a_differentiated_value_reaches_it(mode):
    with pytest.raises(srcad.SrcadError, match="argument 'where' is not supported"):
        check_derivatives(masked_active_total, W.copy(), modes=(mode,))


@pytest.mark.parametrize('x', [W, np.array([1.8, -0.5, 0.8])], ids=['taken', 'not taken'])
def test_a_frozen_distribution_in_a_generator_in_a_branch(x):
    pytest.importorskip('scipy.stats')
    check_derivatives(log_likelihood_if_small, x.copy())


try:
    from scipy.stats import norm
except ImportError:  # (the test above is skipped)
    norm = None


# -- dataclasses with operators of their own ---------------------------------------------
@dataclass
class Pair:
    a: np.ndarray
    b: float

    def __add__(self, other):
        return Pair(self.a * other.a, self.b + other.b)

    def __radd__(self, other):
        return Pair(self.a ** 2 + other, self.b)

    def __array__(self, dtype=None, copy=None):
        return self.a ** 2


def pairs_added(w):
    s = Pair(w, 1.0) + Pair(np.sin(w), 2.0)
    return np.sum(s.a)


def pair_shifted(w):
    s = 1.0 + Pair(w, 1.0)
    return np.sum(s.a)


def pair_as_array(w):
    return np.sum(np.asarray(Pair(w, 1.0)))


def shifted_pair_input(p):
    return np.sum((1.0 + p).a)


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('f', [pairs_added, pair_shifted, pair_as_array],
                         ids=lambda f: f.__name__)
def test_an_operator_of_a_dataclass_built_here_is_refused(f, mode):
    with pytest.raises(srcad.SrcadError, match='object built in'):
        check_derivatives(f, W.copy(), modes=(mode,))


@pytest.mark.parametrize('mode', ['grad', 'jvp'])  # (hvp is checked against srcad's grad)
def test_an_operator_of_a_dataclass_input_is_right_or_refused(mode):
    try:
        check_derivatives(shifted_pair_input, Pair(W.copy(), 1.0), modes=(mode,))
    except srcad.SrcadError:
        pass


# -- writes and the remaining builtins ------------------------------------------------------
class Slots:
    def __init__(self, v):
        self.v = v

    def __setitem__(self, key, value):
        self.v = value ** 2

    def __round__(self, ndigits=0):
        return np.sum(self.v ** 2)

    def __abs__(self):
        return np.sum(self.v ** 2)


def written_by_key(w):
    s = Slots(np.zeros(3))
    s['v'] = w
    return np.sum(s.v)


def make_slots(w):
    return Slots(w)


def rounded(w):
    return round(Slots(w))


def magnitude_from_a_helper(w):
    return abs(make_slots(w))


@pytest.mark.parametrize('mode', MODES)
def test_a_user_setitem_is_refused(mode):
    # setitem made np.array(x) of the object (an IndexError, or a write into __array__'s copy)
    with pytest.raises(srcad.SrcadError, match='__setitem__'):
        check_derivatives(written_by_key, W.copy(), modes=(mode,))


@pytest.mark.parametrize('mode', ['grad', 'jvp'])
def test_round_of_an_object_is_right_or_refused(mode):
    try:
        check_derivatives(rounded, W.copy(), modes=(mode,))
    except srcad.SrcadError:
        pass


def test_abs_of_an_object_from_a_helper_is_refused():
    with pytest.raises(srcad.SrcadError):
        srcad.grad(magnitude_from_a_helper)(W)
