"""What the reverse and forward emitters share: naming helpers and inlining rules.

Both emitters turn rule templates into code for one statement and bind the
runtime helpers that code calls; both must keep helper names from colliding
with the user's.  That machinery lives here, once.
"""

from __future__ import annotations

import ast

from .analysis import Activity
from .normalize import Normalized
from .parse import FunctionSource
from .resolve import Resolver
from .runtime import HELPERS
from .templates import instantiate


class Emitter:
    """The naming context of one build: helpers bound so far and their names."""

    def __init__(self, src: FunctionSource, norm: Normalized, resolver: Resolver,
                 activity: Activity):
        self.src, self.norm, self.resolver, self.activity = src, norm, resolver, activity
        self.namer = norm.namer
        self.local = resolver.local
        self.helpers = dict(norm.helpers)  # helper's name in generated code -> object
        # (helper's own name, id(object)) -> its name in generated code
        self.helper_names = {(n, id(obj)): n for n, obj in norm.helpers.items()}

    def rule_expr(self, template: ast.expr, rule, mapping: dict) -> ast.expr:
        """A rule's template with this statement's names (and helper names) put in."""
        mapping = dict(mapping)
        used = {n.id for n in ast.walk(template) if isinstance(n, ast.Name)}
        for name, obj in rule.namespace.items():   # one namespace serves every template
            if name in used:
                mapping[name] = _name(self.helper(name, obj))
        return instantiate(template, mapping, self.helpers)

    def helper(self, name: str, obj) -> str:
        """The name generated code uses for a runtime helper (renamed on collision)."""
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
        """A call of a :mod:`srcad.runtime` helper."""
        return ast.Call(_name(self.helper(helper, HELPERS[helper])), list(args), [])

    @staticmethod
    def assign(name: str, value: ast.expr) -> ast.Assign:
        return ast.Assign([ast.Name(name, ast.Store())], value)

    @staticmethod
    def function(name, args, stmts) -> ast.FunctionDef:
        tree = ast.FunctionDef(name, args, stmts, [], None, None)
        if hasattr(tree, 'type_params'):
            tree.type_params = []
        return ast.fix_missing_locations(tree)


def _at(node, where):
    return ast.fix_missing_locations(ast.copy_location(node, where))


def _line(node) -> int:
    return getattr(node, 'lineno', 0)


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())
