"""Forward rules of the helpers that adjoint templates call, so that srcad can
differentiate its own gradients (``hvp``, ``hessian``: forward over reverse).

A generated backward sweep calls ``uncumsum(t_bar, x)``, ``solve_da(t_bar, a,
b, t)``...  Forward mode over that code needs each helper's tangent in every
argument that can vary.  Almost all are linear in the adjoint ``g`` and read
only the shape of the rest (:func:`linear` in ``g``); products are linear in
``g`` and in the other factor (:func:`multilinear`); the rest depend smoothly
on primal values and have their tangents in :mod:`.helpers_second_order`
and :mod:`.helpers_second_order_linalg`.
Helpers whose value is piecewise constant (masks, shares of a tie) are
:func:`nondifferentiable`: their derivative is zero wherever it exists.

The signatures are read off the helpers themselves.  A parameter named
``ans`` is renamed ``result`` in the rule, because in a tangent template
``ans`` means the helper's own output.
"""

import inspect

import numpy as np

from .. import runtime as rt
from . import helpers as h, helpers_linalg as hl, helpers_products as hp
from . import helpers_second_order, helpers_second_order_linalg  # noqa: F401  (helpers)
from . import helpers_shapes as hs
from .registry import _rule_for, linear, multilinear, nondifferentiable, tangent



def signature_of(fn) -> str:
    """``fn``'s parameters as a rule signature: ``ans`` renamed ``result``, defaults
    that are not literals (``transform=np.fft.fft``) written as ``None``."""
    parts, star = [], False
    for p in inspect.signature(fn).parameters.values():
        name = 'result' if p.name == 'ans' else p.name
        if p.kind is p.VAR_POSITIONAL:
            parts.append(f'*{name}')
            star = True
            continue
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append('*')
            star = True
        if p.default is p.empty:
            parts.append(name)
        else:
            literal = isinstance(p.default, (type(None), bool, int, float, str, tuple))
            parts.append(f'{name}={p.default!r}' if literal else f'{name}=None')
    return ', '.join(parts)


def forward_only(fn, **tangents):
    """Declare the tangents of a helper that has no reverse rule."""
    _rule_for(fn, signature_of(fn))
    return tangent(fn, **tangents)


# --- linear in the adjoint g, reading only shapes, positions and orders elsewhere ----------
LINEAR_IN_G = [
    h.pick, h.imag_adjoint, h.match_real, h.uncumsum, h.uncumulative_sum, h.undiff,
    h.undiff_parts, h.unediff1d, h.unpermute, h.quantile_adjoint, h.percentile_adjoint,
    h.median_adjoint, h.entry, h.trapezoid_adjoint, h.gradient_adjoint,
    hs.uncopy, hs.untake, hs.untake_along_axis, hs.uncompress, hs.unrepeat, hs.untile, hs.unpad,
    hs.uninsert, hs.unappend, hs.unsplit, hs.restack, hs.unjoin, hs.unmeshgrid, hs.unrollaxis,
    hs.undiagonal, hs.untrace, hs.undiag, hs.unselect, hs.unselect_default, hs.unitem, hs.unlist,
    hs.extreme_adjoint, hs.ununique,
    hl.unfft, hl.unfftn, hl.unrfft, hl.unirfft, hl.unhfft, hl.unihfft, hl.unrfftn, hl.unirfftn,
]
for fn in LINEAR_IN_G:
    linear(fn, 'g', signature=signature_of(fn))
for fn, param in ((hl.mT, 'x'), (hl.expand_matrix, 'x'), (hl.diag_embed, 'd'),
                  (hl.onto_triangle, 's'), (np.polyder, 'p')):
    linear(fn, param, signature=signature_of(fn))
nondifferentiable(h.extremum_share, h.ptp_share, h.count_valid, h.is_zero, h.float_dtype,
                  hs.flat_index)

# --- products: linear in g and in the other factor --------------------------------------
for fn, other in ((hp.tensordot_da, 'b'), (hp.tensordot_db, 'a'), (hp.inner_da, 'b'),
                  (hp.inner_db, 'a'), (hp.unconvolve, 'v')):
    multilinear(fn, 'g', other, signature=signature_of(fn))
# which=0 is the adjoint of a (it reads b's values, a's shape); which=1 the other way round
ONLY_OTHER = '{call} if which == {which} else zero_tangent(ans)'
forward_only(hp.kron_adjoint, g='kron_adjoint(dot, a, b, which)',
             a=ONLY_OTHER.format(call='kron_adjoint(g, dot, b, which)', which=1),
             b=ONLY_OTHER.format(call='kron_adjoint(g, a, dot, which)', which=0))
CROSS = 'axisa, axisb, axisc, axis, which'
forward_only(hp.cross_adjoint, g=f'cross_adjoint(dot, a, b, {CROSS})',
             a=ONLY_OTHER.format(call=f'cross_adjoint(g, dot, b, {CROSS})', which=1),
             b=ONLY_OTHER.format(call=f'cross_adjoint(g, a, dot, {CROSS})', which=0))
forward_only(hp.vecdot_adjoint, g='vecdot_adjoint(dot, x1, x2, axis, which)',
             x1=ONLY_OTHER.format(call='vecdot_adjoint(g, dot, x2, axis, which)', which=1),
             x2=ONLY_OTHER.format(call='vecdot_adjoint(g, x1, dot, axis, which)', which=0))
OPERANDS = [f'operand{i}' for i in range(6)]
forward_only(hp.einsum_adjoint, g=f'einsum_adjoint(dot, subscripts, k, {", ".join(OPERANDS)})',
             # the sublist form: subscripts is the first operand, slot -1
             subscripts='einsum_adjoint(g, dot, k, {}) if k != -1 else zero_tangent(ans)'.format(
                 ', '.join(OPERANDS)),
             **{op: '{} if k != {} else zero_tangent(ans)'.format(
                 'einsum_adjoint(g, subscripts, k, {})'.format(
                     ', '.join('dot' if o == op else o for o in OPERANDS)), i)
                for i, op in enumerate(OPERANDS)})
forward_only(hp.multi_dot_adjoint, g='multi_dot_adjoint(dot, arrays)',
             arrays='multi_dot_adjoint_tangent(dot, g, arrays)')
forward_only(hp.polyval_dp, g='polyval_dp(dot, p, x)', x='polyval_dp_tangent(dot, g, p, x)')
INTERP = 'x, xp, fp, left, right, period'
for fn, name, wrt in ((hp.interp_dx, 'dx', ('xp', 'fp')), (hp.interp_dfp, 'dfp', ('x', 'xp')),
                      (hp.interp_dxp, 'dxp', ('x', 'xp', 'fp'))):
    forward_only(fn, g=f'interp_{name}(dot, {INTERP})', **{
        p: f'interp_adjoint_tangent(dot, g, {INTERP}, {name!r}, {p!r})' for p in wrt})

# --- elementwise and reductions ---------------------------------------------------------
forward_only(rt.prod_others, x='prod_others_tangent(dot, x, axis)')
forward_only(h.angle_adjoint, g='angle_adjoint(dot, z, deg)',
             z='angle_adjoint(g, z, deg) * (-dot / np.where(z == 0, 1, z))')
forward_only(h.nanprod_adjoint, g='nanprod_adjoint(dot, a, axis, keepdims)',
             a='np.where(np.isnan(a), 0, unreduce(g, a, axis, keepdims) * prod_others_tangent('
               'np.where(np.isnan(a), 0, dot), np.where(np.isnan(a), 1, a), axis))')
forward_only(h.uncumprod, g='uncumprod(dot, a, result, axis)',
             a='uncumprod_tangent(dot, g, a, result, axis, "a")',
             result='uncumprod_tangent(dot, g, a, result, axis, "ans")')
CUMULATIVE = 'x, result, axis, include_initial'
forward_only(h.uncumulative_prod, g=f'uncumulative_prod(dot, {CUMULATIVE})',
             x=f'uncumulative_prod_tangent(dot, g, {CUMULATIVE}, "x")',
             result=f'uncumulative_prod_tangent(dot, g, {CUMULATIVE}, "ans")')
AVERAGE = 'a, axis, weights, returned, keepdims, which'
forward_only(h.average_adjoint, g=f'average_adjoint(dot, {AVERAGE})',
             a=f'average_adjoint_tangent(dot, g, {AVERAGE}, "a")',
             weights=f'average_adjoint_tangent(dot, g, {AVERAGE}, "weights")')

# --- linear algebra ----------------------------------------------------------------------
forward_only(hl.solve_da, g='solve_da(dot, a, b, result)', result='solve_da(g, a, b, dot)',
             a='solve_adjoint_tangent(dot, g, a, b, result, 0)')
forward_only(hl.solve_db, g='solve_db(dot, a, b)', a='solve_adjoint_tangent(dot, g, a, b, None, 1)')
forward_only(hl.cholesky_adjoint, g='cholesky_adjoint(dot, result, upper)',
             result='cholesky_adjoint_tangent(dot, g, result, upper)')
forward_only(hl.eigh_adjoint, g='eigh_adjoint(dot, result, UPLO)',
             result='eigh_adjoint_tangent(dot, g, result, UPLO)')
forward_only(hl.eigvalsh_adjoint, g='eigvalsh_adjoint(dot, a, UPLO)',
             a='eigvalsh_adjoint_tangent(dot, g, a, UPLO)')
SVD = 'result, a, full_matrices, compute_uv, hermitian'
forward_only(hl.svd_adjoint, g=f'svd_adjoint(dot, {SVD})',
             a=f'svd_adjoint_tangent(dot, g, {SVD}, "a")',
             result=f'svd_adjoint_tangent(dot, g, {SVD}, "ans")')
forward_only(hl.svdvals_adjoint, g='svdvals_adjoint(dot, x)',
             x='svdvals_adjoint_tangent(dot, g, x)')
forward_only(hl.pinv_adjoint, g='pinv_adjoint(dot, a, result)',
             a='pinv_adjoint_tangent(dot, g, a, result, "a")',
             result='pinv_adjoint_tangent(dot, g, a, result, "ans")')
forward_only(hl.qr_adjoint, g='qr_adjoint(dot, result, a, mode)',
             a='qr_adjoint_tangent(dot, g, result, a, mode, "a")',
             result='qr_adjoint_tangent(dot, g, result, a, mode, "ans")')
forward_only(hl.lstsq_adjoint, g='lstsq_adjoint(dot, result, a, b, which)',
             **{p: f'lstsq_adjoint_tangent(dot, g, result, a, b, which, {w!r})'
                for p, w in (('result', 'ans'), ('a', 'a'), ('b', 'b'))})
forward_only(hl.matrix_power_adjoint, g='matrix_power_adjoint(dot, a, n)',
             a='matrix_power_adjoint_tangent(dot, g, a, n)')
forward_only(hl.tensorinv_adjoint, g='tensorinv_adjoint(dot, a, result, ind)',
             result='tensorinv_adjoint_tangent(dot, g, a, result, ind)')
for fn in (hl.vector_norm_adjoint, hl.matrix_norm_adjoint, hl.norm_adjoint):
    NORM = 'x, result, ord, axis, keepdims'
    forward_only(fn, g=f'{fn.__name__}(dot, {NORM})',
                 **{p: f'{fn.__name__}_tangent(dot, g, {NORM}, {w!r})'
                    for p, w in (('x', 'x'), ('result', 'ans'))})

# --- scipy ----------------------------------------------------------------------------------
def scipy_second_order(special, sla):
    """Forward rules of the SciPy adjoint helpers (loaded when SciPy is in use)."""
    from . import scipy_linalg as sl, scipy_special as ss
    LSE = 'a, result, axis, b, keepdims, return_sign, which'
    forward_only(ss.logsumexp_adjoint, g=f'logsumexp_adjoint(dot, {LSE})', **{
        p: f'logsumexp_adjoint_tangent(dot, g, {LSE}, {w!r})'
        for p, w in (('a', 'a'), ('result', 'ans'), ('b', 'b'))})
    forward_only(special.zeta, q='-x * special.zeta(x + 1, q) * dot')
    TRI = 'a, b, result, trans, lower, unit_diagonal, which'
    forward_only(sl.solve_triangular_adjoint, g=f'solve_triangular_adjoint(dot, {TRI})', **{
        p: f'solve_triangular_adjoint_tangent(dot, g, {TRI}, {w!r})'
        for p, w in (('a', 'a'), ('result', 'ans'))})
    forward_only(sl.expm_adjoint, g='expm_adjoint(dot, A)', A='expm_adjoint_tangent(dot, g, A)')
    SOLVE = 'a, b, result, assume_a, transposed, which'
    forward_only(sl.scipy_solve_adjoint, g=f'scipy_solve_adjoint(dot, {SOLVE})',
                 a=f'scipy_solve_adjoint_tangent(dot, g, {SOLVE})',
                 result=f'scipy_solve_adjoint(g, {SOLVE.replace("result", "dot")}) '
                        'if which == 0 else zero_tangent(ans)')
    EIGH = 'result, a, lower, eigvals_only, b, subset_by_index, subset_by_value'
    forward_only(sl.eigh_or_eigvalsh, g=f'eigh_or_eigvalsh(dot, {EIGH})', **{
        p: f'eigh_or_eigvalsh_tangent(dot, g, {EIGH}, {w!r})'
        for p, w in (('a', 'a'), ('result', 'ans'))})
    forward_only(sla.solve_sylvester, a='scipy_linalg.solve_sylvester(a, b, -(dot @ ans))',
                 b='scipy_linalg.solve_sylvester(a, b, -(ans @ dot))',
                 q='scipy_linalg.solve_sylvester(a, b, dot)')

# --- helpers_complex: abs of complex values, sinc at 0 --------------------------------------
from . import helpers_complex as hc  # noqa: E402
forward_only(hc.abs_adjoint, g='abs_adjoint(dot, x)', x='abs_adjoint_dx(dot, g, x)')
forward_only(hc.sinc_adjoint, g='sinc_adjoint(dot, x)', x='sinc_adjoint_dx(dot, g, x)')
# the exponent's part of x ** y: g * ans * log(x) (linear in g and in ans; y only says
# whether the exponent is an integer, which carries no derivative)
forward_only(h.power_log_term, g='power_log_term(dot, result, x, y)',
             result='power_log_term(g, dot, x, y)', x='power_log_term_dx(dot, g, result, x, y)',
             y='zero_tangent(ans)')
