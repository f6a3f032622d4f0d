"""Library wave 6: library calls scientists use, where srcad refused a well-defined
derivative (or had a gap): logsumexp over -inf entries (masked attention, impossible
events), reparameterised draws with a fixed seed, scipy.fft, scipy.interpolate objects,
np.trapz gone in NumPy 2.4, and np.interp / np.polyfit / np.polyval / np.linalg.lstsq /
scipy.integrate.quad / scipy.optimize (the last two refused clearly)."""

import numpy as np
from scipy import fft as sfft
from scipy import integrate as quad_module
from scipy import interpolate, optimize, special

from ..case import case

_rng = np.random.default_rng(606)
S4 = np.array([0.3, -1.2, 0.8, 0.1])
MASK4 = np.array([True, False, True, True])
S34 = _rng.standard_normal((3, 4))
MASK34 = np.array([[True, True, False, False], [True, False, True, True],
                   [False, True, True, False]])
LOGP0 = np.array([np.log(0.5), -np.inf, np.log(0.3), np.log(0.2)])  # one impossible event
X6 = np.linspace(0.0, 2.5, 6)
Y6 = np.sin(X6) + 0.3 * X6
T5 = np.array([0.2, 0.7, 1.1, 1.9, 2.3])
SIG8 = _rng.standard_normal(8)
SIG44 = _rng.standard_normal((4, 4))


# ---------------------------------------------------------------- logsumexp with -inf

@case(S4)
def masked_logsumexp_scipy(s):
    return special.logsumexp(np.where(MASK4, s, -np.inf))


@case(S34)
def masked_attention_rows(S):
    z = np.where(MASK34, S, -np.inf)
    w = np.exp(z - special.logsumexp(z, axis=1, keepdims=True))
    return np.sum(w * np.arange(4.0))


@case(S4)
def logsumexp_impossible_event(theta):
    return special.logsumexp(LOGP0 + theta) - 0.5 * np.sum(theta ** 2)


@case(S4)
def logaddexp_reduce_masked(s):
    return np.logaddexp.reduce(np.where(MASK4, s, -np.inf))


@case(S4)
def manual_maxshift_logsumexp_masked(s):
    z = np.where(MASK4, 2.0 * s, -np.inf)
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


@case(S34)
def logsumexp_fully_masked_row_guarded(S):
    mask = MASK34.copy()
    mask[2] = False   # a row with every entry -inf: logsumexp is -inf there
    lse = special.logsumexp(np.where(mask, S, -np.inf), axis=1)
    return np.sum(np.where(np.isfinite(lse), lse, 0.0))


@case(S4)
def logaddexp_accumulate_leading_masked(s):
    z = np.where(np.array([False, True, False, True]), s, -np.inf)
    return np.sum(np.logaddexp.accumulate(z).clip(-5, None) * np.arange(1.0, 5.0))


@case(S34)
def manual_logsumexp_guarded_max_fully_masked_row(S):
    mask = MASK34.copy()
    mask[1] = False
    z = np.where(mask, S, -np.inf)
    m = np.max(z, axis=1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)   # (JAX's guard for a row of -inf)
    lse = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return np.sum(np.where(np.isfinite(lse), lse, 0.0))


@case(S4)
def logsumexp_b_with_zero_weight(s):
    return special.logsumexp(s, b=np.array([1.0, 0.0, 2.0, 0.5]))


# ---------------------------------------------------------------- reparameterised draws

@case(np.array([0.4, -0.3]))
def reparam_mu_plus_sigma_z(p):
    rng = np.random.default_rng(0)
    s = p[0] + np.exp(p[1]) * rng.normal(size=6)
    return np.mean(s ** 2)


@case(np.array([0.4, -0.3]))
def rng_normal_loc_scale(p):
    rng = np.random.default_rng(1)
    s = rng.normal(p[0], np.exp(p[1]), size=6)
    return np.mean(s ** 2)


@case(np.array([0.4, 0.2, -0.1]))
def rng_normal_vector_loc(p):
    rng = np.random.default_rng(2)
    s = rng.normal(p, 0.5)
    return np.sum(np.sin(s))


@case(np.array([0.4, -0.3]))
def legacy_np_random_normal_keywords(p):
    np.random.seed(3)
    s = np.random.normal(loc=p[0], scale=np.exp(p[1]), size=5)
    return np.sum(s ** 2)


@case(np.array([0.4, 1.3]))
def rng_uniform_low_high(p):
    rng = np.random.default_rng(4)
    u = rng.uniform(p[0], p[0] + p[1] ** 2, size=5)
    return np.sum(u ** 2)


@case(np.array([0.4, -0.3]))
def rng_exponential_scale(p):
    rng = np.random.default_rng(5)
    return np.sum(rng.exponential(np.exp(p[1]), size=4) ** 2)


@case(np.array([0.4, -0.3]))
def randomstate_normal(p):
    rs = np.random.RandomState(6)
    return np.sum(rs.normal(p[0], np.exp(p[1]), size=4) ** 2)


@case(np.array([0.4, 1.3]), expect='refused',
      why='rng.gamma(shape): rejection sampling, no pathwise derivative')
def legacy_gamma_shape_refused(p):
    np.random.seed(7)   # (was silently a constant: 'shape' read as an array shape)
    return np.sum(np.random.gamma(p[1], 1.0, size=3))


@case(np.array([0.4, -0.3]))
def rng_laplace_logistic_gumbel_lognormal(p):
    rng = np.random.default_rng(8)
    s = np.exp(p[1])
    return (np.sum(rng.laplace(p[0], s, size=3) ** 2) + np.sum(rng.logistic(p[0], s, size=3))
            + np.sum(rng.gumbel(p[0], s, size=2) ** 2) + np.sum(rng.lognormal(p[0], s, size=2)))


@case(np.array([0.4, -0.3]))
def rng_multivariate_normal_mean(m):
    rng = np.random.default_rng(9)
    return np.sum(rng.multivariate_normal(m, np.array([[1.0, 0.3], [0.3, 0.5]]), size=4) ** 2)


@case(np.array([0.4, 1.3]), expect='refused',
      why='rng.gamma(shape): rejection sampling, no pathwise derivative')
def rng_gamma_shape_refused(p):
    rng = np.random.default_rng(7)
    return np.sum(rng.gamma(p[1], 1.0, size=3))


# ---------------------------------------------------------------- scipy.fft

@case(SIG8)
def scipy_fft_power(x):
    return np.sum(np.abs(sfft.fft(x)) ** 2 * np.arange(8))


@case(SIG8)
def scipy_rfft_irfft_lowpass(x):
    X = sfft.rfft(x)
    X = X * (np.arange(5) < 3)
    return np.sum(sfft.irfft(X, n=8) ** 2)


@case(SIG8)
def scipy_ifft_of_fft_ortho(x):
    return np.sum(np.real(sfft.ifft(sfft.fft(x, norm='ortho') * np.arange(8), norm='ortho')) ** 2)


@case(SIG44)
def scipy_fft2_fftn(A):
    return np.sum(np.abs(sfft.fft2(A)) ** 2 * 0.1) + np.sum(np.real(sfft.fftn(A, axes=(0,))))


@case(SIG8)
def scipy_dct_ortho_energy(x):
    c = sfft.dct(x, norm='ortho')
    return np.sum(c[:4] ** 2 * np.arange(1.0, 5.0))


@case(SIG8)
def scipy_dct_types(x):
    return (np.sum(sfft.dct(x) * np.arange(8)) + np.sum(sfft.dct(x, type=1) ** 2)
            + np.sum(sfft.dct(x, type=3, norm='forward') * np.cos(np.arange(8)))
            + np.sum(sfft.dct(x, type=4) ** 2 * 0.01))


@case(SIG8)
def scipy_dst_and_idct(x):
    return (np.sum(sfft.dst(x, type=2) * np.arange(8))
            + np.sum(sfft.idct(x ** 2, norm='ortho') * np.sin(np.arange(8)))
            + np.sum(sfft.idst(x, type=1) ** 2))


@case(SIG44)
def scipy_dctn_2d(A):
    return np.sum(sfft.dctn(A, norm='ortho')[:2, :2] ** 2) + np.sum(sfft.idctn(A) * 0.1)


# ---------------------------------------------------------------- scipy.interpolate

@case(Y6, expect='refused',
      why='an interpolant built from differentiated y, then called (FALSE refusal: linear in '
          'y; needs the compiler to follow the object, as for frozen scipy.stats distributions)')
def interp1d_wrt_y(y):
    f = interpolate.interp1d(X6, y)
    return np.sum(f(T5) ** 2)


@case(T5)
def interp1d_wrt_t(t):
    f = interpolate.interp1d(X6, Y6)
    return np.sum(f(t) ** 2)


@case(Y6, expect='refused', why='CubicSpline(x, y) of differentiated y (FALSE refusal)')
def cubic_spline_wrt_y(y):
    cs = interpolate.CubicSpline(X6, y)
    return np.sum(cs(T5) ** 2)


@case(T5)
def cubic_spline_wrt_t(t):
    cs = interpolate.CubicSpline(X6, Y6, bc_type='natural')
    return np.sum(np.sin(cs(t)))


@case(Y6, expect='refused', why='make_interp_spline(x, y) of differentiated y (FALSE refusal)')
def make_interp_spline_wrt_y(y):
    spl = interpolate.make_interp_spline(X6, y, k=3)
    return np.sum(spl(T5) ** 2)


@case(T5)
def make_interp_spline_wrt_t(t):
    spl = interpolate.make_interp_spline(X6, Y6, k=3)
    return np.sum(spl(t) ** 2)


@case(X6 + 0.0, expect='refused', why='spline knots x differentiated')
def cubic_spline_wrt_knots_refused(x):
    return np.sum(interpolate.CubicSpline(x, Y6)(T5))


@case(T5)
def univariate_spline_and_pchip_wrt_t(t):
    us = interpolate.UnivariateSpline(X6, Y6, s=0.01)
    pc = interpolate.PchipInterpolator(X6, Y6)
    return np.sum(us(t) * pc(t))


@case(np.array([-0.3, 0.7, 1.1, 2.9]))
def interp1d_extrapolate_wrt_t(t):
    f = interpolate.interp1d(X6, Y6, kind='quadratic', fill_value='extrapolate')
    return np.sum(f(t) ** 2)


# ---------------------------------------------------------------- trapz / trapezoid

@case(Y6)
def trapezoid_getattr_fallback(y):
    integrate = getattr(np, 'trapezoid', None) or np.trapz
    return integrate(y ** 2, X6)


@case(Y6, expect='ok' if hasattr(np, 'trapz') else 'refused',
      why='np.trapz (gone in NumPy 2.4) in a branch never taken: the compiler resolves every '
          'callee (FALSE refusal; a compiler fix: refuse such a call when it runs)')
def trapz_dead_branch(y):
    if hasattr(np, 'trapezoid'):
        return np.trapezoid(y ** 2, x=X6)
    return np.trapz(y ** 2, x=X6)


# ---------------------------------------------------------------- others

@case(X6 + 0.0)
def np_interp_wrt_xp(xp):
    return np.sum(np.interp(T5, xp, Y6) ** 2)


@case(Y6)
def polyfit_polyval(y):
    p = np.polyfit(X6, y, 2)
    return np.sum(np.polyval(p, T5) ** 2)


@case(np.array([0.5, -1.0, 2.0]))
def polyval_wrt_coefficients(c):
    return np.sum(np.polyval(c, T5) ** 2)


@case(T5)
def polyval_wrt_x(t):
    return np.sum(np.polyval(np.array([0.5, -1.0, 2.0]), t) ** 2)


@case(Y6)
def lstsq_wrt_rhs(y):
    A = np.vander(X6, 3)
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    return np.sum(coef ** 2)


@case(np.array([[1.0, 0.2], [0.3, 1.5], [0.7, -0.4], [1.1, 0.9]]))
def lstsq_wrt_matrix(A):
    coef = np.linalg.lstsq(A, np.array([1.0, 2.0, 0.5, -1.0]), rcond=None)[0]
    return np.sum(coef ** 2)


@case(np.array([1.3]), expect='refused', why='scipy.integrate.quad: an adaptive integrator')
def quad_of_parameter(a):
    from scipy import integrate
    val, err = integrate.quad(lambda t: np.exp(-a[0] * t * t), 0.0, 1.0)
    return val


def _integrand(t, a):
    return np.exp(-a * t * t)


def _objective(z, p):
    return np.sum((z - p) ** 2)


@case(1.3, expect='refused', why='scipy.integrate.quad(f, 0, 1, args=(a,)): refused at its line')
def quad_args_module_level_integrand(a):
    return quad_module.quad(_integrand, 0.0, 1.0, args=(a,))[0]


@case(1.3, expect='refused', why='scipy.integrate.quad with a differentiated limit')
def quad_differentiated_limit(b):
    return quad_module.quad(_integrand, 0.0, b, args=(1.0,))[0]


@case(np.array([1.3, 0.4]), expect='refused',
      why='scipy.optimize.minimize(f, x0, args=(p,)): refused at its line')
def minimize_args(p):
    return np.sum(optimize.minimize(_objective, np.zeros(2), args=(p,)).x)


@case(np.array([0.3, -0.6, 0.5, 0.8]))
def rosen_and_rosen_der(x):
    return optimize.rosen(x) + 1e-3 * np.sum(optimize.rosen_der(x) ** 2)


@case(np.array([1.3, 0.4]), expect='refused', why='scipy.optimize result (implicit function)')
def optimize_minimize_result(p):
    from scipy import optimize
    res = optimize.minimize(lambda z: np.sum((z - p) ** 2), np.zeros(2))
    return np.sum(res.x)
