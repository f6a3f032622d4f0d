"""Second derivatives at a kink, the checks (see :mod:`srcad.rules.elementwise.kinks`):
which code is second order, the nan a kink's tangent becomes there, and the refusal of a
kink's curvature."""

from __future__ import annotations

import linecache
import sys
import threading

import numpy as np

from ..errors import ORIGINS, Location, RuntimeCheckError

HINT = ('write the smooth function without the kink, which srcad differentiates twice: '
        'x * x (or np.real(z * np.conj(z))) for np.abs(x) ** 2, np.sum(w * w) or w @ w for '
        'np.linalg.norm(w) ** 2 and np.sqrt(w @ w) ** 2, a ** 2 + b ** 2 for np.hypot(a, b) '
        '** 2; or keep the point off the kink')


#: the last kink a tangent met in second order, per thread: (what, the user's Location),
#: which :func:`srcad.runtime.singular.indeterminate` names when the nan reaches a result
_MET = threading.local()


def _second_order_frame(depth=3):
    """The frame of the generated code that called (a helper that called) the caller, if
    it is forward mode over srcad's generated code (its origin is generated code too)."""
    frame = sys._getframe(depth)
    for _ in range(8):
        if frame is None:
            return None
        origin = ORIGINS.get(frame.f_code.co_filename)
        if origin is not None:
            return frame if origin[0] in ORIGINS else None
        frame = frame.f_back
    return None


def second_order() -> bool:
    """Whether the caller runs in forward mode over srcad's generated code (``hvp``)."""
    return _second_order_frame() is not None


def _user_location(frame):
    found, seen = (frame.f_code.co_filename, frame.f_lineno), set()
    while found[0] in ORIGINS and found not in seen:
        seen.add(found)
        user_file, lines = ORIGINS[found[0]]
        if not lines.get(found[1]):
            return None
        found = (user_file, lines[found[1]])
    line = linecache.getline(*found)
    return Location(*found, len(line) - len(line.lstrip()))


def poison(t, hits, what='abs(x) at exactly 0'):
    """``t``, nan where ``hits`` (a kink met along a non-zero direction), in second order."""
    if not np.any(hits):
        return t
    frame = _second_order_frame()
    if frame is None:
        return t
    _MET.last = (what, _user_location(frame))
    out = np.where(hits, np.nan, t)
    return out if np.ndim(out) else out[()]


def kink_met(filename):
    """What kink a second-order tangent last met in ``filename`` (this thread), with its
    location, and forget it; None if none."""
    met = getattr(_MET, 'last', None)
    _MET.last = None
    if met is None or met[1] is None or met[1].filename != filename:
        return None
    return met


def refuse_kink(what: str, hits) -> None:
    """Refuse the second derivative of ``what`` where ``hits`` (at the kink, a non-zero
    direction and a non-zero adjoint)."""
    if np.any(hits):
        raise RuntimeCheckError(
            f'the second derivative of {what} does not exist (its first '
            f'derivative jumps there: srcad takes 0 for it, a subgradient, but the '
            f'curvature of that choice is not a number)', hint=HINT)
