"""Issue 13, families A-C: value parameters, casts, integer inputs.

A. Every parameter of a rule that can receive a differentiated value has an adjoint
   (and a tangent), or a stated reason to carry none, or the call is refused when a
   differentiated value reaches it (in reverse and forward mode).
B. Casts to integer and boolean types carry no derivative; casts to floating point
   and complex types are the identity.
C. An integer or boolean input is refused, naming the parameter and its dtype, by
   every transform.
"""

import math

import numpy as np
import pytest

try:
    import scipy.special
except ImportError:  # pragma: no cover
    scipy = None

import srcad
from srcad.errors import InputError, NoRuleError, SrcadError
from srcad.rules import catalog, registry
from srcad.testing import check_derivatives

MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
x3 = np.array([0.3, -1.2, 0.7])


# --- A: parameters that now have adjoints and tangents ---------------------------------------
def full_fill(p):
    return np.sum(np.full(3, p[0]) * p[1]) + np.sum(np.full((2, 2), p[:2]) ** 2)


def full_like_fill(a):
    return np.sum(np.full_like(x3, a) * x3) + a


def linspace_ends(ab):
    return np.sum(np.sin(np.linspace(ab[0], ab[1], 5)) ** 2)


def linspace_retstep(L):
    t, dt = np.linspace(0.0, L, 6, retstep=True)
    return np.sum(t ** 2) * dt


def linspace_axis(hi):
    return np.sum(np.linspace(np.array([0.1, 0.2]), hi, 4, axis=1) ** 3)


def logspace_all(p):
    return np.sum(np.sqrt(np.logspace(p[0], p[1], 5, base=p[2])))


def geomspace_ends(p):
    return np.sum(np.log(np.geomspace(p[0], p[1], 6)) ** 2)


def heaviside_at_zero(h):
    return np.sum(np.heaviside(np.array([0.0, 1.0, 0.0, -1.0]), h) * np.arange(1.0, 5.0)) ** 2


def nan_to_num_values(v):
    data = np.array([np.nan, 1.0, np.inf, -np.inf, np.nan])
    return np.sum(np.nan_to_num(data, nan=v[0], posinf=v[1], neginf=v[2]) ** 2)


def pad_constant(v):
    return np.sum(np.pad(np.ones((2, 2)), ((1, 0), (2, 1)), constant_values=((v[0], v[1]),
                                                                              (v[2], v[0]))) ** 2)


def pad_ramp(e):
    return np.sum(np.pad(x3, (2, 3), mode='linear_ramp', end_values=e) ** 2)


def interp_edges(lr):
    q = np.array([-1.0, 0.5, 3.0, 4.0])
    return np.sum(np.interp(q, [0.0, 1.0, 2.0], [1.0, 2.0, 0.5], left=lr[0], right=lr[1]) ** 2)


def fftfreq_spacing(d):
    return np.sum(np.fft.fftfreq(6, d) ** 2) + np.sum(np.fft.rfftfreq(5, d))


@pytest.mark.parametrize('f, arg', [
    (full_fill, np.array([0.7, -1.3])),
    (full_like_fill, 0.4),
    (linspace_ends, np.array([-0.4, 1.1])),
    (linspace_retstep, 1.7),
    (linspace_axis, np.array([1.3, 2.1])),
    (logspace_all, np.array([-0.5, 0.8, 2.5])),
    (geomspace_ends, np.array([0.3, 5.0])),
    (heaviside_at_zero, 0.3),
    (nan_to_num_values, np.array([0.5, 3.0, -2.0])),
    (pad_constant, np.array([0.5, -1.5, 2.0])),
    (pad_ramp, np.array([2.0, -1.0])),
    (interp_edges, np.array([-0.5, 2.5])),
    (fftfreq_spacing, 0.3),
], ids=lambda v: getattr(v, '__name__', ''))
def test_value_parameters_have_derivatives(f, arg):
    check_derivatives(f, arg, modes=MODES)


# --- A: parameters without a rule are refused, in reverse and forward mode --------------------
def quantile_level(q):
    return np.quantile(x3, q)


def gammainc_shape(a):
    return scipy.special.gammainc(a, 2.0)


def zeta_exponent(s):
    return scipy.special.zeta(s, 1.5)


def interp_period(p):
    return np.sum(np.interp(x3, [0.0, 1.0], [1.0, 2.0], period=p))


def norm_order(p):
    return np.linalg.norm(x3, ord=p)


def arange_start(a):
    return np.sum(np.arange(a, 3.0))


@pytest.mark.parametrize('f, arg, what', [
    (quantile_level, 0.3, "np.quantile with respect to its parameter 'q'"),
    (gammainc_shape, 1.5, "scipy.special.gammainc with respect to its parameter 'a'"),
    (zeta_exponent, 2.5, "scipy.special.zeta with respect to its parameter 'x'"),
    (interp_period, 2.5, "np.interp with respect to its parameter 'period'"),
    (norm_order, 3.0, "np.linalg.norm with respect to its parameter 'ord'"),
    (arange_start, 0.5, "np.arange with respect to its parameter 'start'"),
], ids=lambda v: getattr(v, '__name__', ''))
@pytest.mark.parametrize('mode', ['grad', 'jvp'])
def test_parameters_without_a_rule_are_refused(f, arg, what, mode):
    pytest.importorskip('scipy.special')
    with pytest.raises(NoRuleError) as info:
        if mode == 'grad':
            srcad.grad(f)(arg)
        else:
            srcad.jvp(f, (arg,), (1.0,))
    text = str(info.value)
    assert what in text and 'depends on a differentiated input' in text
    assert 'test_params_and_casts.py' in text and 'hint:' in text


def quantile_of_constant_level(x):
    return np.quantile(x, 0.3) + np.sum(np.full(2, 0.5) * x[:2])


def test_constant_values_in_those_parameters_are_fine():
    check_derivatives(quantile_of_constant_level, np.array([0.3, -1.2, 0.7, 2.0]), modes=MODES)


def test_every_parameter_is_classified():
    """The audit: every parameter of every built-in rule has a derivative, a reason to
    carry none, or is refused; the refused ones include these (rules added later may
    add more)."""
    pytest.importorskip('scipy.special')
    rows = catalog.parameters()
    assert len(rows) > 500
    for name, param, reverse, forward, why in rows:
        assert reverse in ('derivative', 'constant', 'refused')
        assert forward in ('derivative', 'constant', 'refused')
        if 'constant' in (reverse, forward):
            assert why, (name, param)
    assert set(catalog.refused_parameters()) >= {
        ('max', 'default'), ('min', 'default'), ('np.arange', 'start'), ('np.arange', 'step'),
        ('np.histogram_bin_edges', 'a'), ('np.histogram_bin_edges', 'bins'),
        ('np.histogram_bin_edges', 'range'), ('np.interp', 'period'),
        ('np.linalg.norm', 'ord'), ('np.linalg.vector_norm', 'ord'),
        ('np.nanpercentile', 'q'), ('np.nanquantile', 'q'), ('np.nanstd', 'ddof'),
        ('np.nanvar', 'ddof'), ('np.percentile', 'q'), ('np.quantile', 'q'),
        ('np.std', 'ddof'), ('np.var', 'ddof'),
        ('scipy.special.gammainc', 'a'), ('scipy.special.gammaincc', 'a'),
        ('scipy.special.zeta', 'x')}


def test_a_users_rule_without_an_adjoint_for_a_parameter_refuses_it():
    def scaled(x, s):
        return x * s

    registry.adjoint(scaled, 'x, s', x='g * s')

    def f(a):
        return scaled(2.0, a)
    with pytest.raises(NoRuleError, match="parameter 's'"):
        srcad.grad(f)(0.5)


# --- B: casts ----------------------------------------------------------------------------------
def astype_int(x):
    return np.sum(x * x.astype(int))


def int_of_scalar(a):
    return a * int(a) + a * np.int64(a) + a * bool(a) + a * round(a) + a * math.floor(a)


def asarray_int(x):
    return np.sum(x * np.asarray(x, dtype=int)) + np.sum(x * np.array(x, dtype=np.int32))


def bool_mask(x):
    return np.sum(x * x.astype(bool))


def int_buffer(x):
    k = np.zeros(3, dtype=int)
    k[0] = x[2] * 3.0
    for i in range(1, 3):
        k[i] = x[i] * 2.0
    return np.sum(x * k)


def sum_int_dtype(x):
    return np.sum(x) * np.sum(x, dtype=int)


def full_int(a):
    return np.sum(np.full(3, 2.0 * a, dtype=int) * a)


@pytest.mark.parametrize('f, arg', [
    (astype_int, np.array([1.3, 2.7, 0.6])), (int_of_scalar, 1.7),
    (asarray_int, np.array([1.3, 2.7, 0.6])), (bool_mask, x3),
    (int_buffer, np.array([1.3, 2.7, 0.6])), (sum_int_dtype, np.array([1.3, 2.7, 0.6])),
    (full_int, 1.3),
], ids=lambda v: getattr(v, '__name__', ''))
def test_casts_to_integers_carry_no_derivative(f, arg):
    check_derivatives(f, arg, modes=MODES)


def test_int_cast_of_an_array_known_only_when_running():
    def f(x, dt):
        return np.sum(x * x.astype(dt))
    x = np.array([1.3, 2.7, 0.6])
    np.testing.assert_allclose(srcad.grad(f)(x, np.int64), np.floor(x))
    np.testing.assert_allclose(srcad.grad(f)(x, np.float64), 2 * x)
    np.testing.assert_allclose(srcad.jvp(f, (x, np.int64), (np.ones(3), None))[1],
                               np.sum(np.floor(x)))


def test_casts_to_float_types_are_the_identity():
    def f(x):
        return np.sum(x.astype(np.float32) * x) + np.float32(x[0]) * x[1] + float(x[2]) ** 2

    x = np.array([0.3, -1.2, 0.7])
    expected = 2 * x + np.array([x[1], x[0], 2 * x[2]])
    np.testing.assert_allclose(srcad.grad(f)(x), expected, rtol=1e-6)
    v = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(srcad.jvp(f, (x,), (v,))[1], expected @ v, rtol=1e-6)


def test_casts_to_complex_are_the_identity():
    def f(a):
        return abs(complex(a, 2.0 * a)) ** 2 + np.real(np.complex128(a) * (1 - 1j)) * a
    check_derivatives(f, 0.7, modes=MODES)


def test_dtype_unknown_to_the_source_is_refused_outside_casts():
    def f(x):
        dt = x.dtype
        return np.sum(x ** 2, dtype=dt)
    with pytest.raises(NoRuleError, match='dtype=dt'):
        srcad.grad(f)(x3)


# --- C: integer and boolean inputs ----------------------------------------------------------------
def sum_of_squares(x):
    return np.sum(x * x)


def sum_of_halves(x):
    return np.sum(x * 0.5)


TRANSFORMS = {
    'grad': lambda f, x: srcad.grad(f)(x),
    'value_and_grad': lambda f, x: srcad.value_and_grad(f)(x),
    'vjp': lambda f, x: srcad.vjp(f, x)[1](1.0),
    'jvp': lambda f, x: srcad.jvp(f, (x,), (np.ones(np.shape(x)),)),
    'hvp': lambda f, x: srcad.hvp(f, (x,), np.ones(np.shape(x))),
    'jacfwd': lambda f, x: srcad.jacfwd(f)(x),
    'jacrev': lambda f, x: srcad.jacrev(f)(x),
    'hessian': lambda f, x: srcad.hessian(f)(x),
}


@pytest.mark.parametrize('transform', TRANSFORMS)
@pytest.mark.parametrize('f', [sum_of_squares, sum_of_halves], ids=lambda f: f.__name__)
@pytest.mark.parametrize('x, kind', [(np.arange(3), 'int64'),
                                     (np.array([True, False]), 'bool')], ids=['int', 'bool'])
def test_integer_inputs_are_refused_everywhere(transform, f, x, kind):
    with pytest.raises(InputError) as info:
        TRANSFORMS[transform](f, x)
    text = str(info.value)
    assert f"with respect to 'x': it is {kind}, not floating point" in text
    assert 'np.asarray(x, dtype=float)' in text


def test_python_int_input_is_refused():
    with pytest.raises(InputError, match="'a': it is int"):
        srcad.grad(lambda a: a * a)(3)
    with pytest.raises(InputError, match="'a': it is int"):
        srcad.jvp(lambda a: a * a, (3,), (1.0,))


def test_integer_argument_outside_wrt_is_still_fine():
    def f(x, n):
        return np.sum(x ** n)
    x = np.array([0.5, 1.5])
    np.testing.assert_allclose(srcad.grad(f)(x, 3), 3 * x ** 2)
    np.testing.assert_allclose(srcad.jvp(f, (x, 3), (np.ones(2), 0))[1], np.sum(3 * x ** 2))
    np.testing.assert_allclose(srcad.hvp(f, (x, 3), np.ones(2)), 6 * x)


def test_refusals_are_srcad_errors():
    assert issubclass(InputError, SrcadError) and issubclass(NoRuleError, SrcadError)
