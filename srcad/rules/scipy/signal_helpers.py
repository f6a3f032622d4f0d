"""Adjoint and tangent helpers of the convolutions (:mod:`srcad.rules.scipy.signal`).

Every convolution srcad differentiates is written as a crop of a *full* n-d
convolution ``F = conv_full(A, V)`` over some axes, where

* ``A`` is the first argument, padded for the boundary modes of
  ``convolve2d``/``correlate2d`` (``fill`` pads with ``fillvalue``, ``wrap`` and
  ``symm`` pad periodically or symmetrically: :func:`_padded`);
* ``V`` is the second argument, flipped and conjugated for the correlations;
* the crop keeps, along each convolved axis of lengths ``n`` (first argument)
  and ``m`` (second), ``L`` values from ``start`` (:func:`_crop`):
  ``full``: all ``n + m - 1``; ``same``: ``n`` from ``(m - 1) // 2`` (``m // 2``
  for ``correlate2d``, which centres the other way); ``valid``:
  ``max(n, m) - min(n, m) + 1`` from ``min(n, m) - 1`` (SciPy swaps the arguments
  when the second is the larger, which is the same crop of the same full result).

The adjoint of ``A`` in ``conv_full(A, V)`` is the ``valid`` convolution of the
full output's adjoint with ``V`` flipped; of ``V``, with ``A`` flipped (the
transpose convention of :mod:`srcad.rules.elementwise.rules` for complex values: no
conjugates other than the correlations' own).  The offsets were checked against
SciPy for every pair of lengths up to 6, both methods, odd and even kernels.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import unbroadcast

_PAD_MODE = {'fill': 'constant', 'wrap': 'wrap', 'symm': 'symmetric',
             'circular': 'wrap', 'symmetric': 'symmetric'}
_FUNCTIONS = ('convolve', 'correlate', 'fftconvolve', 'convolve2d', 'correlate2d')


def _signal():
    import scipy.signal
    return scipy.signal


def _conv_axes(ndim, axes):
    if axes is None:
        return tuple(range(ndim))
    axes = (axes,) if np.ndim(axes) == 0 else tuple(axes)
    return tuple(sorted(int(a) % ndim for a in axes))


def _plan(kind, in1, in2, mode, boundary, axes):
    """``(axes, pad_widths or None, correlation?, same-offset rule)`` of one call."""
    if kind not in _FUNCTIONS:
        raise RuntimeCheckError(f'no derivative for scipy.signal.{kind}')
    if mode not in ('full', 'same', 'valid'):
        raise RuntimeCheckError(f'no derivative for scipy.signal.{kind} with mode={mode!r}')
    ndim = np.ndim(in1)
    if np.ndim(in2) != ndim:
        raise RuntimeCheckError(f'scipy.signal.{kind}: the inputs must have the same '
                                f'number of dimensions')
    ax = _conv_axes(ndim, axes if kind == 'fftconvolve' else None)
    pads = None
    if kind in ('convolve2d', 'correlate2d') and mode != 'valid':
        if boundary not in _PAD_MODE:
            raise RuntimeCheckError(f'no derivative for scipy.signal.{kind} with '
                                    f'boundary={boundary!r}')
        pads = [(m - 1, m - 1) for m in np.shape(in2)]
    return ax, pads, kind in ('correlate', 'correlate2d')


def _padded(in1, pads, boundary, fillvalue):
    if pads is None:
        return np.asarray(in1)
    mode = _PAD_MODE[boundary]
    if mode == 'constant':
        return np.pad(in1, pads, constant_values=fillvalue)
    return np.pad(in1, pads, mode=mode)


def _kernel(in2, ax, corr):
    v = np.asarray(in2)
    return np.conj(np.flip(v, ax)) if corr else v


def _crop(kind, shape1, shape2, mode, ax):
    """The slices of the full output that the call returns."""
    out = []
    for k, (n, m) in enumerate(zip(shape1, shape2)):
        if k not in ax:
            out.append(slice(None))
            continue
        if mode == 'full':
            start, length = 0, n + m - 1
        elif mode == 'same':
            start, length = ((m - 1) - (m - 1) // 2 if kind == 'correlate2d' else (m - 1) // 2), n
        else:
            start, length = min(n, m) - 1, max(n, m) - min(n, m) + 1
        out.append(slice(start, start + length))
    return tuple(out)


def _full_conv(a, v, ax):
    if len(ax) == np.ndim(a):
        return _signal().convolve(a, v, mode='full')
    return _signal().fftconvolve(a, v, mode='full', axes=ax)


def _valid_conv(a, v, ax):
    if len(ax) == np.ndim(a):
        return _signal().convolve(a, v, mode='valid')
    return _signal().fftconvolve(a, v, mode='valid', axes=ax)


def _full_shape(a, v, ax, padded):
    if padded:   # the full output is the valid convolution of the padded input
        return tuple(n - m + 1 for n, m in zip(np.shape(a), np.shape(v)))
    return tuple(n + m - 1 if k in ax else max(n, m)
                 for k, (n, m) in enumerate(zip(np.shape(a), np.shape(v))))


def _unpadded(gp, in1, pads, boundary):
    """The adjoint of :func:`_padded` in ``in1``."""
    if pads is None:
        return gp
    from ..shapes.helpers import unpad
    return unpad(gp, np.asarray(in1), pads, _PAD_MODE[boundary])


def conv_adjoint(g, in1, in2, kind, mode='full', boundary='fill', fillvalue=0, axes=None,
                 which=0):
    """The adjoint of argument ``which`` (0: ``in1``, 1: ``in2``, 2: ``fillvalue``) of
    ``scipy.signal.<kind>(in1, in2, mode, ...)``."""
    ax, pads, corr = _plan(kind, in1, in2, mode, boundary, axes)
    A = _padded(in1, pads, boundary, fillvalue)
    V = _kernel(in2, ax, corr)
    g = np.asarray(g)
    gfull = np.zeros(_full_shape(A, V, ax, pads is not None), dtype=np.result_type(g, 1.0))
    gfull[_crop(kind, np.shape(in1), np.shape(in2), mode, ax)] = g
    if which == 1:
        if pads is None:   # F = conv_full(A, V)
            dv = _valid_conv(gfull, np.flip(A, ax), ax)
        else:              # F = conv_valid(A, V)
            dv = np.flip(_valid_conv(A, np.flip(gfull, ax), ax), ax)
        dv = np.conj(np.flip(dv, ax)) if corr else dv
        return unbroadcast(_real_if(dv, g, in1, in2, fillvalue), np.asarray(in2))
    if pads is None:
        dA = _valid_conv(gfull, np.flip(V, ax), ax)
    else:
        dA = _full_conv(gfull, np.flip(V, ax), ax)
    dA = unbroadcast(_real_if(dA, g, in1, in2, fillvalue), A)
    if which == 0:
        return _unpadded(dA, in1, pads, boundary)
    if pads is None or _PAD_MODE[boundary] != 'constant':
        return np.zeros_like(np.asarray(fillvalue, dtype=float))
    inner = tuple(slice(b, b + n) for (b, _), n in zip(pads, np.shape(in1)))
    return np.sum(dA) - np.sum(dA[inner])


def conv_tangent(dot, in1, in2, kind, mode='full', boundary='fill', fillvalue=0, axes=None,
                 which=0):
    """The tangent of ``scipy.signal.<kind>(...)`` from argument ``which``'s tangent."""
    ax, pads, corr = _plan(kind, in1, in2, mode, boundary, axes)
    if which == 0:
        A, V = _padded(dot, pads, boundary, 0.0), _kernel(in2, ax, corr)
    elif which == 1:
        A, V = _padded(in1, pads, boundary, fillvalue), _kernel(dot, ax, corr)
    else:
        if pads is None or _PAD_MODE[boundary] != 'constant':
            A = np.zeros(np.shape(in1))
        else:
            A = np.pad(np.zeros(np.shape(in1)), pads, constant_values=1.0) * dot
        V = _kernel(in2, ax, corr)
    full = _full_conv(A, V, ax) if pads is None else _valid_conv(A, V, ax)
    out = full[_crop(kind, np.shape(in1), np.shape(in2), mode, ax)]
    return _real_if(out, in1, in2, dot, fillvalue)


def _real_if(x, *likes):
    """Real parts when every input was real (FFTs leave round-off imaginary parts)."""
    if np.iscomplexobj(x) and not any(np.iscomplexobj(v) for v in likes):
        return np.real(x)
    return x


HELPERS = {f.__name__: f for f in (conv_adjoint, conv_tangent)}
