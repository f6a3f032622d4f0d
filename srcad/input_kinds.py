"""Whether a gradient's arguments are real: what lets its seed be folded to ``1.0``.

``grad`` refuses a complex output.  The code compiled for real arguments may write the
seed of a full reduction as ``1.0`` and skip computing the output
(:mod:`srcad.compiler.complex_sources` looks at everything but the parameters); code
that runs on arguments not known to be real is compiled with the check
(``seed(t)``).  A gradient picks between them on every call, cheaply:

- the code specialized for the first call's shapes (:mod:`srcad.specialize`) checks
  the dtype of each array it was made for (the first call's dtype object, by identity),
  the type of each number, string or None, and the leaves of each other argument;
- the general code checks each argument (:func:`general_by_kinds`).
"""

from __future__ import annotations

import copy
import dataclasses
import types

import numpy as np

_ndarray, _float64 = np.ndarray, np.dtype(np.float64)
_NOT_REAL = 'cOV'  # dtype kinds: complex, objects (of anything), structured
_LEAVES = 64       # containers and objects looked into per argument (more: not known real)
_PLAIN_TYPES = (range, slice, types.ModuleType, type, types.FunctionType,
                types.BuiltinFunctionType, types.MethodType, np.ufunc, np.dtype)
_LIBRARY_OBJECTS = ('numpy', 'scipy', 'random')


def real_tree(x) -> bool:
    """Whether ``x`` holds no complex number (arrays, numbers, containers, dataclasses,
    the attributes of objects); False too when that is not known (a big tree)."""
    t = type(x)
    if t is dict or t is list or t is tuple:  # (the common case first: float64 arrays)
        for v in (x.values() if t is dict else x):
            if type(v) is not _ndarray or v.dtype is not _float64:
                return _real(x, [_LEAVES], 0)
        return True
    return _real(x, [_LEAVES], 0)


def _real(x, budget, depth) -> bool:
    t = type(x)
    if t is _ndarray:
        d = x.dtype
        return d is _float64 or d.kind not in _NOT_REAL
    if t is float or t is int or t is bool or t is str or x is None:
        return True
    if isinstance(x, (_ndarray, np.generic)):
        return x.dtype.kind not in _NOT_REAL
    if isinstance(x, complex):
        return False
    budget[0] -= 1
    if budget[0] < 0 or depth > 8:
        return False
    if t is dict or t is list or t is tuple or isinstance(x, (list, tuple, dict)):
        for v in (x.values() if isinstance(x, dict) else x):
            if type(v) is _ndarray:
                if v.dtype is _float64:
                    continue
            if not _real(v, budget, depth + 1):
                return False
        return True
    if isinstance(x, _PLAIN_TYPES):
        return True  # (what a passed function returns: its calls keep the check)
    if dataclasses.is_dataclass(x):
        return all(_real(getattr(x, f.name, None), budget, depth + 1)
                   for f in dataclasses.fields(x))
    if (type(x).__module__ or '').split('.')[0] in _LIBRARY_OBJECTS:
        return True  # (a random generator, a frozen distribution)
    attributes = getattr(x, '__dict__', None)
    if attributes is not None:
        return all(_real(v, budget, depth + 1) for v in attributes.values())
    return False


def kind_tests(fn, args, checks, n) -> tuple:
    """``(tests, space, real)`` for the code specialized for the first call ``args``
    (:func:`srcad.specialize._shape_checks`'s ``checks``, the first ``n`` positions):
    ``real`` when every argument and every default the call leaves to ``fn`` is real;
    then ``tests`` are the expressions (of ``a0``, ``a1``...) that keep it so on later
    calls, with the names they read in ``space``.  Not real: no tests (the code keeps
    its check)."""
    if not _defaults_real(fn):
        return [], {}, False
    tests, space, checked = [], {}, {i: shape for i, shape in checks}
    for i in range(n):
        a = args[i]
        shape = checked.get(i)
        if shape == ():
            continue  # (type(a) is float)
        if type(a) is _ndarray and isinstance(shape, tuple) and shape[:1] != ('dict',):
            if a.dtype.kind in _NOT_REAL:
                return [], {}, False
            space[f'd{i}'] = a.dtype
            tests.append(f'a{i}.dtype is d{i}')
        elif type(a) in (int, bool, str) and shape is None:
            tests.append(f'type(a{i}) is {type(a).__name__}')
        elif a is None and shape is None:
            tests.append(f'a{i} is None')
        elif real_tree(a):
            tests.append(f'real_tree(a{i})')
            space['real_tree'] = real_tree
        else:
            return [], {}, False
    return tests, space, True


def _defaults_real(fn) -> bool:
    """Whether the default values of ``fn``'s parameters are real (a change of them
    compiles the gradient again: :mod:`srcad.compiler.staleness`)."""
    defaults = list(getattr(fn, '__defaults__', None) or ()) + \
        list((getattr(fn, '__kwdefaults__', None) or {}).values())
    return all(real_tree(d) for d in defaults)


def _known_real(args, kwargs) -> bool:
    """Whether the arguments of one call are real (plain floats and float arrays first)."""
    for a in args:
        t = type(a)
        if t is float:
            continue
        if t is _ndarray:
            d = a.dtype
            if d is _float64 or d.kind not in _NOT_REAL:
                continue
            return False
        if not real_tree(a):
            return False
    return not kwargs or real_tree(kwargs)


def general_by_kinds(gradient, params, real_call, loose_call, refuse: bool = True):
    """The general code's call: ``real_call`` for real arguments, else ``loose_call()``
    (made on first need: code that checks its output).  With ``refuse``, first refuses
    an ``np.matrix`` or a masked array among the arguments, and an object given to an
    operator (:mod:`srcad.operand_checks`); the code specialized for plain arrays checks
    their type before it runs."""
    from .operand_checks import refuse_operator_objects
    from .wrt import refuse_array_subclasses
    ndarray, f64, fn, target = _ndarray, _float64, gradient.fn, gradient.target
    loose = []

    def call(*args, **kwargs):
        if not kwargs:  # (plain floats and float64 arrays: the common case, one loop)
            for a in args:
                t = type(a)
                if t is not float and (t is not ndarray or a.dtype is not f64):
                    break
            else:
                return real_call(*args)
        if refuse and (kwargs or any(type(a) is not ndarray and type(a) is not float
                                     for a in args)):
            refuse_array_subclasses(fn, args, kwargs)
            refuse_operator_objects(target, params, (*gradient._prefix, *args),
                                    {**gradient._keywords, **kwargs})
        if _known_real(args, kwargs):
            return real_call(*args, **kwargs)
        return _loose(args, kwargs)

    def _loose(args, kwargs):
        if not loose:
            loose.append(loose_call())
        return loose[0](*args, **kwargs)
    if not _defaults_real(target):  # (a complex default: every call keeps the check)
        return lambda *args, **kwargs: _loose(args, kwargs)
    return call


def refuse_complex_jacobians(fn, target, name, args, keywords) -> None:
    """``jacfwd``, ``jacrev``, ``hessian`` and ``hvp`` of ``fn`` with respect to parameter
    ``name``: refused for a complex argument there (a Jacobian of a complex input is not a
    complex matrix unless the function is holomorphic; a second derivative of a complex
    input has no complex adjoint), and, when another argument is complex, for a complex
    output (whose gradient is not defined)."""
    from .errors import Location, NoRuleError
    from .wrt import param_names_of
    if _known_real(args, keywords):
        return
    code = getattr(target, '__code__', None)
    where = Location(code.co_filename, code.co_firstlineno) if code else None
    params = param_names_of(target)
    given = dict(zip(params, args), **keywords)
    if name in given and not real_tree(given[name]):
        raise NoRuleError(
            f'srcad does not take Jacobians, Hessians or Hessian-vector products with '
            f'respect to a complex input ({name} of {target.__qualname__}): the derivative '
            f'of a real function of complex z is not complex-linear in z',
            where, hint='use srcad.grad, srcad.jvp or srcad.vjp (for a real loss L, grad '
                        'gives dL/dRe(z) - 1j * dL/dIm(z)), or pass the real and imaginary '
                        'parts as separate real arrays')
    try:  # (on copies: the function may change its arguments in place)
        value = target(*copy.deepcopy(args), **copy.deepcopy(keywords))
    except Exception:  # noqa: BLE001  (the transform itself will meet the same error)
        return
    if not real_tree(value):
        raise NoRuleError(
            f'{target.__qualname__} returns a complex value here (from a complex argument '
            f'other than {name}): its gradient, Hessian and Jacobian rows are not defined',
            where, hint='differentiate a real function of it (np.real, np.abs(z) ** 2)')
