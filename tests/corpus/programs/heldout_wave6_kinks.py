"""Held-out wave 6: points at kinks, ties and zero. Where the function IS differentiable there
(relu(x)**2 at 0, x*|x| at 0, sum of sorted values with ties, max of identical copies,
logsumexp with tied maxima, sqrt(x**2 + c), median of an odd count with a tie elsewhere) the
right answer is a number; where it is not (|x| at 0, max of distinct-derivative branches at a
tie, clip at the bound), refusing is right."""

import numpy as np

from ..case import case

z3 = np.array([0.0, 0.5, -0.7])
tie = np.array([0.3, 0.3, -0.2])


@case(z3, expect='refused', why='hvp: d/dx relu(x)**2 = 2 relu(x) has a kink at 0 (justified)')
def relu_squared_at_zero(x):
    return np.sum(np.maximum(x, 0.0) ** 2)


# atol: finite differences of x*|x| at 0 are off by eps*v*|v|
@case(z3, atol=1e-5, expect='refused', why='hvp: d/dx x|x| = 2|x| has a kink at 0 (justified)')
def x_times_abs_at_zero(x):
    return np.sum(x * np.abs(x))


@case(z3, modes=('grad', 'value_and_grad', 'vjp', 'jvp'))
def abs_cubed_first_order(x):
    return np.sum(np.abs(x) ** 3)


@case(z3, expect='refused', why='|x| at exactly 0 has no derivative')
def abs_at_zero(x):
    return np.sum(np.abs(x))


@case(z3, expect='refused', why='relu at exactly 0 has no derivative')
def relu_at_zero(x):
    return np.sum(np.maximum(x, 0.0) * np.array([1.0, 2.0, 3.0]))


@case(tie)
def sum_of_sorted_with_tie(x):
    return np.sum(np.sort(x))


@case(tie)
def sorted_weighted_with_tie_same_weight(x):
    return np.sum(np.sort(x) * np.array([1.0, 2.0, 2.0]))


# was WRONG (family W5: hvp 0 at the tie, grad one-sided); now grad the tie's mean, hvp refused
@case(tie, expect='refused', why='sorted values weighted differently at a tie: no second derivative')
def sorted_weighted_with_tie_distinct(x):
    return np.sum(np.sort(x) * np.array([1.0, 2.0, 3.0]))


@case(tie, expect='refused', why='hvp: np.maximum(x**2, x*x) at a tie of equal branches (FALSE refusal, R8)')
def max_of_identical_copies(x):
    return np.sum(np.maximum(x ** 2, x * x))


@case(tie)
def logsumexp_tied_max(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


# was WRONG (family W5: hvp 0 at the tie); now refused (srcad.rules.reductions.ties)
@case(tie, expect='refused', why='max over a tie of distinct entries: no second derivative')
def max_at_tie(x):
    return np.max(x)


@case(tie, expect='refused', why='hvp: max(a,b) + min(a,b) is smooth at the tie (FALSE refusal, R8)')
def max_at_tie_symmetric_function(x):
    # max(x0, x1) + min(x0, x1) = x0 + x1: smooth even at the tie
    return max(x[0], x[1]) + min(x[0], x[1]) + x[2] ** 2


@case(tie)
def top2_sum_with_tie(x):
    return np.sum(np.sort(x)[-2:])


@case(np.array([0.0, 0.0, 0.0]))
def sqrt_sum_squares_plus_c(x):
    return np.sqrt(np.sum(x ** 2) + 1.0)


@case(np.array([0.0, 0.0, 0.0]), expect='refused', why='hvp of norm(x)**2 at 0 (FALSE refusal, R8)')
def norm_squared_at_zero(x):
    return np.linalg.norm(x) ** 2


@case(np.array([0.0, 0.0, 0.0]), expect='refused', why='norm at exactly 0 has no derivative')
def norm_at_zero(x):
    return np.linalg.norm(x)


# was WRONG (family W5: grad one-sided at the bound); now 0.5 as np.maximum, hvp refused
@case(np.array([1.0, 0.5, -1.0]), expect='refused', why='clip at its bound has no second derivative')
def clip_at_bound(x):
    return np.sum(np.clip(x, -1.0, 1.0) * np.array([1.0, 2.0, 3.0]))


@case(np.array([1.0, 0.5, -1.0]), atol=1e-5, expect='refused', why='hvp at the clip bound does not exist')
def clip_at_bound_squared_distance(x):
    # (x - clip(x))**2 is differentiable everywhere (0 derivative at the bound)
    return np.sum((x - np.clip(x, -1.0, 1.0)) ** 2)


# was WRONG (family W5: median at a tie of two entries, grad one-sided, hvp 0); now refused
@case(np.array([0.3, 0.1, 0.3, -0.5, 0.9]), expect='refused', why='the median is a tie of two entries: no second derivative')
def median_at_tie(x):
    return np.median(x * np.array([1.0, 1.0, 1.0, 1.0, 2.0]))


@case(np.array([0.0, 0.5, -2.0]))
def huber_at_zero(x):
    a = np.abs(x)
    return np.sum(np.where(a <= 1.0, 0.5 * x ** 2, a - 0.5))


# hvp left out: at |x| == 1 exactly the branch is picked by a comparison (no kink rule can see it)
@case(np.array([1.0, 0.5, -2.0]), modes=('grad', 'value_and_grad', 'vjp', 'jvp'))
def huber_at_threshold(x):
    a = np.abs(x)
    return np.sum(np.where(a <= 1.0, 0.5 * x ** 2, a - 0.5))


@case(np.array([0.0, 1.0, -2.0]))
def softplus_minus_relu_at_zero(x):
    return np.sum(np.logaddexp(0.0, x) - 0.5 * x)


@case(np.array([0.0, 0.4]), expect='refused', why='hvp: sign(x) * x**3 = |x|**3 has Hessian 0 at 0 (FALSE refusal, R8)')
def sign_times_x_is_abs(x):
    return np.sum(np.sign(x) * x ** 2 * x)


# WRONG today: family W6 (hvp: the x == 0 guard picks a constant at ONE point; the function is x**2)
# (WRONG today, kept out of the corpus: a strict xfail in
# tests/regressions/test_heldout_wave6_open.py)
def where_zero_guard_x_squared_over_x(x):
    return np.sum(np.where(x == 0, 0.0, x ** 3 / np.where(x == 0, 1.0, x)))


@case(np.array([0.0, 0.5]))
def smooth_abs_eps(x):
    return np.sum(np.sqrt(x ** 2 + 1e-4))


@case(np.array([1.0, 1.0]))
def min_of_equal_args_python(x):
    return min(x[0], x[1]) * 0 + x[0] * x[1]


@case(np.array([0.0, 0.7]), expect='refused', why='hvp of |x|**1.5 at 0 is infinite (justified)')
def x_pow_1_5_at_zero(x):
    return np.sum(np.abs(x) ** 1.5)


# was WRONG (family W5: np.std of a constant vector is a norm at 0, hvp returned a number
# where np.linalg.norm refuses); now refused
@case(np.array([0.5, 0.5, 0.5]), expect='refused', why='std at a constant vector: no second derivative')
def std_of_constant_vector(x):
    return np.std(x) + np.sum(x ** 2)


# was WRONG when written (family W8); right in the tree at 19:57 UTC
# and hessian a matrix of infinities, silently)
@case(np.array([0.5, 0.5, 0.5]), modes=('hvp',), expect='refused',
      why='sqrt(var) at a constant vector: no second derivative (grad already refuses)')
def sqrt_var_constant_vector_hvp_only(x):
    return np.sqrt(np.var(x))


# WRONG today: family W5 (hvp at a tie of the inf-norm returns 0 instead of refusing: the
# norm's hand-written tangent, srcad/rules/linalg, does not see the tie yet)
# (WRONG today, kept out of the corpus: a strict xfail in
# tests/regressions/test_heldout_wave6_open.py)
def inf_norm_at_tie(x):
    return np.linalg.norm(x, ord=np.inf)


# was WRONG (family W5: hvp 0 at the tie); now refused
@case(np.array([[0.3, 0.3], [0.1, 0.5]]), expect='refused', why='row max at a tie: no second derivative')
def row_max_at_tie(x):
    return np.sum(np.max(x, axis=1) ** 2)


# was WRONG (family W5: hvp 0 at the tie); now refused
@case(np.array([0.3, -0.3, 0.1]), expect='refused', why='ptp at a tie of the max: no second derivative')
def ptp_at_tie(x):
    return np.ptp(np.array([x[0], -x[1], x[2]]))


@case(np.array([0.3, 0.3]))
def logsumexp_hvp_at_tied_max(x):
    return np.log(np.sum(np.exp(x - np.max(x)))) + np.max(x)
