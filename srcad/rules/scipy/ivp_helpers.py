"""The derivatives of ``scipy.integrate.solve_ivp`` (rules in :mod:`srcad.rules.scipy.integrate`), by the
adjoint method and the sensitivity equations of :mod:`srcad.rules.scipy.odeint_helpers`.

srcad differentiates ``sol.y`` and ``sol.t`` at the times ``t_eval`` the user
gives (without ``t_eval`` the solver chooses the output times, and they move
with the inputs: refused), with respect to ``y0``, ``t_eval``, the start of
``t_span`` and the values passed through ``args``.  ``events`` are refused.
"""

from __future__ import annotations

import numpy as np

from ... import runtime as rt
from ...errors import RuntimeCheckError
from .odeint_helpers import (Dynamics, _adjoint_sweep, _args_tangents, _cached, _extended,
                             _flatten, _unflatten)
from ..registry import register_helpers



def _ivp_checks(ans, t_eval, events):
    if t_eval is None:
        raise RuntimeCheckError(
            'srcad differentiates solve_ivp at the times t_eval= you give; without t_eval '
            'the solver picks the output times itself, and they move with the inputs',
            hint='pass t_eval=[...] (the end point alone, for instance)')
    if events is not None:
        raise RuntimeCheckError('srcad differentiates solve_ivp without events= only: an '
                                'event ends the solution at a time that moves with the inputs',
                                hint='solve to a fixed end time, or find the event time '
                                     'outside the differentiated function')
    if getattr(ans, 'status', 0) != 0:
        raise RuntimeCheckError(f'solve_ivp failed ({getattr(ans, "message", "")}): srcad '
                                f'differentiates a complete solution only')


def _ivp_solver(options, n, total):
    """``solve(rhs, state, t_from, t_to)`` by solve_ivp with the user's method and options."""
    from scipy.integrate import solve_ivp
    kwargs = {k: options[k] for k in ('rtol', 'atol', 'max_step', 'min_step')
              if options.get(k) is not None}
    kwargs.update({k: _extended(kwargs[k], n, total) for k in ('rtol', 'atol') if k in kwargs})
    method = options.get('method') or 'RK45'

    def solve(rhs, state, t_from, t_to, t_eval=None):
        sol = solve_ivp(lambda t, s: rhs(s, t), (t_from, t_to), state, method=method,
                        t_eval=t_eval, **kwargs)
        if sol.status != 0:
            raise RuntimeCheckError(f'the solver failed on the derivative system of '
                                    f'solve_ivp: {sol.message}', hint='loosen or tighten '
                                    'rtol/atol, or try another method=')
        return sol.y if t_eval is not None else sol.y[:, -1]
    return solve


def _output_adjoints(g, ans):
    """The adjoints of ``ans.y`` and ``ans.t`` in the adjoint ``g`` of a solve_ivp result."""
    if rt._is_zero(g):
        return None, None
    if not isinstance(g, dict):
        raise RuntimeCheckError(f'srcad received an adjoint of type {type(g).__name__} for '
                                f'the result of solve_ivp')
    other = [k for k, v in g.items() if k not in ('y', 't') and not rt._is_zero(v)]
    if other:
        raise RuntimeCheckError(f'srcad differentiates sol.y and sol.t of solve_ivp, not '
                                f'sol.{other[0]}')
    gy, gt = g.get('y'), g.get('t')
    gy = None if rt._is_zero(gy) else np.broadcast_to(np.asarray(gy, dtype=float), ans.y.shape)
    gt = None if rt._is_zero(gt) else np.broadcast_to(np.asarray(gt, dtype=float), ans.t.shape)
    return gy, gt


def _like_span(start_part, t_span):
    parts = [start_part, 0.0]
    if isinstance(t_span, np.ndarray):
        return np.array(parts, dtype=np.result_type(t_span, np.float64))
    return tuple(parts) if isinstance(t_span, tuple) else rt.AdjointList(parts)


def ivp_adjoint(g, which, ans, fun, t_span, y0, args=None, **options):
    """The adjoint of ``t_span``, ``y0``, ``t_eval`` or ``args`` (``which``) of ``ans =
    solve_ivp(fun, t_span, y0, ..., args=args, **options)``."""
    _ivp_checks(ans, options.get('t_eval'), options.get('events'))
    gy, gt = _output_adjoints(g, ans)
    want_args = which == 'args'

    def compute():
        M, n = ans.t.size, ans.y.shape[0]
        dyn = Dynamics(fun, args or (), True)
        t0 = float(np.asarray(t_span, dtype=float)[0])
        if gy is None:
            p = np.zeros(_flatten(None, dyn.args).size if want_args else 0)
            return np.zeros(n), np.zeros(M), 0.0, p
        total = 2 * n + (_flatten(None, dyn.args).size if want_args else 0)
        a, p, t_bar, t0_bar = _adjoint_sweep(
            dyn, ans.t, ans.y.T, gy.T, t0, np.ravel(np.asarray(y0, dtype=float)),
            _ivp_solver(options, n, total), want_args)
        return a, t_bar, t0_bar, p
    y0_bar, t_bar, t0_bar, p = _cached((g, ans, fun, t_span, y0, args), want_args, compute)
    if which == 'y0':
        return np.reshape(y0_bar, np.shape(y0))
    if which == 't_eval':
        return np.reshape(t_bar + (0.0 if gt is None else gt), np.shape(options['t_eval']))
    if which == 't_span':
        return _like_span(t0_bar, t_span)
    return _unflatten(p, args)[0]


def ivp_tangent(dot, which, ans, fun, t_span, y0, args=None, **options):
    """The tangent (``{'y': ..., 't': ...}``) of ``ans = solve_ivp(...)`` when ``which``
    (``t_span``, ``y0``, ``t_eval`` or ``args``) moves by ``dot``."""
    t_eval = options.get('t_eval')
    _ivp_checks(ans, t_eval, options.get('events'))
    out = rt.AdjointDict(y=np.zeros(ans.y.shape), t=np.zeros(ans.t.shape))
    if rt._is_zero(dot):
        return out
    args = tuple(args or ())
    dyn = Dynamics(fun, args, True)
    n = ans.y.shape[0]
    y0 = np.ravel(np.asarray(y0, dtype=float))
    s0, args_dot = np.zeros(n), (None,) * len(args)
    if which == 'y0':
        s0 = np.ravel(np.broadcast_to(np.asarray(dot, dtype=float), (n,)))
    elif which == 't_span':
        t0 = float(np.asarray(t_span, dtype=float)[0])
        s0 = -dyn.value(y0, t0) * float(np.ravel(np.asarray(dot, dtype=float))[0])
    elif which == 'args':
        args_dot = _args_tangents(dot, args)
    if which != 't_eval':
        solve = _ivp_solver(options, n, 2 * n)
        span = np.asarray(t_span, dtype=float)
        out['y'] = solve(lambda s, t: np.concatenate(dyn.jvp(s[:n], t, s[n:], args_dot)),
                         np.concatenate([y0, s0]), span[0], span[1], t_eval=ans.t)[n:]
        return out
    t_dot = np.broadcast_to(np.asarray(dot, dtype=float), ans.t.shape)
    f = np.array([dyn.value(ans.y[:, i], ans.t[i]) for i in range(ans.t.size)]).T
    out['y'] = f * t_dot
    out['t'] = np.array(t_dot)
    return out


HELPERS = {f.__name__: f for f in (ivp_adjoint, ivp_tangent)}
register_helpers(HELPERS)
