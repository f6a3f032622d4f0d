"""Rules of ``scipy.fft`` (loaded once the program imports ``scipy.fft``).

The Fourier transforms (``fft``, ``ifft``, ``rfft``, ``irfft``, ``hfft``, ``ihfft``,
``fft2``, ``ifft2``, ``fftn``, ``ifftn``, ``rfft2``, ``irfft2``, ``rfftn``, ``irfftn``)
compute what ``np.fft``'s do, so they share ``np.fft``'s adjoint helpers
(:mod:`srcad.rules.linalg.helpers`); ``workers``, ``overwrite_x`` and ``plan`` carry no
derivative.

The real-to-real transforms (``dct``, ``idct``, ``dst``, ``idst``, types 1 to 4, and
``dctn``, ``idctn``, ``dstn``, ``idstn``) are real matrices along each axis.  With
``norm='ortho'`` each is orthogonal, so its transpose is its inverse.  The unnormalized
transform (``norm=None``/``'backward'``) is ``c * diag(r) @ O @ diag(k)`` with ``O`` the
orthogonal one, ``c = sqrt(2 M)`` (``M = n - 1`` for DCT-I, ``n + 1`` for DST-I, ``n``
otherwise) and ``r``, ``k`` one but for ``sqrt(2)`` or ``1/sqrt(2)`` at an end
(:func:`_scales`); ``norm='forward'`` divides it by ``c**2``.  The adjoint is read off
that factorization (:func:`r2r_adjoint`).  ``orthogonalize=`` other than its default is
refused when the code runs.  Every transform is linear: its tangent is itself.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ..linalg.helpers import _fit


def _scales(kind: str, type: int, n: int):
    """``(c, r, k)`` with ``unnormalized = c * diag(r) @ ortho @ diag(k)`` for a length-``n``
    ``kind`` (``'dct'``/``'dst'``) transform of ``type``."""
    r, k = np.ones(n), np.ones(n)
    root = np.sqrt(2.0)
    if kind == 'dct':
        m = n - 1 if type == 1 else n
        if type == 1:
            r[[0, -1]], k[[0, -1]] = root, 1 / root
        elif type == 2:
            r[0] = root
        elif type == 3:
            k[0] = 1 / root
    else:
        m = n + 1 if type == 1 else n
        if type == 2:
            r[-1] = root
        elif type == 3:
            k[-1] = 1 / root
    return np.sqrt(2.0 * m), r, k


def _along(v, axis, ndim):
    shape = [1] * ndim
    shape[axis] = -1
    return np.reshape(v, shape)


def _r2r_axis(g, kind, type, n, axis, norm, inverse):
    """The adjoint along one ``axis`` of a length-``n`` transform's output ``g``."""
    from scipy import fft as sfft
    forward_o = getattr(sfft, kind)
    inverse_o = getattr(sfft, 'i' + kind)
    if type not in (1, 2, 3, 4):
        raise RuntimeCheckError(f'scipy.fft.{kind} has no type {type!r}')
    if norm == 'ortho':
        op = forward_o if inverse else inverse_o
        return op(g, type=type, axis=axis, norm='ortho')
    if norm not in (None, 'backward', 'forward'):
        raise RuntimeCheckError(f'scipy.fft.{kind}: unknown norm {norm!r}')
    c, r, k = _scales(kind, type, n)
    nd = np.ndim(g)
    scale = c if (norm == 'forward') == inverse else 1.0 / c
    if not inverse:   # (c D_r O D_k)^T = c D_k O^T D_r
        out = inverse_o(g * _along(r, axis, nd), type=type, axis=axis, norm='ortho')
        return out * _along(k, axis, nd) * scale
    # the inverse (c D_r O D_k)^-1 = D_k^-1 O^T D_r^-1 / c, transposed: D_r^-1 O D_k^-1 / c
    out = forward_o(g / _along(k, axis, nd), type=type, axis=axis, norm='ortho')
    return out / _along(r, axis, nd) * scale




def _check_orthogonalize(kind, norm, orthogonalize):
    if orthogonalize is not None and bool(orthogonalize) != (norm == 'ortho'):
        raise RuntimeCheckError(
            f'srcad differentiates scipy.fft.{kind} with orthogonalize left to its default '
            f'only', hint='drop orthogonalize= (or pass it as norm=\'ortho\' implies)')


def r2r_adjoint(g, x, type=2, n=None, axis=-1, norm=None, orthogonalize=None, kind='dct',
                inverse=False):
    """The adjoint of ``x`` in ``scipy.fft.<kind>(x, type, n, axis, norm)`` (``inverse``:
    ``scipy.fft.i<kind>``)."""
    _check_orthogonalize(kind, norm, orthogonalize)
    g = np.asarray(g)
    axis = axis % g.ndim
    length = g.shape[axis]
    out = _r2r_axis(g, kind, type, length, axis, norm, inverse)
    out = _fit(out, np.shape(x)[axis], axis)
    return out if np.iscomplexobj(x) else np.real(out)


def r2rn_adjoint(g, x, type=2, s=None, axes=None, norm=None, orthogonalize=None, kind='dct',
                 inverse=False):
    """The adjoint of ``x`` in ``scipy.fft.<kind>n(x, type, s, axes, norm)`` (``inverse``:
    ``scipy.fft.i<kind>n``): the one-axis adjoints, one axis after another."""
    _check_orthogonalize(kind, norm, orthogonalize)
    g = np.asarray(g)
    nd = g.ndim
    if axes is None:
        axes = tuple(range(nd)) if s is None else tuple(range(nd - len(s), nd))
    elif np.ndim(axes) == 0:
        axes = (axes,)
    for axis in axes:
        axis = axis % nd
        g = _r2r_axis(g, kind, type, g.shape[axis], axis, norm, inverse)
        g = _fit(g, np.shape(x)[axis], axis)
    return g if np.iscomplexobj(x) else np.real(g)


HELPERS = {f.__name__: f for f in (r2r_adjoint, r2rn_adjoint)}

_KEEP = dict(overwrite_x='a flag (the input may be overwritten: srcad reads only its shape)',
             workers='a thread count', plan='a precomputed plan', orthogonalize='a flag')

ONE_D = 'x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None'
N_D = 'x, s=None, axes=None, norm=None, overwrite_x=False, workers=None, *, plan=None'
TWO_D = 'x, s=None, axes=(-2, -1), norm=None, overwrite_x=False, workers=None, *, plan=None'
R2R = ('x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, '
       'orthogonalize=None')
R2RN = ('x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, *, '
        'orthogonalize=None')


def declare() -> None:
    from scipy import fft as sfft
    from ..linalg import helpers  # noqa: F401  (np.fft's adjoint helpers)
    from ..registry import adjoint, linear, register_helpers
    from ..runtime_helpers.second_order import signature_of
    register_helpers(dict(HELPERS, scipy_fft=sfft))

    def entry(fn, signature, text, forward_text):
        adjoint(fn, signature, x=text, tangent={'x': forward_text},
                constants={p: why for p, why in _KEEP.items() if p in signature},
                display_name=f'scipy.fft.{fn.__name__}')

    for name, adj in (('fft', 'unfft(g, x, n, axis, norm, np.fft.fft)'),
                      ('ifft', 'unfft(g, x, n, axis, norm, np.fft.ifft)'),
                      ('rfft', 'unrfft(g, x, n, axis, norm)'),
                      ('irfft', 'unirfft(g, x, n, axis, norm)'),
                      ('hfft', 'unhfft(g, x, n, axis, norm)'),
                      ('ihfft', 'unihfft(g, x, n, axis, norm)')):
        entry(getattr(sfft, name), ONE_D, adj, f'scipy_fft.{name}(dot, n, axis, norm)')
    for name, adj, sig in (
            ('fftn', 'unfftn(g, x, s, axes, norm, np.fft.fftn)', N_D),
            ('ifftn', 'unfftn(g, x, s, axes, norm, np.fft.ifftn)', N_D),
            ('fft2', 'unfftn(g, x, s, axes, norm, np.fft.fftn)', TWO_D),
            ('ifft2', 'unfftn(g, x, s, axes, norm, np.fft.ifftn)', TWO_D),
            ('rfftn', 'unrfftn(g, x, s, axes, norm)', N_D),
            ('irfftn', 'unirfftn(g, x, s, axes, norm)', N_D),
            ('rfft2', 'unrfftn(g, x, s, axes, norm)', TWO_D),
            ('irfft2', 'unirfftn(g, x, s, axes, norm)', TWO_D)):
        entry(getattr(sfft, name), sig, adj, f'scipy_fft.{name}(dot, s, axes, norm)')
    for kind in ('dct', 'dst'):
        for inverse in (False, True):
            name = ('i' if inverse else '') + kind
            entry(getattr(sfft, name), R2R,
                  f'r2r_adjoint(g, x, type, n, axis, norm, orthogonalize, {kind!r}, {inverse})',
                  f'scipy_fft.{name}(dot, type, n, axis, norm, '
                  f'orthogonalize=orthogonalize)')
            entry(getattr(sfft, name + 'n'), R2RN,
                  f'r2rn_adjoint(g, x, type, s, axes, norm, orthogonalize, {kind!r}, {inverse})',
                  f'scipy_fft.{name}n(dot, type, s, axes, norm, '
                  f'orthogonalize=orthogonalize)')
    for fn in (r2r_adjoint, r2rn_adjoint):
        linear(fn, 'g', signature=signature_of(fn))
