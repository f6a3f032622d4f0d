"""``scipy.ndimage.gaussian_filter1d``, ``gaussian_filter``, ``uniform_filter1d`` and
``uniform_filter`` (loaded once the program imports ``scipy.ndimage``).

Each is linear in its input (every ``mode``: ``'reflect'``, ``'constant'``,
``'nearest'``, ``'mirror'``, ``'wrap'``...; any ``order`` of the Gaussian), and
differentiable there in reverse, forward and second order.  The adjoint is the
transpose of the 1-D filter along each axis, read off SciPy's own filter applied to
unit vectors (so the boundary handling is SciPy's in every version), taken in the
reverse order of the axes.  ``cval`` (an affine offset in ``'constant'`` mode),
``sigma``, ``size``, ``truncate`` and ``radius`` are refused when differentiated,
and ``output=`` (writing into an array) when a derivative is asked.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError

_CHUNK = 512


def filter_matrix(name: str, n: int, options: tuple) -> np.ndarray:
    """``M`` with ``M[i, j]`` = output ``j`` of the 1-D filter ``name`` of unit vector ``i``
    (``cval=0``: the linear part)."""
    from scipy import ndimage
    fn = getattr(ndimage, name)
    kwargs = dict(options)
    rows = []
    for start in range(0, n, _CHUNK):
        idx = np.arange(start, min(n, start + _CHUNK))
        unit = np.zeros((len(idx), n))
        unit[np.arange(len(idx)), idx] = 1.0
        rows.append(fn(unit, axis=-1, cval=0.0, **kwargs))
    return np.concatenate(rows, axis=0) if rows else np.zeros((0, 0))


def _along(name, g, axis, options, transpose):
    """The filter along ``axis`` applied to ``g`` (``g @ M``), or its transpose."""
    g = np.moveaxis(np.asarray(g, dtype=float), axis, -1)
    M = filter_matrix(name, g.shape[-1], options)
    out = g @ (M.T if transpose else M)
    return np.moveaxis(out, -1, axis)


def _sequence(value, count):
    if isinstance(value, str) or np.ndim(value) == 0:
        return [value] * count
    value = list(value)
    if len(value) != count:
        raise RuntimeCheckError('scipy.ndimage: one value per axis (or one for all)')
    return value


def _passes(kind, ndim, scale, order, mode, truncate, radius, axes, origin=0):
    """The 1-D filters ``(axis, name, options)`` ``gaussian_filter`` / ``uniform_filter``
    applies, in order (SciPy skips an axis with ``sigma`` of 0, or ``size`` 1)."""
    axes = list(range(ndim)) if axes is None else \
        [a % ndim for a in (axes if np.ndim(axes) else (axes,))]
    k = len(axes)
    out = []
    if kind == 'gaussian':
        for ax, s, o, m, r in zip(axes, _sequence(scale, k), _sequence(order, k),
                                  _sequence(mode, k), _sequence(radius, k)):
            if s > 1e-15:
                out.append((ax, 'gaussian_filter1d',
                            (('sigma', s), ('order', o), ('mode', m), ('truncate', truncate))
                            + ((('radius', r),) if r is not None else ())))
    else:
        for ax, s, m, o in zip(axes, _sequence(scale, k), _sequence(mode, k),
                               _sequence(origin, k)):
            if s > 1:
                out.append((ax, 'uniform_filter1d', (('size', s), ('mode', m), ('origin', o))))
    return out


def _no_output(output):
    if output is not None:
        raise RuntimeCheckError('srcad differentiates scipy.ndimage filters without output= '
                                '(it writes into an array)', hint='use the returned array')


def ndimage_adjoint(g, input, kind, scale, axis=-1, order=0, output=None, mode='reflect',
                    truncate=4.0, radius=None, axes=None, origin=0, one_axis=True):
    """The adjoint of ``input`` in a Gaussian or uniform filter (``one_axis``: the 1-D
    form along ``axis``; else the n-d form over ``axes``)."""
    _no_output(output)
    ndim = np.ndim(input)
    passes = _passes(kind, ndim, scale, order, mode, truncate, radius,
                     axis if one_axis else axes, origin)
    g = np.asarray(g, dtype=float) + np.zeros(np.shape(input))
    for ax, name, options in reversed(passes):
        g = _along(name, g, ax, options, transpose=True)
    return g


def ndimage_tangent(dot, input, kind, scale, axis=-1, order=0, output=None, mode='reflect',
                    truncate=4.0, radius=None, axes=None, origin=0, one_axis=True):
    """The tangent of a Gaussian or uniform filter of ``input`` (its linear part)."""
    _no_output(output)
    passes = _passes(kind, np.ndim(input), scale, order, mode, truncate, radius,
                     axis if one_axis else axes, origin)
    dot = np.asarray(dot, dtype=float) + np.zeros(np.shape(input))
    for ax, name, options in passes:
        dot = _along(name, dot, ax, options, transpose=False)
    return dot


HELPERS = {f.__name__: f for f in (ndimage_adjoint, ndimage_tangent)}

#: function -> (signature, the helpers' arguments after ``input``)
SIGNATURES = {
    'gaussian_filter1d': ("input, sigma, axis=-1, order=0, output=None, mode='reflect', "
                          "cval=0.0, truncate=4.0, *, radius=None",
                          "'gaussian', sigma, axis, order, output, mode, truncate, radius"),
    'gaussian_filter': ("input, sigma, order=0, output=None, mode='reflect', cval=0.0, "
                        "truncate=4.0, *, radius=None, axes=None",
                        "'gaussian', sigma, -1, order, output, mode, truncate, radius, axes, 0, "
                        "False"),
    'uniform_filter1d': ("input, size, axis=-1, output=None, mode='reflect', cval=0.0, origin=0",
                         "'uniform', size, axis, 0, output, mode, 4.0, None, None, origin"),
    'uniform_filter': ("input, size=3, output=None, mode='reflect', cval=0.0, origin=0, *, "
                       "axes=None",
                       "'uniform', size, -1, 0, output, mode, 4.0, None, axes, origin, False"),
}


def declare() -> None:
    from scipy import ndimage
    from ..registry import adjoint, constant, linear, register_helpers
    from ..runtime_helpers.second_order import signature_of
    register_helpers(HELPERS)
    for name, (signature, rest) in SIGNATURES.items():
        fn = getattr(ndimage, name)
        rule = adjoint(fn, signature, input=f'ndimage_adjoint(g, input, {rest})',
                       tangent={'input': f'ndimage_tangent(dot, input, {rest})'})
        object.__setattr__(rule, 'name', f'scipy.ndimage.{name}')
        names = signature.replace('*,', '').split(', ')
        refused = [p.split('=')[0] for p in names
                   if p.split('=')[0] in ('sigma', 'size', 'cval', 'truncate', 'radius')]
        constant(fn, **{p: None for p in refused})
        if 'origin' in signature:
            constant(fn, origin='an integer offset of the window')
    linear(ndimage_adjoint, 'g', signature=signature_of(ndimage_adjoint))
    linear(ndimage_tangent, 'dot', signature=signature_of(ndimage_tangent))
