"""Normalize: one operation per statement, fresh temporaries, sugar removed.

After this pass every statement is one of a few plain shapes (the contract the
later passes rely on)::

    name = atom                        copy
    name = a <op> b   /   name = <op> a
    name = f(atoms..., key=atom)       call of a global path or a method
    name = a.attr     /   name = a[index]
    name = (a, b, ...) / [a, ...] / {k: a}
    n1, n2 = a                         tuple unpacking
    return atom
    if atom: ...  else: ...            (and the loops of the control-flow pass)

where an *atom* is a local name, a constant, or a path into a global
(``np.pi``).  Augmented assignment becomes plain assignment, conditional
expressions become ``if`` statements, docstrings and ``pass`` disappear.

The flattener is one class assembled from mixins, a module each:
:mod:`~srcad.compiler.flatten_assign` (assignments, ``return``, expression
statements), :mod:`~srcad.compiler.flatten_inplace` (``x += v``, ``x.sort()``,
``np.copyto``...), :mod:`~srcad.compiler.flatten_loops` (``if``, ``for``,
``while``), :mod:`~srcad.compiler.flatten_iteration` (how loops read
sequences), :mod:`~srcad.compiler.flatten_expr` (expressions),
:mod:`~srcad.compiler.flatten_calls` (calls; nested functions written out) and
:mod:`~srcad.compiler.statements` (``try``, ``with``, ``assert``, ``raise``...);
the node builders they share are in :mod:`~srcad.compiler.flatten_nodes`.
"""

from __future__ import annotations

import ast
import linecache
from dataclasses import dataclass

from . import comprehensions, function_bindings
from .. import runtime
from .fastast import fix_missing_locations, walk
from .flatten_assign import AssignmentLowering
from .flatten_calls import CallLowering
from .flatten_expr import ExpressionLowering
from .flatten_inplace import InPlaceLowering
from .flatten_iteration import IterationLowering
from .flatten_loops import LoopLowering
from .flatten_nodes import _name, is_global_path  # noqa: F401 (is_global_path: imported from here)
from .flatten_nodes import in_place_facts
from .names import Namer, assigned_names, mentioned_names, param_names
from .normalize_fast import passthrough
from .parse import FunctionSource
from .statements import StatementLowering


@dataclass(frozen=True)
class Normalized:
    """A normalized function and what later passes need to know about it."""

    tree: ast.FunctionDef
    params: list          # parameter names in order
    namer: Namer
    origins: dict         # line number -> the user's statement text
    helpers: dict         # runtime functions the normalized code calls, by name
    in_place: frozenset = frozenset()  # writes into a value's data (flatten_nodes.in_place_facts)
    versions: tuple = ()  # (version, variable) pairs: x_1 is a version of x (the rename pass)
    user_names: frozenset = frozenset()  # every name the user's function can see (never ours)


def normalize(src: FunctionSource) -> Normalized:
    """Flatten ``src`` into the statement shapes listed in the module docstring."""
    tree = comprehensions.prepare(src)  # (comprehension variables get names of their own)
    function_bindings.mark(tree, top=True)  # (which def a call of a local function name means)
    params = param_names(tree.args)
    local = set(params) | assigned_names(tree.body)
    user_names = frozenset(mentioned_names(tree) | set(src.closure) | set(src.globals))
    namer = Namer(user_names)
    flat = _Flattener(src, namer, local)
    flat.tree = tree  # (the tree being flattened: statements.py reads it whole)
    body = flat.block(tree.body)
    flat.__dict__.pop('_built_objects', None)  # (it refers back to flat: a cycle left to gc)
    new = ast.FunctionDef(tree.name, tree.args, body, [], None, None)
    if hasattr(new, 'type_params'):
        new.type_params = []
    ast.copy_location(new, tree)
    return Normalized(new, params, namer, _origins(src), flat.helpers,
                      in_place_facts(flat.in_place_marks), user_names=user_names)


def _origins(src: FunctionSource) -> dict:
    """The user's own source line of each statement, by line number."""
    out = {}
    for node in walk(src.tree):  # (ast.walk's order)
        if isinstance(node, ast.stmt):
            line = linecache.getline(src.filename, node.lineno).strip()
            out.setdefault(node.lineno, line or ast.unparse(node).split('\n', 1)[0])
    return out


class _Flattener(AssignmentLowering, InPlaceLowering, LoopLowering, IterationLowering,
                 ExpressionLowering, CallLowering, StatementLowering):
    """Flattens one function; holds only the function-wide naming context (its
    statement and expression methods come from the mixins above)."""

    def __init__(self, src: FunctionSource, namer: Namer, local: set):
        self.src, self.namer, self.local = src, namer, local
        self.loop_depth = 0
        self.helpers = {}  # runtime functions introduced here, by their name in the code
        self.functions = {}  # nested defs and named lambdas, inlined where called
        self.inlining = []   # the nested functions being inlined now (no recursion)
        self.tokens = {}     # lambdas used as values, by token name (comprehensions.py)
        self.in_place_marks = []  # (statement, operand, mark): in-place writes (flatten_inplace.py)

    def runtime(self, name: str) -> ast.Name:
        """A name for a :mod:`srcad.runtime` function the normalized code calls."""
        chosen = self.namer.derive('', name)
        self.helpers[chosen] = getattr(runtime, name)
        return _name(chosen)

    # -- statements ---------------------------------------------------------
    def block(self, stmts) -> list:
        out = []
        for stmt in stmts:
            out += self.statement(stmt)  # (each placed at ``stmt`` already: statement())
        return out

    def statement(self, stmt) -> list:
        if (same := passthrough(self, stmt)) is not None:  # (operators on atoms: fast)
            return same
        out = []
        method = getattr(self, 'stmt_' + type(stmt).__name__)
        method(stmt, out)
        for new in out:
            ast.copy_location(new, stmt)
            fix_missing_locations(new)
        return out
