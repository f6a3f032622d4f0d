"""``scipy.spatial.distance.cdist`` and ``pdist`` with ``metric='euclidean'``,
``'sqeuclidean'`` or ``'cityblock'`` (loaded once the program imports
``scipy.spatial``); any other metric, or a metric given as a function, is refused
when the derivative is computed.

* ``sqeuclidean``: ``D_ij = |a_i - b_j|^2``, smooth everywhere.
* ``euclidean``: ``D_ij = |a_i - b_j|`` has no derivative where ``a_i = b_j`` (the
  diagonal of ``cdist(X, X)``).  NumPy's own formula gives ``nan`` there; srcad
  refuses instead, in reverse mode when an adjoint reaches such an entry and in forward
  mode when the tangent moves ``a_i`` and ``b_j`` apart (moving both alike, as
  ``cdist(X, X)`` does, keeps the distance 0: a zero tangent).  ``pdist`` has no
  diagonal: only repeated points are refused.
* ``cityblock``: ``sum_k |a_ik - b_jk|``, with ``np.abs``'s derivative ``sign(0) = 0``
  where coordinates tie, as srcad's rule of ``np.abs`` gives for NumPy's formula.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError

METRICS = ('euclidean', 'sqeuclidean', 'cityblock')
ZERO = ('scipy.spatial.distance: the euclidean distance between two equal points '
        '(rows {i} and {j}) has no derivative')
ZERO_HINT = ("use metric='sqeuclidean' (smooth), or keep equal points out of the "
             'differentiated distances (pdist has no diagonal)')


def _metric(metric) -> str:
    if not isinstance(metric, str) or metric not in METRICS:
        raise RuntimeCheckError(
            f'srcad differentiates scipy.spatial.distance with metric {", ".join(METRICS)} '
            f'only, not {metric!r}', hint='write the distance with NumPy')
    return metric


def _pairs(XA, XB):
    XA, XB = np.asarray(XA, dtype=float), np.asarray(XB, dtype=float)
    if XA.ndim != 2 or XB.ndim != 2:
        raise RuntimeCheckError('scipy.spatial.distance needs 2-D arrays of points')
    return XA[:, None, :] - XB[None, :, :]


def cdist_adjoint(g, XA, XB, ans, metric='euclidean', which=0):
    """The adjoint of ``XA`` (``which=0``) or ``XB`` in ``cdist(XA, XB, metric)``."""
    metric = _metric(metric)
    diff = _pairs(XA, XB)
    g = np.asarray(g, dtype=float)
    if metric == 'sqeuclidean':
        weighted = 2.0 * g[:, :, None] * diff
    elif metric == 'cityblock':
        weighted = g[:, :, None] * np.sign(diff)
    else:
        D = np.asarray(ans)
        bad = (D == 0) & (g != 0)
        if np.any(bad):
            i, j = np.argwhere(bad)[0]
            raise RuntimeCheckError(ZERO.format(i=i, j=j), hint=ZERO_HINT)
        weighted = (g / np.where(D == 0, 1.0, D))[:, :, None] * diff
    return np.sum(weighted, axis=1) if which == 0 else -np.sum(weighted, axis=0)


def cdist_tangent(dA, dB, XA, XB, ans, metric='euclidean'):
    """The tangent of ``cdist(XA, XB, metric)`` for tangents ``dA``, ``dB`` of the points."""
    metric = _metric(metric)
    diff = _pairs(XA, XB)
    ddiff = np.asarray(dA)[:, None, :] - np.asarray(dB)[None, :, :]
    if metric == 'sqeuclidean':
        return 2.0 * np.sum(diff * ddiff, axis=-1)
    if metric == 'cityblock':
        return np.sum(np.sign(diff) * ddiff, axis=-1)
    D = np.asarray(ans)
    bad = (D == 0) & np.any(ddiff != 0, axis=-1)
    if np.any(bad):
        i, j = np.argwhere(bad)[0]
        raise RuntimeCheckError(ZERO.format(i=i, j=j), hint=ZERO_HINT)
    return np.sum(diff * ddiff, axis=-1) / np.where(D == 0, 1.0, D)


def pdist_adjoint(g, X, ans, metric='euclidean'):
    """The adjoint of ``X`` in ``pdist(X, metric)``: ``cdist(X, X)``'s, both point sets,
    with the condensed ``g`` in the upper triangle."""
    from scipy.spatial.distance import squareform
    G = np.triu(squareform(np.asarray(g, dtype=float), checks=False))   # each pair once
    D = squareform(np.asarray(ans, dtype=float), checks=False)
    n = G.shape[0]
    D = D + np.eye(n)   # (the diagonal is not an output: no refusal there)
    return cdist_adjoint(G, X, X, D, metric, 0) + cdist_adjoint(G, X, X, D, metric, 1)


def pdist_tangent(dot, X, ans, metric='euclidean'):
    """The tangent of ``pdist(X, metric)`` (the condensed upper triangle)."""
    from scipy.spatial.distance import squareform
    D = squareform(np.asarray(ans, dtype=float), checks=False) + np.eye(len(np.asarray(X)))
    full = cdist_tangent(dot, dot, X, X, D, metric)
    i, j = np.triu_indices(len(full), 1)
    return full[i, j]


def squareform_adjoint(g, X, force='no'):
    """The adjoint of ``X`` in ``squareform(X)`` (linear): a condensed vector fills both
    triangles of a matrix; a matrix gives its upper triangle."""
    g, X = np.asarray(g, dtype=float), np.asarray(X)
    vector = X.ndim == 1 if force == 'no' else force.lower() == 'tomatrix'
    if vector:
        if g.ndim != 2:
            return np.zeros(X.shape)
        i, j = np.triu_indices(g.shape[0], 1)
        return g[i, j] + g[j, i]
    n = X.shape[0]
    out = np.zeros((n, n))
    if n > 1:
        i, j = np.triu_indices(n, 1)
        out[i, j] = g
    return out


HELPERS = {f.__name__: f for f in (cdist_adjoint, cdist_tangent, pdist_adjoint, pdist_tangent,
                                   squareform_adjoint)}


def declare() -> None:
    from scipy.spatial import distance
    import ast
    from ..registry import JOINT, adjoint, constant, register_helpers
    register_helpers(HELPERS)
    rule = adjoint(distance.cdist, "XA, XB, metric='euclidean', *, out=None",
                   XA='cdist_adjoint(g, XA, XB, ans, metric, 0)',
                   XB='cdist_adjoint(g, XA, XB, ans, metric, 1)')
    # one tangent for both point sets (cdist(X, X) moves both alike: see the docstring)
    rule.tangents[JOINT] = ast.parse('cdist_tangent(XA__dot, XB__dot, XA, XB, ans, metric)',
                                     mode='eval').body
    rule.namespace['cdist_tangent'] = cdist_tangent
    object.__setattr__(rule, 'linear_params', ('XA', 'XB'))
    adjoint(distance.pdist, "X, metric='euclidean', *, out=None",
            X='pdist_adjoint(g, X, ans, metric)',
            tangent={'X': 'pdist_tangent(dot, X, ans, metric)'})
    adjoint(distance.squareform, "X, force='no', checks=True",
            X='squareform_adjoint(g, X, force)', forward='linear')
    from ..registry import linear
    linear(squareform_adjoint, 'g', signature="g, X, force='no'")
    constant(distance.squareform, force='an option (a string)', checks='a flag')
    for fn in (distance.cdist, distance.pdist):
        constant(fn, metric='the name of a metric', out=None)
