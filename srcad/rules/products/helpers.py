"""Plain-NumPy helpers for the rules of products, convolutions, polynomials and
interpolation.

The adjoint of a product with respect to one factor is the "transposed"
product of ``g`` with the other factors: ``g @ b.T`` for ``a @ b``, another
``tensordot`` or ``einsum`` in general.  Complex factors are not conjugated
(holomorphic convention, see :mod:`srcad.rules.elementwise.rules`), except where the
function itself conjugates (``np.vdot``, ``np.vecdot``).
"""

from __future__ import annotations

import string

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import AdjointList, shape_of, unbroadcast
from ..elementwise.helpers import drop_missing, float_dtype
from ..registry import register_helpers


# --- products ------------------------------------------------------------------------
def _tensordot_axes(a, b, axes):
    if np.ndim(axes) == 0:
        n = int(axes)
        return list(range(np.ndim(a) - n, np.ndim(a))), list(range(n))
    xa, xb = axes
    xa = [xa] if np.ndim(xa) == 0 else list(xa)
    xb = [xb] if np.ndim(xb) == 0 else list(xb)
    return [i % np.ndim(a) for i in xa], [i % np.ndim(b) for i in xb]


def tensordot_da(g, a, b, axes=2):
    """The adjoint of ``a`` in ``np.tensordot(a, b, axes)``."""
    sa, sb = _tensordot_axes(a, b, axes)
    free_a = [i for i in range(np.ndim(a)) if i not in sa]
    free_b = [i for i in range(np.ndim(b)) if i not in sb]
    raw = np.tensordot(g, b, axes=(list(range(len(free_a), np.ndim(g))), free_b))
    order = free_a + [sa[sb.index(j)] for j in sorted(sb)]
    return np.transpose(raw, np.argsort(order))


def tensordot_db(g, a, b, axes=2):
    """The adjoint of ``b`` in ``np.tensordot(a, b, axes)``."""
    sa, sb = _tensordot_axes(a, b, axes)
    free_a = [i for i in range(np.ndim(a)) if i not in sa]
    free_b = [i for i in range(np.ndim(b)) if i not in sb]
    raw = np.tensordot(a, g, axes=(free_a, list(range(len(free_a)))))
    order = [sb[sa.index(i)] for i in sorted(sa)] + free_b
    return np.transpose(raw, np.argsort(order))


def inner_da(g, a, b):
    """The adjoint of ``a`` in ``np.inner(a, b)`` (a sum over the last axes)."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * b, a)
    na, nb = np.ndim(a) - 1, np.ndim(b) - 1
    return np.tensordot(g, b, axes=(list(range(na, na + nb)), list(range(nb))))


def inner_db(g, a, b):
    """The adjoint of ``b`` in ``np.inner(a, b)``."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * a, b)
    na = np.ndim(a) - 1
    return np.tensordot(g, a, axes=(list(range(na)), list(range(na))))


def kron_adjoint(g, a, b, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` (``which=1``) in ``np.kron(a, b)``."""
    d = max(np.ndim(a), np.ndim(b))
    sa = (1,) * (d - np.ndim(a)) + shape_of(a)
    sb = (1,) * (d - np.ndim(b)) + shape_of(b)
    blocks = np.reshape(g, [n for pair in zip(sa, sb) for n in pair])
    ones = (1,) * d
    if which == 0:
        other = np.reshape(b, [n for pair in zip(ones, sb) for n in pair])
        return np.reshape(np.sum(blocks * other, axis=tuple(range(1, 2 * d, 2))), shape_of(a))
    other = np.reshape(a, [n for pair in zip(sa, ones) for n in pair])
    return np.reshape(np.sum(blocks * other, axis=tuple(range(0, 2 * d, 2))), shape_of(b))


def cross_adjoint(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``np.cross(a, b, ...)``:
    ``b x g`` and ``g x a``, with 2-vectors seen as 3-vectors in the plane."""
    if axis is not None:
        axisa = axisb = axisc = axis
    am, bm = np.moveaxis(a, axisa, -1), np.moveaxis(b, axisb, -1)
    if am.shape[-1] == 2 and bm.shape[-1] == 2:
        g3 = np.stack([np.zeros_like(g), np.zeros_like(g), g], axis=-1)
    else:
        g3 = np.moveaxis(g, axisc, -1)
    a3, b3 = _as_3d(am), _as_3d(bm)
    d, target, home = (np.cross(b3, g3), am, axisa) if which == 0 else (np.cross(g3, a3), bm, axisb)
    d = unbroadcast(d[..., :target.shape[-1]], target)
    return np.moveaxis(d, -1, home)


def _as_3d(v):
    if v.shape[-1] == 3:
        return v
    return np.concatenate([v, np.zeros(v.shape[:-1] + (1,), dtype=v.dtype)], axis=-1)


def vecdot_adjoint(g, x1, x2, axis=-1, which=0):
    """The adjoint of ``x1`` (``which=0``) or ``x2`` in ``np.vecdot(x1, x2, axis=axis)``,
    which is ``sum(conj(x1) * x2, axis)``."""
    ge = np.expand_dims(g, axis)
    if which == 0:
        return unbroadcast(np.conj(ge * x2), x1)
    return unbroadcast(ge * np.conj(x1), x2)


def multi_dot_adjoint(g, arrays):
    """Adjoints of ``np.linalg.multi_dot(arrays)``: ``L_i.T @ g @ R_i.T`` for each array,
    where ``L_i`` and ``R_i`` are the products to its left and right."""
    mats = [np.asarray(m) for m in arrays]
    shapes = [m.shape for m in mats]
    if mats[0].ndim == 1:
        mats[0] = mats[0][None, :]
    if mats[-1].ndim == 1:
        mats[-1] = mats[-1][:, None]
    g = np.reshape(g, (mats[0].shape[0], mats[-1].shape[1]))
    left, acc = [None], None
    for m in mats[:-1]:
        acc = m if acc is None else acc @ m
        left.append(acc)
    right, acc = [None], None
    for m in mats[:0:-1]:
        acc = m if acc is None else m @ acc
        right.append(acc)
    right = right[::-1]
    out = AdjointList()
    for shape, lo, hi in zip(shapes, left, right):
        d = g if lo is None else lo.T @ g
        d = d if hi is None else d @ hi.T
        out.append(np.reshape(d, shape))
    return out


def _einsum_parts(subscripts, operands):
    """``subscripts`` as explicit per-operand letters and output letters, with each
    ellipsis spelled out in letters the expression does not use."""
    spec = subscripts.replace(' ', '')
    inputs, output = spec.split('->') if '->' in spec else (spec, None)
    inputs = inputs.split(',')
    unused = [c for c in string.ascii_letters if c not in spec]
    ranks = [np.ndim(op) - (len(s) - 3) for s, op in zip(inputs, operands) if '...' in s]
    ellipsis = ''.join(unused[:max(ranks, default=0)])
    inputs = [s.replace('...', ellipsis[len(ellipsis) - (np.ndim(op) - len(s) + 3):])
              if '...' in s else s for s, op in zip(inputs, operands)]
    if output is None:
        letters = ''.join(s.replace('...', '') for s in spec.split(','))
        output = ellipsis + ''.join(sorted(c for c in set(letters) if letters.count(c) == 1))
    else:
        output = output.replace('...', ellipsis)
    return inputs, output


_SUBLIST_LETTERS = string.ascii_uppercase + string.ascii_lowercase  # sorted as NumPy's labels


def einsum_sublist(slots, k: int):
    """``np.einsum(op0, sub0, op1, sub1, ..., [out])`` (the sublist form) as
    ``(subscripts, operands, j)``: the same contraction written as a subscripts
    string, and which operand argument slot ``k`` is (slot 0 is ``op0``)."""
    slots = drop_missing(slots)
    pairs, out = (slots[:-1], slots[-1]) if len(slots) % 2 else (slots, None)
    if k % 2 or k >= len(pairs):
        raise RuntimeCheckError(f'np.einsum in sublist form: argument {k} is a sublist '
                                f'of axis labels, which has no derivative')

    def letters(sub):
        try:
            return ''.join('...' if s is Ellipsis else _SUBLIST_LETTERS[int(s)] for s in sub)
        except (TypeError, ValueError, IndexError):
            raise RuntimeCheckError(f'np.einsum in sublist form: srcad reads axis labels '
                                    f'0..51 and Ellipsis, not {sub!r}') from None
    spec = ','.join(letters(s) for s in pairs[1::2])
    if out is not None:
        spec += '->' + letters(out)
    return spec, list(pairs[0::2]), k // 2


def einsum_adjoint(g, subscripts, k, operand0, operand1=None, operand2=None, operand3=None,
                   operand4=None, operand5=None):
    """The adjoint of operand ``k`` of ``np.einsum(subscripts, *operands)``.

    It is another einsum of ``g`` with the other operands, broadcast along
    letters only operand ``k`` has, and written onto the diagonal for letters
    it repeats (``'ii->'``).  In the sublist form ``subscripts`` is the first
    operand and ``k`` counts argument slots after it (``-1`` is ``subscripts``).
    """
    if not isinstance(subscripts, str):
        spec, operands, j = einsum_sublist(
            (subscripts, operand0, operand1, operand2, operand3, operand4, operand5), k + 1)
        return einsum_adjoint(g, spec, j, *operands)
    operands = drop_missing((operand0, operand1, operand2, operand3, operand4, operand5))
    inputs, output = _einsum_parts(subscripts, operands)
    spec, op = inputs[k], operands[k]
    others = [(s, o) for j, (s, o) in enumerate(zip(inputs, operands)) if j != k]
    unique = ''.join(dict.fromkeys(spec))
    present = set(output).union(*[set(s) for s, _ in others])
    kept = ''.join(c for c in unique if c in present)
    terms = ','.join([output] + [s for s, _ in others])
    r = np.einsum(f'{terms}->{kept}', g, *[o for _, o in others])
    sizes = dict(zip(spec, np.shape(op)))
    r = np.reshape(r, [r.shape[kept.index(c)] if c in kept else 1 for c in unique])
    r = np.broadcast_to(r, [max(n, sizes[c]) for n, c in zip(r.shape, unique)])
    r = np.sum(r, axis=tuple(i for i, c in enumerate(unique)
                             if sizes[c] == 1 and r.shape[i] != 1), keepdims=True)
    if len(unique) == len(spec):
        return r
    full = np.zeros(np.shape(op), dtype=np.result_type(op, r))
    index = tuple(np.reshape(np.arange(sizes[c]), [-1 if u == c else 1 for u in unique])
                  for c in spec)
    full[index] = r
    return full


def polyval_dp(g, p, x):
    """The adjoint of the coefficients ``p`` in ``np.polyval(p, x)``."""
    n = len(p)
    return np.stack([np.sum(g * np.asarray(x) ** k) for k in range(n - 1, -1, -1)])


def _full_from_mode(g, n, m, mode):
    """Embed the adjoint of a ``mode``-cropped convolution into the full output's."""
    full = n + m - 1
    if mode == 'full':
        return g
    length = max(n, m) if mode == 'same' else max(n, m) - min(n, m) + 1
    start = (full - length) // 2 if mode == 'same' else min(n, m) - 1
    out = np.zeros(full, dtype=np.result_type(g))
    out[start:start + length] = g
    return out


def unconvolve(g, a, v, mode='full'):
    """The adjoint of ``a`` in ``np.convolve(a, v, mode)``: a correlation with ``v``."""
    gfull = _full_from_mode(np.asarray(g), len(a), len(v), mode)
    return np.correlate(gfull, np.conj(v), 'valid')


def _interp_locate(x, xp):
    i = np.clip(np.searchsorted(xp, x, side='right') - 1, 0, len(xp) - 2)
    h = xp[i + 1] - xp[i]
    return i, h, (x - xp[i]) / h


def interp_dx(g, x, xp, fp, left=None, right=None, period=None):
    """The adjoint of ``x`` in ``np.interp(x, xp, fp)``: ``g`` times the slope of
    the segment ``x`` falls in (zero outside ``xp``'s range)."""
    if period is not None:
        raise RuntimeCheckError('no derivative for np.interp with period')
    x, xp, fp = np.asarray(x), np.asarray(xp), np.asarray(fp)  # lists, as NumPy reads them
    i, h, _ = _interp_locate(x, xp)
    inside = (x >= xp[0]) & (x <= xp[-1])
    return np.where(inside, g * (fp[i + 1] - fp[i]) / h, 0)


def interp_dfp(g, x, xp, fp, left=None, right=None, period=None):
    """The adjoint of ``fp`` in ``np.interp(x, xp, fp, left, right)``: each ``g``
    split between the two knots around its ``x`` by the interpolation weights."""
    if period is not None:
        raise RuntimeCheckError('no derivative for np.interp with period')
    x, xp, fp = np.asarray(x), np.asarray(xp), np.asarray(fp)  # lists, as NumPy reads them
    i, _, t = _interp_locate(x, xp)
    t = np.clip(t, 0, 1)
    g = np.where((left is not None) & (x < xp[0]) | (right is not None) & (x > xp[-1]), 0, g)
    out = np.zeros(np.shape(fp), dtype=np.result_type(float_dtype(fp), g))
    np.add.at(out, i, g * (1 - t))
    np.add.at(out, i + 1, g * t)
    return out


def interp_dxp(g, x, xp, fp, left=None, right=None, period=None):
    """The adjoint of the knots ``xp`` in ``np.interp(x, xp, fp)``."""
    if period is not None:
        raise RuntimeCheckError('no derivative for np.interp with period')
    x, xp, fp = np.asarray(x), np.asarray(xp), np.asarray(fp)  # lists, as NumPy reads them
    i, h, t = _interp_locate(x, xp)
    slope = (fp[i + 1] - fp[i]) / h
    g = np.where((x >= xp[0]) & (x <= xp[-1]), g, 0)
    out = np.zeros(np.shape(xp), dtype=np.result_type(float_dtype(xp), g))
    np.add.at(out, i, g * slope * (t - 1))
    np.add.at(out, i + 1, -g * slope * t)
    return out


def np_correlate_uncrop(g, a, v, mode='valid'):
    """The adjoint of ``np.correlate(a, v, mode)``'s crop of its full correlation, as
    the full correlation's adjoint (``mode='same'`` with ``len(a) < len(v)``: NumPy
    swaps the arguments and reverses the result, so it centres the other way)."""
    n, m = len(a), len(v)
    if mode == 'full':
        return np.asarray(g)
    full = n + m - 1
    short = min(n, m)
    if mode == 'same':
        length = max(n, m)
        start = (short - 1) // 2 if n >= m else (short - 1) - (short - 1) // 2
    else:
        start, length = short - 1, max(n, m) - short + 1
    g = np.asarray(g)
    out = np.zeros(full, dtype=np.result_type(g))
    out[start:start + length] = g
    return out


HELPERS = {f.__name__: f for f in (
    tensordot_da, tensordot_db, inner_da, inner_db, kron_adjoint, cross_adjoint,
    vecdot_adjoint, multi_dot_adjoint, einsum_adjoint, polyval_dp, unconvolve, interp_dx,
    interp_dfp, interp_dxp, np_correlate_uncrop)}
register_helpers(HELPERS)
