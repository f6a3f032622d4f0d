"""Calls the resolver (:mod:`srcad.compiler.resolve`) binds itself: the user's own
functions and methods, records built from their fields (namedtuples, dataclasses,
``SimpleNamespace``), a namedtuple's ``_replace``, a srcad gradient called inside
the function, and the methods of a frozen ``scipy.stats`` distribution.
"""

from __future__ import annotations

import ast
import inspect
import types

import numpy as np

from ..dynamic import second_order_dynamic
from ..errors import NoRuleError
from ..rules import registry
from .ops import Described, Op


class CallResolver:
    """The call-binding half of :class:`srcad.compiler.resolve.Resolver` (which it is
    mixed into: it uses the resolver's ``src``, ``callee`` and ``_bind``)."""

    def _replace_call(self, record, node) -> Op:
        """``p._replace(W=v)`` of a namedtuple: the rule of
        :mod:`srcad.rules.python.record_replace`."""
        from ..rules.python.record_replace import MAX_FIELDS, record_replace
        named = [kw for kw in node.keywords if kw.arg is not None]
        if len(named) != len(node.keywords) or len(named) > MAX_FIELDS:
            inputs = {'x': record, **{f'**{i}': kw.value for i, kw in enumerate(node.keywords)}}
            return Op('unknown', inputs, callee=Described(
                'srcad cannot differentiate a replace of a record with **-arguments or '
                f'more than {MAX_FIELDS} fields', 'replace the fields by name, a few at a time'))
        keywords = [ast.keyword(f'n{k}', ast.Constant(kw.arg)) for k, kw in enumerate(named)]
        keywords += [ast.keyword(f'v{k}', kw.value) for k, kw in enumerate(named)]
        return self._bind(registry.lookup(record_replace), [record], keywords, node)

    def _gradient_call(self, func, args, node) -> Op:
        """``g(x)`` of a srcad ``Gradient`` ``g``: the rule of
        :mod:`srcad.rules.python.gradient_calls` (its pullback is a Hessian-vector product)."""
        from ..rules.python.gradient_calls import GRADIENT_CALLS, MAX_ARGS
        call = GRADIENT_CALLS.get(len(args))
        if call is None or node.keywords or any(isinstance(a, ast.Starred) for a in args):
            inputs = {i: a.value if isinstance(a, ast.Starred) else a for i, a in enumerate(args)}
            inputs.update({kw.arg or f'**{i}': kw.value for i, kw in enumerate(node.keywords)})
            return Op('unknown', inputs, callee=Described(
                f'srcad cannot differentiate {ast.unparse(func)}(...), a srcad gradient called '
                f'with keyword or *-arguments or more than {MAX_ARGS} arguments',
                f'pass at most {MAX_ARGS} arguments, by position'))
        return self._bind(registry.lookup(call), [func] + args, [], node)

    def _frozen_call(self, dist, func, args, node) -> Op:
        """``d.method(value)`` of a frozen distribution ``d = dist(...)``: the rule of
        :func:`srcad.rules.scipy.stats.frozen_method` (refused if it has none)."""
        from ..rules.scipy.stats import FROZEN_METHODS
        fn = FROZEN_METHODS.get((dist, func.attr))
        rule = registry.lookup(fn) if fn is not None else None
        if rule is None:
            inputs = {'d': func.value, **dict(enumerate(args))}
            inputs.update({kw.arg: kw.value for kw in node.keywords})
            from ..rules.scipy.stats import GENERATORS
            return Op('unknown', inputs, callee=Described(
                f'srcad has no derivative rule for .{func.attr}() of a frozen '
                f'scipy.stats.{GENERATORS[dist][0]}',
                'srcad differentiates the frozen methods logpdf, pdf, logcdf, cdf, logsf, sf, '
                'ppf (logpmf, pmf for poisson); write the quantity with those or with NumPy'))
        keywords = [ast.keyword('value', kw.value) if kw.arg in ('x', 'q', 'k') else kw
                    for kw in node.keywords]
        return self._bind(rule, [func.value] + args, keywords, node)

    def _record(self, cls, args, node) -> Op:
        """``Point(a, b)`` / ``Config(w=w, b=b)``: a namedtuple or a dataclass built from
        its fields, a container like a tuple literal (its entries keyed by position for
        a namedtuple, by field name for a dataclass, as their adjoints are)."""
        import dataclasses
        if cls is types.SimpleNamespace:  # SimpleNamespace(h=a): its keywords (attributes.py)
            if args:
                return Op('unknown', dict(enumerate(args)), callee=cls)
            names = [kw.arg for kw in node.keywords]
        elif issubclass(cls, tuple):
            names = list(cls._fields)
        else:
            names = [f.name for f in dataclasses.fields(cls) if f.init]
        given = {}
        for i, a in enumerate(args):
            if i >= len(names):
                raise NoRuleError(f'{cls.__name__} takes {len(names)} fields, not {len(args)}',
                                  self.src.location(node))
            given[names[i]] = a
        for kw in node.keywords:
            if kw.arg not in names or kw.arg in given:
                raise NoRuleError(f'{cls.__name__}(...) has no field {kw.arg!r} to fill (or '
                                  f'fills it twice)', self.src.location(node))
            given[kw.arg] = kw.value
        if set(given) != set(names):  # a default's value would be taken for a tangent
            left = [n for n in names if n not in given]  # (refused if differentiated)
            return Op('unknown', given, callee=Described(
                f'srcad cannot differentiate {cls.__name__}(...) leaving the field '
                f'{left[0]!r} to its default', f'pass every field, {left[0]}= included'))
        clash = [n for n in names if not _field_name(n) and not n.startswith('__')]
        if clash:  # r.size would read as the ndarray attribute (refused if differentiated)
            return Op('unknown', given, callee=Described(
                f'srcad cannot differentiate {cls.__name__}(...): its field {clash[0]!r} '
                f'would read as the ndarray attribute .{clash[0]}',
                f'rename the field (for example {clash[0]}_)'))
        if issubclass(cls, tuple):
            return Op('pack', {names.index(k): v for k, v in given.items()}, callee=cls)
        return Op('pack', given, callee=cls)

    def receiver(self, func: ast.expr):
        """The expression a call passes as ``self``: ``obj`` in ``obj.method(x)`` and
        ``model`` in ``model(x)`` (a callable object), else None."""
        callee = self.callee(func)
        if isinstance(callee, types.MethodType) and isinstance(func, ast.Attribute):
            return func.value
        if _callable_object(callee):
            return func
        return None

    def _user_call(self, fn, func, args, node) -> Op:
        """A call of the user's own Python function: its parameters bound to atoms."""
        if isinstance(fn, types.MethodType):
            fn, args = fn.__func__, [self.receiver(func)] + args
        if second_order_dynamic(fn, self.src, node):  # a gradient's dynamic_forward (hvp)
            return Op('dynamic', dict(enumerate(args)), callee=func)
        if any(isinstance(a, ast.Starred) for a in args) or any(
                kw.arg is None for kw in node.keywords):
            return self._starred_call(fn, args, node)  # (canonical: srcad/compiler/starargs.py)
        marks = [_Atom(a) for a in args]
        keywords = {kw.arg: _Atom(kw.value) for kw in node.keywords}
        try:
            bound = inspect.signature(fn, follow_wrapped=False).bind(*marks, **keywords)
        except TypeError as exc:
            raise NoRuleError(f'the call to {fn.__qualname__} does not match its '
                              f'signature: {exc}', self.src.location(node)) from None
        inputs = {}
        for name, value in bound.arguments.items():
            if isinstance(value, _Atom):
                inputs[name] = value.node
            else:  # *args / **kwargs collected several atoms: refused if one is differentiated
                atoms = dict(enumerate(args))  # (``with np.printoptions(precision=3)``: fine)
                atoms.update({kw.arg: kw.value for kw in node.keywords})
                return Op('unknown', atoms, callee=Described(*_collecting_call(
                    fn, bound.signature.parameters[name], ast.unparse(node.func))))
        return Op('call', inputs, callee=fn)

    def _starred_call(self, fn, args, node) -> Op:
        """A call in the canonical form of :mod:`srcad.compiler.starargs`: one atom per positional
        parameter, then ``*t`` for ``*args``; keywords, then ``**d`` for ``**kwargs``."""
        params = list(inspect.signature(fn, follow_wrapped=False).parameters.values())
        P = inspect.Parameter
        positional = [p for p in params if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)]
        inputs = {}
        plain = [a for a in args if not isinstance(a, ast.Starred)]
        stars = [a for a in args if isinstance(a, ast.Starred)]
        doubles = [kw for kw in node.keywords if kw.arg is None]
        vararg = next((p.name for p in params if p.kind == P.VAR_POSITIONAL), None)
        varkw = next((p.name for p in params if p.kind == P.VAR_KEYWORD), None)
        ok = (len(stars) <= 1 and len(doubles) <= 1 and (not stars or args[-1] is stars[0])
              and (not stars or (vararg and len(plain) == len(positional)))
              and (not doubles or varkw) and len(plain) <= len(positional))
        if not ok:
            raise NoRuleError(f'srcad cannot tell which parameters of {fn.__qualname__} this '
                              f'call fills', self.src.location(node),
                              'pass the arguments one by one')
        inputs.update((p.name, a) for p, a in zip(positional, plain))
        if stars:
            inputs[vararg] = stars[0].value
        for kw in node.keywords:
            inputs[varkw if kw.arg is None else kw.arg] = kw.value
        return Op('call', inputs, callee=fn)


def _collecting_call(fn, collector, label: str) -> tuple:
    """The refusal (text, hint) of a call ``label(...)`` whose arguments a function's
    ``*args`` or ``**kwargs`` (``collector``) collect: a library's function has no
    derivative rule; the user's own is compiled when its differentiated values arrive
    as named parameters."""
    where = getattr(getattr(fn, '__code__', None), 'co_filename', '')
    module = getattr(fn, '__module__', None) or ''
    if 'site-packages' in where or 'dist-packages' in where or \
            module.split('.')[0] in ('numpy', 'scipy', 'sklearn', 'pandas'):
        return (f'srcad has no derivative rule for {label} ({module.split(".")[0]}\'s '
                f'{fn.__qualname__})',
                'write the quantity with NumPy or scipy.special functions srcad knows, or '
                'register a rule with srcad.adjoint')
    star = '*' if collector.kind == collector.VAR_POSITIONAL else '**'
    return (f'srcad cannot yet differentiate a call of {label} whose arguments its '
            f'{star}{collector.name} parameter collects',
            f'give {fn.__qualname__} a named parameter for each differentiated value')


def _record_class(fn) -> bool:
    """A namedtuple class, or a dataclass without a custom ``__init__``/``__post_init__``
    (its fields are then exactly what it is built from)."""
    import dataclasses
    if not isinstance(fn, type):
        return False
    if fn is types.SimpleNamespace:
        return True
    if issubclass(fn, tuple):
        return isinstance(getattr(fn, '_fields', None), tuple) and fn.__new__ is not tuple.__new__
    return (dataclasses.is_dataclass(fn) and not hasattr(fn, '__post_init__')
            and getattr(fn, '__dataclass_params__').init)


def _field_name(attr: str) -> bool:
    """Whether ``x.attr`` may be a field of a namedtuple or a dataclass, differentiated
    as one: a name that is no attribute of an array, names an array method (a field
    ``mean``), or an array attribute srcad has no rule for (``x.data``, ``x.flat``: read
    as a field, whose derivative is refused on an array when it runs).  The attributes
    with NumPy's rule (``.shape``, ``.size``, ``.T``...: :data:`registry.ATTRIBUTES`) are not."""
    if attr.startswith('__'):
        return False
    found = getattr(np.ndarray, attr, None)
    return found is None or callable(found) or attr not in registry.ATTRIBUTES


def _callable_object(obj) -> bool:
    """An instance of the user's class with a Python ``__call__``."""
    call = getattr(type(obj), '__call__', None)
    module = getattr(type(obj), '__module__', None)
    module = module if isinstance(module, str) else ''  # (a descriptor on some NumPy types)
    library = module.split('.')[0] in ('numpy', 'scipy', 'srcad', 'builtins')
    return (obj is not None and not library and not isinstance(
        obj, (type, types.FunctionType, types.MethodType, types.BuiltinFunctionType))
            and isinstance(call, types.FunctionType))


class _Atom:
    """Stands for an argument's atom while binding a call to a signature."""

    def __init__(self, node):
        self.node = node
