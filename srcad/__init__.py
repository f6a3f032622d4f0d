"""srcad: source-to-source automatic differentiation for Python and NumPy.

``grad(f)`` reads ``f``'s source, writes its derivative as new Python source,
compiles it once and caches it; every call runs plain generated NumPy code.

>>> import numpy as np
>>> import srcad
>>> srcad.grad(lambda x: np.sum(x ** 2))(np.array([1.0, 2.0, 3.0]))
array([2., 4., 6.])
"""

from . import rules as _rules  # noqa: F401  (registers the built-in rules)
from .api import Gradient, grad, value_and_grad
from .pullback import vjp
from .errors import (InputError, NoRuleError, NonScalarOutputError, SourceUnavailableError,
                     SrcadError, UnsupportedSyntaxError, WrtError)
from .rules.python.language import stop_gradient
from .transforms import elementwise_grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp
from .rules.registry import adjoint, nondifferentiable

__all__ = [
    'grad', 'value_and_grad', 'vjp', 'jvp', 'jacfwd', 'jacrev', 'jacobian', 'hessian',
    'hvp', 'elementwise_grad', 'Gradient', 'adjoint', 'nondifferentiable', 'stop_gradient',
    'SrcadError', 'UnsupportedSyntaxError', 'NoRuleError', 'SourceUnavailableError',
    'NonScalarOutputError', 'InputError', 'WrtError',
]
__version__ = '0.1.0'
