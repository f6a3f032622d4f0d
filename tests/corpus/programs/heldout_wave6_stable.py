"""Held-out wave 6: numerically stable tricks -- softplus as logaddexp(0, x) and as
log1p(exp(x)) guarded by np.where (the unselected branch overflows), sqrt/log in the branch
np.where does NOT pick, logsumexp over rows masked with -inf, log-softmax with masks,
scipy.special.logsumexp with b= weights, log_expit, xlogy at zero, log-sigmoid cross-entropy,
np.nan_to_num / nansum over data with NaN, errstate-guarded divisions."""

import numpy as np
import scipy.special as sp

from ..case import case

big = np.array([-30.0, -1.0, 0.5, 40.0, 800.0])
x5 = np.array([-1.2, -0.1, 0.3, 0.9, 2.0])


@case(big)
def softplus_logaddexp(x):
    return np.sum(np.logaddexp(0.0, x))


@case(big)
def softplus_where_overflowing_branch(x):
    # exp(800) overflows to inf in the branch that is not selected
    with np.errstate(over='ignore'):
        return np.sum(np.where(x > 30, x, np.log1p(np.exp(x))))


@case(big)
def softplus_max_trick(x):
    return np.sum(np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x))))


@case(x5)
def sqrt_in_unselected_branch(x):
    with np.errstate(invalid='ignore'):
        return np.sum(np.where(x > 0, np.sqrt(x), 0.0))


@case(x5, expect='refused', why='nan of log(x<0) times a zero cotangent in the product rule (FALSE refusal, R3)')
def log_in_unselected_branch(x):
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.sum(np.where(x > 0, x * np.log(x), 0.0))


@case(x5)
def safe_where_double_trick(x):
    safe = np.where(x > 0, x, 1.0)
    return np.sum(np.where(x > 0, np.sqrt(safe), 0.0))


# hvp left out: at d == 0 exactly the guarded branch is locally constant (srcad: 0), while finite
# differences at 1e-6 see sin(d)/d (-1/3) -- an oracle artifact, not a srcad error
@case(x5, modes=('grad', 'value_and_grad', 'vjp', 'jvp'))
def division_unselected_branch(x):
    d = x - 0.3                      # exactly zero at x[2]
    with np.errstate(divide='ignore', invalid='ignore'):
        r = np.where(np.abs(d) > 1e-12, np.sin(d) / d, 1.0)
    return np.sum(r * x)


@case(np.array([[0.5, -1.0, 2.0], [1.0, 3.0, -0.5]]))
def logsumexp_with_minus_inf_mask(a):
    mask = np.array([[True, False, True], [True, True, False]])
    z = np.where(mask, a, -np.inf)
    m = np.max(z, axis=1, keepdims=True)
    return np.sum(m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1)))


@case(np.array([[0.5, -1.0, 2.0], [1.0, 3.0, -0.5]]))
def masked_log_softmax_targets(a):
    mask = np.array([[True, False, True], [True, True, False]])
    z = a + np.where(mask, 0.0, -np.inf)
    logp = z - sp.logsumexp(z, axis=1, keepdims=True)
    return -(logp[0, 2] + logp[1, 0])


@case(np.array([[0.5, -1.0, 2.0], [1.0, 3.0, -0.5]]))
def masked_fill_minus_1e9(a):
    mask = np.array([[True, False, True], [True, True, False]])
    z = a.copy()
    z[~mask] = -1e9
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    return np.sum(p * np.array([1.0, 2.0, 3.0]))


@case(x5)
def scipy_logsumexp_weights(x):
    b = np.array([1.0, 0.5, 2.0, 0.0, 1.0])
    return sp.logsumexp(x, b=b)


@case(x5)
def scipy_logsumexp_return_sign(x):
    b = np.array([1.0, -0.5, 2.0, -1.0, 0.1])
    val, sign = sp.logsumexp(x, b=b, return_sign=True)
    return val * sign


@case(x5)
def log_expit_and_expit(x):
    return np.sum(sp.log_expit(x)) + np.sum(sp.expit(3 * x) ** 2)


@case(x5)
def bce_with_logits_stable(z):
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    return np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))


@case(np.array([0.0, 0.2, 0.5, 0.3]))
def xlogy_at_zero_prob(p):
    # entropy of a distribution with an exact zero entry -- not differentiable there in general;
    # wrt the zero entry the derivative of 0*log(0) is -inf
    return np.sum(sp.xlogy(np.array([0.0, 1.0, 2.0, 1.0]), p + 0.1))


@case(np.array([0.1, 0.2, 0.5, 0.2]))
def entropy_entr(p):
    return np.sum(sp.entr(p)) + sp.rel_entr(p, np.full(4, 0.25)).sum()


@case(x5)
def log1mexp_trick(x):
    a = -np.abs(x) - 0.1
    return np.sum(np.where(a > -np.log(2), np.log(-np.expm1(a)), np.log1p(-np.exp(a))))


@case(x5, expect='refused', why='nansum over data*x with nan data: the nan entry carries no derivative (FALSE refusal, R3)')
def nansum_over_data_with_nan(x):
    data = np.array([1.0, np.nan, 2.0, 3.0, np.nan])
    return np.nansum(data * x ** 2) + np.nanmean(data * x)


@case(x5)
def nan_to_num_data(x):
    data = np.array([1.0, np.nan, np.inf, -2.0, 0.5])
    return np.sum(np.nan_to_num(data, posinf=10.0) * np.sin(x))


@case(x5)
def isfinite_mask_filter(x):
    data = np.array([1.0, np.nan, np.inf, -2.0, 0.5])
    ok = np.isfinite(data)
    return np.sum(x[ok] * data[ok])


@case(x5)
def clip_probabilities_log(x):
    p = 1 / (1 + np.exp(-4 * x))
    p = np.clip(p, 1e-3, 1 - 1e-3)
    return -np.sum(np.log(p))


@case(np.array([2.0, -1.0, 0.5]))
def logsumexp_manual_shift_keepdims_false(a):
    c = a.max()
    return c + np.log(np.exp(a - c).sum())


@case(np.array([1.0, 1.0, 0.5]))
def logsumexp_manual_tied_max(a):
    # max is tied, but logsumexp is smooth: the tie must not matter
    c = np.max(a)
    return c + np.log(np.sum(np.exp(a - c)))


@case(np.array([[1.0, 1.0], [0.5, 2.0]]))
def softmax_tied_max_rows(a):
    z = a - a.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return np.sum(p * np.array([[1.0, 3.0], [2.0, -1.0]]))


@case(x5)
def logaddexp2_log2(x):
    return np.sum(np.logaddexp2(x, 1.0)) + np.sum(np.exp2(x) * np.log2(x ** 2 + 1))


@case(x5)
def log_ndtr_and_ndtr(x):
    return np.sum(sp.log_ndtr(x - 3)) + np.sum(sp.ndtr(x) ** 2)


@case(x5)
def gammaln_digamma(x):
    a = np.exp(x)
    return np.sum(sp.gammaln(a)) + np.sum(sp.digamma(a + 1))


@case(x5)
def softmax_log_softmax_scipy(x):
    return np.sum(sp.softmax(x) * np.arange(5.0)) + sp.log_softmax(x)[2]


@case(x5)
def logit_of_sigmoid(x):
    return np.sum(sp.logit(sp.expit(x)) ** 2)


@case(np.array([1e-4, 0.5, 3.0]))
def log_with_eps(x):
    return np.sum(np.log(x + 1e-12) * x)


@case(np.array([0.0, 0.5, -2.0]))
def sqrt_sum_squares_eps(x):
    return np.sqrt(np.sum(x ** 2) + 1e-12)


@case(np.array([1e-3, 0.5, 2.0]))
def sinc_near_zero(x):
    return np.sum(np.sinc(x) ** 2)


@case(np.array([0.0, 0.5, 2.0]))
def sinc_at_zero(x):
    return np.sum(np.sinc(x) * np.array([1.0, 2.0, 3.0]))


@case(np.array([1e-2, 0.3, 2.0]))
def expm1_over_x(x):
    return np.sum(np.expm1(x) / x)
