"""NumPy functions whose result is a tuple or a list of separate arrays (not one array
whose rows unpacking would give views of: :func:`srcad.compiler.mutation._numeric_value`)."""

from __future__ import annotations


def sequence_result(callee) -> bool:
    """Whether a NumPy function returns a tuple or list (``q, r = np.linalg.qr(a)``:
    separate arrays, not the rows of one)."""
    name = getattr(callee, '__name__', '')
    if name in ('where', 'unique', 'polyfit', 'atleast_1d', 'atleast_2d', 'atleast_3d'):
        return True  # (on some arguments: np.where(c), return_counts=True...)
    return name in SEQUENCE_RESULTS


SEQUENCE_RESULTS = frozenset({
    'qr', 'svd', 'eig', 'eigh', 'slogdet', 'lstsq', 'histogram', 'histogram2d', 'histogramdd',
    'meshgrid', 'split', 'array_split', 'hsplit', 'vsplit', 'dsplit', 'unstack', 'gradient',
    'divmod', 'frexp', 'modf', 'nonzero', 'unravel_index', 'broadcast_arrays', 'ix_',
    'tril_indices', 'triu_indices', 'diag_indices', 'mask_indices', 'tril_indices_from',
    'triu_indices_from', 'diag_indices_from'})
