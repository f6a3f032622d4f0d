"""Rules of NumPy's reductions, cumulative functions, differences and order
statistics (conventions: :mod:`srcad.rules.elementwise.rules`)."""

import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from . import helpers, tangents, ties  # noqa: F401
from ..elementwise import kinks  # noqa: F401  (std_kink)
from ..registry import JOINT, adjoint

# --- reductions ------------------------------------------------------------
# where= and initial= (issue 15): the elements ``where`` leaves out get no adjoint; an
# extremum that ``initial`` wins passes none on; ``initial`` itself is refused when it is
# differentiated.  The branches are written ``... if where is True else ...``: a call that
# does not pass them compiles to the plain template (srcad.compiler.simplify folds the test).
REDUCE = 'a, axis=None, dtype=None, out=None, keepdims=False'
WIDE = REDUCE + ', initial=None, where=True'
EXTREMUM = 'a, axis=None, out=None, keepdims=False'
VARIANCE = 'a, axis=None, dtype=None, out=None, ddof=0, keepdims=False'
SPREAD = 'unreduce(g, a, axis, keepdims)'
MASKED_SUM = 'np.sum(np.where(where, a__dot, 0), axis=axis, keepdims=keepdims)'
adjoint(np.sum, WIDE, a=f'{SPREAD} if where is True else np.where(where, {SPREAD}, 0)',
        forward='linear', method='sum', facts={'reduction'},
        tangent={JOINT: f'np.sum(a__dot, axis, dtype, out, keepdims) if where is True '
                        f'else {MASKED_SUM}'})
adjoint(np.mean, REDUCE + ', *, where=True',
        a=f'unreduce(g / reduced_size(a, axis), a, axis, keepdims) if where is True '
          f'else np.where(where, {SPREAD}, 0) / where_count(a, axis, True, where)',
        forward='linear', method='mean', facts={'reduction', 'row_value'},
        tangent={JOINT: f'np.mean(a__dot, axis, dtype, out, keepdims) if where is True '
                        f'else {MASKED_SUM} / where_count(a, axis, keepdims, where)'})
_SCALE = '(1.0 if initial is None else initial)'
_PROD = (f'np.where(where, {SPREAD} * prod_others(np.where(where, a, 1.0), axis), 0) '
         f'* {_SCALE}')
_PROD_DOT = (f'np.sum(np.where(where, dot * prod_others(np.where(where, a, 1.0), axis), 0), '
             f'axis=axis, keepdims=keepdims) * {_SCALE}')
adjoint(np.prod, WIDE, method='prod', facts={'reduction'},
        a=f'({SPREAD} * prod_others(a, axis) if initial is None else {_PROD}) '
          f'if where is True else {_PROD}',
        tangent={'a': f'(np.sum(dot * prod_others(a, axis), axis=axis, keepdims=keepdims) '
                      f'if initial is None else {_PROD_DOT}) if where is True else {_PROD_DOT}'})
_SHARE = f'{SPREAD} * extremum_where_share(a, ans, axis, keepdims, where)'
_SHARE_DOT = ('np.sum(dot * extremum_where_share(a, ans, axis, keepdims, where), axis=axis, '
              'keepdims=keepdims)')
for fn, method, facts in ((np.max, 'max', {'reduction', 'row_value'}),
                          (np.min, 'min', {'reduction', 'row_value'}),
                          (np.amax, None, {'reduction', 'row_value'}),
                          (np.amin, None, {'reduction', 'row_value'}),
                          (np.nanmax, None, ()), (np.nanmin, None, ())):
    adjoint_text = ('extremum_adjoint(g, a, ans, axis, keepdims)' if method != 'min' and fn
                    not in (np.amin, np.nanmin) else  # (ties: .ties)
                    'extremum_adjoint(g, a, ans, axis, keepdims, False)')
    tangent_text = ('np.sum(dot * extremum_mask(a, ans, axis, keepdims), axis=axis, '
                    'keepdims=keepdims)')
    if fn not in (np.nanmax, np.nanmin):
        adjoint_text = (f'({adjoint_text} if initial is None else {_SHARE}) if where is True '
                        f'else {_SHARE}')
        tangent_text = (f'({tangent_text} if initial is None else {_SHARE_DOT}) '
                        f'if where is True else {_SHARE_DOT}')
    adjoint(fn, EXTREMUM if fn in (np.nanmax, np.nanmin) else EXTREMUM + ', initial=None, '
            'where=True', a=adjoint_text, tangent={'a': tangent_text}, method=method, facts=facts)
adjoint(np.ptp, EXTREMUM, a='ptp_adjoint(g, a, axis, keepdims)',
        facts={'reduction'},
        tangent={'a': 'np.sum(dot * ptp_share(a, axis), axis=axis, keepdims=keepdims)'})
adjoint(np.var, VARIANCE,
        a='unreduce(2 * g / (reduced_size(a, axis) - ddof), a, axis, keepdims)'
          ' * (a - np.mean(a, axis=axis, keepdims=True))',
        method='var', facts={'reduction'},
        tangent={'a': '2 * np.sum(dot * (a - np.mean(a, axis=axis, keepdims=True)), axis=axis, '
                      'keepdims=keepdims) / (reduced_size(a, axis) - ddof)'})
adjoint(np.std, VARIANCE,
        a='unreduce(std_weight(g, ans, reduced_size(a, axis) - ddof), a, axis, keepdims)'
          ' * (a - np.mean(a, axis=axis, keepdims=True))',
        method='std', facts={'reduction'},
        tangent={'a': 'std_kink(np.sum(dot * (a - np.mean(a, axis=axis, keepdims=True)), '
                      'axis=axis, keepdims=keepdims) / ((reduced_size(a, axis) - ddof) * '
                      'np.where(ans == 0, np.inf, ans)), dot, a, ans, axis, keepdims)'})  # (kinks)
adjoint(np.nansum, REDUCE, a='np.where(np.isnan(a), 0, unreduce(g, a, axis, keepdims))',
        facts={'reduction'},
        tangent={'a': 'np.sum(np.where(np.isnan(a), 0, dot), axis=axis, keepdims=keepdims)'})
adjoint(np.nanmean, REDUCE,
        a='np.where(np.isnan(a), 0, unreduce(g, a, axis, keepdims) / count_valid(a, axis))',
        facts={'reduction'},
        tangent={'a': 'np.nanmean(np.where(np.isnan(a), np.nan, dot), axis=axis, '
                      'keepdims=keepdims)'})
adjoint(np.nanprod, REDUCE, a='nanprod_adjoint(g, a, axis, keepdims)',
        tangent={'a': 'np.sum(np.where(np.isnan(a), 0, dot * prod_others(np.where(np.isnan(a), '
                      '1, a), axis)), axis=axis, keepdims=keepdims)'})
adjoint(np.nanvar, VARIANCE,
        a='np.where(np.isnan(a), 0, unreduce(2 * g, a, axis, keepdims)'
          ' * (a - np.nanmean(a, axis=axis, keepdims=True)) / (count_valid(a, axis) - ddof))',
        tangent={'a': 'nanvar_tangent(dot, a, axis, ddof, keepdims)'})
adjoint(np.nanstd, VARIANCE,
        a='np.where(np.isnan(a), 0, unreduce(std_weight(g, ans, 1), a, axis, keepdims)'
          ' * (a - np.nanmean(a, axis=axis, keepdims=True)) / (count_valid(a, axis) - ddof))',
        tangent={'a': 'std_kink(nanvar_tangent(dot, a, axis, ddof, keepdims) / (2 * np.where('
                      'ans == 0, np.inf, ans)), dot, a, ans, axis, keepdims)'})  # (kinks)
adjoint(np.average, 'a, axis=None, weights=None, returned=False, *, keepdims=False',
        a='average_adjoint(g, a, axis, weights, returned, keepdims, 0)',
        weights='average_adjoint(g, a, axis, weights, returned, keepdims, 1)',
        tangent={'a': 'average_tangent(dot, a, ans, axis, weights, returned, keepdims, 0)',
                 'weights': 'average_tangent(dot, a, ans, axis, weights, returned, keepdims, 1)'})
MEDIAN = 'a, axis=None, out=None, overwrite_input=False, keepdims=False'
adjoint(np.median, MEDIAN, a='median_adjoint(g, a, axis, keepdims)',
        facts={'reduction'}, tangent={'a': 'median_tangent(dot, a, axis, keepdims)'})
adjoint(np.nanmedian, MEDIAN, a='median_adjoint(g, a, axis, keepdims, True)',
        tangent={'a': 'median_tangent(dot, a, axis, keepdims, True)'})
QUANTILE = 'a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False'
adjoint(np.quantile, QUANTILE, a='quantile_adjoint(g, a, q, axis, keepdims, method)',
        tangent={'a': 'quantile_tangent(dot, a, q, axis, keepdims, method)'})
adjoint(np.nanquantile, QUANTILE, a='quantile_adjoint(g, a, q, axis, keepdims, method, True)',
        tangent={'a': 'quantile_tangent(dot, a, q, axis, keepdims, method, True)'})
adjoint(np.percentile, QUANTILE, a='percentile_adjoint(g, a, q, axis, keepdims, method)',
        tangent={'a': 'percentile_tangent(dot, a, q, axis, keepdims, method)'})
adjoint(np.nanpercentile, QUANTILE,
        a='percentile_adjoint(g, a, q, axis, keepdims, method, True)',
        tangent={'a': 'percentile_tangent(dot, a, q, axis, keepdims, method, True)'})
CUMULATE = 'a, axis=None, dtype=None, out=None'
adjoint(np.cumsum, CUMULATE, a='uncumsum(g, a, axis)', forward='linear', method='cumsum')
adjoint(np.cumprod, CUMULATE, a='uncumprod(g, a, ans, axis)',
        method='cumprod', tangent={'a': 'cumprod_tangent(dot, a, ans, axis)'})
adjoint(np.nancumsum, CUMULATE, a='np.where(np.isnan(a), 0, uncumsum(g, a, axis))',
        tangent={'a': 'np.cumsum(np.where(np.isnan(a), 0, dot), axis=axis)'})
adjoint(np.nancumprod, CUMULATE,
        a='np.where(np.isnan(a), 0, uncumprod(g, np.where(np.isnan(a), 1, a), ans, axis))',
        tangent={'a': 'cumprod_tangent(np.where(np.isnan(a), 0, dot), np.where(np.isnan(a), 1, '
                      'a), ans, axis)'})
CUMULATIVE = 'x, /, *, axis=None, dtype=None, out=None, include_initial=False'
adjoint(np.cumulative_sum, CUMULATIVE, x='uncumulative_sum(g, x, axis, include_initial)',
        forward='linear')
adjoint(np.cumulative_prod, CUMULATIVE,
        x='uncumulative_prod(g, x, ans, axis, include_initial)',
        tangent={'x': 'cumulative_prod_tangent(dot, x, ans, axis, include_initial)'})
adjoint(np.diff, 'a, n=1, axis=-1, prepend=None, append=None',
        a='undiff_parts(g, a, n, axis, prepend, append)[1]',
        prepend='undiff_parts(g, a, n, axis, prepend, append)[0]',
        append='undiff_parts(g, a, n, axis, prepend, append)[2]',
        tangent={'a': "diff_tangent(dot, 'a', a, n, axis, prepend, append)",
                 'prepend': "diff_tangent(dot, 'prepend', a, n, axis, prepend, append)",
                 'append': "diff_tangent(dot, 'append', a, n, axis, prepend, append)"})

# linear in the sampled values; the sample points and spacings have no rule (constants)
adjoint(np.trapezoid, 'y, x=None, dx=1.0, axis=-1', y='trapezoid_adjoint(g, y, x, dx, axis)',
        tangent={'y': 'np.trapezoid(dot, x, dx, axis)'})
adjoint(np.gradient, 'f, *varargs, axis=None, edge_order=1',
        f='gradient_adjoint(g, f, varargs, axis, edge_order)',
        tangent={'f': 'np.gradient(dot, *varargs, axis=axis, edge_order=edge_order)'})
adjoint(np.ediff1d, 'ary, to_end=None, to_begin=None',
        ary='unediff1d(g, ary, to_end, to_begin)[0]',
        to_end='unediff1d(g, ary, to_end, to_begin)[1]',
        to_begin='unediff1d(g, ary, to_end, to_begin)[2]', forward='linear')
adjoint(np.sort, 'a, axis=-1, kind=None, order=None, *, stable=None',
        a='unpermute(g, a, ans, axis)', tangent={'a': 'permute_tangent(dot, a, ans, axis)'})
adjoint(np.partition, 'a, kth, axis=-1, kind="introselect", order=None',
        a='unpermute(g, a, ans, axis)', tangent={'a': 'permute_tangent(dot, a, ans, axis)'})
