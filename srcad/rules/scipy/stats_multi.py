"""Rules of ``scipy.stats.multivariate_normal`` and ``scipy.stats.dirichlet`` (loaded
with :mod:`srcad.rules.scipy.stats`).

``multivariate_normal.logpdf(x, mean, cov)`` with ``r = x - mean`` and
``a = cov^-1 r``: the adjoints are ``-a`` (``x``), ``a`` (``mean``) and
``(a a^T - cov^-1) / 2`` (``cov``).  SciPy reads only the lower triangle of
``cov`` (``scipy.linalg.eigh(cov, lower=True)``), so ``cov``'s adjoint lives
there, as for ``scipy.linalg.eigh``: a symmetric ``cov`` built by the program
(``K + noise * I``) gets the usual gradient through it.  A scalar ``cov``
(``c * I``) or a vector (its diagonal) gets the trace or the diagonal.
With ``allow_singular=True`` a singular ``cov`` (SciPy's pseudo-inverse and
pseudo-determinant) is refused when the derivative is computed.

``dirichlet.logpdf(x, alpha)`` takes ``x`` with its components along the first
axis, all ``K`` of them (on the simplex: the derivative is the one of the
formula ``sum((alpha - 1) log x)``, which is the derivative along the simplex
of any ``x`` the program computes on it, ``softmax(z)`` say) or the first
``K - 1`` (the last is ``1 - sum(x)``).

Every adjoint is NumPy over helpers linear in their first argument, so
forward mode and second order need no more rules.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import unbroadcast
from .. import registry


# --- multivariate normal ----------------------------------------------------------------------
def mvn_dim(mean, cov) -> int:
    """The dimension SciPy infers from ``mean`` (else ``cov``)."""
    if mean is not None:
        return int(np.size(mean))
    return 1 if np.ndim(cov) < 2 else int(np.shape(cov)[0])


def mvn_x(x, dim):
    """``x`` shaped ``(..., dim)`` as SciPy reads it (a vector is one point, or, in one
    dimension, a list of points)."""
    x = np.asarray(x)
    if x.ndim == 0:
        return x[np.newaxis]
    if x.ndim == 1:
        return x[:, np.newaxis] if dim == 1 else x[np.newaxis, :]
    return x


def mvn_mean(mean, dim):
    """``mean`` as a vector of ``dim`` entries (``None`` is the origin)."""
    if mean is None:
        return np.zeros(dim)
    return np.broadcast_to(np.reshape(mean, (-1,)) if np.size(mean) == dim else mean, (dim,))


def mvn_cov(cov, dim, allow_singular=None):
    """``cov`` as the symmetric matrix SciPy uses: ``c * I`` for a number, a diagonal
    for a vector, the lower triangle mirrored for a matrix.  ``allow_singular=True``
    checks it is not singular (``None``: no check, for tangents)."""
    cov = np.asarray(cov)
    if cov.ndim == 0:
        full = cov * np.eye(dim)
    elif cov.ndim == 1:
        full = np.diag(cov)
    else:
        full = np.tril(cov) + np.swapaxes(np.tril(cov, -1), -1, -2)
    if allow_singular:
        w = np.linalg.eigvalsh(full)
        if w.min() <= 1e6 * np.finfo(float).eps * max(abs(w.max()), 1.0):
            raise RuntimeCheckError(
                'srcad differentiates scipy.stats.multivariate_normal only for a '
                'non-singular covariance (with allow_singular=True SciPy uses a '
                'pseudo-inverse here, whose derivative srcad has no rule for)',
                hint='add a small multiple of the identity to the covariance')
    return full


def mvn_batch(g, x, dim):
    """The output's adjoint (or tangent) shaped like the points of ``x``
    (SciPy squeezes its output)."""
    return np.reshape(g, np.shape(mvn_x(x, dim))[:-1])


def mvn_unx(G, x):
    """The adjoint of ``x`` from one shaped like :func:`mvn_x` of it."""
    return np.reshape(G, np.shape(x))


def mvn_unmean(G, mean, dim):
    """The adjoint of ``mean`` from per-point adjoints ``G`` of shape ``(..., dim)``."""
    total = np.sum(np.reshape(G, (-1, dim)), axis=0)
    return unbroadcast(total, np.reshape(mean, (-1,)) if np.size(mean) == dim
                       and np.ndim(mean) else mean) if np.ndim(mean) < 2 else \
        np.reshape(total, np.shape(mean))


def mvn_uncov(G, cov):
    """The adjoint of ``cov`` from the symmetric adjoint ``G`` of :func:`mvn_cov` of it."""
    cov = np.asarray(cov)
    if cov.ndim == 0:
        return np.trace(G)
    if cov.ndim == 1:
        return np.diagonal(G).copy()
    return np.tril(G) + np.tril(np.swapaxes(G, -1, -2), -1)


def mvn_alpha(x, mean, cov, allow_singular=False):
    """``cov^-1 (x - mean)`` for each point of ``x``, shaped ``(..., dim)``."""
    dim = mvn_dim(mean, cov)
    return mvn_solve(cov, mean, mvn_x(x, dim) - mvn_mean(mean, dim), allow_singular)


def mvn_solve(cov, mean, r, allow_singular=None):
    """``cov^-1 r`` for each row of ``r``."""
    full = mvn_cov(cov, mvn_dim(mean, cov), allow_singular)
    return np.linalg.solve(full, np.asarray(r)[..., None])[..., 0]


# --- Dirichlet --------------------------------------------------------------------------------
def dir_full(x, alpha):
    """``x`` with all ``K`` components (the last one ``1 - sum`` when ``K - 1`` are given)."""
    x = np.asarray(x)
    if x.shape[0] == np.shape(alpha)[0] - 1:
        return np.concatenate([x, 1.0 - np.sum(x, axis=0, keepdims=True)], axis=0)
    return x


def dir_full_dot(dot, alpha):
    """The tangent of :func:`dir_full` (linear in ``dot``)."""
    dot = np.asarray(dot)
    if dot.shape[0] == np.shape(alpha)[0] - 1:
        return np.concatenate([dot, -np.sum(dot, axis=0, keepdims=True)], axis=0)
    return dot


def dir_unfull(G, x):
    """The adjoint of ``x`` from that of :func:`dir_full` of it."""
    G = np.asarray(G)
    if np.shape(x)[0] == G.shape[0] - 1:
        return G[:-1] - G[-1:]
    return G


def dir_col(v, x):
    """A vector of ``K`` entries shaped to broadcast along the first axis of ``x``."""
    return np.reshape(v, (-1,) + (1,) * (np.ndim(x) - 1))


HELPERS = {f.__name__: f for f in (mvn_dim, mvn_x, mvn_mean, mvn_cov, mvn_batch, mvn_unx,
                                   mvn_alpha, mvn_solve,
                                   mvn_unmean, mvn_uncov, dir_full, dir_full_dot, dir_unfull,
                                   dir_col)}

DIM = 'mvn_dim(mean, cov)'
S = f'mvn_cov(cov, {DIM}, allow_singular)'
A = 'mvn_alpha(x, mean, cov, allow_singular)'


def mvn_templates(seed: str) -> tuple:
    """(adjoints, tangents) of ``multivariate_normal.logpdf`` (``seed='g'``) or ``pdf``."""
    G = f'mvn_batch({seed}, x, {DIM})[..., None]'
    outer = (f'np.reshape({G} * {A}, (-1, {DIM})).T @ np.reshape({A}, (-1, {DIM}))'
             f' - np.sum({seed}) * np.linalg.inv({S})')
    adjoints = {'x': f'mvn_unx(-{G} * {A}, x)',
                'mean': f'mvn_unmean({G} * {A}, mean, {DIM})',
                'cov': f'mvn_uncov(0.5 * ({outer}), cov)'}
    scale = '' if seed == 'g' else 'ans * '
    dS = f'mvn_cov(dot, {DIM})'
    tangents = {
        'x': f'{scale}np.reshape(-np.sum({A} * mvn_x(dot, {DIM}), axis=-1), np.shape(ans))',
        'mean': f'{scale}np.reshape(np.sum({A} * mvn_mean(dot, {DIM}), axis=-1), np.shape(ans))',
        'cov': f'{scale}np.reshape(-0.5 * (np.trace(np.linalg.solve({S}, {dS})) '
               f'- np.sum(({A} @ {dS}) * {A}, axis=-1)), np.shape(ans))'}
    return adjoints, tangents


LOGX = 'np.log(dir_full(x, alpha))'
DALPHA = f'({LOGX} + special.digamma(np.sum(alpha)) - dir_col(special.digamma(alpha), x))'


def dirichlet_templates(seed: str) -> tuple:
    """(adjoints, tangents) of ``dirichlet.logpdf`` (``seed='g'``) or ``pdf``."""
    scale = '' if seed == 'g' else 'ans * '
    adjoints = {
        'x': f'dir_unfull({seed} * (dir_col(alpha, x) - 1) / dir_full(x, alpha), x)',
        'alpha': f'np.sum(np.reshape({seed} * {DALPHA}, (np.shape(alpha)[0], -1)), axis=1)'}
    tangents = {
        'x': f'{scale}np.sum(dir_full_dot(dot, alpha) * (dir_col(alpha, x) - 1) '
             f'/ dir_full(x, alpha), axis=0)',
        'alpha': f'{scale}np.sum(dir_col(dot, x) * {DALPHA}, axis=0)'}
    return adjoints, tangents


def register(special, stats, generators: dict) -> list:
    """Register the rules (and the distributions' parameters in ``generators``:
    :data:`srcad.rules.scipy.stats.GENERATORS`); ``[(distribution, method, rule)]``
    for the frozen forms."""
    from ..runtime_helpers.second_order import forward_only
    registry.register_helpers(HELPERS)
    namespace = dict(HELPERS, special=special)
    declared = []
    mvn, dirichlet = stats.multivariate_normal, stats.dirichlet
    generators[mvn] = ('multivariate_normal', ('mean', 'cov'), {'mean': None, 'cov': 1})
    generators[dirichlet] = ('dirichlet', ('alpha',), {})
    for method, seed in (('logpdf', 'g'), ('pdf', 'g * ans')):
        adjoints, tangents = mvn_templates(seed)
        rule = registry.adjoint(getattr(mvn, method), 'x, mean=None, cov=1, allow_singular=False',
                                namespace, **adjoints, tangent=tangents)
        object.__setattr__(rule, 'name', f'scipy.stats.multivariate_normal.{method}')
        registry.constant(getattr(mvn, method), allow_singular='a flag')
        declared.append((mvn, method, rule))
        adjoints, tangents = dirichlet_templates(seed)
        rule = registry.adjoint(getattr(dirichlet, method), 'x, alpha', namespace, **adjoints,
                                tangent=tangents)
        object.__setattr__(rule, 'name', f'scipy.stats.dirichlet.{method}')
        declared.append((dirichlet, method, rule))
    # the helpers, forward (second order: forward mode over the gradients)
    registry.nondifferentiable(mvn_dim, why='a dimension (an integer)')
    registry.linear(mvn_x, 'x', signature='x, dim')
    registry.linear(mvn_mean, 'mean', signature='mean, dim')
    forward_only(mvn_cov, cov='mvn_cov(dot, dim)')
    forward_only(mvn_alpha, x='mvn_solve(cov, mean, mvn_x(dot, mvn_dim(mean, cov)))',
                 mean='-mvn_solve(cov, mean, mvn_mean(dot, mvn_dim(mean, cov)))',
                 cov='-mvn_solve(cov, mean, ans @ np.swapaxes(mvn_cov(dot, mvn_dim(mean, cov)), '
                     '-1, -2))')
    registry.linear(mvn_batch, 'g', signature='g, x, dim')
    registry.linear(mvn_unx, 'G', signature='G, x')
    registry.linear(mvn_unmean, 'G', signature='G, mean, dim')
    registry.linear(mvn_uncov, 'G', signature='G, cov')
    registry.linear(dir_full_dot, 'dot', signature='dot, alpha')
    forward_only(dir_full, x='dir_full_dot(dot, alpha)')
    registry.linear(dir_unfull, 'G', signature='G, x')
    registry.linear(dir_col, 'v', signature='v, x')
    return declared
