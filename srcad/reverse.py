"""The reverse-mode emitter: forward sweep, then backward sweep, from rules.

For every active assignment ``t = op(a, b)`` the backward sweep receives the
rule's adjoint expressions with the statement's own names substituted::

    a_bar = a_bar + <rule for a, with g := t_bar, ans := t>

The first contribution to an adjoint assigns it instead of adding, so no
adjoint is ever allocated as zeros only to be added to.  Comments tie each
backward block to the user's line it differentiates.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass, field

from .analysis import Activity
from .codegen import Comment
from .errors import NoRuleError, UnsupportedSyntaxError
from .normalize import Normalized
from .parse import FunctionSource
from .resolve import Op, Resolver
from .rules.registry import Rule
from .runtime import HELPERS
from .simplify import simplify


@dataclass
class Emitted:
    """A generated function and the helpers it expects as closure values."""

    tree: ast.FunctionDef
    helpers: dict = field(default_factory=dict)   # generated name -> object


class ReverseEmitter:
    """Builds one gradient function; holds the naming context of that one build."""

    def __init__(self, src: FunctionSource, norm: Normalized, resolver: Resolver,
                 activity: Activity):
        self.src, self.norm, self.resolver, self.activity = src, norm, resolver, activity
        self.namer = norm.namer
        self.local = resolver.local
        self.helpers = {}   # helper's name in generated code -> object
        self.helper_names = {}  # helper's own name -> its name in generated code

    # -- the whole function ---------------------------------------------------
    def build(self, wrt: list, name: str, with_value: bool) -> Emitted:
        body = self.norm.tree.body
        ret = _single_return(body, self.src)
        forward = [s for s in body if s is not ret]
        defined = set()
        backward = self.backward(forward, defined, seed_from=ret.value)
        grads = [self.finished(w, defined) for w in wrt]
        result = grads[0] if len(grads) == 1 else ast.Tuple(grads, ast.Load())
        if with_value:
            result = ast.Tuple([ret.value, result], ast.Load())
        stmts = ([Comment('forward sweep')] + forward + [Comment('backward sweep')]
                 + backward + [ast.Return(result)])
        tree = ast.FunctionDef(name, self.norm.tree.args, stmts, [], None, None)
        if hasattr(tree, 'type_params'):
            tree.type_params = []
        return Emitted(ast.fix_missing_locations(tree), self.helpers)

    def finished(self, param: str, defined: set) -> ast.expr:
        """The gradient of one input: its adjoint in the input's shape and dtype."""
        if param in defined:
            return self.call('like_input', _name(self.namer.bar(param)), _name(param))
        return self.call('zeros_like_input', _name(param))

    # -- the backward sweep -------------------------------------------------
    def backward(self, stmts: list, defined: set, seed_from=None) -> list:
        out, line = [], None
        if isinstance(seed_from, ast.Name) and self.activity.active(seed_from.id):
            line = _line(seed_from)
            out.append(Comment('grad of: ' + self.norm.origins.get(line, 'return')))
            out.append(self.assign(self.namer.bar(seed_from.id),
                                   self.call('seed', _name(seed_from.id))))
            defined.add(seed_from.id)
        for stmt in reversed(stmts):
            block = self.adjoint(stmt, defined)
            if block and _line(stmt) != line:
                line = _line(stmt)
                out.append(Comment('grad of: ' + self.norm.origins.get(line, '')))
            out.extend(block)
        return out

    def adjoint(self, stmt, defined: set) -> list:
        if isinstance(stmt, ast.Assign):
            if isinstance(stmt.targets[0], ast.Tuple):
                return self.adjoint_unpack(stmt, defined)
            return self.adjoint_assign(stmt, defined)
        if isinstance(stmt, ast.Expr):
            self.check_effect(stmt)
            return []
        raise UnsupportedSyntaxError(
            f'srcad does not support {type(stmt).__name__!r} statements yet',
            self.src.location(stmt))

    def adjoint_assign(self, stmt, defined: set) -> list:
        target = stmt.targets[0].id
        if not self.activity.active(target) or target not in defined:
            return []
        op = self.resolver.op(stmt.value)
        g, ans = _name(self.namer.bar(target)), _name(target)
        out = []
        for role, atom in op.differentiable_inputs.items():
            if not (isinstance(atom, ast.Name) and self.activity.active(atom.id)):
                continue
            expr = self.contribution(op, role, atom, g, ans, stmt)
            out.append(self.accumulate(atom.id, expr, defined))
        return out

    def adjoint_unpack(self, stmt, defined: set) -> list:
        source = stmt.value
        if not (isinstance(source, ast.Name) and self.activity.active(source.id)):
            return []
        parts = []
        for elt in stmt.targets[0].elts:
            live = self.activity.active(elt.id) and elt.id in defined
            parts.append(_name(self.namer.bar(elt.id)) if live else ast.Constant(0.0))
        if all(isinstance(p, ast.Constant) for p in parts):
            return []
        expr = self.call('AdjointList', ast.List(parts, ast.Load()))
        return [self.accumulate(source.id, expr, defined)]

    def contribution(self, op: Op, role, atom, g, ans, stmt) -> ast.expr:
        """The adjoint ``atom`` receives through ``role`` of operation ``op``."""
        if op.kind == 'copy':
            return g
        if op.kind == 'rule':
            return self.instantiate(op.rule, role, op.inputs, g, ans)
        if op.kind == 'index':
            index = _index_value(op.inputs['index'])
            return self.call('index_adjoint', g, atom, index)
        if op.kind == 'pack':
            key = ast.Constant(role)
            if isinstance(stmt.value, ast.Dict):
                return ast.Call(ast.Attribute(g, 'get', ast.Load()),
                                [key, ast.Constant(0.0)], [])
            return ast.Subscript(g, key, ast.Load())
        raise self.no_rule(op, stmt)

    def check_effect(self, stmt) -> None:
        """A bare call is fine unless it could change a differentiated value."""
        op = self.resolver.op(stmt.value)
        if op.kind == 'unknown' and any(
                isinstance(a, ast.Name) and a.id in self.activity.varied
                for a in op.differentiable_inputs.values()):
            raise self.no_rule(op, stmt)

    def no_rule(self, op: Op, stmt) -> NoRuleError:
        callee = op.callee
        label = getattr(callee, '__qualname__', None) or getattr(callee, '__name__', None) \
            or (callee if isinstance(callee, str) else ast.unparse(stmt.value))
        return NoRuleError(
            f'no derivative rule for {label} (in {self.src.name})',
            self.src.location(stmt),
            f'register one with srcad.adjoint({label}, "x", x="...") or mark it '
            f'srcad.nondifferentiable({label}) if its output is a constant')

    # -- building expressions -----------------------------------------------
    def accumulate(self, name: str, expr: ast.expr, defined: set) -> ast.Assign:
        bar = self.namer.bar(name)
        if name in defined:
            expr = ast.BinOp(_name(bar), ast.Add(), expr)
        defined.add(name)
        return self.assign(bar, expr)

    def instantiate(self, rule: Rule, role: str, inputs: dict, g, ans) -> ast.expr:
        """The rule's expression for ``role`` with this call's names put in."""
        mapping = dict(inputs)
        mapping.update(g=g, ans=ans)
        for name, obj in rule.namespace.items():
            mapping[name] = _name(self.helper(name, obj))
        expr = simplify(_substitute(rule.adjoints[role], mapping))
        return _drop_default_arguments(expr, self.helpers)

    def helper(self, name: str, obj) -> str:
        """The name generated code uses for a runtime helper (renamed on collision)."""
        if name not in self.helper_names:
            clash = name in self.local or (name in self.namer.taken and not self._same(name, obj))
            chosen = self.namer.fresh(name) if clash else name
            self.namer.taken.add(chosen)
            self.helper_names[name] = chosen
            self.helpers[chosen] = obj
        return self.helper_names[name]

    def _same(self, name, obj) -> bool:
        try:
            return self.src.resolve(name) is obj
        except NameError:
            return False

    def call(self, helper: str, *args) -> ast.Call:
        return ast.Call(_name(self.helper(helper, HELPERS[helper])), list(args), [])

    @staticmethod
    def assign(name: str, value: ast.expr) -> ast.Assign:
        return ast.Assign([ast.Name(name, ast.Store())], value)


def _single_return(body, src) -> ast.Return:
    ret = body[-1] if body else None
    if not isinstance(ret, ast.Return):
        raise UnsupportedSyntaxError(
            f'{src.name} must end with a return statement to be differentiated',
            src.location(src.tree), 'return the value to differentiate')
    return ret


def _substitute(template: ast.expr, mapping: dict) -> ast.expr:
    """A copy of ``template`` with each mapped name replaced by its expression."""
    class Put(ast.NodeTransformer):
        def visit_Name(self, node):
            new = mapping.get(node.id)
            return copy.deepcopy(new) if new is not None else node
    return Put().visit(copy.deepcopy(template))


def _drop_default_arguments(expr: ast.expr, helpers: dict) -> ast.expr:
    """``unreduce(g, x, None, False)`` -> ``unreduce(g, x)``: trailing defaults go."""
    for node in ast.walk(expr):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and callable(helpers.get(node.func.id)) and not node.keywords:
            defaults = _positional_defaults(helpers[node.func.id])
            while node.args and len(node.args) - 1 in defaults and _is_constant(
                    node.args[-1], defaults[len(node.args) - 1]):
                node.args.pop()
    return expr


def _positional_defaults(fn) -> dict:
    """Position -> default value of a plain Python helper's parameters."""
    code = getattr(fn, '__code__', None)
    if code is None or not fn.__defaults__:
        return {}
    first = code.co_argcount - len(fn.__defaults__)
    return {first + i: d for i, d in enumerate(fn.__defaults__)}


def _is_constant(node, value) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is type(value) \
        and node.value == value


def _index_value(index: ast.expr) -> ast.expr:
    """An index as a value that can be passed to a helper (slices become ``slice(...)``)."""
    if isinstance(index, ast.Slice):
        parts = [p if p is not None else ast.Constant(None)
                 for p in (index.lower, index.upper, index.step)]
        while len(parts) > 2 and isinstance(parts[-1], ast.Constant) and parts[-1].value is None:
            parts.pop()
        return ast.Call(_name('slice'), parts, [])
    if isinstance(index, ast.Tuple):
        return ast.Tuple([_index_value(e) for e in index.elts], ast.Load())
    return index


def _line(node) -> int:
    return getattr(node, 'lineno', 0)


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())
