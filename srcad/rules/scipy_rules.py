"""SciPy's rules, loaded the first time they can be needed.

Importing SciPy takes longer than importing the rest of srcad, and most
programs never call it.  The registry loads these rules on a lookup that
misses while SciPy is imported (a program that calls ``scipy.special.erf``
has imported SciPy), and the catalog loads them to list everything.
"""

from __future__ import annotations

import sys
import threading

from . import registry

_LOCK = threading.RLock()
_loaded = False  # True once loading has started (rules looked up while loading miss as usual)


def load() -> bool:
    """Register the SciPy rules (once); False when SciPy is not installed."""
    global _loaded
    with _LOCK:
        if _loaded:
            return True
        try:
            import scipy.linalg as sla
            from scipy import special
        except ImportError:
            return False
        _loaded = True
        from . import forward_library, forward_second_order
        from . import scipy_linalg, scipy_special  # noqa: F401  (their reverse rules)
        forward_library.scipy_tangents(special, sla)
        forward_second_order.scipy_second_order(special, sla)
        from . import values
        values.scipy_values(special, sla)
        from . import scipy_linalg_more  # (replaces the rules of solve, inv and eigh)
        scipy_linalg_more.load(sla)
        from . import odes  # noqa: F401  (odeint, solve_ivp: adjoint and sensitivity rules)
        return True


def load_if_imported() -> bool:
    """:func:`load` once the program has imported SciPy (a registry miss calls this)."""
    return not _loaded and 'scipy' in sys.modules and load()


registry.ON_MISS.append(load_if_imported)
