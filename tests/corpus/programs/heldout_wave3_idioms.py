"""Held-out wave 3, part six: the Python and NumPy idioms a quick probe of everyday code
turns up -- dict displays whose keys are names or tuples, itertools over index pairs,
list methods, walrus, match, set displays, ``{**base, **extra}``, ``del lst[i]``,
generator functions, prints and warnings, np.prod through a zero, np.interp,
ufunc.outer/.reduce, weighted bincount and histogram, nonsymmetric eigenvalues,
batched linalg, complex phasors, pads, polynomials, and scipy.stats/linalg calls
with star-arguments or without rules.  Nobody wrote these for srcad."""

import collections
import itertools
import math
import warnings

import numpy as np
from scipy import linalg, special, stats

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
v = np.array([0.3, -1.2, 0.7, 1.4])
obs = np.array([0.3, 1.2, -0.4, 2.2, 0.9])
th = np.array([0.5, 1.3])


# ---------------------------------------------------------------- dict displays (WRONG today)

# FIXED (was WRONG, silently): a dict display whose key is not a literal -- a name, a tuple,
# an f-string -- loses or misroutes its derivative.  resolve._Dict gives such an entry the
# role of its POSITION, and the reverse emitter's part(d_bar, <position>, ...) / the forward
# emitter's pack tangent look the position up as a key: zero, or another entry's derivative.
# Now literal keys fold to constants and other keys are written entry by entry
# (flatten_expr.expr_Dict), as d[k] = v is.
@case(v)
def dict_with_tuple_keys(x):
    d = {(0, 1): x[0], (1, 0): x[1], (2, 2): x[2]}
    return sum(val * (i + j + 1) for (i, j), val in d.items())


# FIXED (was WRONG as above; srcad's gradient was [0, 1, 0, 0], the true one [3, 1, 0, 0])
@case(v)
def dict_with_variable_key(x):
    name = 'w'
    d = {name: x[0], 'b': x[1]}
    return d['w'] * 3.0 + d['b']


# FIXED (was WRONG as above, and not zero: key 0 sits at position 1, so x[0]'s entry
# (key 1, position 0) receives d[0]'s derivative and x[1] receives d[1]'s)
@case(v)
def dict_with_colliding_int_keys(x):
    k = 0
    d = {1: x[0], k: x[1]}
    return d[1] * 3.0 + d[0] * 5.0


# FIXED (was WRONG as above: an f-string key, e.g. layer names built in a loop body)
@case(v)
def dict_with_fstring_key(x):
    i = 2
    layer = {f'W{i}': x[:2], f'b{i}': x[2]}
    return np.sum(layer['W2'] ** 2) + layer['b2']


# FIXED (was WRONG as above: keys held in named constants, KEY_W = 'alpha' style)
@case(v)
def dict_keys_from_named_constants(x):
    A, B = 'alpha', 'beta'
    d = {A: x[0], B: x[1]}
    return d['alpha'] * 3 + d['beta'] ** 2


# FIXED (was WRONG as above, through f(**{name: ...}))
@case(v)
def kwargs_from_dict_display_with_name(x):
    def f(a, b):
        return a * 3 + b ** 2
    name = 'a'
    return f(**{name: x[0], 'b': x[1]})


@case(v)
def dict_built_by_setitem_and_comprehension_control(x):
    d = {}
    for name, val in zip(['a', 'b'], x):
        d[name] = val
    key = 'a'
    d[key] += x[2]
    t = {(i, j): x[i] * x[j] for i in range(2) for j in range(2)}
    return d['a'] * 3 + d['b'] ** 2 + t[0, 1] + dict(a=x[3])['a']


@case(v)
def dict_with_literal_keys_control(x):
    d = {'w': x[0], 'b': x[1]}
    return d['w'] * 3.0 + d['b']


# ---------------------------------------------------------------- everyday Python that works

@case(v)
def itertools_combinations_pair_energy(x):
    e = 0.0
    for i, j in itertools.combinations(range(len(x)), 2):
        e += 1.0 / (1.0 + (x[i] - x[j]) ** 2)
    return e


@case(v)
def itertools_product_cross_terms(x):
    return sum(x[i] * x[j] for i, j in itertools.product(range(2), range(2, 4)))


@case(v)
def print_and_warn_inside(x):
    loss = np.sum(x ** 2)
    if np.any(np.abs(x) > 10):
        warnings.warn('large parameters')
    if np.isnan(loss):
        raise ValueError('loss is nan')
    return loss


@case(v)
def star_target_in_for(x):
    rows = [x[:3], x[1:]]
    tot = 0.0
    for first, *rest in rows:
        tot += first * sum(rest)
    return tot


@case(v)
def chained_comparison_in_loop(x):
    tot = 0.0
    for t in x:
        if -1 < t < 1:
            tot += t ** 2
        else:
            tot += abs(t)
    return tot


@case(v)
def sorted_dict_items_enumerate(x):
    d = {'b': x[0], 'a': x[1], 'c': x[2]}
    return sum(i * val for i, (k, val) in enumerate(sorted(d.items())))


@case(v)
def builtin_min_max_and_math(x):
    return max(x[0], x[1], 0.0) + min(x) + max(abs(t) for t in x) + math.fsum(x)


# ---------------------------------------------------------------- language refusals

# FIXED (was a false refusal: the walrus operator; srcad/compiler/desugar.py)
@case(v)
def walrus_threshold(x):
    if (s := np.sum(x ** 2)) > 1:
        return s * 2
    return s


# FIXED (was a false refusal: a match statement choosing the penalty; desugar_match.py)
@case(v)
def match_on_penalty_name(x):
    penalty = 'l2'
    match penalty:
        case 'l1':
            return np.sum(np.abs(x))
        case 'l2':
            return np.sum(x ** 2)
        case _:
            return 0.0


# FIXED (was a false refusal: a set display of indices; desugar_exprs.py)
@case(v)
def set_of_selected_indices(x):
    idx = {0, 2}
    return sum(x[i] for i in sorted(idx))


# FIXED (was a false refusal: merging parameter dicts with ** in a display, JAX style;
# desugar_exprs.py)
@case(v)
def merge_param_dicts(x):
    base = {'a': x[0], 'b': x[1]}
    p = {**base, 'c': x[2]}
    return p['a'] * p['c'] + p['b'] ** 2


# FIXED (was a false refusal: del of a list entry, with reverse/insert/extend/pop around it;
# del lst[i], lst.reverse(), lst.insert, lst.extend and lst.pop() of a list no other name
# holds now work: desugar_deletes.py, joins.py)
@case(v)
def list_methods_and_del(x):
    lst = list(x)
    lst.reverse()
    lst.insert(0, x[0] * 2)
    lst.extend([x[1], x[2]])
    last = lst.pop()
    del lst[1]
    return sum(lst[1:]) * last


def minibatches(arr, size):
    for i in range(0, len(arr), size):
        yield arr[i:i + size]


# FIXED (was a false refusal: a user generator function yielding minibatches;
# desugar_generators.py)
@case(v)
def minibatch_generator(x):
    return sum(np.sum(b ** 2) * (i + 1) for i, b in enumerate(minibatches(x, 2)))


# FIXED (was refused: a defaultdict's __missing__ hook; desugar_defaultdict.py makes it a
# plain dict with the missing key filled where Python fills it)
@case(v)
def defaultdict_accumulator(x):
    d = collections.defaultdict(float)
    for k, t in zip('abab', x):
        d[k] += t ** 2
    return d['a'] * d['b']


# REFUSED TODAY (false refusal: lambdas capturing a loop variable by default argument,
# the standard fix for late binding, kept in a list)
@case(v, expect='refused', modes=FIRST, why='lambdas kept in a list and called later')
def lambdas_with_default_capture(x):
    fs = [lambda t, k=k: t * k for k in range(3)]
    return sum(np.sum(f(x)) for f in fs)


# FIXED (was a false refusal: dict.pop of a differentiated entry; the dict, which no other
# name holds, is rebuilt without it: desugar_deletes.py)
@case(v)
def dict_pop_entry(x):
    d = {'s': x[0], 't': x[1]}
    t = d.pop('t')
    return d['s'] * t


# FIXED (was a missing rule: divmod of a float is (a // b, a % b); desugar_exprs.py)
@case(v)
def divmod_fractional_part(x):
    q, r = divmod(x[3], 1.0)
    return r * x[0] + q


# REFUSED TODAY (conservative: writing M[i] while iterating over M's rows -- well defined in
# NumPy, since row is read before the write)
@case(np.array([[1.0, 2.0], [3.0, 4.0]]), expect='refused', modes=FIRST,
      why='writing into M while a loop goes over it')
def normalise_rows_through_loop(M):
    M = M.copy()
    for i, row in enumerate(M):
        M[i] = row / row.sum()
    return np.sum(M ** 2)


# ---------------------------------------------------------------- NumPy corners that work

@case(np.array([0.3, 0.0, 0.7, 1.5]))
def prod_and_cumprod_through_a_zero(x):
    return np.prod(x) + np.sum(np.cumprod(x))


@case(v)
def interp_values_and_points(x):
    pts = np.array([0.5, 1.7, 2.2]) + 0.1 * x[:3]
    return np.sum(np.interp(pts, [0, 1, 2, 3], x) ** 2)


@case(v)
def ufunc_outer_kernel(x):
    return np.sum(np.exp(-np.subtract.outer(x, x) ** 2)) + np.sum(np.multiply.outer(x, x))


@case(v)
def weighted_bincount_and_histogram(x):
    b = np.bincount([0, 1, 1, 3], weights=x)
    h, _ = np.histogram([0.1, 0.5, 0.6, 0.9], bins=2, range=(0, 1), weights=x)
    return np.sum(b ** 2) + np.sum(h ** 2)


@case(np.array([[2.0, 0.3], [0.1, 1.0]]))
def spectral_radius_nonsymmetric(A):
    return np.max(np.abs(np.linalg.eigvals(A))) + np.sum(np.real(np.linalg.eig(A)[0]) ** 2)


@case(np.stack([np.eye(2) * 2 + 0.1, np.eye(2) * 3 - 0.2]))
def batched_det_solve_cholesky(A):
    S = A @ A.transpose(0, 2, 1)
    return (np.sum(np.linalg.det(A)) + np.sum(np.linalg.solve(A, np.ones((2, 2, 1))))
            + np.sum(np.linalg.cholesky(S)))


@case(v)
def complex_phasor_sum(x):
    z = np.exp(1j * x) * (1 + x)
    return np.abs(np.sum(z)) + np.angle(z[0]) + np.real(z @ np.conj(z))


@case(v)
def pads_reflect_edge_wrap(x):
    return (np.sum(np.pad(x, 2, mode='reflect') * np.arange(8))
            + np.sum(np.pad(x, (1, 2), mode='edge') ** 2) + np.sum(np.pad(x, 1, mode='wrap') ** 3))


@case(v)
def insert_delete_append(x):
    return (np.sum(np.insert(x, 1, 5.0) * np.arange(5)) + np.sum(np.delete(x, [0, 2]) ** 2)
            + np.sum(np.append(x, x[:2]) ** 3))


# (was refused: np.polyder is linear; srcad had its forward rule only; since wave 4 both modes)
@case(v)
def polynomial_derivative_at_point(x):
    return np.polyval(np.polyder(x), 0.7) + np.polyval(x, 0.7)


# (was refused: no rule for np.minimum.reduce; since wave 4 the ufunc reductions have rules)
@case(v)
def ufunc_reduce_min(x):
    return np.add.reduce(x ** 2) + np.minimum.reduce(x)


# ---------------------------------------------------------------- scipy calls

# (was refused: norm.logpdf(obs, *theta) -- which parameter each entry of theta fills is
# known when it runs; since wave 4 bound by the rule's signature, as for the user's functions)
@case(th)
def norm_logpdf_star_theta(t):
    return np.sum(stats.norm.logpdf(obs, *t))


@case(th)
def truncated_normal_normaliser_by_cdf(t):
    mu, s = t
    Z = stats.norm.cdf(3.0, mu, s) - stats.norm.cdf(-1.0, mu, s)
    return -np.sum(stats.norm.logpdf(obs, mu, s) - np.log(Z))


# (was refused: no rules for scipy.stats.truncnorm, uniform, bernoulli, invgamma; rules
# since wave 4)
@case(th)
def truncnorm_logpdf(t):
    mu, s = t
    a, b = (-1.0 - mu) / s, (3.0 - mu) / s
    return -np.sum(stats.truncnorm.logpdf(obs, a, b, loc=mu, scale=s))


# (was refused: .var() of a frozen distribution; moment rules since wave 4)
@case(th)
def frozen_moments(t):
    d = stats.norm(t[0], t[1])
    return d.mean() + d.std() ** 2 + d.var()


# (was refused: no rule for scipy.linalg.svd; rule since wave 4 -- qr and lstsq still have none)
@case(np.array([[2.0, 0.3], [0.3, 1.0]]))
def scipy_svd_nuclear(A):
    U, s, Vt = linalg.svd(A)
    return s.sum()


@case(np.array([[2.0, 0.3], [0.3, 1.0]]))
def scipy_cho_factor_lower_keyword(A):
    c, low = linalg.cho_factor(A, lower=True)
    return np.sum(linalg.cho_solve((c, low), np.ones(2))) + 2 * np.sum(np.log(np.diag(c)))


@case(np.array([0.7, 1.2]))
def special_functions_grab_bag(p):
    return (np.sum(special.gammainc(2.0, p) + special.gammaincc(1.5, p))
            + special.multigammaln(p[1] + 2, 2)
            + np.sum(special.erfcx(p) + special.log_ndtr(-10 * p)) + np.sum(special.zeta(3.0, p)))
