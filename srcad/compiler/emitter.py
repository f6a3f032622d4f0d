"""What the reverse and forward emitters share: naming helpers and inlining rules.

Both emitters turn rule templates into code for one statement and bind the
runtime helpers that code calls; both must keep helper names from colliding
with the user's.  That machinery lives here, once.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

from .names import NameFacts
from .user_text import user_text

from .. import dynamic, dynamic_second  # noqa: F401  (register dynamic_forward... and their tangents)
from .analysis import Activity
from ..errors import NoRuleError
from .fastast import fix_missing_locations, fix_statement_locations, walk
from .normalize import Normalized
from . import object_operands
from .parse import FunctionSource
from .resolve import Resolver
from ..rules.registry import helper_functions
from .simplify import simplify
from .templates import instantiate, substitute


#: runtime helpers that change an argument in place (or run user code): never folded over
CHANGES_ARGUMENTS = frozenset({'add_at', 'setitem', 'list_append', 'list_pop', 'sequence',
                               'dynamic_forward', 'dynamic_backward', 'dynamic_jvp',
                               'with_enter', 'with_exit'})


class Emitter:
    """The naming context of one build: helpers bound so far and their names."""

    def __init__(self, src: FunctionSource, norm: Normalized, resolver: Resolver,
                 activity: Activity):
        self.src, self.norm, self.resolver, self.activity = src, norm, resolver, activity
        self.namer = norm.namer.copy()  # (the names this build takes: the record keeps its own)
        self.local = resolver.local
        self.helpers = dict(norm.helpers)  # helper's name in generated code -> object
        # (helper's own name, id(object)) -> its name in generated code
        self.helper_names = {(n, id(obj)): n for n, obj in norm.helpers.items()}

    def rule_expr(self, template: ast.expr, rule, mapping: dict) -> ast.expr:
        """A rule's template with this statement's names (and helper names) put in."""
        mapping = dict(mapping)
        namespace = rule.namespace  # one namespace serves every template
        key = (id(template), id(namespace))
        known = _TEMPLATE_HELPERS.get(key)
        if known is None or known[0] is not template or known[1] != len(namespace):
            used = {n.id for n in ast.walk(template) if isinstance(n, ast.Name)}
            branches = any(isinstance(n, ast.IfExp) for n in ast.walk(template))
            known = _TEMPLATE_HELPERS[key] = (template, len(namespace), branches, [
                name for name in namespace if name in used])
        names = known[3]
        if known[2]:
            # a branch that the call's constant arguments fold away binds no helper
            used = {n.id for n in ast.walk(simplify(substitute(template, mapping)))
                    if isinstance(n, ast.Name)}
            names = [name for name in names if name in used]
        for name in names:
            mapping[name] = _name(self.helper(name, namespace[name]))
        return instantiate(template, mapping, self.helpers)

    def helper(self, name: str, obj) -> str:
        """The name generated code uses for a runtime helper (renamed on collision)."""
        if not name.isidentifier():  # '<lambda>_vjp': a lambda bound to a name
            name = ''.join(c for c in name if c.isalnum() or c == '_').lstrip('0123456789') \
                or 'helper'
        key = (name, id(obj))
        if key not in self.helper_names:
            taken = name in self.local or name in self.helpers or (
                name in self.namer.taken and not self._same(name, obj))
            chosen = self.namer.fresh(name) if taken else name
            self.namer.taken.add(chosen)
            self.helper_names[key] = chosen
            self.helpers[chosen] = obj
        return self.helper_names[key]

    def _same(self, name, obj) -> bool:
        try:
            return self.src.resolve(name) is obj
        except NameError:
            return False

    def call(self, helper: str, *args) -> ast.Call:
        """A call of a runtime helper (:mod:`srcad.runtime`, :mod:`srcad.dynamic`...)."""
        return ast.Call(_name(self.helper(helper, helper_functions()[helper])), list(args), [])

    # -- refusals both emitters make alike -------------------------------------
    def check_effect(self, stmt) -> None:
        """A bare call is fine unless it could change a differentiated value
        (``np.copyto(y, x)``, ``np.add.at(y, i, x)``, ``obj.update(x)``)."""
        op = self.resolver.op(stmt.value)
        if op.kind in ('unknown', 'dynamic') and any(
                isinstance(a, ast.Name) and a.id in self.activity.varied
                for a in op.differentiable_inputs.values()):
            raise self.no_rule(op, stmt)

    def no_rule(self, op, stmt) -> NoRuleError:
        value = stmt.value
        label = user_text(value.func, NameFacts.of(self.norm), self.norm.tree.body) \
            if isinstance(value, ast.Call) else (
            op.callee if isinstance(op.callee, str) else ast.unparse(value))
        kind = type(op.callee)
        if op.callee is not None and not isinstance(op.callee, (str, ast.AST)):
            label += f' (a {kind.__module__}.{kind.__qualname__})'
        name = label.split(' ')[0]
        if isinstance(getattr(op.callee, 'hint', None), str):  # srcad.compiler.resolve.Described
            return NoRuleError(f'{op.callee}, called on a differentiated value in '
                               f'{self.src.name}', self.src.location(stmt), op.callee.hint)
        if isinstance(op.callee, str) and op.callee.endswith('[...]'):
            return NoRuleError(
                f'no derivative rule for {label}, called on a differentiated value in '
                f'{self.src.name}', self.src.location(stmt),
                'write it with functions srcad knows: np.concatenate, np.stack, '
                'np.column_stack, np.arange')
        return NoRuleError(
            f'no derivative rule for {label}, called on a differentiated value in {self.src.name}',
            self.src.location(stmt), iterator_hint(op.callee) or
            f'register one with srcad.adjoint({name}, "x", x="...") or mark it '
            f'srcad.nondifferentiable({name}) if its output is a constant')

    def check_inert_inputs(self, stmt, op) -> None:
        """A differentiated value passed where a rule declares no derivative
        (``np.linspace(0, a, 5)``'s ``stop`` without a rule for it, an array in
        ``np.einsum``'s ``subscripts``) would be read as a constant: refused, when
        the result reaches the output.  srcad's own generated code is exempt: its
        helpers take arrays for their shapes only."""
        if op.kind != 'rule' or not op.rule.differentiable \
                or self.src.filename.startswith('<srcad '):
            return
        target = stmt.targets[0]
        if not isinstance(target, ast.Name) or target.id not in self.activity.useful:
            return
        if getattr(self, '_objects', None) is None:  # (`1.0 + p` of an object p built here)
            self._objects = object_operands.object_names(self.norm.tree.body, self.resolver)
        object_operands.check(self, stmt, op, self._objects)
        live = op.differentiable_inputs
        for role, atom in op.inputs.items():
            if role in live or op.rule.classify(role)[0] == 'constant':
                continue  # (an axis, an index, a flag...: srcad.rules.registry.Rule.classify)
            if any(isinstance(n, ast.Name) and n.id in self.activity.varied
                   for n in walk(atom)):
                raise NoRuleError(
                    f'{op.rule.name} has no derivative rule for its parameter {role!r}, '
                    f'which here receives a differentiated value',
                    self.src.location(stmt),
                    f'if that value is meant as a constant there, pass '
                    f'srcad.stop_gradient(...) of it; else register the derivative with '
                    f'srcad.adjoint({op.rule.name}, ...)')

    @staticmethod
    def assign(name: str, value: ast.expr) -> ast.Assign:
        return ast.Assign([ast.Name(name, ast.Store())], value)

    @staticmethod
    def function(name, args, stmts) -> ast.FunctionDef:
        tree = ast.FunctionDef(name, args, stmts, [], None, None)
        if hasattr(tree, 'type_params'):
            tree.type_params = []
        # (written out as text, then compiled: only the statements' lines are read)
        return fix_statement_locations(tree)


#: (id(template), id(namespace)) -> (template, namespace size, has branches, the
#: namespace's names it reads, in namespace order): a rule's template is walked once,
#: not once per statement it is applied to
_TEMPLATE_HELPERS = {}


def _at(node, where):
    return fix_missing_locations(ast.copy_location(node, where))


def _line(node) -> int:
    return getattr(node, 'lineno', 0)


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())


@dataclass
class Emitted:
    """A generated function and the helpers it expects as closure values."""

    trees: list   # the generated defs, the main one first
    helpers: dict = field(default_factory=dict)   # generated name -> object


def iterator_hint(callee) -> str | None:
    """What to write instead of an iterator srcad does not follow (``zip(a, b)`` kept
    in a variable, ``map``, ``filter``, ``iter``): None for other callees."""
    if any(callee is getattr(builtins, n) for n in ('zip', 'enumerate', 'reversed')):
        return (f'srcad follows {callee.__name__}(...) where a for loop or list(), tuple(), '
                f'sorted(), dict() consumes it: loop over it directly, or wrap it in list(...)')
    if any(callee is getattr(builtins, n) for n in ('map', 'filter', 'iter', 'next')):
        return f'write the loop out instead of {callee.__name__}(...)'
    return None
