"""Rules of NumPy functions everyday programs call that take more than a line of math:
``np.cov``, ``np.corrcoef``, ``np.polyfit`` (in ``y``), ``np.block``, the running
extrema ``np.maximum.accumulate`` / ``np.minimum.accumulate`` and ``np.add.at``
(which srcad compiles as ``a = add_at_copy(a, indices, b)``, see
:meth:`srcad.compiler.flatten_inplace.InPlaceLowering.in_place_method`).

Reverse, forward and the forward rules of the adjoint helpers (second order) are
declared together here; the helpers are in :mod:`srcad.rules.everyday.helpers`.

Not differentiated (refused when a differentiated value reaches them): the
``aweights`` of ``np.cov`` (float weights: their derivative is not implemented),
the sample points ``x`` and weights ``w`` of ``np.polyfit``; ``np.polyfit`` with
``full=True`` or ``cov=True`` is refused when it runs.
"""

import numpy as np

from . import helpers as hm
from ..runtime_helpers.second_order import forward_only, signature_of
from ..registry import JOINT, adjoint, linear

_FLAG = 'a flag'

# --- np.cov, np.corrcoef ---------------------------------------------------------------------
COV = 'rowvar, bias, ddof, fweights, aweights, dtype'
adjoint(np.cov, 'm, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, '
                '*, dtype=None',
        m=f'cov_adjoint(g, m, y, {COV}, 0)', y=f'cov_adjoint(g, m, y, {COV}, 1)',
        tangent=dict(m=f'cov_tangent(dot, m, y, {COV}, 0, ans)',
                     y=f'cov_tangent(dot, m, y, {COV}, 1, ans)'),
        constants=dict(rowvar=_FLAG, bias=_FLAG, ddof='a count (an integer)',
                       fweights='frequency weights (integers)'))
forward_only(hm.cov_adjoint, g=f'cov_adjoint(dot, m, y, {COV}, which)',
             m=f'cov_adjoint(g, dot, None if y is None else zero_tangent(y), {COV}, which)',
             y=f'cov_adjoint(g, zero_tangent(m), dot, {COV}, which)')

adjoint(np.corrcoef, 'x, y=None, rowvar=True, bias=None, ddof=None, *, dtype=None',
        x='corrcoef_adjoint(g, x, y, rowvar, dtype, 0)',
        y='corrcoef_adjoint(g, x, y, rowvar, dtype, 1)',
        tangent=dict(x='corrcoef_tangent(dot, x, y, rowvar, dtype, 0, ans)',
                     y='corrcoef_tangent(dot, x, y, rowvar, dtype, 1, ans)'),
        constants=dict(rowvar=_FLAG, bias='deprecated: has no effect',
                       ddof='deprecated: has no effect'))
forward_only(hm.corrcoef_adjoint, g='corrcoef_adjoint(dot, x, y, rowvar, dtype, which)',
             x='corrcoef_adjoint_tangent(dot, g, x, y, rowvar, dtype, which, 0)',
             y='corrcoef_adjoint_tangent(dot, g, x, y, rowvar, dtype, which, 1)')

# --- np.polyfit: least squares, linear in y ----------------------------------------------------
adjoint(np.polyfit, 'x, y, deg, rcond=None, full=False, w=None, cov=False',
        y='polyfit_adjoint(g, x, y, deg, rcond, full, w, cov)',
        tangent=dict(y='polyfit_tangent(dot, x, deg, rcond, full, w, cov)'),
        constants=dict(deg='the degree (an integer)', full=_FLAG, cov=_FLAG,
                       rcond='a cutoff for small singular values (the fit is piecewise '
                             'constant in it)'))

# --- np.block ---------------------------------------------------------------------------------
adjoint(np.block, 'arrays', arrays='unblock(g, arrays)',  # (not forward='linear': its
        tangent={'arrays': 'block_tangent(dot)'})            # tangents' lists made plain)

# --- running extrema (methods of the ufuncs) --------------------------------------------------
ACCUMULATE = 'array, axis=0, dtype=None, out=None'
for ufunc, which in ((np.maximum, 'max'), (np.minimum, 'min')):
    adjoint(ufunc.accumulate, ACCUMULATE,
            array=f'unaccumulate_extreme(g, array, ans, axis, {which!r})',
            tangent=dict(array=f'accumulate_extreme_tangent(dot, array, ans, axis, {which!r})'))

# --- np.add.at(a, indices, b), compiled as a = add_at_copy(a, indices, b) ----------------------
adjoint(hm.add_at_copy, 'a, indices, b', a='g', b='add_at_db(g, indices, b, ans)',
        forward=('linear', 'a', 'b'),
        tangent={JOINT: 'add_at_tangent(a__dot, indices, b__dot, ans)'})

# --- np.put_along_axis(a, indices, values, axis), compiled as a = put_along_axis_copy(...) -------
adjoint(hm.put_along_axis_copy, 'a, indices, values, axis',
        a='put_along_axis_da(g, indices, axis)',
        values='put_along_axis_dvalues(g, indices, values, axis)', forward=('linear', 'a', 'values'))

# --- second order: the adjoint helpers linear in g --------------------------------------------
for fn in (hm.polyfit_adjoint, hm.unblock, hm.unaccumulate_extreme, hm.add_at_db,
           hm.put_along_axis_da, hm.put_along_axis_dvalues):
    linear(fn, 'g', signature=signature_of(fn))
