"""A user's ``adjoint(..., forward='elementwise')`` checked when it is declared.

``forward='elementwise'`` (or ``'pointwise'``) derives the tangent from the adjoint:
``g`` read as the tangent ``dot`` (:func:`srcad.rules.derive.elementwise`).  That is
right only for a diagonal Jacobian: the output shaped like the inputs, each entry
depending on the same entry of each input.  Declared on a reduction (``np.sum``
inside), a product or a scan (``np.cumsum`` inside), forward mode would give another
answer than reverse mode, or crash.  So the declaration runs the function once on
small probe arrays and refuses it when

- the output's shape is not the inputs' shape, or
- the derived tangent disagrees with the adjoint: ``<adjoint(g), dot>`` differs from
  ``<g, tangent(dot)>`` for random ``g`` and ``dot`` (the two modes must agree).

A function the probe cannot run (it wants other shapes, integers, an object...) is
taken as declared.  srcad's own declarations and those of NumPy's, SciPy's and
Python's functions are not probed (the rule tests check them against finite
differences).
"""

from __future__ import annotations

import numpy as np

_SIZE = 4


def check_elementwise(rule, kind: str, written=()) -> None:
    """Raise ValueError when ``rule`` (just declared with ``forward=kind``) is surely
    not elementwise (see the module's docstring); the tangents of the parameters
    ``written`` out with the declaration are not derived, so not compared."""
    sig = rule.signature
    npos = len(sig.params) if sig.npositional is None else sig.npositional
    required = [p for p in sig.params[:npos] if p not in sig.defaults]
    if not required or any(p not in rule.adjoints for p in required) or sig.varargs:
        return  # (a parameter of unknown kind: not probed)
    rng = np.random.default_rng(0)
    args = [rng.uniform(0.2, 0.8, _SIZE) for _ in required]
    with np.errstate(all='ignore'):
        try:
            ans = rule.fn(*args)
        except Exception:  # noqa: BLE001  (it wants other arguments: not probed)
            return
        if not isinstance(ans, (np.ndarray, np.floating, float)) or \
                np.asarray(ans).dtype.kind != 'f' or not np.all(np.isfinite(ans)):
            return
        if np.shape(ans) != (_SIZE,):
            raise ValueError(_refusal(rule, kind, f'it maps arrays of shape ({_SIZE},) to '
                                      f'an output of shape {np.shape(ans)}, and an '
                                      f'elementwise function keeps the shape'))
        for param in (p for p in required if p not in written):
            dot, g = rng.standard_normal(_SIZE), rng.standard_normal(_SIZE)
            try:
                tangent = rule.evaluate_tangent(param, dot, ans, *args)
                adjoint = rule.evaluate(param, g, ans, *args)
            except Exception:  # noqa: BLE001  (a rule needing more than arrays: not probed)
                continue
            if np.shape(tangent) != np.shape(ans) or np.shape(adjoint) != (_SIZE,):
                raise ValueError(_refusal(
                    rule, kind, f'the tangent it derives for {param!r} has shape '
                                f'{np.shape(tangent)}, not the output\'s {np.shape(ans)}'))
            forward, reverse = float(np.vdot(g, tangent)), float(np.vdot(adjoint, dot))
            scale = np.linalg.norm(g) * np.linalg.norm(tangent) + \
                np.linalg.norm(adjoint) * np.linalg.norm(dot)
            if not np.isfinite(forward) or abs(forward - reverse) > 1e-8 * max(scale, 1.0):
                raise ValueError(_refusal(
                    rule, kind, f'its Jacobian in {param!r} is not diagonal: the tangent '
                                f'derived from the adjoint disagrees with the adjoint '
                                f'({forward!r} and {reverse!r} for the same directions)'))


def _refusal(rule, kind: str, why: str) -> str:
    return (f"forward={kind!r} does not fit {rule.name}: {why}.  Write its forward rule "
            f"out (tangent={{param: 'expression in dot'}}), or declare forward='linear' "
            f"or 'multilinear' if it is linear")
