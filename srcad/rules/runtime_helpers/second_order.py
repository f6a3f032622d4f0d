"""Forward rules of the helpers that adjoint templates call, so that srcad can
differentiate its own gradients (``hvp``, ``hessian``: forward over reverse).

A generated backward sweep calls ``uncumsum(t_bar, x)``, ``solve_da(t_bar, a,
b, t)``...  Forward mode over that code needs each helper's tangent in every
argument that can vary.  Almost all are linear in the adjoint ``g`` and read
only the shape of the rest (:func:`linear` in ``g``); products are linear in
``g`` and in the other factor (:func:`multilinear`).  Helpers whose value is
piecewise constant (masks, shares of a tie) are :func:`nondifferentiable`: their
derivative is zero wherever it exists.

The rest depend smoothly on primal values (``solve_da`` on the matrix,
``uncumprod`` on the factors...).  Those have no forward rule at all: forward
mode differentiates the helper's own source, like any function of the user's
(:func:`srcad.calls.jvp_of`: compiled on first use, once per set of varying
arguments, and cached), so each such derivative is written once, in the adjoint
helper.  :data:`DERIVED` lists them.  A tangent is written by hand (below, and in
:mod:`srcad.rules.linalg.second_order`) only where srcad cannot derive it or deriving
it costs too much, each with the reason.

The signatures are read off the helpers themselves.  A parameter named
``ans`` is renamed ``result`` in the rule, because in a tangent template
``ans`` means the helper's own output.
"""

import inspect


from ... import runtime as rt
from ..elementwise import complex as hc, helpers as he, kinks as hk
from ..reductions import helpers as hr, ties as ht
from ..linalg import determinants as hd, helpers as hl
from ..products import helpers as hp
# the helper modules whose functions this module's templates call (importing registers them)
from ..elementwise import complex  # noqa: F401
from ..linalg import second_order  # noqa: F401  (its helpers' rules)
from ..linalg import helpers as linalg_helpers  # noqa: F401
from ..products import helpers as products_helpers  # noqa: F401
from ..reductions import helpers as reductions_helpers  # noqa: F401
from ..shapes import helpers as hs
from ..registry import _rule_for, linear, multilinear, nondifferentiable, tangent



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


def forward_only(fn, constants=None, **tangents):
    """Declare the tangents of a helper that has no reverse rule (and ``constants``, its
    parameters that carry no derivative: see :func:`srcad.rules.registry.constant`)."""
    _rule_for(fn, signature_of(fn), constants)
    return tangent(fn, **tangents)


# --- linear in the adjoint g, reading only shapes, positions and orders elsewhere ----------
LINEAR_IN_G = [
    he.imag_adjoint, he.match_real, hr.uncumsum, hr.uncumulative_sum, hr.undiff,
    hr.undiff_parts, hr.unediff1d, he.entry, hr.trapezoid_adjoint, hr.gradient_adjoint,
    hs.uncopy, hs.untake, hs.untake_along_axis, hs.uncompress, hs.unrepeat, hs.untile, hs.unpad,
    hs.uninsert, hs.unappend_array, hs.unsplit, hs.restack, hs.unjoin, hs.unmeshgrid, hs.unrollaxis,
    hs.undiagonal, hs.untrace, hs.undiag, hs.unselect, hs.unselect_default, hs.unitem, hs.unlist,
    hs.ununique,
    hl.unfft, hl.unfftn, hl.unrfft, hl.unirfft, hl.unhfft, hl.unihfft, hl.unrfftn, hl.unirfftn,
]
# helpers of generated gradients whose other arguments' values matter: never varied in code
# srcad generated from a program it accepted, refused if they were (None: no reason)
HELPER_VALUES = {}
for fn in LINEAR_IN_G:
    linear(fn, 'g', signature=signature_of(fn), constants=HELPER_VALUES.get(fn))
for fn, param in ((hl.mT, 'x'), (hl.expand_matrix, 'x'), (hl.diag_embed, 'd'),
                  (hl.onto_triangle, 's')):
    linear(fn, param, signature=signature_of(fn))
nondifferentiable(hr.extremum_share, hr.where_count, hr.extremum_where_share, hr.ptp_share,
                  hr.count_valid, he.is_zero, he.float_dtype, hs.flat_index, hk.refuse_kink)

# --- products: linear in g and in the other factor --------------------------------------
for fn, other in ((hp.tensordot_da, 'b'), (hp.tensordot_db, 'a'), (hp.inner_da, 'b'),
                  (hp.inner_db, 'a'), (hp.unconvolve, 'v')):
    multilinear(fn, 'g', other, signature=signature_of(fn))
# --- derived from each helper's source (no forward rule: see the module docstring) --------
DERIVED = [
    hp.kron_adjoint, hp.cross_adjoint, hp.vecdot_adjoint, hp.multi_dot_adjoint, hp.polyval_dp,
    hp.interp_dx, hp.interp_dfp, hp.interp_dxp,
    rt.prod_others, he.angle_adjoint, hr.nanprod_adjoint, hr.uncumprod, hr.uncumulative_prod,
    hr.average_adjoint, hr.power_log_term, hc.sinc_adjoint,
    hl.solve_da, hl.solve_db, hl.cholesky_adjoint, hl.eigh_adjoint, hl.eigvalsh_adjoint,
    hl.svd_adjoint, hl.svdvals_adjoint, hl.pinv_adjoint, hl.qr_adjoint, hl.lstsq_adjoint,
    hl.matrix_power_adjoint, hl.tensorinv_adjoint, hd.slogdet_adjoint,
]  # (and SciPy's, added when they load: scipy_second_order)

# --- written by hand, where srcad cannot derive the tangent (or it costs too much) -------
# einsum_adjoint calls itself with ``*operands``, whose parameters srcad cannot bind
OPERANDS = [f'operand{i}' for i in range(6)]
forward_only(hp.einsum_adjoint, g=f'einsum_adjoint(dot, subscripts, k, {", ".join(OPERANDS)})',
             # the sublist form: subscripts is the first operand, slot -1
             subscripts='einsum_adjoint(g, dot, k, {}) if k != -1 else zero_tangent(ans)'.format(
                 ', '.join(OPERANDS)),
             **{op: '{} if k != {} else zero_tangent(ans)'.format(
                 'einsum_adjoint(g, subscripts, k, {})'.format(
                     ', '.join('dot' if o == op else o for o in OPERANDS)), i)
                for i, op in enumerate(OPERANDS)})
# the norms: srcad derives them too (and the derived code runs faster), but deriving them
# costs the first hvp of a function of np.linalg.norm some 55 ms of compiling (4 helper
# compiles: 14 ms -> 71 ms measured), and the norm is a hot function
# det_adjoint's SVD branch (a singular matrix) has no derivable tangent there: by hand
forward_only(hd.det_adjoint, g='det_adjoint(dot, a, result)',
             a='det_adjoint_tangent(dot, g, a, result)', result='zero_tangent(ans)')
for fn in (hl.vector_norm_adjoint, hl.matrix_norm_adjoint, hl.norm_adjoint):
    NORM = 'x, result, ord, axis, keepdims'
    forward_only(fn, g=f'{fn.__name__}(dot, {NORM})',
                 constants=None if fn is hl.matrix_norm_adjoint else dict(ord=None),
                 **{p: f'{fn.__name__}_tangent(dot, g, {NORM}, {w!r})'
                    for p, w in (('x', 'x'), ('result', 'ans'))})
# abs_adjoint, g * conj(sign(z)): srcad's rule reads np.sign as piecewise constant, which
# it is for reals only (sign(z) = z / |z| turns with a complex z)
forward_only(hc.abs_adjoint, g='abs_adjoint(dot, x)', x='abs_adjoint_dx(dot, g, x)')
# the tangents of abs and sign (third order): d * sign(x) is abs_adjoint(d, x) for reals
forward_only(hk.abs_tangent, d='abs_tangent(dot, x)', x='abs_adjoint_dx(dot, d, x)')
forward_only(hk.sign_tangent_kink, d='sign_tangent_kink(dot, x)', x='sign_adjoint(dot, x)')
# maximum's share: piecewise constant, but a jump at a tie (refused there: kinks)
forward_only(he.pick, g='pick(dot, x, y, result)', x='pick_dx(dot, g, x, y, result)',
             y='pick_dx(dot, g, x, y, result)', result='zero_tangent(ans)')
forward_only(hk.pick_tangent, d='pick_tangent(dot, x, y, result)',
             x='pick_dx(dot, d, x, y, result)', y='pick_dx(dot, d, x, y, result)',
             result='zero_tangent(ans)')
forward_only(hk.hypot_adjoint, g='hypot_adjoint(dot, x, result)',
             x='hypot_adjoint_dx(dot, g, x, result)',
             result='-g * x * dot / (result + (result == 0)) ** 2')
forward_only(hk.hypot_tangent, dx='hypot_tangent(dot, 0.0, x, y, result)',
             dy='hypot_tangent(0.0, dot, x, y, result)', x='hypot_adjoint_dx(dot, dx, x, result)',
             y='hypot_adjoint_dx(dot, dy, y, result)',
             result='-(dx * x + dy * y) * dot / (result + (result == 0)) ** 2')
forward_only(hk.clip_tangent, d='clip_tangent(dot, a, lo, hi)', a='zero_tangent(ans)',
             constants=dict(lo=None, hi=None))
forward_only(hk.extreme_tangent_kink, dot='extreme_tangent_kink(dot, result, k, a, b, c, d)',
             **{p: 'zero_tangent(ans)' for p in ('result', 'a', 'b', 'c', 'd')},
             constants=dict(k=None))
# the shares of np.max / np.sort / np.median ties: a jump at a tie (refused there: ties)
forward_only(ht.extremum_adjoint, g='extremum_adjoint(dot, a, result, axis, keepdims, top)',
             a='extremum_adjoint_dx(dot, g, a, result, axis, keepdims, top)',
             result='zero_tangent(ans)', constants=dict(top=None))
forward_only(ht.ptp_adjoint, g='ptp_adjoint(dot, a, axis, keepdims)',
             a='ptp_adjoint_dx(dot, g, a, axis, keepdims)')
forward_only(ht.clip_adjoint, g='clip_adjoint(dot, a, lo, hi)',
             a='clip_adjoint_dx(dot, g, a, lo, hi)', constants=dict(lo=None, hi=None))
forward_only(ht.std_weight, g='std_weight(dot, result, n)',
             result='std_weight_dans(dot, g, result, n)', n='zero_tangent(ans)')
forward_only(hr.unpermute, g='unpermute(dot, a, result, axis)',
             a='unpermute_dx(dot, g, a, result, axis)', result='zero_tangent(ans)')
_QUANTILE = 'axis, keepdims, method, skip_nan'
for fn, q in ((hr.quantile_adjoint, 'q'), (hr.percentile_adjoint, 'np.asarray(q) / 100')):
    forward_only(fn, g=f'{fn.__name__}(dot, a, q, {_QUANTILE})',
                 a=f'quantile_adjoint_dx(dot, g, a, {q}, {_QUANTILE})',
                 constants=dict(q=None, dot=None) if fn is hr.quantile_adjoint else dict(q=None))
forward_only(hr.median_adjoint, g='median_adjoint(dot, a, axis, keepdims, skip_nan)',
             a="quantile_adjoint_dx(dot, g, a, 0.5, axis, keepdims, 'linear', skip_nan)")
# builtin max/min's share: a jump at a tie (refused there: kinks)
forward_only(hs.extreme_adjoint, g='extreme_adjoint(dot, result, k, a, b, c, d)',
             result='zero_tangent(ans)', constants=dict(k=None),
             **{p: f'extreme_adjoint_dx(dot, g, result, {j}, k, a, b, c, d)'
                for j, p in enumerate('abcd')})
# sign_adjoint is zeros (for reals; it refuses complex values): so are its tangents
forward_only(hc.sign_adjoint, g='sign_adjoint(dot, x)', x='sign_adjoint(dot, x)')

# --- scipy ----------------------------------------------------------------------------------
def scipy_second_order(special, sla):
    """Forward rules of the SciPy adjoint helpers (loaded when SciPy is in use)."""
    from ..scipy import linalg as sl, special as ss
    # (zeta's tangent in q is zeta's own derivative: a first-order rule of a C function)
    forward_only(special.zeta, q='-x * special.zeta(x + 1, q) * dot')
    DERIVED.extend(fn for fn in (ss.logsumexp_adjoint, sl.solve_triangular_adjoint,
                                 sl.expm_adjoint) if fn not in DERIVED)
