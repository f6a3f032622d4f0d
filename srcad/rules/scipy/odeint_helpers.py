"""The derivatives of ``scipy.integrate.odeint`` and ``solve_ivp`` (rules in :mod:`srcad.rules.scipy.integrate`).

Reverse mode is the adjoint method.  For ``y' = f(y, t, *args)`` solved at
times ``t_0 < ... < t_N`` with output adjoints ``g_i``, the adjoint ``a`` of
the state satisfies ``a' = -a df/dy`` and the parameters collect
``p' = -a df/dargs``; both are solved backwards from ``t_N`` together with the
state itself (the augmented system), by the same solver with the same
tolerances, one interval at a time: at each ``t_i`` the state is reset to the
stored solution and ``g_i`` is added to ``a``.  Then

* ``y0_bar = a(t_0)``,
* ``t_bar[i] = g_i . f(y_i, t_i)``, and the start ``t_0`` also moves the whole
  trajectory: ``- a(t_0) . f(y0, t_0)`` more,
* ``args_bar = p(t_0)``, shaped like ``args`` (tuples, lists, dicts of arrays).

The products ``a df/dy`` and ``a df/dargs`` come from the vector-Jacobian
product srcad generates from the user's own dynamics function, through the same
mechanism as any function passed as an argument
(:func:`srcad.dynamic.dynamic_forward`): generated once, called at every step.

Forward mode solves the forward sensitivity equations alongside the state:
``s' = df/dy s + df/dargs args_dot`` from ``s(t_0) = y0_dot - f(y0, t_0) t0_dot``;
the output's tangent at ``t_i`` is ``s(t_i) + f(y_i, t_i) t_dot[i]``.  The
Jacobian-vector products come from the forward mode srcad generates
(:func:`srcad.dynamic.dynamic_jvp`).
"""

from __future__ import annotations

import threading

import numpy as np

from ... import dynamic, runtime as rt
from ...errors import RuntimeCheckError
from ..registry import register_helpers


# --- the arguments as a flat vector, and back -------------------------------------------
def _is_float_leaf(x) -> bool:
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, (complex, np.complexfloating)) or (
            isinstance(x, np.ndarray) and x.dtype.kind == 'c'):
        raise RuntimeCheckError('srcad differentiates ODE solutions of real values only, not '
                                'complex ones', hint='split the state into real and '
                                'imaginary parts')
    return isinstance(x, (float, np.floating)) or (
        isinstance(x, np.ndarray) and x.dtype.kind == 'f')


def _leaves(tree) -> list:
    """The leaves of ``args`` (tuples, lists and dicts, nested) in order."""
    if isinstance(tree, (list, tuple)):
        return [leaf for v in tree for leaf in _leaves(v)]
    if isinstance(tree, dict):
        return [leaf for v in tree.values() for leaf in _leaves(v)]
    return [tree]


def _flat_like(value, tree) -> list:
    """``value`` (an adjoint or a tangent of ``tree``: the same structure, or a zero)
    as one flat array per floating leaf of ``tree``."""
    if isinstance(tree, (list, tuple)):
        parts = [None] * len(tree) if rt._is_zero(value) else list(value)
        if len(parts) != len(tree):
            raise RuntimeCheckError(f'srcad received {len(parts)} derivatives for the '
                                    f'{len(tree)} entries of args')
        return [f for p, v in zip(parts, tree) for f in _flat_like(p, v)]
    if isinstance(tree, dict):
        return [f for k, v in tree.items()
                for f in _flat_like(None if rt._is_zero(value) else value.get(k), v)]
    if not _is_float_leaf(tree):
        return []
    size = np.size(tree)
    if rt._is_zero(value):
        return [np.zeros(size)]
    value = np.asarray(value, dtype=float)
    shape = np.shape(tree)
    return [np.ravel(value if value.shape == shape else np.broadcast_to(value, shape))]


def _flatten(value, tree) -> np.ndarray:
    parts = _flat_like(value, tree)
    return np.concatenate(parts) if parts else np.zeros(0)


def _unflatten(vec, tree, at=0):
    """The adjoint of ``tree`` whose floating leaves are read from ``vec``: (adjoint, end)."""
    if isinstance(tree, (list, tuple)):
        out = []
        for v in tree:
            part, at = _unflatten(vec, v, at)
            out.append(part)
        return (tuple(out) if type(tree) is tuple else rt.AdjointList(out)), at
    if isinstance(tree, dict):
        out = rt.AdjointDict()
        for k, v in tree.items():
            out[k], at = _unflatten(vec, v, at)
        return out, at
    if not _is_float_leaf(tree):
        return 0.0, at
    size = np.size(tree)
    part = vec[at:at + size].reshape(np.shape(tree)).astype(np.result_type(tree, np.float64))
    if isinstance(tree, float):
        part = float(part)
    return part, at + size


# --- the user's dynamics and its generated derivatives ------------------------------------
class Dynamics:
    """``f`` called as the solver calls it: ``f(y, t, *args)`` or ``f(t, y, *args)``."""

    def __init__(self, func, args, time_first: bool):
        if not callable(func):
            raise RuntimeCheckError(f'the dynamics {func!r} is not callable')
        self.func, self.args, self.time_first = func, tuple(args), time_first

    def order(self, y, t):
        return (t, y) if self.time_first else (y, t)

    def value(self, y, t) -> np.ndarray:
        return np.ravel(np.asarray(self.func(*self.order(y, t), *self.args), dtype=float))

    def vjp(self, y, t, a):
        """``(f, a df/dy, [a df/dargs...])`` at ``(y, t)``."""
        ans, saved = dynamic.dynamic_forward(self.func, *self.order(y, t), *self.args)
        grads = dynamic.dynamic_backward(saved, _like_output(a, ans))
        y_bar = grads[1 if self.time_first else 0]
        f = np.ravel(np.asarray(ans, dtype=float))
        y_bar = np.zeros(f.size) if rt._is_zero(y_bar) else \
            np.ravel(np.broadcast_to(np.asarray(y_bar, dtype=float), (f.size,)))
        return f, y_bar, grads[2:]

    def jvp(self, y, t, y_dot, args_dot):
        """``(f, df/dy y_dot + df/dargs args_dot)`` at ``(y, t)`` (``args_dot``: a tangent
        per argument, None for those that do not vary)."""
        dots = (None, y_dot) if self.time_first else (y_dot, None)
        ans, dot = dynamic.dynamic_jvp(self.func, dots + tuple(args_dot),
                                        *self.order(y, t), *self.args)
        f = np.ravel(np.asarray(ans, dtype=float))
        if rt._is_zero(dot):
            return f, np.zeros(f.size)
        return f, np.ravel(np.broadcast_to(np.asarray(dot, dtype=float), (f.size,)))


def _like_output(a, ans):
    """The adjoint ``a`` (a flat array) shaped like the dynamics' output ``ans``."""
    if isinstance(ans, (list, tuple)):
        return rt.AdjointList(np.asarray(a).reshape(np.shape(ans))[i] for i in range(len(ans)))
    if isinstance(ans, float):
        return float(np.asarray(a).reshape(()))
    return np.asarray(a).reshape(np.shape(ans))


# --- reverse: the adjoint system, solved backwards interval by interval --------------------
def _adjoint_sweep(dyn, times, Y, G, t_start, y_start, solve, want_args):
    """``(a, p, t_bar, t_start_bar)`` for outputs ``Y[i]`` at ``times[i]`` with adjoints
    ``G[i]``, the state starting from ``y_start`` at ``t_start``: the state's adjoint
    ``a`` and the parameters' ``p`` at ``t_start`` (not counting an output there), the
    adjoints of the times and of ``t_start``.  ``solve(rhs, state, t_from, t_to)``
    integrates the augmented system with the user's solver."""
    n = Y.shape[1]
    size = _flatten(None, dyn.args).size if want_args else 0

    def rhs(state, t):
        f, y_bar, grads = dyn.vjp(state[:n], t, state[n:2 * n])
        rates = [f, -y_bar]
        if want_args:
            rates.append(-_flatten(rt.AdjointList(grads), dyn.args))
        return np.concatenate(rates)

    t_bar = np.array([G[i] @ dyn.value(Y[i], times[i]) for i in range(len(times))])
    a, p = np.array(G[-1], dtype=float), np.zeros(size)
    for i in range(len(times) - 1, -1, -1):
        t_to = times[i - 1] if i > 0 else t_start
        if times[i] != t_to:
            state = solve(rhs, np.concatenate([Y[i], a, p]), times[i], t_to)
            a, p = state[n:2 * n], state[2 * n:]
        if i > 0:
            a = a + G[i - 1]
    t_start_bar = -(a @ dyn.value(y_start, t_start))
    return a, p, t_bar, t_start_bar


def _sensitivity_rhs(dyn, n, args_dot):
    def rhs(state, t):
        f, f_dot = dyn.jvp(state[:n], t, state[n:], args_dot)
        return np.concatenate([f, f_dot])
    return rhs


# --- tolerances for the augmented systems --------------------------------------------------
def _extended(tol, n, total):
    """A tolerance of the user's state (a number or one per component) for a system of
    ``total`` components whose first ``n`` are the state."""
    if tol is None or np.ndim(tol) == 0:
        return tol
    tol = np.ravel(tol)
    if tol.size != n:
        return tol
    rest = np.full(total - n, np.min(tol)) if total > n else np.zeros(0)
    return np.concatenate([tol, rest])


_CACHE = threading.local()   # the last adjoint computed: all parameters come from one sweep


def _cached(key_objects, want_args, compute):
    last = getattr(_CACHE, 'last', None)
    if last is not None and len(last[0]) == len(key_objects) and all(
            a is b for a, b in zip(last[0], key_objects)) and (last[1] or not want_args):
        return last[2]
    result = compute()
    _CACHE.last = (tuple(key_objects), want_args, result)
    return result


# --- odeint -------------------------------------------------------------------------------
_ODEINT_SOLVER_OPTIONS = ('rtol', 'atol', 'hmax', 'hmin', 'mxstep', 'mxordn', 'mxords')


def _odeint_checks(options):
    if options.get('full_output'):
        raise RuntimeCheckError(
            'srcad differentiates odeint(..., full_output=False) only',
            hint='call odeint with full_output=True outside the differentiated function '
                 'for the solver diagnostics')


def _odeint_solver(options, n, total):
    """``solve(rhs, state, t_from, t_to)`` by odeint with the user's options."""
    from scipy.integrate import odeint
    kwargs = {k: options[k] for k in _ODEINT_SOLVER_OPTIONS if options.get(k) is not None}
    kwargs.update({k: _extended(kwargs[k], n, total) for k in ('rtol', 'atol') if k in kwargs})

    def solve(rhs, state, t_from, t_to):
        out, info = odeint(rhs, state, np.array([t_from, t_to], dtype=float),
                           full_output=True, **kwargs)
        if info['message'] != 'Integration successful.':
            raise RuntimeCheckError(f'the solver failed on the adjoint system of odeint: '
                                    f'{info["message"]}',
                                    hint='tighten rtol/atol or raise mxstep')
        return out[-1]
    return solve


def odeint_adjoint(g, which, ans, func, y0, t, args=(), **options):
    """The adjoint of ``y0``, ``t`` or ``args`` (``which``) of ``ans = odeint(func, y0, t,
    args, **options)`` for the output adjoint ``g``."""
    _odeint_checks(options)
    if rt._is_zero(g):
        return _zero_adjoint(which, y0, t, args)
    want_args = which == 'args'

    def compute():
        Y = np.asarray(ans, dtype=float)
        G = np.broadcast_to(np.asarray(g, dtype=float), Y.shape)
        times = np.asarray(t, dtype=float)
        dyn = Dynamics(func, args or (), bool(options.get('tfirst')))
        n = Y.shape[1]
        total = 2 * n + (_flatten(None, dyn.args).size if want_args else 0)
        a, p, t_bar, t0_bar = _adjoint_sweep(dyn, times[1:], Y[1:], G[1:], times[0], Y[0],
                                             _odeint_solver(options, n, total), want_args)
        return a + G[0], np.concatenate([[t0_bar], t_bar]), p
    y0_bar, t_bar, p = _cached((g, ans, func, y0, t, args), want_args, compute)
    return _shaped(which, y0_bar, t_bar, p, y0, t, args)


def _zero_adjoint(which, y0, t, args):
    if which == 'y0':
        return np.zeros(np.shape(y0))
    if which == 't':
        return np.zeros(np.shape(t))
    return _unflatten(np.zeros(_flatten(None, tuple(args or ())).size), args)[0]


def _shaped(which, y0_bar, t_bar, p, y0, t, args):
    if which == 'y0':
        out = np.reshape(y0_bar, np.shape(y0))
        return float(out) if isinstance(y0, float) else out
    if which == 't':
        return np.reshape(t_bar, np.shape(t))
    return _unflatten(p, args)[0]


def odeint_tangent(dot, which, ans, func, y0, t, args=(), **options):
    """The tangent of ``ans = odeint(func, y0, t, args, **options)`` when ``which``
    (``y0``, ``t`` or ``args``) moves by ``dot``."""
    _odeint_checks(options)
    Y = np.asarray(ans, dtype=float)
    if rt._is_zero(dot):
        return np.zeros_like(Y)
    times = np.asarray(t, dtype=float)
    args = tuple(args or ())
    dyn = Dynamics(func, args, bool(options.get('tfirst')))
    n = Y.shape[1]
    s0, args_dot = np.zeros(n), (None,) * len(args)
    if which == 'y0':
        s0 = np.ravel(np.broadcast_to(np.asarray(dot, dtype=float), np.shape(y0)))
    elif which == 't':
        t_dot = np.ravel(np.broadcast_to(np.asarray(dot, dtype=float), times.shape))
        f = np.array([dyn.value(Y[i], times[i]) for i in range(len(times))])
        s0 = -f[0] * t_dot[0]
    else:
        args_dot = _args_tangents(dot, args)
    from scipy.integrate import odeint
    kwargs = {k: options[k] for k in _ODEINT_SOLVER_OPTIONS if options.get(k) is not None}
    kwargs.update({k: _extended(kwargs[k], n, 2 * n) for k in ('rtol', 'atol') if k in kwargs})
    if options.get('tcrit') is not None:
        kwargs['tcrit'] = options['tcrit']
    S = odeint(_sensitivity_rhs(dyn, n, args_dot), np.concatenate([Y[0], s0]), times,
               **kwargs)[:, n:]
    if which == 't':
        S = S + f * t_dot[:, None]
    return S.reshape(Y.shape)


def _args_tangents(dot, args):
    """The tangent of each argument (None for one that does not vary)."""
    if rt._is_zero(dot):
        return (None,) * len(args)
    dots = list(dot)
    if len(dots) != len(args):
        raise RuntimeCheckError(f'srcad received {len(dots)} tangents for the {len(args)} '
                                f'entries of args')
    return tuple(None if rt._is_zero(d) or not any(map(_is_float_leaf, _leaves(a))) else d
                 for d, a in zip(dots, args))


HELPERS = {f.__name__: f for f in (odeint_adjoint, odeint_tangent)}
register_helpers(HELPERS)
