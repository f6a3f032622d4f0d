"""Second derivatives at a kink, the checks (see :mod:`srcad.rules.elementwise.kinks`):
which code is second order, the nan a kink's tangent becomes there, and the refusal of a
kink's curvature."""

from __future__ import annotations

import contextlib
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


# --- jumps at a tie, summed over the calls that share it ------------------------------------
#: the jumps met at ties in the second-order code running in this thread (None: refused at
#: once): {key: [what, location, sum of the adjoints, sum of their sizes]}
_JUMPS = threading.local()


def tie_jump(what, key, amount) -> None:
    """At a tie the direction breaks, a share's tangent is ``amount`` (the adjoint it
    carries, an array) times a jump.  Calls that reorder the same values along the same
    direction (``key``) jump together: the softmax shift ``np.log(np.sum(np.exp(x -
    np.max(x)))) + np.max(x)`` carries adjoints -1 and 1 to the same tie, whose jumps cancel.
    Inside :func:`settled_jumps` their sum is refused at the end where it is not 0 (up to
    rounding); elsewhere each jump is refused at once."""
    amount = np.asarray(amount, dtype=float)
    jumps = getattr(_JUMPS, 'open', None)
    if jumps is None:
        if np.any(_not_negligible(amount, np.abs(amount))):
            raise _tie_error(what, None)
        return
    entry = jumps.get(key)
    if entry is None or np.shape(entry[2]) != amount.shape:
        frame = _second_order_frame()
        jumps[key] = [what, frame and _user_location(frame), amount, np.abs(amount)]
    else:
        entry[2] = entry[2] + amount
        entry[3] = entry[3] + np.abs(amount)


def _not_negligible(total, size):
    return np.abs(total) > 1024 * np.finfo(float).eps * np.maximum(size, 1.0)


@contextlib.contextmanager
def settled_jumps():
    """Run second-order code, summing the jumps at ties (:func:`tie_jump`) and refusing
    those that do not cancel when it ends."""
    if getattr(_JUMPS, 'open', None) is not None:
        yield
        return
    _JUMPS.open = {}
    try:
        yield
        jumps = _JUMPS.open
    finally:
        _JUMPS.open = None
    for what, where, total, size in jumps.values():
        if np.any(_not_negligible(total, size)):
            raise _tie_error(what, where)


TIE_HINT = ('keep the point off the tie (where the tied values receive the same adjoint, as '
            'in np.sum(np.sort(x)) or x - np.max(x), srcad differentiates it twice), or '
            'write the function smooth there (a logsumexp for a max)')


def _tie_error(what, where):
    return RuntimeCheckError(
        f'the second derivative of {what} does not exist: the tied values receive '
        f'different adjoints, so the first derivative jumps there (srcad takes the tie\'s '
        f'mean for it, a subgradient, but the curvature of that choice is not a number)',
        where, TIE_HINT)
