"""Rules of NumPy's remaining corners, reverse, forward and second order:

* ``np.r_[...]`` and ``np.c_[...]`` (compiled as calls of
  :func:`~srcad.rules.everyday.corner_helpers.r_concat` / :func:`~srcad.rules.everyday.corner_helpers.c_concat`: see
  :meth:`srcad.compiler.flatten_expr.ExpressionLowering.expr_Subscript`), with arrays, numbers and
  slices (``np.r_[0.0, x, 1:3]``); a string directive (``np.r_['0,2', a, b]``) is
  refused when it runs;
* ``np.vander``.

The helpers are in :mod:`srcad.rules.everyday.corner_helpers`.
"""

from __future__ import annotations

import numpy as np

from . import corner_helpers as hc
from ..runtime_helpers.second_order import DERIVED, forward_only, signature_of
from ..registry import adjoint, linear, register_helpers

register_helpers(hc.HELPERS)

# --- np.r_[...], np.c_[...] -------------------------------------------------------------------
for fn, which in ((hc.r_concat, 'r'), (hc.c_concat, 'c')):
    adjoint(fn, 'items', items=f'index_concat_adjoint(g, items, {which!r})',
            tangent=dict(items=f'index_concat_tangent(dot, items, {which!r})'))
linear(hc.index_concat_adjoint, 'g', signature=signature_of(hc.index_concat_adjoint))

# --- np.vander ---------------------------------------------------------------------------------
adjoint(np.vander, 'x, N=None, increasing=False',
        x='np.sum(g * vander_slopes(x, N, increasing), axis=1)',
        tangent=dict(x='vander_slopes(x, N, increasing) * dot[:, None]'),
        constants=dict(N='the number of columns (an integer)', increasing='a flag'))
forward_only(hc.vander_slopes, x='vander_slopes(x, N, increasing, order + 1) * dot[:, None]')

# --- np.i0 (without SciPy: SciPy's rules replace this one with the same math) ---------------------
adjoint(np.i0, 'x', x='g * bessel_i1(x)', forward='elementwise')
forward_only(hc.bessel_i1, x='dot * bessel_i1_slope(x)')

# --- np.real_if_close: the real part when it returns one -----------------------------------------
adjoint(np.real_if_close, 'a, tol=100', a='g',
        tangent=dict(a='dot if np.iscomplexobj(ans) else np.real(dot)'),
        constants=dict(tol='a tolerance (which output: piecewise constant)'))

# --- np.linalg.eig, eigvals, cond ------------------------------------------------------------------
la = np.linalg
adjoint(la.eig, 'a', a='eig_adjoint(g, a, ans)', tangent=dict(a='eig_tangent(dot, a, ans)'))
adjoint(la.eigvals, 'a', a='eig_adjoint(g, a, ans)', tangent=dict(a='eigvals_tangent(dot, a)'))
adjoint(la.cond, 'x, p=None', x='cond_adjoint(g, x, p)', tangent=dict(x='cond_tangent(dot, x, p)'),
        constants=dict(p='the norm (an option)'))

# --- np.histogram: counts carry no derivative; weights, and edges that follow a's extremes, do ----
HIST = 'a, bins, range, density, weights'
adjoint(np.histogram, 'a, bins=10, range=None, density=None, weights=None',
        a=f'histogram_adjoint(g, {HIST}, "a")', weights=f'histogram_adjoint(g, {HIST}, "weights")',
        tangent=dict(a=f'histogram_tangent(dot, {HIST}, "a")',
                     weights=f'histogram_tangent(dot, {HIST}, "weights")'),
        constants=dict(density='a flag'))
# (histogram_adjoint has no forward rule: hvp differentiates its source, density=True too)
DERIVED.append(hc.histogram_adjoint)
forward_only(hc.eig_basis, a='eig_basis_tangent(dot, a, ans)')
