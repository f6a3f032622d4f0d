"""The derivative-rule library, kept apart from the compiler.

Importing this package registers every built-in rule; the compiler only ever
consults :mod:`srcad.rules.registry`.
"""

from . import language, operators, numpy  # noqa: F401  (registers the rules)
from . import facts  # noqa: F401  (what passes know besides derivatives: reductions, views...)
from . import forward_rules  # noqa: F401,E402  (after the reverse rules it extends)
from . import forward_library  # noqa: F401,E402  (the rest of the library, forward)
from . import forward_second_order  # noqa: F401,E402  (adjoint helpers: second order)
from . import numpy_more  # noqa: F401,E402  (np.cov, np.polyfit, np.block...: all modes)
from . import iteration  # noqa: F401,E402  (zip, enumerate, dict views...: after list's rules)
from . import objects  # noqa: F401,E402  (fields of namedtuples and dataclasses)
from . import values  # noqa: E402  (value parameters and casts; completed after the forward rules)
from . import scipy_rules  # noqa: F401,E402  (SciPy's rules: loaded on the first miss after SciPy is imported)
values.complete()
from .registry import RULES, METHODS, ATTRIBUTES, adjoint, nondifferentiable, lookup

__all__ = ['RULES', 'METHODS', 'ATTRIBUTES', 'adjoint', 'nondifferentiable', 'lookup']
