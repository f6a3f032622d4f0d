"""Held-out wave 5: values that are easy to take for constants -- random draws with
differentiated loc/scale (Generator, RandomState, scipy rvs), np.arange with a differentiated
start/step, np.unique/union1d/intersect1d/partition/extract/choose/trim_zeros values,
histogram bin edges from the data, clip bounds, nan-aware reductions, quantile methods,
np.matrix and masked arrays (operators that mean something else), recarrays, ndarray
subclasses, object arrays, structured arrays.  (Object arrays and structured arrays are WRONG
or crash today: tests/regressions/test_heldout_wave5.py V5, C1.)"""

import numpy as np

from ..case import case

x4 = np.array([0.3173, -0.6331, 0.4617, 0.8129])


# FIXED (library wave 6): a reparameterised draw (srcad/rules/everyday/draws.py)
@case(x4)
def rng_normal_with_active_loc_scale(x):
    rng = np.random.default_rng(0)
    s = rng.normal(x[0], np.exp(x[1]), size=5)
    return np.sum(s ** 2)


# FIXED (library wave 6)
@case(x4)
def legacy_random_normal_seeded(x):
    np.random.seed(0)
    s = np.random.normal(loc=x[0], scale=np.exp(x[1]), size=5)
    return np.sum(s ** 2)


# FIXED (library wave 6)
@case(x4)
def rng_uniform_active_bounds(x):
    rng = np.random.default_rng(1)
    u = rng.uniform(x[0], x[0] + 1.0, size=4)
    return np.sum(u ** 2)


# FIXED (library wave 6)
@case(x4)
def rng_exponential_active_scale(x):
    rng = np.random.default_rng(2)
    return np.sum(rng.exponential(np.exp(x[2]), size=3))


# FIXED (library wave 6)
@case(x4)
def randomstate_normal(x):
    rs = np.random.RandomState(0)
    return np.sum(rs.normal(x[3], 0.5, size=4) ** 2)


# FIXED (library wave 6): in its mean (cov refused)
@case(x4)
def rng_multivariate_normal_active_mean(x):
    rng = np.random.default_rng(3)
    z = rng.multivariate_normal(x[:2], np.eye(2), size=3)
    return np.sum(z ** 2)


@case(x4, expect='refused',
      why='stats.norm.rvs(loc=mu, random_state=0) (FALSE refusal)')
def scipy_stats_rvs_active(x):
    from scipy import stats
    z = stats.norm.rvs(loc=x[0], scale=1.0, size=3, random_state=0)
    return np.sum(z ** 2)


@case(x4, expect='refused',
      why='rng.choice(p=...) (justified: discrete)')
def rng_choice_with_active_p(x):
    rng = np.random.default_rng(4)
    p = np.exp(x) / np.exp(x).sum()
    i = rng.choice(4, p=p)
    return x[i] ** 2


@case(x4, expect='refused',
      why='rng.gamma(shape) (justified: no reparameterization)')
def rng_gamma_active_shape(x):
    rng = np.random.default_rng(5)
    return np.sum(rng.gamma(np.exp(x[0]) + 1, 1.0, size=3))


@case(x4, expect='refused',
      why='np.arange(start, stop, step) with differentiated start/step (FALSE refusal)')
def arange_with_active_start_step(x):
    return np.sum(np.arange(x[0], 5.0, 0.5 + 0.1 * x[1]) ** 2)


@case(x4)
def unique_values(x):
    return np.sum(np.unique(x) * np.arange(4))


@case(np.array([0.3173, -0.6331, 0.4617, 0.8129, 0.3173]))
def unique_values_counts(x):
    u, cnt = np.unique(np.round(x, 3) + 0 * x, return_counts=True)
    return np.sum(u * cnt)


@case(x4, expect='refused',
      why='np.intersect1d values has no rule (rare)')
def union_intersect_values(x):
    return np.sum(np.union1d(x[:2], x[2:]) ** 2) + np.sum(np.intersect1d(x, x[1:]))


@case(x4, expect='refused',
      why='np.histogram_bin_edges (rare)')
def histogram_bin_edges_depend_on_data(x):
    edges = np.histogram_bin_edges(x, bins=3)
    return np.sum(edges ** 2)


@case(x4)
def histogram_edges_output(x):
    counts, edges = np.histogram(x, bins=3)
    return np.sum(edges * np.arange(4))


@case(x4)
def partition_values(x):
    return np.sum(np.partition(x, 2) * np.arange(4))


@case(x4)
def extract_compress(x):
    return np.sum(np.extract(x > 0, x) ** 2) + np.sum(np.compress(x > 0, x) ** 3)


@case(x4, expect='refused',
      why='np.choose (rare)')
def choose_active(x):
    return np.sum(np.choose([0, 1, 0, 1], [x, x ** 2]))


@case(x4, expect='refused',
      why='np.trim_zeros (rare)')
def trim_zeros_values(x):
    y = np.concatenate([[0.0], x, [0.0]])
    return np.sum(np.trim_zeros(y) ** 2)


@case(x4)
def unwrap_phase(x):
    ph = np.cumsum(x * 3)
    return np.sum(np.unwrap(ph) ** 2)


@case(x4)
def clip_with_active_bounds(x):
    return np.sum(np.clip(np.array([-1.0, 0.1, 0.5, 2.0]), x[0] - 0.5, x[3]))


@case(x4)
def maximum_of_two_active(x):
    return np.sum(np.maximum(x[:2], x[2:]) ** 2) + np.sum(np.fmax(x[:2], x[2:]))


@case(x4)
def real_if_close_and_angle_deg(x):
    z = x + 1e-14j
    return np.sum(np.real_if_close(z) ** 2) + np.sum(np.angle(x + 1j, deg=True))


@case(x4)
def nanmin_nanargmax(x):
    y = np.where(x > 0.8, np.nan, x)
    return np.nanmin(y) + y[np.nanargmax(y)] + np.nanmedian(y) + np.nanstd(y)


@case(x4, expect='refused',
      why='quantile method weibull (rare)')
def percentile_methods(x):
    return (np.percentile(x, 40, method='nearest') + np.percentile(x, 40, method='lower')
            + np.quantile(x, 0.3, method='midpoint') + np.percentile(x, 40, method='weibull'))


@case(x4)
def cov_with_aweights(x):
    return np.sum(np.cov(np.stack([x, x ** 2]), aweights=np.array([1.0, 2.0, 1.0, 3.0])))


@case(x4)
def ediff1d_to_begin(x):
    return np.sum(np.ediff1d(x, to_begin=x[0], to_end=[1.0]) ** 2)


@case(x4)
def tri_and_identity(x):
    return np.sum(np.tri(4) @ x) + np.sum(np.identity(4) * x)


@case(x4, expect='refused',
      why='np.sort_complex (rare)')
def sort_complex_values(x):
    return np.sum(np.real(np.sort_complex(x + 1j * x[::-1])) * np.arange(4))


@case(x4)
def lexsort_gather(x):
    order = np.lexsort((x, np.array([1, 0, 1, 0])))
    return np.sum(x[order] * np.arange(4))


@case(x4)
def linalg_matrix_rank_branch(x):
    A = np.outer(x, x)
    r = np.linalg.matrix_rank(A)
    return np.sum(A) * r


@case(x4)
def around_and_spacing(x):
    return np.sum(np.around(x, 1) * x) + np.sum(x + np.spacing(x))


@case(x4, expect='refused',
      why='np.interp(period=) (rare)')
def interp_period(x):
    return np.sum(np.interp(np.array([0.1, 0.9, 2.5]), np.array([0.0, 0.5, 1.0, 1.5]), x, period=2.0) ** 2)


@case(x4, expect='refused',
      why='`*` of M, an np.matrix or a masked array made in np_matrix_star_is_matmul, with a differen')
def np_matrix_star_is_matmul(x):
    M = np.matrix(x.reshape(2, 2))
    P = M * M
    return P.sum()


@case(x4, expect='refused',
      why='`**` of M, an np.matrix or a masked array made in asmatrix_power, with a differentiated va')
def asmatrix_power(x):
    M = np.asmatrix(x.reshape(2, 2))
    return (M ** 2).sum() + M.I.sum()


@case(x4, expect='refused',
      why='`*` of M, an np.matrix or a masked array made in matrix_from_list, with a differentiated v')
def matrix_from_list(x):
    M = np.matrix([[x[0], x[1]], [x[2], x[3]]])
    return float((M * M.T)[0, 1])


@case(x4, expect='refused',
      why='`**` of m, an np.matrix or a masked array made in masked_array_sum, with a differentiated ')
def masked_array_sum(x):
    m = np.ma.masked_array(x, mask=[False, True, False, False])
    return m.sum() + (m ** 2).mean()


@case(x4, expect='refused',
      why='`**` of m, an np.matrix or a masked array made in masked_where_mean, with a differentiated')
def masked_where_mean(x):
    m = np.ma.masked_where(x < 0, x)
    return np.ma.mean(m ** 2)


@case(x4, expect='refused',
      why='np.sum of m, an np.matrix or a masked array made in masked_invalid_log, with a differentia')
def masked_invalid_log(x):
    m = np.ma.masked_invalid(np.log(x))
    return m.sum()


@case(x4, expect='refused',
      why='srcad cannot differentiate the call m.filled(...): "m" depends on a differentiated input (')
def masked_filled(x):
    m = np.ma.masked_greater(x, 0.5)
    return np.sum(m.filled(0.0) ** 2)


@case(x4, expect='refused',
      why='srcad cannot differentiate numpy.rec.fromarrays, library code this call reaches: srcad doe')
def recarray_fields(x):
    r = np.rec.fromarrays([x[:2], x[2:]], names='a,b')
    return np.sum(r.a * r.b)


class MyArr(np.ndarray):
    pass


@case(x4, expect='refused',
      why='srcad cannot differentiate the call (x * 2).view(...): "x * 2" depends on a differentiated')
def ndarray_subclass_view(x):
    y = (x * 2).view(MyArr)
    return float(np.sum(y ** 2))


@case(x4, expect='refused',
      why='srcad cannot differentiate the call (x * 2).tobytes(...): "x * 2" depends on a differentia')
def memmap_like_frombuffer_copy(x):
    b = np.frombuffer((x * 2).tobytes())
    return np.sum(b ** 2)


@case(x4)
def array_of_python_floats_from_tolist(x):
    l = (x * 2).tolist()
    return np.sum(np.array(l) ** 2)


@case(x4, expect='refused',
      why='no derivative rule for np.ndarray (a builtins.type), called on a differentiated value in n')
def ndarray_constructor_buffer(x):
    y = x * 2
    z = np.ndarray(shape=(2,), dtype=float, buffer=y)
    return np.sum(z ** 2)
