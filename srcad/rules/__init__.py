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
from . import comprehension_rules  # noqa: F401,E402  (math.fsum: what comprehensions feed)
from . import objects  # noqa: F401,E402  (fields of namedtuples and dataclasses)
from . import gradient_calls  # noqa: F401,E402  (a srcad Gradient called in differentiated code)
from . import record_replace  # noqa: F401,E402  (p._replace(W=v), dataclasses.replace)
from . import attribute_writes  # noqa: F401,E402  (obj.attr = v on objects built inside)
from . import values  # noqa: E402  (value parameters and casts; completed after the forward rules)
from . import scipy_rules  # noqa: F401,E402  (SciPy's rules: loaded on the first miss after SciPy is imported)
from . import scipy_stats  # noqa: F401,E402  (scipy.stats: loaded on a miss once it is imported)
values.complete()
from . import signals, numpy_corners  # noqa: F401,E402  (convolutions, scipy.signal; NumPy's corners)
from . import idioms  # noqa: E402  (where=/initial=, clip(min=), ufunc methods, math, np.random)
idioms.complete()
from .registry import RULES, METHODS, ATTRIBUTES, adjoint, nondifferentiable, lookup

__all__ = ['RULES', 'METHODS', 'ATTRIBUTES', 'adjoint', 'nondifferentiable', 'lookup']
