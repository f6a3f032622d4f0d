"""Bugs found by the held-out probe heldout_wave4 (session 5, helper H4), minimized.

Each test asserts the right behaviour; a strict xfail marks a bug that stands, so a
fix turns it into a pass, the strict xfail turns that into a failure, and the marker
comes off.  Details: /work/brief/probe4_findings.md (W1..W3, C1)."""

import warnings
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives


# -- C1 (fixed): np.prod of an empty slice crashed in prod_others ------------------------
def prod_of_empty_slice(x):
    return np.prod(x[2:2]) * x[0] + np.prod(x[1:]) * 0.5


def test_prod_of_empty_slice():
    x = np.array([0.3, -1.2, 0.7])
    check_derivatives(prod_of_empty_slice, x)
    np.testing.assert_allclose(srcad.grad(prod_of_empty_slice)(x), [1.0, 0.35, -0.6])


# -- W1: the tangent of sqrt at an exact zero whose tangent is zero is nan ----------------
def sqrt_of_clamped(v):
    vp = np.maximum(v, 0.0)
    return np.sum(np.sqrt(vp) + v)


def test_grad_of_sqrt_of_clamped_zero_is_right():
    np.testing.assert_allclose(srcad.grad(sqrt_of_clamped)(np.array([-0.5, 0.25])), [1.0, 2.0])


# (was nan, probe4 W1; fixed on the live tree)
def test_jvp_of_sqrt_of_clamped_zero():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        _, t = srcad.jvp(sqrt_of_clamped, (np.array([-0.5, 0.25]),), (np.array([1.0, 0.0]),))
    assert np.isclose(t, 1.0)


# -- W2: an attribute named size/shape/ndim/dtype on an object built in f -----------------
class Particle:
    def __init__(self, size):
        self.size = size


class Blob:
    def __init__(self, shape):
        self.shape = shape


def particle_size(r):
    p = Particle(r)
    return p.size ** 2


def blob_shape(r):
    b = Blob(r * 2.0)
    return b.shape ** 2 + r


# (was a silent zero, probe4 W2; now refused on the live tree)
@pytest.mark.parametrize('f, expected', [(particle_size, 3.0), (blob_shape, 13.0)],
                         ids=['size', 'shape'])
def test_user_attribute_named_like_ndarray_attribute(f, expected):
    try:
        g = srcad.grad(f)(1.5)
    except srcad.SrcadError:
        return  # a located refusal is acceptable too
    assert np.isclose(g, expected)


# -- W3: np.where's unselected branch turns the gradient into nan -------------------------
def safe_sqrt(x):
    return np.sum(np.where(x > 0, np.sqrt(x), 0.0))


def sinc(x):
    return np.sum(np.where(x == 0, 1.0, np.sin(x) / x))


def safe_reciprocal(x):
    return np.sum(np.where(x != 0, 1.0 / x, 0.0))


# (was nan, probe4 W3; fixed on the live tree)
@pytest.mark.parametrize('f, x, expected', [
    (safe_sqrt, [-1.0, 0.25, 4.0], [0.0, 1.0, 0.25]),
    (sinc, [0.0, np.pi / 2], [0.0, -4 / np.pi ** 2]),
    (safe_reciprocal, [0.0, 2.0], [0.0, -0.25]),
], ids=['sqrt', 'sinc', 'reciprocal'])
def test_where_masked_branch_no_nan(f, x, expected):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        g = srcad.grad(f)(np.array(x))
    np.testing.assert_allclose(g, expected, atol=1e-12)


def test_where_masked_branch_jvp_is_right():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        _, t = srcad.jvp(safe_sqrt, (np.array([-1.0, 0.25, 4.0]),), (np.ones(3),))
    assert np.isclose(t, 1.25)


# -- W4: sqrt of an exactly-zero sum of squares (pairwise distances with the diagonal) --------
def exp_kernel(X):
    D = np.sqrt(np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1))
    return np.sum(np.exp(-D))


def exp_kernel_norm(X):
    return np.sum(np.exp(-np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)))


# (now refused in reverse mode: a RuntimeCheckError naming exp_kernel, never a nan gradient;
# forward mode is right: tests/test_singular_derivatives.py)
def test_sqrt_of_zero_sum_of_squares():
    X = np.array([[0.0, 1.0], [0.5, -0.3], [1.2, 0.4]])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        try:
            g = srcad.grad(exp_kernel)(X)
        except srcad.SrcadError:
            return  # a located refusal is acceptable too
    np.testing.assert_allclose(g, srcad.grad(exp_kernel_norm)(X))


# -- C2 (fixed): value_and_grad of a reduction over every axis given with axis= ----------------
def sum_axis0_of_vector(x):
    return np.sum(x ** 3, axis=0)


def sum_both_axes(A):
    return np.sum(A ** 3, axis=(0, 1)) + np.mean(np.tanh(A), axis=(1, 0))


@pytest.mark.parametrize('f, x', [(sum_axis0_of_vector, np.array([0.3, -0.6, 0.45])),
                                  (sum_both_axes, np.arange(6.0).reshape(2, 3) / 7)],
                         ids=['vector', 'matrix'])
def test_value_and_grad_of_a_full_reduction_with_axis(f, x):
    check_derivatives(f, x)
    value, g = srcad.value_and_grad(f)(x)
    np.testing.assert_allclose(g, srcad.grad(f)(x))


@dataclass
class Cfg:
    size: float
    shape: float


NT = namedtuple('NT', ['size', 'ndim'])


def dataclass_built_inside(x):
    c = Cfg(size=x[0], shape=x[1])
    return c.size * 3 + c.shape


def namedtuple_built_positionally(x):
    c = NT(x[0], x[1])
    return c.size * 3 + c.ndim


# (was a silent zero, probe4 W2; now refused on the live tree)
@pytest.mark.parametrize('f', [dataclass_built_inside, namedtuple_built_positionally],
                         ids=['dataclass', 'namedtuple'])
def test_record_built_inside_with_array_attribute_field(f):
    try:
        g = srcad.grad(f)(np.array([0.5, 2.0]))
    except srcad.SrcadError:
        return  # a located refusal is acceptable too
    np.testing.assert_allclose(g, [3.0, 1.0])


# -- W5 (fixed): out given by position; W6 (fixed): out= into a ufunc method ------------------
def dot_positional_out(x):
    o = np.zeros(2)
    np.dot(np.ones((2, 3)), x, o)
    return np.sum(o ** 2)


def clip_positional_out(x):
    o = np.zeros(3)
    np.clip(x, -0.5, 0.5, o)
    return np.sum(o)


@pytest.mark.parametrize('f', [dot_positional_out, clip_positional_out], ids=['dot', 'clip'])
def test_positional_out_refused_not_zero(f):
    with pytest.raises(srcad.SrcadError, match='out given by position'):
        srcad.grad(f)(np.array([0.3, -0.6, 0.45]))


def add_reduce_out(x):
    out = np.zeros(())
    np.add.reduce(x ** 2, out=out)
    return float(out)


def maximum_accumulate_out(x):
    out = np.zeros(3)
    np.maximum.accumulate(x, out=out)
    return np.sum(out ** 2)


@pytest.mark.parametrize('f', [add_reduce_out, maximum_accumulate_out], ids=['reduce', 'accumulate'])
def test_out_keyword_into_a_ufunc_method(f):
    x = np.array([0.3, -0.6, 0.45])
    check_derivatives(f, x)
    assert np.any(srcad.grad(f)(x) != 0)


# -- W7: a helper whose result is unused, writing through an opaque builtin ------------------
def fill_through_builtin(src, dst):
    np.ndarray.__setitem__(dst, Ellipsis, src)


def helper_writes_through_builtin(x):
    out = np.zeros(3)
    fill_through_builtin(x * 2.0, out)
    return np.sum(out ** 2)


def ndimage_sobel(img):
    import scipy.ndimage as ndi
    return np.sum(ndi.sobel(img, axis=0) ** 2)


# (probe4 W7: refused since H11, tests/regressions/test_effect_only_helpers.py)
def test_helper_writing_through_builtin():
    x = np.array([0.3, -0.6, 0.45])
    try:
        g = srcad.grad(helper_writes_through_builtin)(x)
    except srcad.SrcadError:
        return  # a located refusal is acceptable too
    np.testing.assert_allclose(g, 8 * x)


# (probe4 W7: refused since H11, tests/regressions/test_effect_only_helpers.py)
def test_ndimage_sobel():
    img = np.random.RandomState(0).rand(4, 4)
    try:
        check_derivatives(ndimage_sobel, img, modes=('grad',))
    except srcad.SrcadError:
        return


def ndimage_correlate1d_output(img):
    import scipy.ndimage as ndi
    buf = np.zeros_like(img)
    ndi.correlate1d(img, [1.0, 2.0, 1.0], axis=0, output=buf)
    return np.sum(buf ** 2)


# (probe4 W7: refused since H11, tests/regressions/test_effect_only_helpers.py)
def test_ndimage_output_keyword():
    img = np.random.RandomState(0).rand(4, 4)
    try:
        check_derivatives(ndimage_correlate1d_output, img, modes=('grad',))
    except srcad.SrcadError:
        return


# -- W3 cousin (fixed by H4): np.clip's adjoint multiplied inf by its 0 mask ------------------
def sqrt_of_clip(x):
    return np.sum(np.sqrt(np.clip(x, 0.0, None)))


def angle_between_parallel_vectors(p):
    u, v = p[:2], p[2:]
    c = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    return np.arccos(np.clip(c * 1.0000001, -1.0, 1.0)) + np.sum(p)


def test_clip_adjoint_drops_the_clipped_branch():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        np.testing.assert_allclose(srcad.grad(sqrt_of_clip)(np.array([-0.5, 0.25])), [0.0, 1.0])
        np.testing.assert_allclose(
            srcad.grad(angle_between_parallel_vectors)(np.array([0.3, 0.4, 0.6, 0.8])), np.ones(4))


# -- W9 (fixed by H4: refused): writes into views srcad took for copies ----------------------
def write_into_split_part(x):
    y = x * 1.0
    a, b = np.split(y, [1])
    a[0] = 7.0
    return np.sum(y ** 2)


def write_into_unpacked_row(x):
    y = x * 1.0
    a, b = y.reshape(2, 2)
    a += 1.0
    return np.sum(y ** 2)


def write_into_flip(x):
    y = x * 1.0
    a = np.flip(y)
    a[-1] = 7.0
    return np.sum(y ** 2)


def write_into_mT(x):
    y = x * 1.0
    a = y.reshape(2, 2).mT
    a[0, 1] = 7.0
    return np.sum(y ** 2)


def split_parts_only_read(x):
    y = x * 1.0
    a, b = np.split(y, 2)
    return np.sum(a * b) + np.sum(np.flip(y) * y)


@pytest.mark.parametrize('f', [write_into_split_part, write_into_unpacked_row, write_into_flip,
                               write_into_mT], ids=['split', 'rows', 'flip', 'mT'])
def test_write_through_a_view_is_refused(f):
    with pytest.raises(srcad.SrcadError, match='refers to the same data'):
        srcad.grad(f)(np.array([0.3, -0.6, 0.45, 0.8]))


def test_views_only_read_still_differentiate():
    check_derivatives(split_parts_only_read, np.array([0.3, -0.6, 0.45, 0.8]))


class Box:
    def __init__(self, arr):
        self.arr = arr


def inplace_through_attribute_alias(x):
    y = x * 1.0
    o = Box(y)
    o.arr += 1.0
    return np.sum(y ** 2)


def test_inplace_through_attribute_alias():
    x = np.array([0.3, -0.6, 0.45])
    try:
        g = srcad.grad(inplace_through_attribute_alias)(x)
    except srcad.SrcadError:
        return
    np.testing.assert_allclose(g, 2 * (x + 1.0))


class Bag:
    pass


def inplace_through_attribute_set_later(x):
    y = x * 1.0
    o = Bag()
    o.w = y
    o.w -= 0.5
    return np.sum(y ** 2)


def inplace_through_namespace_attribute(x):
    import types
    y = x * 1.0
    o = types.SimpleNamespace(w=y)
    o.w += 1.0
    return np.sum(y ** 2)


@pytest.mark.parametrize('f, shift', [(inplace_through_attribute_set_later, -0.5),
                                      (inplace_through_namespace_attribute, 1.0)],
                         ids=['set-later', 'namespace'])
def test_inplace_through_other_attribute_aliases(f, shift):
    x = np.array([0.3, -0.6, 0.45])
    try:
        g = srcad.grad(f)(x)
    except srcad.SrcadError:
        return
    np.testing.assert_allclose(g, 2 * (x + shift))


# -- C4: hvp through a scipy.sparse matrix's .dot method crashed with a numpy AxisError ------
def sparse_dot_method(x):
    import scipy.sparse as sps
    L = sps.diags([np.ones(2), -2 * np.ones(3), np.ones(2)], [-1, 0, 1], format='csr')
    return np.sum(L.dot(x) ** 2)


def test_sparse_dot_method_right_or_refused():
    # (right in every mode, or srcad's own refusal: never a numpy AxisError from a runtime helper)
    for mode in ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp'):
        try:
            check_derivatives(sparse_dot_method, np.array([0.3, -0.6, 0.45]), modes=(mode,))
        except srcad.SrcadError:
            pass
