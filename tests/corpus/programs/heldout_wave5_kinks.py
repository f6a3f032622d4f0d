"""Held-out wave 5: second derivatives next to kinks -- |x|**3 and norm(x)**3 at 0 (the Hessian
exists: 0), an L1 penalty at exact zeros (it does not), |x| in the unselected branch of np.where,
Huber and PyTorch's smooth-L1 at a residual of exactly 0."""

import numpy as np

from ..case import case

x0 = np.array([0.0, 0.5, -0.7])


@case(x0, expect='refused',
      why='hvp of |x|**3 at x = 0 (FALSE refusal: the Hessian is 0)')
def abs_cubed(x):
    return np.sum(np.abs(x) ** 3)


@case(np.zeros(3), expect='refused',
      why='hvp of norm(x)**3 at 0 (FALSE refusal: the Hessian is 0)')
def norm_cubed_at_zero(x):
    return np.linalg.norm(x) ** 3


@case(x0, expect='refused',
      why='hvp of an L1 penalty at an exact 0 (justified: no Hessian)')
def l1_penalty_plus_smooth(x):
    return np.sum(x ** 2) + 0.1 * np.sum(np.abs(x))


@case(x0, expect='refused',
      why='hvp with |x| only in the unselected np.where branch at x = 0 (FALSE refusal)')
def abs_inside_where_unselected(x):
    return np.sum(np.where(x > 0.1, np.abs(x) ** 2, x ** 2))


@case(np.array([0.3, 0.5, -0.7]))
def abs_nonzero_everywhere(x):
    return np.sum(np.abs(x) ** 2)


@case(x0)
def abs_of_constant_zero_part(x):
    y = x * np.array([0.0, 1.0, 1.0])
    return np.sum(np.abs(y) ** 2)


@case(np.array([0.0, 0.3, -2.0]))
def huber_where_at_exact_zero_residual(r):
    a = np.abs(r)
    return np.sum(np.where(a <= 1.0, 0.5 * r ** 2, a - 0.5))


@case(np.array([0.0, 0.3, -2.0]), expect='refused',
      why='hvp of 0.5 * |r|**2 at r = 0 (FALSE refusal, honest: srcad cannot see the composite is smooth)')
def smooth_l1_torch_style(r):
    n = np.abs(r)
    return np.sum(np.where(n < 1.0, 0.5 * n ** 2, n - 0.5))
