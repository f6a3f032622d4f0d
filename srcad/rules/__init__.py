"""The derivative-rule library, kept apart from the compiler.

Importing this package registers every built-in rule; the compiler only ever
consults :mod:`srcad.rules.registry`.  One entry per function (``adjoint(...)``
with its forward rule, method names and facts), in a package per family:

* :mod:`.python`: operators, built-in functions, iteration, containers, objects;
* :mod:`.elementwise`, :mod:`.reductions`, :mod:`.shapes`, :mod:`.products`,
  :mod:`.linalg`, :mod:`.fft`, :mod:`.everyday` (``np.cov``, NumPy's corners, idioms)
  and :mod:`.arrays` (methods, attributes, functions without derivative);
* :mod:`.scipy`: special, linalg, stats, signal, integrate, loaded on demand;
* :mod:`.runtime_helpers`: the forward rules of srcad's own adjoint helpers.

The order below matters where a later module completes or replaces an earlier
module's rules (each says so).
"""

from .python import language, operators  # noqa: F401  (registers the rules)
from .elementwise import rules as _elementwise  # noqa: F401
from .reductions import rules as _reductions  # noqa: F401
from .python import functions  # noqa: F401  (sum, max, min, abs, list, tuple...)
from .shapes import rules as _shapes  # noqa: F401
from .products import rules as _products  # noqa: F401
from .linalg import rules as _linalg  # noqa: F401
from .fft import rules as _fft  # noqa: F401
from . import arrays  # noqa: F401  (methods, attributes; functions without derivative)
from .runtime_helpers import tangents as _helper_tangents  # noqa: F401  (forward over reverse)
from .runtime_helpers import second_order as _second_order  # noqa: F401  (second order)
from .everyday import rules as _everyday  # noqa: F401  (np.cov, np.polyfit, np.block...: all modes)
from .python import iteration  # noqa: F401  (zip, enumerate, dict views...: after list's rules)
from .python import comprehensions  # noqa: F401  (math.fsum: what comprehensions feed)
from .python import objects  # noqa: F401  (fields of namedtuples and dataclasses)
from .python import gradient_calls  # noqa: F401  (a srcad Gradient called in differentiated code)
from .python import record_replace  # noqa: F401  (p._replace(W=v), dataclasses.replace)
from .python import attribute_writes  # noqa: F401  (obj.attr = v on objects built inside)
from .python import dunders  # noqa: F401  (round, math.floor...: a class's own __round__)
from .shapes import values  # noqa: F401  (value parameters of constructors, casts)
from .scipy import loader as _scipy  # noqa: F401  (SciPy's rules: loaded once it is imported)
from .scipy import stats as _scipy_stats  # noqa: F401  (scipy.stats: the same)
from .scipy import signal as _signal  # noqa: F401,E402  (convolutions, scipy.signal)
from .everyday import corners as _corners  # noqa: F401,E402  (NumPy's corners)
from .everyday import idioms  # noqa: F401,E402  (math.prod, math.dist, np.random)
from .everyday import ufuncs  # noqa: F401,E402  (ufunc methods, np.polyder, np.polyint)
from .everyday import callbacks  # noqa: F401,E402  (np.piecewise, np.apply_along_axis)
from .everyday import windows  # noqa: F401,E402  (sliding_window_view, np.unwrap)
from .registry import RULES, METHODS, ATTRIBUTES, adjoint, nondifferentiable, lookup  # noqa: E402

__all__ = ['RULES', 'METHODS', 'ATTRIBUTES', 'adjoint', 'nondifferentiable', 'lookup']
