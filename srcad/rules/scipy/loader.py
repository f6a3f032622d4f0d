"""SciPy's rules, loaded the first time they can be needed: one loader for every
SciPy family.

Importing SciPy takes longer than importing the rest of srcad, and most
programs never call it.  Each family of SciPy rules declares itself here with
:func:`family` (the module whose import means the program may call it, and the
function that declares its rules).  The registry calls :func:`load_if_imported`
on a lookup that misses, which loads every family whose module the program has
imported (a program that calls ``scipy.special.erf`` has imported SciPy); the
catalog calls :func:`load` to list everything.
"""

from __future__ import annotations

import sys
import threading

from .. import registry

_LOCK = threading.RLock()


class _Family:
    def __init__(self, name: str, trigger: str, declare, after: tuple):
        self.name, self.trigger, self.declare, self.after = name, trigger, declare, after
        self.loaded = False  # True once loading has started (lookups meanwhile miss as usual)


#: family name -> _Family, in the order they load
FAMILIES: dict = {}


def family(name: str, trigger: str, declare, after: tuple = ()) -> None:
    """Declare a family of SciPy rules: ``declare()`` registers them (raising
    ImportError without SciPy), once ``trigger`` is imported, after the families
    ``after``."""
    FAMILIES[name] = _Family(name, trigger, declare, tuple(after))


def loaded(name: str) -> bool:
    """Whether the family ``name`` has loaded (or is loading)."""
    return FAMILIES[name].loaded


def load(name: str | None = None) -> bool:
    """Register the rules of family ``name`` (every family when None), once each, and
    the families they come after; False when SciPy is not installed."""
    with _LOCK:
        if name is None:
            return all([load(n) for n in FAMILIES])
        fam = FAMILIES[name]
        if fam.loaded:
            return True
        if not all(load(n) for n in fam.after):
            return False
        fam.loaded = True
        try:
            fam.declare()
        except ImportError:
            fam.loaded = False
            return False
        return True


def load_if_imported() -> bool:
    """Load every family whose module the program has imported (a registry miss
    calls this); True when one loaded."""
    found = False
    for fam in list(FAMILIES.values()):
        if not fam.loaded and fam.trigger in sys.modules:
            found = load(fam.name) or found
    return found


def _declare_scipy() -> None:
    """special, linalg and integrate (stats and signal declare themselves)."""
    import scipy.linalg as sla
    from scipy import special
    from ..runtime_helpers import second_order
    from . import linalg, special as special_rules  # noqa: F401  (their reverse rules)
    second_order.scipy_second_order(special, sla)
    from ..shapes import values
    values.scipy_values(special, sla)
    from . import linalg_more  # (replaces the rules of solve, inv and eigh)
    linalg_more.load(sla)
    from . import integrate  # noqa: F401  (odeint, solve_ivp: adjoint and sensitivity rules)
    from . import linalg_svd, quadrature, special_more
    special_more.declare(special)   # (huber, pseudo_huber, binom)
    linalg_svd.declare(sla)
    quadrature.declare()  # (trapezoid, simpson, cumulative_trapezoid: rules, not their source)


family('scipy', 'scipy', _declare_scipy)


def _declare_spatial() -> None:
    from . import spatial
    spatial.declare()


family('scipy.spatial', 'scipy.spatial.distance', _declare_spatial, after=('scipy',))


def _declare_ndimage() -> None:
    from . import ndimage
    ndimage.declare()


family('scipy.ndimage', 'scipy.ndimage', _declare_ndimage, after=('scipy',))


def _declare_fft() -> None:
    from . import fft
    fft.declare()


family('scipy.fft', 'scipy.fft', _declare_fft, after=('scipy',))


def _declare_interpolate() -> None:
    from . import interpolate
    interpolate.declare()


family('scipy.interpolate', 'scipy.interpolate', _declare_interpolate, after=('scipy',))


def _solvers(module: str):
    def declare() -> None:
        from . import rosen, solvers
        solvers.declare(module)
        if module == 'scipy.optimize':
            rosen.declare()   # (rosen and rosen_der: rules)
    return declare


for _module in ('scipy.optimize', 'scipy.integrate'):   # (declared without derivative)
    family(f'{_module} solvers', _module, _solvers(_module), after=('scipy',))
registry.ON_MISS.append(load_if_imported)
