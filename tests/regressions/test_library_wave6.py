"""Library wave 6: logsumexp over -inf entries, reparameterised draws, scipy.fft,
scipy.interpolate objects called at differentiated points, scipy.optimize.rosen, and
SciPy's solvers refused at the user's line (tests/corpus/programs/library_wave6.py)."""

import warnings

import numpy as np
import pytest
from scipy import fft as sfft
from scipy import integrate, interpolate, optimize, special

import srcad
from srcad.testing import check_derivatives

ALL = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
S4 = np.array([0.3, -1.2, 0.8, 0.1])
MASK = np.array([True, False, True, True])
NONE = np.zeros(4, dtype=bool)
X6 = np.linspace(0.0, 2.5, 6)
Y6 = np.sin(X6) + 0.3 * X6
T5 = np.array([0.2, 0.7, 1.1, 1.9, 2.3])


def _strict(fn, *args, **kw):
    """check_derivatives with NumPy's warnings (invalid value, divide) made errors."""
    with warnings.catch_warnings():
        warnings.simplefilter('error', RuntimeWarning)
        check_derivatives(fn, *args, modes=ALL, **kw)


# --- logsumexp and friends over -inf entries ------------------------------------------

def lse_fully_masked_clipped(s):
    return np.maximum(special.logsumexp(np.where(NONE, s, -np.inf)), -50.0) + np.sum(s ** 2)


def lse_rows_one_fully_masked(s):
    z = np.vstack([np.where(MASK, s, -np.inf), np.full(4, -np.inf)])
    return np.sum(np.nan_to_num(special.logsumexp(z, axis=1), neginf=0.0))


def logaddexp_reduce_rows_one_fully_masked(s):
    z = np.where(np.array([[True] * 4, [False] * 4]), s, -np.inf)
    return np.sum(np.logaddexp.reduce(z, axis=1).clip(-5, None))


def logaddexp_accumulate_leading_minus_inf(s):
    z = np.where(np.array([False, True, False, True]), s, -np.inf)
    return np.sum(np.logaddexp.accumulate(z).clip(-5, None) * np.arange(1.0, 5.0))


@pytest.mark.parametrize('fn', [lse_fully_masked_clipped, lse_rows_one_fully_masked,
                                logaddexp_reduce_rows_one_fully_masked,
                                logaddexp_accumulate_leading_minus_inf])
def test_minus_inf_entries_have_zero_weight_without_nan_or_warnings(fn):
    _strict(fn, S4.copy())


def test_masked_logsumexp_gradient_is_the_softmax_of_the_kept_entries():
    def f(s):
        return special.logsumexp(np.where(MASK, s, -np.inf))
    e = np.where(MASK, np.exp(S4), 0.0)
    np.testing.assert_allclose(srcad.grad(f)(S4), e / e.sum())


# --- reparameterised draws -------------------------------------------------------------

def _draw(kind, name, seed=0):
    rng = np.random.default_rng(seed) if kind == 'gen' else np.random.RandomState(seed)
    return getattr(rng, name)


@pytest.mark.parametrize('kind', ['gen', 'legacy'])
@pytest.mark.parametrize('name', ['normal', 'laplace', 'logistic', 'gumbel', 'lognormal'])
def test_location_scale_draws(kind, name):
    def f(p):
        draw = _draw(kind, name, 3)
        return np.sum(np.tanh(draw(p[0], np.exp(p[1]), size=5)))
    check_derivatives(f, np.array([0.2, -0.4]), modes=ALL)


@pytest.mark.parametrize('kind', ['gen', 'legacy'])
def test_uniform_exponential_rayleigh(kind):
    def f(p):
        u = _draw(kind, 'uniform', 4)(p[0], p[0] + p[1] ** 2, size=4)
        e = _draw(kind, 'exponential', 5)(np.exp(p[1]), size=3)
        r = _draw(kind, 'rayleigh', 6)(p[1] ** 2 + 0.5, size=3)
        return np.sum(u ** 2) + np.sum(np.sqrt(e)) + np.sum(r * u[:3])
    check_derivatives(f, np.array([0.2, 1.3]), modes=ALL)


def test_legacy_module_level_draws_with_keywords():
    def f(p):
        np.random.seed(7)
        a = np.random.normal(loc=p[0], scale=np.exp(p[1]), size=4)
        b = np.random.uniform(low=p[0], high=2.0 + p[1], size=4)
        return np.sum(a * b)
    check_derivatives(f, np.array([0.2, -0.4]), modes=ALL)


def test_reparameterisation_gradient_is_the_standard_draw():
    """d/dscale sum(rng.normal(loc, scale, n)) = sum(z), z the same seed's standard draws."""
    def f(p):
        return np.sum(np.random.default_rng(11).normal(p[0], p[1], size=6))
    z = np.random.default_rng(11).standard_normal(6)
    np.testing.assert_allclose(srcad.grad(f)(np.array([0.5, 2.0])), [6.0, z.sum()])


def test_multivariate_normal_in_its_mean():
    def f(m):
        z = np.random.default_rng(1).multivariate_normal(m, np.eye(2) * 0.5, size=3)
        return np.sum(z ** 2)
    check_derivatives(f, np.array([0.3, -0.2]), modes=ALL)


def test_multivariate_normal_cov_refused():
    def f(c):
        return np.sum(np.random.default_rng(1).multivariate_normal(np.zeros(2), c * np.eye(2)))
    with pytest.raises(srcad.SrcadError, match='cov'):
        srcad.grad(f)(1.5)


@pytest.mark.parametrize('kind', ['gen', 'legacy'])
def test_gamma_shape_refused(kind):
    def f(p):
        return np.sum(_draw(kind, 'gamma', 2)(p[0], 1.0, size=3))
    with pytest.raises(srcad.SrcadError, match='gamma'):
        srcad.grad(f)(np.array([1.5]))


def test_legacy_gamma_refusal_names_the_parameter():
    def f(p):
        np.random.seed(0)
        return np.sum(np.random.gamma(p[0], 1.0, size=3))
    with pytest.raises(srcad.SrcadError, match="'shape'"):
        srcad.grad(f)(np.array([1.5]))


def test_zero_scale_refused_when_it_runs():
    def f(p):
        return np.sum(np.random.default_rng(0).normal(1.0, p[0] * 0.0, size=3))
    with pytest.raises(srcad.SrcadError, match='zero scale'):
        srcad.grad(f)(np.array([1.5]))


# --- scipy.fft ----------------------------------------------------------------------

@pytest.mark.parametrize('name', ['dct', 'idct', 'dst', 'idst'])
@pytest.mark.parametrize('type_', [1, 2, 3, 4])
@pytest.mark.parametrize('norm', [None, 'ortho', 'forward'])
@pytest.mark.parametrize('n', [None, 9, 5])
def test_r2r_adjoint_is_the_transpose_of_scipys_matrix(name, type_, norm, n):
    from srcad.rules.scipy.fft import r2r_adjoint
    size = 7
    matrix = getattr(sfft, name)(np.eye(size), type=type_, n=n, axis=0, norm=norm)
    g = np.random.default_rng(type_).standard_normal(matrix.shape[0])
    got = r2r_adjoint(g, np.zeros(size), type_, n, 0, norm, None, name.lstrip('i'),
                      name.startswith('i'))
    np.testing.assert_allclose(got, matrix.T @ g, atol=1e-12)


def scipy_transforms(x):
    X = sfft.rfft(x, n=10)
    y = sfft.irfft(X * np.linspace(1.0, 0.0, 6), n=8)
    c = sfft.dct(x, type=3, n=6) + sfft.idst(x[:6], type=4, norm='ortho')
    return np.sum(y ** 2) + np.sum(np.abs(sfft.ifft(x, norm='forward')) ** 2) + np.sum(c ** 2)


def scipy_nd_transforms(A):
    B = sfft.dctn(A, type=1, s=(5, 3), axes=(0, 1)) + 0.0
    C = sfft.idstn(A, axes=(1,), norm='ortho')
    return np.sum(B ** 2) * 0.01 + np.sum(C * A) + np.sum(np.abs(sfft.fftn(A, s=(2, 6))) ** 2)


def test_scipy_fft_functions():
    rng = np.random.default_rng(2)
    check_derivatives(scipy_transforms, rng.standard_normal(8), modes=ALL)
    check_derivatives(scipy_nd_transforms, rng.standard_normal((4, 5)), modes=ALL)


def test_scipy_fft_orthogonalize_refused_when_it_runs():
    def f(x):
        return np.sum(sfft.dct(x, norm='ortho', orthogonalize=False) ** 2)
    with pytest.raises(srcad.SrcadError, match='orthogonalize'):
        srcad.grad(f)(np.ones(4))


# --- scipy.interpolate ------------------------------------------------------------------

def _interpolants():
    yield 'cubic', interpolate.CubicSpline(X6, Y6)
    yield 'pchip', interpolate.PchipInterpolator(X6, Y6)
    yield 'akima', interpolate.Akima1DInterpolator(X6, Y6)
    yield 'bspline', interpolate.make_interp_spline(X6, Y6, k=3)
    yield 'univariate', interpolate.UnivariateSpline(X6, Y6, s=0.01)
    yield 'interp1d', interpolate.interp1d(X6, Y6)
    yield 'interp1d_cubic', interpolate.interp1d(X6, Y6, kind='cubic')
    yield 'interp1d_extrapolate', interpolate.interp1d(X6, Y6, fill_value='extrapolate')
    yield 'interp1d_fill', interpolate.interp1d(X6, Y6, bounds_error=False, fill_value=0.5)
    yield 'interp1d_nearest', interpolate.interp1d(X6, Y6, kind='nearest')
    yield 'cubic_2d', interpolate.CubicSpline(X6, np.stack([Y6, Y6 ** 2], axis=1))


INTERPOLANTS = dict(_interpolants())


@pytest.mark.parametrize('name', list(INTERPOLANTS))
def test_interpolant_called_at_differentiated_points(name):
    obj = INTERPOLANTS[name]

    def f(t):
        return np.sum(np.sin(obj(t)))
    t = np.array([-0.2, 0.37, 1.13, 1.71, 2.6]) if 'extra' in name or 'fill' in name else T5
    check_derivatives(f, t, modes=ALL)


def test_interpolant_derivative_argument():
    cs = interpolate.CubicSpline(X6, Y6)

    def f(t):
        return np.sum(cs(t, 1) ** 2) + np.sum(cs(t, nu=2))
    check_derivatives(f, T5, modes=ALL)


def test_spline_built_from_differentiated_data_refused():
    def f(y):
        return np.sum(interpolate.CubicSpline(X6, y)(T5))
    with pytest.raises(srcad.SrcadError, match='depends on a differentiated input'):
        srcad.grad(f)(Y6)


def test_interp1d_of_2d_data_refused_at_points():
    f2 = interpolate.interp1d(X6, np.stack([Y6, Y6], axis=1), axis=0)

    def f(t):
        return np.sum(f2(t))
    with pytest.raises(srcad.SrcadError, match='1-D y'):
        srcad.grad(f)(T5)


# --- scipy.optimize / scipy.integrate -----------------------------------------------------

def integrand(t, a):
    return np.exp(-a * t * t)


def quad_in_args(a):
    return integrate.quad(integrand, 0.0, 1.0, args=(a,))[0]


def quad_in_limit(b):
    return integrate.quad(integrand, 0.0, b, args=(1.0,))[0]


def objective(z, p):
    return np.sum((z - p) ** 2)


def minimize_in_args(p):
    return np.sum(optimize.minimize(objective, np.zeros(2), args=(p,)).x)


@pytest.mark.parametrize('fn, what', [(quad_in_args, "scipy.integrate.quad .*'args'"),
                                      (quad_in_limit, "scipy.integrate.quad .*'b'"),
                                      (minimize_in_args, "scipy.optimize.minimize .*'args'")])
def test_solvers_refused_at_the_users_line(fn, what):
    arg = np.array([1.3, 0.4]) if fn is minimize_in_args else 1.3
    with pytest.raises(srcad.errors.NoRuleError, match=what) as info:
        srcad.grad(fn)(arg)
    assert 'test_library_wave6.py' in str(info.value)


def test_solver_on_constants_is_a_constant():
    def f(p):
        return p * integrate.quad(integrand, 0.0, 1.0, args=(1.0,))[0]
    check_derivatives(f, 1.3, modes=ALL)


def rosen_objective(x):
    return optimize.rosen(x) + np.sum(optimize.rosen_der(x) ** 2) * 1e-3


def test_rosen_and_its_gradient():
    check_derivatives(rosen_objective, np.array([0.3, -0.6, 0.5, 0.8, -1.2]), modes=ALL)
    check_derivatives(rosen_objective, np.array([0.3, -0.6]), modes=ALL)
