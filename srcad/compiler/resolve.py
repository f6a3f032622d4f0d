"""What each normalized right-hand side *is*: a rule application, a copy, an index...

The compiler's passes ask one question of every ``name = value`` statement:
which operation is this, and which of its inputs can carry a derivative?
This module answers it, resolving callables through the user's own scopes
(so ``np.sin`` is found as whatever ``np`` is to the user) and binding the
call's arguments to the rule's parameters.  The operations are
:class:`~srcad.compiler.ops.Op`; the calls the resolver binds itself (the
user's functions, records, gradients, frozen distributions) are in
:mod:`srcad.compiler.resolve_calls`.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import types

import numpy as np

from ..calls import _compiled_half
from ..errors import NoRuleError
from ..method_dispatch import method_call
from ..object_dispatch import object_call
from .normalize import is_global_path
from .parse import FunctionSource
from .. import runtime
from ..rules import registry
from .ops import Described, Op
from .resolve_calls import CallResolver, _callable_object, _field_name, _record_class


class Resolver(CallResolver):
    """Classifies right-hand sides of one function; caches callee lookups."""

    def __init__(self, src: FunctionSource, local: set, helpers: dict | None = None,
                 integers: frozenset = frozenset(), frozen: dict | None = None,
                 containers: dict | None = None):
        self.src, self.local = src, local
        self.helpers = helpers or {}  # runtime functions the normalized code calls
        # what the program's values are known to be, fixed at construction (a pass that
        # learns more makes a new resolver: :meth:`knowing`)
        self._integers = frozenset(integers)  # names surely holding integer arrays
        self._frozen = types.MappingProxyType(dict(frozen or {}))  # name -> distribution
        self._containers = types.MappingProxyType(dict(containers or {}))  # name -> list kind
        self.resolved = {}  # (root name, attributes) -> what callee() found (srcad.compiler.staleness)
        self._ops = {}  # id(value) -> (value, its Op, what the Op was found under)

    @property
    def integers(self) -> frozenset:
        """Names surely holding integer arrays (:func:`srcad.compiler.parameters.integer_arrays`)."""
        return self._integers

    @property
    def frozen(self):
        """Names surely holding frozen ``scipy.stats`` distributions, read-only
        (:func:`srcad.compiler.frozen.frozen_distributions`)."""
        return self._frozen

    @property
    def containers(self):
        """Names that may hold a list or tuple, each with its kind, read-only
        (:func:`srcad.compiler.containers.convert_containers`): the facts calls of the
        user's functions are compiled for (:func:`srcad.compiler.containers.callee_facts`)."""
        return self._containers

    def knowing(self, helpers: dict | None = None, integers: frozenset | None = None,
                frozen: dict | None = None, containers: dict | None = None) -> 'Resolver':
        """A new resolver of the same function that also knows these helpers (the
        program's, after passes added some), integer arrays, frozen distributions and
        names holding lists; this one is left as it was.  It keeps what callees were
        resolved (they are the code's dependencies) and the answers that stay valid."""
        new = Resolver(self.src, set(self.local),
                       dict(self.helpers if helpers is None else helpers),
                       self._integers if integers is None else integers, frozen, containers)
        if frozen is None:
            new._frozen = self._frozen  # (the same object: answers found under it stay valid)
        if containers is None:
            new._containers = self._containers
        new.resolved = dict(self.resolved)
        new._ops = dict(self._ops)  # (entries found under other facts are not reused: op())
        return new

    def op(self, value: ast.expr) -> Op:
        """The operation ``value`` is (asked by several passes of every statement: the
        answer is kept while the names it depends on stay as they were)."""
        # (names are only ever added to ``local`` and ``helpers``; ``integers`` and
        # ``frozen`` are fixed: another resolver has others, found by identity)
        state = (len(self.local), len(self.helpers), self._integers, self._frozen)
        known = self._ops.get(id(value))
        if known is not None and known[0] is value and known[2][:2] == state[:2] \
                and known[2][2] is state[2] and known[2][3] is state[3]:
            return known[1]
        op = self._op(value)
        self._ops[id(value)] = (value, op, state)
        return op

    def _op(self, value: ast.expr) -> Op:
        kind = type(value).__name__
        if isinstance(value, ast.Name):
            if value.id in self.local:
                return Op('copy', {'x': value})
            return Op('const')
        if isinstance(value, ast.Constant) or is_global_path(value, self.local):
            return Op('const')
        handler = getattr(self, '_' + kind, None)
        return handler(value) if handler else Op('const')

    def _BinOp(self, node):
        if isinstance(node.op, ast.BitOr):
            # booleans and integers carry no derivative, but a | b of dicts is a merge
            # holding the operands' values: refused when a differentiated value reaches it
            return Op('unknown', {'x': node.left, 'y': node.right}, callee=Described(
                'srcad has no derivative rule for a | b (a dict merge)',
                'copy the dict and assign the entries: m = dict(a); m[k] = v'))
        return self._bind(registry.lookup(type(node.op)), [node.left, node.right], [], node)

    def _UnaryOp(self, node):
        return self._bind(registry.lookup(type(node.op)), [node.operand], [], node)

    def _Compare(self, node):
        return Op('const')

    def _BoolOp(self, node):
        # the value is one of the operands: only those with a derivative can pass one on
        carriers = [v for v in node.values if not self.without_derivative(v)]
        if not carriers:
            return Op('const')  # truth values and constants: never differentiated
        names = [n for v in carriers for n in ast.walk(v)
                 if isinstance(n, ast.Name) and n.id in self.local]
        return Op('unknown', {f'operand{i}': n for i, n in enumerate(names)},
                  callee='and/or')

    def without_derivative(self, node) -> bool:
        """Whether an (unnormalized) operand of ``and``/``or`` surely has no derivative:
        a condition, a constant, or a call of a function declared nondifferentiable
        (``np.any(w > 0.5)``, ``x.all()``, ``np.isclose(a, b)``)."""
        if _is_condition(node) or isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.BoolOp):
            return all(self.without_derivative(v) for v in node.values)
        if not isinstance(node, ast.Call):
            return False
        func = node.func
        if isinstance(func, ast.Attribute) and not is_global_path(func, self.local):
            fn = registry.METHODS.get(func.attr)  # as _Call reads a method of an array
        else:
            fn = self.callee(func)
        rule = registry.lookup(fn) if fn is not None else None
        return rule is not None and not rule.differentiable

    def _Subscript(self, node):
        if not isinstance(node.value, ast.Name) and is_global_path(node.value, self.local):
            # np.r_[x, y], np.c_[...], TABLE[i]: a global's __getitem__, which has no rule;
            # the local names it reads are inputs no derivative passes through
            names = [n for n in ast.walk(node.slice)
                     if isinstance(n, ast.Name) and n.id in self.local]
            if not names:
                return Op('const')
            return Op('unknown', dict(enumerate(names)), callee=f'{ast.unparse(node.value)}[...]')
        return Op('index', {'x': node.value, 'index': node.slice})

    def _Tuple(self, node):
        if any(isinstance(e, ast.Starred) for e in node.elts):  # (*xs, y): no rule
            return Op('unknown', {i: e.value if isinstance(e, ast.Starred) else e
                                  for i, e in enumerate(node.elts)},
                      callee='a tuple or list display with *-entries')
        return Op('pack', dict(enumerate(node.elts)))

    _List = _Tuple

    def _Dict(self, node):
        if not all(isinstance(k, ast.Constant) for k in node.keys):
            # (normalization writes such a display entry by entry: flatten_expr.expr_Dict;
            # an entry's role is its key, never its position)
            return Op('unknown', dict(enumerate(node.values)), callee=Described(
                'srcad cannot differentiate a dict display whose keys are known only when '
                'it runs', 'build the dict with d = {} and d[key] = value'))
        return Op('pack', {k.value: v for k, v in zip(node.keys, node.values)})

    def _Attribute(self, node):
        fn = registry.ATTRIBUTES.get(node.attr)
        rule = registry.lookup(fn) if fn is not None else None
        if rule is None:
            if _field_name(node.attr):  # p.W of a namedtuple or a dataclass (checked when run)
                from ..rules.python.object_helpers import field
                return self._bind(registry.lookup(field), [node.value, ast.Constant(node.attr)],
                                  [], node)
            return Op('unknown', {'x': node.value}, callee=f'.{node.attr}')
        return self._bind(rule, [node.value], [], node)

    def _Call(self, node):
        func = node.func
        args = list(node.args)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in self.frozen:  # d.logpdf(x) of d = norm(mu, s)
            return self._frozen_call(self.frozen[func.value.id], func, args, node)
        if isinstance(func, ast.Attribute) and not is_global_path(func, self.local):
            fn = registry.METHODS.get(func.attr)
            if fn is None and func.attr == '_replace' and not args:  # a namedtuple's
                return self._replace_call(func.value, node)
            if fn is None:  # a method of some other object: known only when it runs
                return Op('dynamic', dict(enumerate(args)), callee=func)
            args = [func.value] + args
            callee = f'.{func.attr}()'
        elif isinstance(func, ast.Name) and func.id in self.local:
            return Op('dynamic', dict(enumerate(args)), callee=func)
        else:
            fn = self.callee(func)
            callee = fn
            if fn is method_call or fn is object_call:  # a.mean(x) of an a that may not be
                # an array (method_calls.py), layer(x) of a layer holding a derivative
                return Op('dynamic', dict(enumerate(args)), callee=func)
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    and isinstance(getattr(fn, '__self__', None), np.ndarray) \
                    and func.attr in registry.METHODS:
                # a method of a module-level array: OFFSET.dot(x) is np.dot(OFFSET, x)
                fn, args = registry.METHODS[func.attr], [func.value] + args
            if isinstance(fn, types.MethodType) and isinstance(func, ast.Attribute) \
                    and type(fn.__self__).__module__.startswith('scipy.stats'):
                from ..rules.scipy.stats import frozen_family
                dist = frozen_family(fn.__self__)   # PRIOR.logpdf(w), PRIOR = norm(0, 1)
                if dist is not None:
                    return self._frozen_call(dist, func, args, node)
        if fn is dataclasses.replace and len(args) == 1 and not isinstance(args[0], ast.Starred):
            return self._replace_call(args[0], node)  # dataclasses.replace(p, w=v)
        rule = registry.lookup(fn) if fn is not None else None
        if rule is None and getattr(type(fn), '_srcad_gradient', False):
            return self._gradient_call(func, args, node)  # g(x) of g = srcad.grad(f)
        if rule is None and _record_class(fn) and not any(
                isinstance(a, ast.Starred) for a in args) and all(kw.arg for kw in node.keywords):
            return self._record(fn, args, node)
        if rule is None and isinstance(fn, functools.partial):
            return Op('dynamic', dict(enumerate(args)), callee=func)  # runs fn.func(...)
        if rule is None and _callable_object(fn):
            fn = types.MethodType(type(fn).__call__, fn)
        if rule is None and isinstance(fn, (types.FunctionType, types.MethodType)):
            return self._user_call(fn, func, args, node)
        if rule is None:
            inputs = {i: a for i, a in enumerate(args)}
            inputs.update({kw.arg: kw.value for kw in node.keywords})
            from .classes import construction_refused  # Layer(W) not compiled in place
            why = construction_refused(self.src, fn, node)
            return Op('unknown', inputs, callee=Described(*why) if why else callee)
        if rule.differentiable and (any(isinstance(a, ast.Starred) for a in args)
                                    or any(kw.arg is None for kw in node.keywords)):
            # which rule parameter a star fills is known only when it runs: no derivative
            # passes (refused for differentiated values: srcad.compiler.starargs.check_star_calls)
            inputs = {i: a.value if isinstance(a, ast.Starred) else a for i, a in enumerate(args)}
            inputs.update({kw.arg or f'**{i}': kw.value for i, kw in enumerate(node.keywords)})
            return Op('unknown', inputs, callee=f'{rule.name}(*...)')
        return self._bind(rule, args, node.keywords, node)

    def callee(self, func: ast.expr):
        """The object a call's function expression means to the user, or None."""
        if isinstance(func, ast.Name) and func.id in self.local:
            return None
        if isinstance(func, ast.Name) and func.id in self.helpers:
            return self.helpers[func.id]
        path = []
        while isinstance(func, ast.Attribute):
            path.append(func.attr)
            func = func.value
        if isinstance(func, ast.Name) and func.id in self.local:
            return None  # x.reshape of a local x (even if a global x exists too)
        try:
            obj = self.src.resolve(func.id)
            for attr in reversed(path):
                obj = getattr(obj, attr)
        except (NameError, AttributeError):
            return None
        self.resolved[func.id, tuple(reversed(path))] = obj
        return _compiled_half(obj)

    def _bind(self, rule, args, keywords, node) -> Op:
        if rule is None:
            return Op('unknown', dict(enumerate(args)))
        if rule.constant_output:
            return Op('rule', {}, rule)
        sig = rule.signature
        npos = len(sig.params) if sig.npositional is None else sig.npositional
        if len(args) > npos and not sig.varargs:
            raise self._misfit(rule, node, f'takes at most {npos} positional arguments here')
        inputs = {k: ast.Constant(v) for k, v in sig.defaults.items()}
        inputs.update(zip(sig.params[:npos], args))
        if 'out' in sig.params[:len(args)] and not (  # np.dot(a, b, o): the write into o
                isinstance(inputs['out'], ast.Constant) and inputs['out'].value is None):
            raise self._misfit(rule, node, 'out given by position is not supported: pass out=')
        if sig.varargs:
            inputs[sig.varargs] = ast.Tuple(list(args[npos:]), ast.Load())
        for kw in keywords:
            if kw.arg not in sig.params:  # (refused when a differentiated value reaches it)
                misfit = self._misfit(rule, node, f'argument {kw.arg!r} is not supported')
                atoms = dict(enumerate(args))
                atoms.update({k.arg: k.value for k in keywords})
                return Op('unknown', atoms, callee=Described(misfit.message, misfit.hint))
            inputs[kw.arg] = kw.value
        missing = [p for p in sig.params if p not in inputs]
        if rule.fn is np.where and missing == ['x', 'y'] and len(args) == 1 \
                and not keywords:
            return Op('const')  # np.where(condition): the indices of the true entries
        if missing:
            raise self._misfit(rule, node, f'missing argument {missing[0]!r}')
        if 'dtype' in inputs and self.dtype_kind(inputs['dtype']) in _NO_DERIVATIVE_KINDS:
            return Op('const')  # x.astype(int), np.asarray(x, dtype=bool): no derivative
        if rule.fn is _SETITEM and isinstance(inputs.get('x'), ast.Name) \
                and inputs['x'].id in self.integers:
            return Op('const')  # k[i] = v into an integer array: v is truncated
        return Op('rule', inputs, rule)

    def dtype_kind(self, node) -> str | None:
        """The kind (``'f'``, ``'i'``, ``'b'``...) of the dtype a ``dtype=`` argument
        names, read from the source: ``int``, ``np.int32``, ``'float32'``, ``None``
        (``'-'``); None when only the running program knows (``x.dtype``, a variable)."""
        if isinstance(node, ast.Constant):
            if node.value is None:
                return '-'
            value = node.value
        elif isinstance(node, (ast.Name, ast.Attribute)) and is_global_path(node, self.local):
            value = self.callee(node)
            if value is None:
                return None
        else:
            return None
        try:
            return np.dtype(value).kind
        except (TypeError, ValueError):
            return None

    def _misfit(self, rule, node, why) -> NoRuleError:
        return NoRuleError(
            f'{rule.name}: {why} (srcad\'s rule has the signature '
            f'({", ".join(rule.signature.names)}))', self.src.location(node),
            'call it with the supported arguments, or register your own rule with srcad.adjoint')


#: dtype kinds a value carries no derivative in: integers, booleans, strings, dates
_NO_DERIVATIVE_KINDS = frozenset('biuSUVmM')
_SETITEM = runtime.setitem


def _is_condition(node) -> bool:
    """An expression whose value is a truth value (comparisons, not, and/or of them)."""
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return True
    if isinstance(node, ast.BoolOp):
        return all(_is_condition(v) for v in node.values)
    return isinstance(node, ast.Constant) and isinstance(node.value, bool)


