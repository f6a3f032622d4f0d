"""Issue 13, families A-C: value parameters of library calls (fill values, endpoints,
replacement values, pad values), casts, and integer inputs.

Programs of the first kind must differentiate through the parameter; casts to
integers and booleans carry no derivative (the truncated value is a constant);
parameters srcad has no rule for are refused when a differentiated value reaches them.
"""

import math

import numpy as np
import scipy.special

from ..case import case

x3 = np.array([0.3, -1.2, 0.7])
x4 = np.array([0.45, -0.8, 1.3, 0.2])
w3 = np.array([1.35, -0.65, 2.2])
img = np.array([[0.2, -0.4, 0.9], [1.1, 0.3, -0.7]])


# --- A: fill values ---------------------------------------------------------------------
@case(np.array([1.0, 2.0]))
def bias_filled_layer(p):
    # a layer whose bias starts as one learned number everywhere
    b = np.full(4, p[0])
    h = np.tanh(x4 * p[1] + b)
    return np.sum(h ** 2)


@case(0.35)
def full_like_initial_state(a):
    state = np.full_like(x3, a)
    for _ in range(3):
        state = 0.5 * state + 0.25 * x3
    return np.sum(state ** 2)


@case(np.array([0.5, -0.25]))
def full_with_array_fill(v):
    grid = np.full((3, 2), v)  # v broadcast along rows
    return np.sum(grid * img.T) + np.sum(grid ** 3)


@case(1.3)
def full_then_cumsum(a):
    steps = np.full(5, a)
    return np.sum(np.cumsum(steps) ** 2) / 10.0


# --- A: evenly spaced values ---------------------------------------------------------------
@case(2.4)
def trapezoid_on_learned_interval(L):
    # integrate exp(-t) on [0, L] with the trapezoid rule
    t = np.linspace(0.0, L, 11)
    f = np.exp(-t)
    return np.sum((f[1:] + f[:-1]) * (t[1:] - t[:-1])) / 2.0


@case(np.array([-0.5, 1.5]))
def linspace_both_endpoints(ab):
    t = np.linspace(ab[0], ab[1], 7)
    return np.sum(np.sin(t)) * (ab[1] - ab[0])


@case(0.8)
def linspace_no_endpoint(T):
    t = np.linspace(0.0, T, 8, endpoint=False)
    return np.sum(np.cos(3.0 * t) * t)


@case(np.array([0.2, 0.5]), np.array([1.0, 2.0]))
def linspace_array_endpoints(lo, hi):
    grid = np.linspace(lo, hi, 5)  # shape (5, 2)
    return np.sum(grid ** 2 * np.array([1.0, 0.5]))


@case(np.array([0.2, 0.5]), np.array([1.0, 2.0]), wrt=1)
def linspace_along_last_axis(lo, hi):
    grid = np.linspace(lo, hi, 4, axis=-1)  # shape (2, 4)
    return np.sum(np.log1p(grid ** 2))


@case(1.7)
def linspace_retstep(L):
    t, dt = np.linspace(0.0, L, 6, retstep=True)
    return np.sum(t * t) * dt


@case(np.array([-1.0, 0.5]))
def logspace_frequencies(p):
    freqs = np.logspace(p[0], p[1], 6)
    return np.sum(1.0 / (1.0 + freqs ** 2))


@case(2.5)
def logspace_base(b):
    w = np.logspace(0.0, 1.5, 5, base=b)
    return np.sum(np.sqrt(w))


@case(0.3, 4.0)
def geomspace_scales(lo, hi):
    s = np.geomspace(lo, hi, 5)
    return np.sum(np.log(s) ** 2) + np.sum(s) * 0.1


@case(4.0, wrt=0)
def geomspace_stop(hi):
    s = np.geomspace(0.5, hi, 4)
    return np.sum(1.0 / s)


# --- A: step functions, replacement values -----------------------------------------------------
@case(0.3)
def heaviside_value_at_zero(h0):
    # a step with a learned value exactly at the jump (data with zeros in it)
    data = np.array([-1.0, 0.0, 2.0, 0.0])
    return np.sum(np.heaviside(data, h0) * np.array([1.0, 2.0, 3.0, 4.0])) ** 2


@case(x3)
def heaviside_gate(w):
    data = np.array([0.0, 1.5, -0.5])
    return np.sum(np.heaviside(data, w) * w)


@case(0.25)
def nan_to_num_learned_fill(fill):
    data = np.array([1.0, np.nan, 3.0, np.nan])
    clean = np.nan_to_num(data, nan=fill)
    return np.sum(clean ** 2)


@case(np.array([5.0, -4.0]))
def nan_to_num_infinities(caps):
    data = np.array([1.0, np.inf, -np.inf, 2.0, np.inf])
    clean = np.nan_to_num(data, posinf=caps[0], neginf=caps[1])
    return np.sum(np.tanh(clean / 3.0))


@case(x3)
def nan_to_num_of_ratio(x):
    r = np.nan_to_num(np.log(np.abs(x)), nan=0.0, posinf=1.0, neginf=-1.0)
    return np.sum(r * x)


# --- A: padding --------------------------------------------------------------------------------
@case(0.4)
def image_padded_with_learned_border(c):
    padded = np.pad(img, 1, constant_values=c)
    kernel = np.array([[0.25, 0.5], [0.5, 0.25]])
    out = padded[1:, 1:] * kernel[0, 0] + padded[:-1, :-1] * kernel[1, 1]
    return np.sum(out ** 2)


@case(np.array([0.5, -1.0]))
def pad_before_after_values(v):
    padded = np.pad(x3, (2, 1), constant_values=(v[0], v[1]))
    return np.sum(np.sin(padded) * np.arange(1.0, 7.0))


@case(img)
def pad_both_array_and_values(a):
    padded = np.pad(a, ((1, 0), (0, 2)), constant_values=np.mean(a))
    return np.sum(padded ** 2)


@case(np.array([2.0, -1.0]))
def pad_linear_ramp_end_values(e):
    padded = np.pad(x3, (3, 2), mode='linear_ramp', end_values=(e[0], e[1]))
    return np.sum(padded ** 3)


# --- A: interpolation ---------------------------------------------------------------------------
@case(np.array([-0.5, 2.5]))
def interp_extrapolation_values(lr):
    xp = np.array([0.0, 1.0, 2.0])
    fp = np.array([1.0, 3.0, 2.0])
    q = np.array([-1.0, 0.5, 1.5, 3.0, 4.0])
    y = np.interp(q, xp, fp, left=lr[0], right=lr[1])
    return np.sum(y ** 2)


@case(np.array([1.0, 3.0, 2.0]))
def interp_table_with_edges(fp):
    xp = np.array([0.0, 1.0, 2.0])
    q = np.array([-0.5, 0.25, 1.75, 2.5])
    y = np.interp(q, xp, fp, left=fp[0] * 0.5, right=fp[-1] * 2.0)
    return np.sum(y * np.array([1.0, 2.0, 3.0, 4.0]))


# --- A: fftfreq, nextafter ----------------------------------------------------------------------
@case(0.1)
def spectrum_with_sample_spacing(dt):
    f = np.fft.fftfreq(8, d=dt)
    return np.sum(np.exp(-(f * 0.05) ** 2))


@case(0.2)
def rfft_frequencies_power(dt):
    f = np.fft.rfftfreq(6, dt)
    return np.sum(1.0 / (1.0 + f ** 2))


@case(x3)
def nextafter_nudge(x):
    y = np.nextafter(x, np.inf)
    return np.sum(y ** 2)


# --- B: casts to integers and booleans carry no derivative ---------------------------------
@case(np.array([1.3, 2.7, 0.6]))
def astype_int_bins(x):
    k = x.astype(int)
    return np.sum(x * k)


@case(2.7)
def int_index_weight(a):
    n = int(a)
    return a * n + a ** 2


@case(1.7)
def numpy_int_scalar(a):
    return a * np.int64(a) + np.int32(2.0 * a)


@case(0.7)
def bool_cast_gate(a):
    return a * bool(a) + a * a


@case(x3)
def astype_bool_mask(x):
    m = x.astype(bool)
    return np.sum(x * m) + np.sum(x ** 2 * (x > 0).astype(float))


@case(2.6)
def round_builtin(a):
    return a * round(a) + round(a, 1) * a


@case(1.6)
def math_floor_ceil(a):
    return a * math.floor(a) + a * math.ceil(2 * a)


@case(np.array([1.3, 2.7, 0.6]))
def asarray_int_dtype(x):
    k = np.asarray(x, dtype=int)
    return np.sum(x * k)


@case(np.array([1.3, 2.7, 0.6]))
def array_int32_dtype(x):
    k = np.array(x * 2.0, dtype=np.int32)
    return np.sum(x * k)


@case(np.array([1.3, 2.7, 0.6]))
def float_written_into_int_buffer(x):
    k = np.zeros(3, dtype=int)
    k[0] = x[2] * 3.0
    return np.sum(x * k)


@case(np.array([1.3, 2.7, 0.6]))
def int_buffer_filled_in_loop(x):
    counts = np.zeros(3, int)
    for i in range(3):
        counts[i] = x[i] * 2.0
    return np.sum(x ** 2 * counts)


@case(np.array([1.3, 2.7, 0.6]))
def sum_with_int_dtype(x):
    return np.sum(x) * np.sum(x, dtype=int)


@case(np.array([1.3, 2.7, 0.6]))
def astype_string_dtype(x):
    k = x.astype('int32')
    return np.sum(np.sin(x) * k)


@case(1.3)
def full_with_int_dtype(a):
    k = np.full(3, a * 2.0, dtype=int)
    return np.sum(k * a) + a ** 2


@case(2.3)
def linspace_with_int_dtype(a):
    idx = np.linspace(0.0, a * 3.0, 4, dtype=int)
    return np.sum(idx * a)


@case(np.array([1.3, 2.7, 0.6]))
def histogram_style_counts(x):
    # bin each value, then weight by the (constant) bin index
    bins = np.floor(x / 0.5).astype(np.int64)
    return np.sum(x ** 2 * bins)


# --- B: casts to floating point and complex stay the identity ----------------------------------
@case(1.7)
def float_cast_identity(a):
    return a * float(a) + np.float64(a) ** 2


@case(x3)
def astype_float64_identity(x):
    return np.sum(x.astype(np.float64) * x.astype(float))


@case(x3)
def astype_own_dtype(x):
    return np.sum(np.exp(x.astype(x.dtype)))


@case(0.7)
def complex_cast_modulus(a):
    z = complex(a, 2.0 * a)
    return abs(z) ** 2 + np.real(complex(a) * (1.0 - 0.5j)) * a


@case(x3)
def asarray_float_dtype(x):
    y = np.asarray(x, dtype=float)
    z = np.array(y, dtype=np.complex128)
    return np.sum(np.abs(z * (1.0 + 1j)) ** 2)


# --- A (c): parameters srcad has no rule for are refused when differentiated -------------------
@case(x4, 0.3, wrt=1, expect='refused', why='np.quantile has no derivative rule for q')
def quantile_level_learned(data, q):
    return np.quantile(data, q) ** 2


@case(x4, 40.0, wrt=1, expect='refused', why='np.percentile has no derivative rule for q')
def percentile_level_learned(data, p):
    return np.percentile(data, p * 1.5)


@case(1.5, expect='refused', why='scipy.special.gammainc has no rule for its shape a')
def regularized_gamma_shape(a):
    return scipy.special.gammainc(a, 2.0) * a


@case(1.5, expect='refused', why='scipy.special.gammaincc has no rule for its shape a')
def upper_gamma_shape(a):
    return scipy.special.gammaincc(a, 1.0)


@case(2.5, expect='refused', why='scipy.special.zeta has no rule for its exponent s')
def zeta_exponent(s):
    return scipy.special.zeta(s, 1.0)


@case(0.5, expect='refused', why='np.arange has no rule for a differentiated start')
def arange_from_learned_start(a):
    return np.sum(np.arange(a, 4.0, 1.0) ** 2)


@case(x3, 2.5, wrt=1, expect='refused', why='np.interp has no rule for period')
def interp_learned_period(q, period):
    return np.sum(np.interp(q, [0.0, 1.0, 2.0], [1.0, 0.0, 1.0], period=period))


@case(x3, 3.0, wrt=1, expect='refused', why='np.linalg.norm has no rule for ord')
def norm_learned_order(x, p):
    return np.linalg.norm(x, ord=p)


@case(x4, expect='refused', why='np.histogram_bin_edges has no rule')
def histogram_edges_of_data(x):
    return np.sum(np.histogram_bin_edges(x, bins=4) ** 2)


@case(np.array([0.3, 1.4]), expect='refused', why='a dtype srcad cannot read from the source')
def sum_with_dtype_of_variable(x):
    dt = x.dtype
    return np.sum(x ** 2, dtype=dt)
