"""Whether a function may make a complex value without its parameters being complex:
what the gradient's seed may rely on when it is folded to ``1.0``.

``grad`` refuses a complex output (:func:`srcad.runtime.inputs.seed`).  When the output
is a full reduction whose value nothing else reads, the reverse emitter writes the seed
as ``1.0`` and the forward sweep need not compute the output at all; that is right only
when the output is surely real.  It is when every parameter is real (the caller checks
that on every call: :mod:`srcad.input_kinds`) and nothing else brings a complex value in:
this module looks for the rest, conservatively (any doubt keeps ``seed(t)``):

- a complex constant (``1j``), a complex dtype by name (``complex``, ``np.complex128``,
  ``'c16'``, ``dtype='D'``), a function that makes complex values of real ones
  (``np.fft``, ``np.roots``, ``np.linalg.eig``, ``np.emath``, ``cmath``...);
- a power whose base may be a Python number and whose exponent is not an integer
  (``(-8.0) ** 0.5`` is complex in Python, ``nan`` in NumPy);
- a global or closure value holding a complex number (looked at when compiled);
- a call of the user's own function that does any of these, or of a function
  srcad cannot see (a method of an object, a function passed in).
"""

from __future__ import annotations

import ast
import contextvars
import types

import numpy as np

from .fastast import walk
from .ir import ForRange
from .names import assigned_names

#: names (functions, modules, dtypes) that make complex values of real ones
_WORDS = frozenset({'csingle', 'cdouble', 'clongdouble', 'emath', 'scimath', 'cmath',
                    'roots', 'polyroots', 'eig', 'eigvals', 'hilbert', 'sqrtm', 'logm',
                    'schur', 'rsf2csf', 'fractional_matrix_power', 'funm', 'iscomplex',
                    'iscomplexobj'})
_LIBRARIES = ('numpy', 'scipy', 'math', 'builtins', 'srcad', 'functools', 'itertools',
              'operator', '_operator', 'random', 'collections', 'dataclasses', 'typing')
_ARRAY_ATTRIBUTES = frozenset(dir(np.ndarray))
#: methods of values that are not arrays but make no complex number of real ones: lists,
#: dicts, strings, namedtuples, random generators, frozen distributions, loggers
_PLAIN_METHODS = frozenset().union(
    dir(list), dir(dict), dir(str), dir(np.random.Generator), dir(np.random.RandomState),
    ('_replace', '_asdict', '_make', 'logpdf', 'pdf', 'logcdf', 'cdf', 'sf', 'logsf', 'ppf',
     'isf', 'rvs', 'entropy', 'logpmf', 'pmf', 'median', 'interval', 'moment', 'stats',
     'debug', 'info', 'warning', 'error', 'log', 'isEnabledFor', 'write', 'flush'))
_MAX_DEPTH = 6  # calls of the user's functions followed, nested


def may_make_complex(tree, src, helpers=(), shapes=None) -> bool:
    """Whether the function ``tree`` (of ``src``: its globals and closure) may make a
    complex value from real parameters.  ``helpers``: names of srcad's runtime helpers
    the normalized code calls; ``shapes``: name -> shape class (a Python number has
    ``()``), to tell a power of arrays from one of numbers."""
    relied = []
    found = _Scan(src, frozenset(helpers), shapes or {}, set(), relied).scan(tree, 0)
    sink = RELIED.get()
    if not found and sink is not None:
        sink.extend(relied)
    return found


def rely_on(deps, relied) -> None:
    """Add to ``deps`` (:class:`.staleness.Dependencies`) the values a scan found real
    (:data:`RELIED`): the code is compiled again when one is rebound to a complex
    value (or a function it followed, to another function)."""
    from ..input_kinds import real_tree
    for src, name, value in relied:
        if isinstance(value, (types.FunctionType, types.MethodType)):
            deps.name(src, name, value)
            deps.function(value)
        else:
            deps.real(src, name, real_tree)


def complex_dtype_name(text: str) -> bool:
    """Whether ``text`` names a complex dtype (``'complex128'``, ``'c16'``, ``'D'``)."""
    if len(text) > 20:
        return False
    try:
        return np.dtype(text).kind == 'c'
    except (TypeError, ValueError, SyntaxError):
        return False


class _Scan:
    def __init__(self, src, helpers, shapes, seen, relied):
        self.src, self.helpers, self.shapes, self.seen = src, helpers, shapes, seen
        self.relied = relied  # (src, name, value): the free values found real, as they are

    def scan(self, tree, depth: int) -> bool:
        nodes = walk(tree)  # (one walk: this runs on every gradient compile)
        params = {a.arg for a in walk(tree.args)
                  if a.__class__ is ast.arg} if hasattr(tree, 'args') else set()
        body = tree.body if isinstance(tree.body, list) else [tree.body]
        local = params | assigned_names(body)
        for n in nodes:
            if n.__class__ is ast.FunctionDef:
                local.add(n.name)
            elif n.__class__ is ast.Lambda:
                local |= {a.arg for a in walk(n.args) if a.__class__ is ast.arg}
        self._kinds = ('to find', nodes, params)  # (number kinds: found when a power asks)
        for node in nodes:
            cls = node.__class__
            if cls is ast.Constant:
                value = node.value
                if isinstance(value, complex) or (isinstance(value, str) and len(value) > 1
                                                  and complex_dtype_name(value)):
                    return True  # (a one-letter code only as a dtype: order='F' is not)
            elif cls is ast.Name:
                if _complex_word(node.id) or (isinstance(node.ctx, ast.Load)
                                              and node.id not in local
                                              and self.free_value_complex(node.id, depth)):
                    return True
            elif cls is ast.Attribute:
                if _complex_word(node.attr):
                    return True
            elif cls is ast.BinOp and isinstance(node.op, ast.Pow):
                if self.power_may_be_complex(node.left, node.right):
                    return True
            elif cls is ast.AugAssign and isinstance(node.op, ast.Pow):
                if self.power_may_be_complex(node.target, node.value):
                    return True
            elif cls is ast.Call:
                if self.call_may_be_complex(node, local, depth):
                    return True
        return False

    def power_may_be_complex(self, base, exponent) -> bool:
        """``base ** exponent``: complex in Python for a negative number base and a
        fractional exponent; NumPy's arrays and scalars give ``nan`` instead."""
        if isinstance(exponent, ast.Constant) and type(exponent.value) in (int, float, bool) \
                and float(exponent.value).is_integer():
            return False
        if isinstance(base, ast.Constant) and type(base.value) in (int, float) \
                and base.value >= 0:
            return False
        if self._kinds[0] == 'to find':
            _, nodes, params = self._kinds
            self._kinds = _number_kinds(nodes, params, self.shapes, self.src)
        ints, numpy = self._kinds
        if _is_int(exponent, ints):
            return False  # (an integer power is real)
        return not _is_numpy(base, numpy, self.src)  # (NumPy's power: nan)

    def free_value_complex(self, name: str, depth: int) -> bool:
        """A global or closure value that holds a complex number (as it is now)."""
        if name in self.helpers:
            return False
        try:
            value = self.src.resolve(name)
        except NameError:
            return False  # (srcad's own names; an undefined one fails when run)
        if not isinstance(value, _FIXED):
            self.relied.append((self.src, name, value))
        if isinstance(value, (types.FunctionType, types.MethodType)):
            return self.function_may_be_complex(value, depth)
        return _data_may_be_complex(value)

    def call_may_be_complex(self, node: ast.Call, local, depth: int) -> bool:
        func = node.func
        dtypes = [k.value for k in node.keywords if k.arg == 'dtype'] + (
            node.args[:2] if getattr(func, 'attr', getattr(func, 'id', None)) in (
                'astype', 'dtype', 'array', 'asarray', 'zeros', 'ones', 'empty', 'full')
            else [])
        if any(isinstance(d, ast.Constant) and isinstance(d.value, str)
               and complex_dtype_name(d.value) for d in dtypes):
            return True  # (astype('D'), dtype='F')
        if isinstance(func, ast.Name):
            if func.id == 'pow' and func.id not in local and len(node.args) >= 2:
                return self.power_may_be_complex(node.args[0], node.args[1])
            if func.id in local:  # a function passed in or made here: not seen
                return func.id not in self.helpers
            return False  # (a global: free_value_complex looks at it)
        if isinstance(func, ast.Attribute):
            path = []
            while isinstance(func, ast.Attribute):
                path.append(func.attr)
                func = func.value
            if not isinstance(func, ast.Name):
                return node.func.attr not in _ARRAY_ATTRIBUTES and \
                    node.func.attr not in _PLAIN_METHODS
            if func.id in local:  # a method of a value: an array's, a list's..., or unknown
                return node.func.attr not in _ARRAY_ATTRIBUTES and \
                    node.func.attr not in _PLAIN_METHODS
            try:
                obj = self.src.resolve(func.id)
                for attr in reversed(path):
                    obj = getattr(obj, attr)
            except (NameError, AttributeError):
                return True
            if isinstance(obj, (types.FunctionType, types.MethodType)):
                return self.function_may_be_complex(obj, depth)
        return False

    def function_may_be_complex(self, fn, depth: int) -> bool:
        """A call of the user's own function: the same scan of its source."""
        fn = getattr(fn, '__func__', fn)
        module = getattr(fn, '__module__', None) or ''
        if module.split('.')[0] in _LIBRARIES:
            return False
        code = getattr(fn, '__code__', None)
        if code in self.seen:
            return False  # (being scanned: recursion)
        if depth >= _MAX_DEPTH:
            return True
        self.seen.add(code)
        from .parse import read_function
        try:
            src = read_function(fn)
        except Exception:  # noqa: BLE001  (no source: its derivative is refused anyway)
            return True
        return _Scan(src, frozenset(), {}, self.seen, self.relied).scan(src.tree, depth + 1)


def _number_kinds(nodes, params, shapes, src) -> tuple:
    """``(ints, numpy)``: the names that surely hold a Python int (loop indices, ``n * t``
    of int constants, ``len(...)``) and those that surely hold NumPy values (arrays by
    their shape class, results of NumPy's functions, arithmetic with one of them), from
    the ``nodes`` of a function."""
    values = {}
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name in walk(target):
                    if isinstance(name, ast.Name):  # (unpacked: not known)
                        values.setdefault(name.id, []).append(
                            node.value if target is name else None)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            values.setdefault(node.target.id, []).append(
                ast.BinOp(node.target, node.op, node.value))
        elif isinstance(node, (ForRange, ast.For)) and isinstance(node.target, ast.Name):
            values.setdefault(node.target.id, []).append(
                ast.Constant(0) if isinstance(node, ForRange) or _is_range(node.iter) else None)
        elif isinstance(node, (ast.For, ast.comprehension, ast.With, ast.NamedExpr)):
            for name in walk(getattr(node, 'target', None) or node):
                if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                    values.setdefault(name.id, []).append(None)
    ints = set()
    numpy = {p for p in params if isinstance(shapes.get(p), tuple) and shapes.get(p)}
    for _ in range(20):
        changed = False
        for name, exprs in values.items():
            if name not in ints and all(e is not None and _is_int(e, ints) for e in exprs):
                ints.add(name)
                changed = True
            if name not in numpy and name not in params and (  # (a parameter's own value)
                    isinstance(shapes.get(name), tuple) and shapes.get(name)
                    or all(e is not None and _is_numpy(e, numpy, src) for e in exprs)):
                numpy.add(name)
                changed = True
        if not changed:
            break
    return ints - set(params), numpy


_INT_OPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)


def _is_int(e, ints) -> bool:
    cls = e.__class__
    if cls is ast.Constant:
        return type(e.value) in (int, bool)
    if cls is ast.Name:
        return e.id in ints
    if cls is ast.BinOp:
        return isinstance(e.op, _INT_OPS) and _is_int(e.left, ints) and _is_int(e.right, ints)
    if cls is ast.UnaryOp:
        return isinstance(e.op, (ast.USub, ast.UAdd)) and _is_int(e.operand, ints)
    if cls is ast.Call and isinstance(e.func, ast.Name):
        return e.func.id in ('len', 'int') or (e.func.id == 'round' and len(e.args) == 1)
    if cls is ast.IfExp:
        return _is_int(e.body, ints) and _is_int(e.orelse, ints)
    return False


def _is_numpy(e, numpy, src) -> bool:
    """Whether expression ``e`` surely makes a NumPy value (an array or a NumPy scalar,
    whose power of a negative base is ``nan``, not complex)."""
    cls = e.__class__
    if cls is ast.Name:
        return e.id in numpy
    if cls is ast.BinOp:
        return _is_numpy(e.left, numpy, src) or _is_numpy(e.right, numpy, src)
    if cls is ast.UnaryOp:
        return _is_numpy(e.operand, numpy, src)
    if cls is ast.Subscript:
        return _is_numpy(e.value, numpy, src)
    if cls is ast.Attribute:
        return e.attr in ('T', 'mT', 'real', 'imag') and _is_numpy(e.value, numpy, src)
    if cls is ast.Call and isinstance(e.func, ast.Attribute):
        func = e.func
        if func.attr in ('item', 'tolist'):
            return False
        if _is_numpy(func.value, numpy, src):
            return True  # (a method of an array)
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id not in numpy:
            try:
                module = src.resolve(root.id)
            except NameError:
                return False
            return isinstance(module, types.ModuleType) and \
                module.__name__.split('.')[0] == 'numpy' and func.attr not in (
                    'ndim', 'size', 'shape', 'isscalar')
    return False


def _is_range(node) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
        and node.func.id == 'range'


def _complex_word(word: str) -> bool:
    return 'fft' in word or 'complex' in word or word in _WORDS


#: free values that make no complex number and that the code does not rely on the kind of
_FIXED = (types.ModuleType, type, types.BuiltinFunctionType, np.ufunc)


def _data_may_be_complex(value) -> bool:
    from ..input_kinds import real_tree
    if isinstance(value, _FIXED):
        return False
    return not real_tree(value)


#: whether the compile under way may fold a gradient's seed to ``1.0`` as far as the
#: parameters go: set by :meth:`srcad.api.Gradient.compiled_for` (False for code that runs
#: on arguments not known to be real); the scan above looks at everything else
REAL_PARAMETERS = contextvars.ContextVar('srcad_real_parameters', default=True)
#: a list collecting what the scans that let a seed be folded relied on (globals and
#: closure values found real, functions followed), set by the compile that folds it
#: (:meth:`srcad.api.Gradient.compiled_for`; :func:`rely_on` adds it to the code's
#: dependencies): a value rebound to a complex one after compiling is seen
RELIED = contextvars.ContextVar('srcad_relied_real_values', default=None)
