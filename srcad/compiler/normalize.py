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
"""

from __future__ import annotations

import ast
import copy
import linecache
from dataclasses import dataclass

import numpy as np

from . import attributes, comprehensions
from .. import runtime
from ..errors import UnsupportedSyntaxError
from .fastast import fix_missing_locations
from .ir import ForRange, WhileLoop
from .names import Namer, assigned_names, mentioned_names, param_names
from .parse import FunctionSource
from . import starargs
from .statements import StatementLowering
from .templates import index_value


@dataclass
class Normalized:
    """A normalized function and what later passes need to know about it."""

    tree: ast.FunctionDef
    params: list          # parameter names in order
    namer: Namer
    origins: dict         # line number -> the user's statement text
    helpers: dict         # runtime functions the normalized code calls, by name


def normalize(src: FunctionSource) -> Normalized:
    """Flatten ``src`` into the statement shapes listed in the module docstring."""
    tree = comprehensions.prepare(src)  # (comprehension variables get names of their own)
    params = param_names(tree.args)
    local = set(params) | assigned_names(tree.body)
    namer = Namer(mentioned_names(tree) | set(src.closure) | set(src.globals))
    flat = _Flattener(src, namer, local)
    flat.tree = tree  # (the tree being flattened: statements.py reads it whole)
    body = flat.block(tree.body)
    new = ast.FunctionDef(tree.name, tree.args, body, [], None, None)
    if hasattr(new, 'type_params'):
        new.type_params = []
    ast.copy_location(new, tree)
    return Normalized(new, params, namer, _origins(src), flat.helpers)


def _origins(src: FunctionSource) -> dict:
    """The user's own source line of each statement, by line number."""
    out = {}
    for node in ast.walk(src.tree):
        if isinstance(node, ast.stmt):
            line = linecache.getline(src.filename, node.lineno).strip()
            out.setdefault(node.lineno, line or ast.unparse(node).split('\n', 1)[0])
    return out


def is_global_path(node: ast.expr, local: set) -> bool:
    """``np``, ``np.linalg.norm``: a name (or attribute chain) not bound locally."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id not in local


class _Flattener(StatementLowering):
    """Flattens one function; holds only the function-wide naming context."""

    def __init__(self, src: FunctionSource, namer: Namer, local: set):
        self.src, self.namer, self.local = src, namer, local
        self.loop_depth = 0
        self.helpers = {}  # runtime functions introduced here, by their name in the code
        self.functions = {}  # nested defs and named lambdas, inlined where called
        self.inlining = []   # the nested functions being inlined now (no recursion)
        self.tokens = {}     # lambdas used as values, by token name (comprehensions.py)

    def runtime(self, name: str) -> ast.Name:
        """A name for a :mod:`srcad.runtime` function the normalized code calls."""
        chosen = self.namer.derive('', name)
        self.helpers[chosen] = getattr(runtime, name)
        return _name(chosen)

    # -- statements ---------------------------------------------------------
    def block(self, stmts) -> list:
        out = []
        for stmt in stmts:
            for new in self.statement(stmt):
                out.append(ast.copy_location(new, stmt))
        return out

    def statement(self, stmt) -> list:
        out = []
        method = getattr(self, 'stmt_' + type(stmt).__name__)
        method(stmt, out)
        for new in out:
            ast.copy_location(new, stmt)
            fix_missing_locations(new)
        return out

    def stmt_FunctionDef(self, stmt, out):
        self.functions[stmt.name] = stmt

    def stmt_Assign(self, stmt, out):
        if isinstance(stmt.value, ast.Lambda) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name):
            lam = stmt.value
            body = [ast.copy_location(ast.Return(lam.body), lam.body)]
            self.functions[stmt.targets[0].id] = ast.FunctionDef(
                stmt.targets[0].id, lam.args, body, [], None, None)
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            value = stmt.value
            if _is_method(value, 'pop', self.local, 0):  # x = xs.pop()
                value = ast.Call(self.runtime('list_pop'), [value.func.value], [])
            elif attributes.lower_construction(self, stmt.targets[0].id, value, out):
                return  # obj = Layer(W) of a plain class: its __init__ in place
            self.into(stmt.targets[0].id, value, out)
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Subscript):
            self.write_element(stmt.targets[0], stmt.value, out)
            return
        if len(stmt.targets) == 1 and _is_names(stmt.targets[0]) and _same_length(stmt):
            targets = [t.id for t in stmt.targets[0].elts]
            read = {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}
            if not read & set(targets) and len(set(targets)) == len(targets):
                for target, value in zip(targets, stmt.value.elts):
                    self.expr(value, out, dest=target)
                return
            temps = [self.expr(v, out, dest=self.namer.temp()) for v in stmt.value.elts]
            for target, temp in zip(stmt.targets[0].elts, temps):
                self.assign(target, temp, out)
            return
        value = self.expr(stmt.value, out)
        for target in stmt.targets:
            self.assign(target, value, out)

    def assign(self, target, value: ast.expr, out):
        if isinstance(target, ast.Name):
            out.append(_assign(target.id, value))
            return
        if isinstance(target, ast.Subscript):  # y[0] = y[7] = v (chained assignment)
            self.write_element(target, value, out)
            return
        if isinstance(target, ast.Attribute):  # obj.attr = v (srcad/compiler/attributes.py)
            attributes.lower_store(self, target, value, out)
            return
        if isinstance(target, (ast.Tuple, ast.List)) and any(
                isinstance(e, ast.Starred) for e in target.elts):
            self.assign_starred(target, value, out)  # first, *rest = xs (statements.py)
            return
        if not _is_names(target, attributes=True):
            raise UnsupportedSyntaxError(
                f'srcad does not support assigning to {ast.unparse(target)}',
                self.src.location(target), 'assign to plain names')
        if not isinstance(value, ast.Name):
            value = _name(self.expr(value, out, dest=self.namer.temp()).id)
        parts = []
        for elt in target.elts:
            parts.append(elt.id if isinstance(elt, ast.Name) else self.namer.temp())
        out.append(ast.Assign([ast.Tuple([_store(p) for p in parts], ast.Store())], value))
        for elt, part in zip(target.elts, parts):
            if not isinstance(elt, ast.Name):
                self.assign(elt, _name(part), out)

    def write_element(self, target: ast.Subscript, value, out):
        """``x[i] = v`` becomes ``x = setitem(x, i, v)``: a new value for ``x``."""
        if not (isinstance(target.value, ast.Name) and target.value.id in self.local):
            raise UnsupportedSyntaxError(
                f'srcad only supports writing into an element of a local array, '
                f'not {ast.unparse(target.value)}', self.src.location(target),
                'bind the array to a local name first, or build a new array')
        index = index_value(target.slice)
        call = ast.Call(self.runtime('setitem'), [target.value, index, value], [])
        self.into(target.value.id, ast.copy_location(call, target), out)

    def stmt_AugAssign(self, stmt, out):
        if isinstance(stmt.target, ast.Subscript):
            read = ast.Subscript(stmt.target.value, stmt.target.slice, ast.Load())
            value = ast.copy_location(ast.BinOp(read, stmt.op, stmt.value), stmt)
            self.write_element(stmt.target, value, out)
            return
        if isinstance(stmt.target, ast.Attribute):  # obj.attr += v (srcad/compiler/attributes.py)
            attributes.lower_augmented(self, stmt, out)
            return
        if not isinstance(stmt.target, ast.Name):
            raise UnsupportedSyntaxError(
                'srcad does not support augmented assignment to an attribute',
                self.src.location(stmt), 'assign to a local name')
        # ``x += v`` changes an array (or a list) in place, seen through every other name
        # for it; the mutation check reads this mark on the operand (see mutation.py)
        written = _name(stmt.target.id)
        written.srcad_in_place = type(stmt.op)
        value = ast.BinOp(written, stmt.op, stmt.value)
        self.into(stmt.target.id, ast.copy_location(value, stmt), out)
        _mark_in_place(out, written)


    def into(self, target: str, value, out):
        """``target = value``; inside a loop, never as ``x = f(x)`` in one statement.

        A loop overwrites ``x`` each iteration, and the backward sweep needs the
        value ``f`` read, so the result goes through a temporary first.
        """
        reads_target = any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(value))
        if self.loop_depth and reads_target and not self.is_atom(value):
            # the operands first; only the last operation may write the target, and
            # only when it does not itself read it (``h = np.tanh(t)`` after ``t``)
            trial, names = [], self.namer.snapshot()
            self.expr(value, trial, dest=target)
            last = trial[-1] if trial else None
            if isinstance(last, ast.Assign) and len(last.targets) == 1 \
                    and isinstance(last.targets[0], ast.Name) and last.targets[0].id == target \
                    and not any(isinstance(n, ast.Name) and n.id == target
                                for n in ast.walk(last.value)) \
                    and not any(isinstance(n, ast.Name) and n.id == target
                                and isinstance(n.ctx, ast.Store)
                                for stmt in trial[:-1] for n in ast.walk(stmt)):
                out.extend(trial)
                return
            self.namer.restore(names)
            value = self.expr(value, out)
        self.expr(value, out, dest=target)

    def stmt_AnnAssign(self, stmt, out):
        if stmt.value is not None:
            self.stmt_Assign(ast.Assign([stmt.target], stmt.value), out)

    def stmt_Return(self, stmt, out):
        value = ast.Constant(None) if stmt.value is None else self.expr(stmt.value, out)
        out.append(ast.Return(value))

    def stmt_Expr(self, stmt, out):
        if isinstance(stmt.value, ast.Constant):
            return  # a docstring or a bare constant does nothing
        value = stmt.value
        if self.in_place_method(value, out):
            return
        if _is_method(value, 'append', self.local, 1):
            call = ast.Call(self.runtime('list_append'), [value.func.value] + value.args, [])
            self.into(value.func.value.id, ast.copy_location(call, value), out)
            return
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id in self.functions:  # a nested function run for its effect
            self.expr(value, out)
            return
        if isinstance(value, ast.Call):
            call = self.call(value, out)
            if isinstance(call, ast.Call):  # (a call with out= has written its result)
                out.append(ast.Expr(call))
            return
        self.expr(value, out)

    # numpy's methods and functions that change an array in place, by what srcad does
    SORTING_METHODS = {'sort': np.sort, 'partition': np.partition}
    REFUSED_METHODS = {'resize', 'put', 'itemset', 'setfield', 'byteswap', 'shuffle'}
    REFUSED_FUNCTIONS = {np.random.shuffle, np.put, np.put_along_axis, np.place, np.putmask,
                         np.fill_diagonal, np.random.Generator.shuffle}

    def in_place_method(self, value, out) -> bool:
        """A call that changes an array in place, as a new value for its name (or refused).

        ``x.sort()`` becomes ``x = np.sort(x)`` (marked as a write into ``x``'s data),
        ``x.fill(v)`` and ``np.copyto(x, v)`` become ``x = setitem(x, ..., v)``, so the
        mutation check sees the write; the rest (``x.resize``, ``x.put``,
        ``np.random.shuffle(x)``, ...) are refused.
        """
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in self.local:
            name, attr = func.value.id, func.attr
            if attr in self.SORTING_METHODS:
                check = ast.Call(self.runtime('array_only'),
                                 [func.value, ast.Constant(attr), ast.Constant(value.lineno)], [])
                out.append(ast.Expr(check))
                chosen = self.namer.derive('', attr)
                self.helpers[chosen] = self.SORTING_METHODS[attr]
                written = _name(name)
                written.srcad_in_place = attr
                call = ast.Call(_name(chosen), [written] + value.args, value.keywords)
                self.into(name, ast.copy_location(call, value), out)
                _mark_in_place(out, written)
                return True
            if attr == 'fill' and len(value.args) == 1 and not value.keywords:
                self.write_element(ast.Subscript(func.value, ast.Constant(Ellipsis), ast.Store()),
                                   value.args[0], out)
                return True
            if attr in self.REFUSED_METHODS:
                raise UnsupportedSyntaxError(
                    f'srcad does not support {name}.{attr}(...), which changes {name!r} in place',
                    self.src.location(value), f'build a new array instead of changing {name!r}')
            return False
        callee = self.global_callee(func)
        if callee is np.fill_diagonal and len(value.args) == 2 and all(
                kw.arg == 'wrap' and isinstance(kw.value, ast.Constant) and not kw.value.value
                for kw in value.keywords) and isinstance(value.args[0], ast.Name) \
                and value.args[0].id in self.local:
            # a[i, i] = val along the main diagonal (val a number or one per element)
            index = ast.Call(self.runtime('diagonal_index'), list(value.args), [])
            self.write_element(ast.Subscript(value.args[0], index, ast.Store()),
                               value.args[1], out)
            return True
        if isinstance(getattr(callee, '__self__', None), np.ufunc) \
                and getattr(callee, '__name__', None) == 'at':
            # np.add.at(a, idx, b) becomes a = add_at_copy(a, idx, b), marked as a write
            # into a's data (the mutation check refuses it where another name sees it)
            local = len(value.args) in (2, 3) and not value.keywords and isinstance(
                value.args[0], ast.Name) and value.args[0].id in self.local
            if callee.__self__ is not np.add or not local or len(value.args) != 3:
                raise UnsupportedSyntaxError(
                    f'srcad supports {ast.unparse(func)}(...), which changes its first argument '
                    f'in place, only as np.add.at(a, indices, b) into a local array a',
                    self.src.location(value),
                    'build a new array instead (np.add.at into a local copy, or np.bincount '
                    'with weights)')
            from ..rules.helpers_numpy_more import add_at_copy
            chosen = self.namer.derive('', 'add_at')
            self.helpers[chosen] = add_at_copy
            written = _name(value.args[0].id)
            written.srcad_in_place = 'add.at'
            call = ast.Call(_name(chosen), [written] + value.args[1:], [])
            self.into(value.args[0].id, ast.copy_location(call, value), out)
            _mark_in_place(out, written)
            return True
        if callee is np.copyto:
            if len(value.args) != 2 or value.keywords or not isinstance(value.args[0], ast.Name) \
                    or value.args[0].id not in self.local:
                raise UnsupportedSyntaxError(
                    'srcad supports np.copyto(dst, src) into a local array only, without '
                    'casting= or where=', self.src.location(value),
                    'write dst[...] = src (or dst = np.where(mask, src, dst))')
            self.write_element(ast.Subscript(value.args[0], ast.Constant(Ellipsis), ast.Store()),
                               value.args[1], out)
            return True
        if callee is not None and (callee in self.REFUSED_FUNCTIONS or getattr(
                callee, '__name__', None) == 'shuffle'):
            raise UnsupportedSyntaxError(
                f'srcad does not support {ast.unparse(func)}(...), which changes its argument '
                f'in place', self.src.location(value),
                'build a new array instead (e.g. x = x[permutation])')
        return False

    def numpy_call(self, func) -> bool:
        """A method of a local object (an array's), or a numpy or scipy function."""
        if isinstance(func, ast.Attribute) and not is_global_path(func, self.local):
            return True
        module = getattr(self.global_callee(func), '__module__', None) or ''
        return module.split('.')[0] in ('numpy', 'scipy') or isinstance(
            self.global_callee(func), np.ufunc)

    def global_callee(self, func):
        """The object a global path (``np.copyto``) names now, or None."""
        parts = []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name) or func.id in self.local:
            return None
        try:
            obj = self.src.resolve(func.id)
            for part in reversed(parts):
                obj = getattr(obj, part)
        except (NameError, AttributeError):
            return None
        return obj

    def stmt_Pass(self, stmt, out):
        return

    def stmt_If(self, stmt, out):
        test = self.expr(stmt.test, out)
        out.append(ast.If(test, self.block(stmt.body), self.block(stmt.orelse)))

    def loop_else(self, stmt, out):
        """``for ...: ... else: E`` (or ``while``) as a flag: ``E`` runs unless a
        ``break`` of this loop ran."""
        flag = self.namer.fresh('broke')
        loop = copy.copy(stmt)
        loop.body, loop.orelse = _flag_breaks(stmt.body, flag), []
        then = ast.If(ast.UnaryOp(ast.Not(), _name(flag)), stmt.orelse, [])
        for new in (_assign(flag, ast.Constant(False)), loop, then):
            out.extend(self.statement(ast.copy_location(new, stmt)))

    def stmt_For(self, stmt, out):
        if stmt.orelse:
            self.loop_else(stmt, out)
            return
        head = []
        kind = self.builtin(stmt.iter)
        if kind is range and isinstance(stmt.target, ast.Name) \
                and stmt.target.id not in assigned_names(stmt.body):
            rng, index = self.expr(stmt.iter, out), stmt.target
        else:  # (a range index the body reassigns gets an index of its own)
            rng, index = self.index_loop(stmt, out, head)
        counter = self.counter(stmt, out)
        body = self.loop_body(counter, head, stmt.body)
        out.append(ForRange(ast.Name(index.id, ast.Store()), rng, counter, body))

    def index_loop(self, stmt, out, head):
        """``for x in seq`` becomes ``for k in range(n): x = <element k of seq>``.

        ``seq`` may nest ``enumerate``, ``zip``, ``reversed``, ``sorted``, ``list``,
        ``tuple`` and a dict's ``items()``/``values()``/``keys()``: each element is
        read by index from the sequences underneath (``W = Ws[k]``,
        ``v = d[keys[k]]``), so its derivative flows through ordinary indexing.
        """
        index = _name(self.namer.temp('k'))
        node = stmt.iter
        if self.builtin(node) is reversed and len(node.args) == 1 and not node.keywords:
            walk = self.walker(node.args[0], out)
            last = self.expr(ast.BinOp(walk.length, ast.Sub(), ast.Constant(1)), out)
            bounds, element = [last, ast.Constant(-1), ast.Constant(-1)], walk.element
        else:
            walk = self.walker(node, out)
            bounds, element = [walk.length], walk.element
        rng = self.expr(ast.Call(_name('range'), bounds, []), out)
        self.bind(stmt.target, element(index), head)
        return rng, index

    def bind(self, target, element, head):
        """Statements binding a loop target to an element: a list (a tuple of
        elements, from ``zip``/``enumerate``/``items``) or one expression."""
        if isinstance(element, list) and isinstance(target, (ast.Tuple, ast.List)) \
                and len(target.elts) == len(element) \
                and not any(isinstance(e, ast.Starred) for e in target.elts):
            for t, e in zip(target.elts, element):
                self.bind(t, e, head)
            return
        head.append(ast.Assign([target], copy.deepcopy(_built(element))))

    def walker(self, node, out) -> '_Walk':
        """How a loop reads ``node``: its length and its element at an index."""
        kind = self.builtin(node)
        args = list(node.args) if kind is not None else []
        keywords = {kw.arg: kw.value for kw in node.keywords} if kind is not None else {}
        if any(isinstance(a, ast.Starred) for a in args) or None in keywords:
            kind = None
        if kind is enumerate and 1 <= len(args) <= 2 and set(keywords) <= {'start'} \
                and len(args) + len(keywords) <= 2:
            inner = self.walker(args[0], out)
            start = args[1] if len(args) == 2 else keywords.get('start')
            start = None if start is None else self.expr(
                ast.Call(self.iteration('count_start'), [self.expr(start, out)], []), out)
            return _Walk(inner.length, lambda k: [
                k if start is None else ast.BinOp(k, ast.Add(), start), inner.element(k)])
        if kind is zip and set(keywords) <= {'strict'}:
            inners = [self.walker(a, out) for a in args]
            lengths = [w.length for w in inners]
            if 'strict' in keywords:
                strict = ast.keyword('strict', self.expr(keywords['strict'], out))
                n = self.expr(ast.Call(self.iteration('zip_length'), lengths, [strict]), out)
            elif len(lengths) == 1:
                n = lengths[0]
            else:
                n = self.expr(ast.Call(_name('min'), lengths, []), out) if lengths \
                    else ast.Constant(0)
            return _Walk(n, lambda k: [w.element(k) for w in inners])
        if kind is reversed and len(args) == 1 and not keywords:
            inner = self.walker(args[0], out)
            last = self.expr(ast.BinOp(inner.length, ast.Sub(), ast.Constant(1)), out)
            return _Walk(inner.length,
                         lambda k: inner.element(ast.BinOp(last, ast.Sub(), k)))
        if kind in (list, tuple) and len(args) == 1 and not keywords:
            return self.walker(args[0], out)  # a copy walks the same elements
        if kind is sorted and len(args) == 1 and set(keywords) <= {'key', 'reverse'}:
            inner = self.walker(args[0], out)
            whole = self.consumed(args[0], out)
            order = self.expr(ast.Call(self.iteration('sort_order'), [whole],
                                       self.sort_keywords(node, out)), out)
            return _Walk(inner.length,
                         lambda k: inner.element(ast.Subscript(order, k, ast.Load())))
        view = self.dict_view(node)
        if view is not None:
            d = self.expr(node.func.value, out)
            keys = self.expr(ast.Call(self.iteration('dict_keys'), [d], []), out)
            n = self.expr(ast.Call(_name('len'), [keys], []), out)

            def element(k):
                key = ast.Subscript(keys, k, ast.Load())
                value = ast.Subscript(d, ast.Subscript(keys, k, ast.Load()), ast.Load())
                return {'items': [key, value], 'values': value, 'keys': key}[view]
            return _Walk(n, element)
        seq = self.expr(ast.Call(self.runtime('sequence'), [self.expr(node, out)], []), out)
        n = self.expr(ast.Call(_name('len'), [seq], []), out)
        return _Walk(n, lambda k: ast.Subscript(seq, k, ast.Load()))

    def dict_view(self, node):
        """``items``, ``values`` or ``keys`` for ``obj.items()`` (...) on a local value."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ('items', 'values', 'keys') and not node.args \
                and not node.keywords and not is_global_path(node.func, self.local):
            return node.func.attr
        return None

    def iteration(self, name: str) -> ast.Name:
        """A name for a helper of :mod:`srcad.rules.helpers_iteration` the code calls."""
        from ..rules import helpers_iteration
        chosen = self.namer.derive('', name)
        self.helpers[chosen] = getattr(helpers_iteration, name)
        return _name(chosen)

    def sort_keywords(self, node, out) -> list:
        """``key=`` and ``reverse=`` of ``sorted``: the key must be a function the
        generated code can call as is (a module-level one), not a local."""
        keywords = []
        for kw in node.keywords:
            if kw.arg == 'key' and any(isinstance(n, ast.Name) and (
                    n.id in self.local or n.id in self.functions) for n in ast.walk(kw.value)):
                raise UnsupportedSyntaxError(
                    'srcad supports sorted(..., key=f) with a module-level function f only',
                    self.src.location(kw.value), 'define the key function at module level')
            keywords.append(ast.keyword(kw.arg, self.expr(kw.value, out)))
        return keywords

    def consumed(self, node, out) -> ast.expr:
        """The atom holding ``node`` where it is consumed whole (by ``list``,
        ``sorted``, ``dict``, ``zip``...): an iterator (``zip(a, b)``,
        ``enumerate(x)``, ``reversed(x)``) or a dict view becomes a list of
        its elements, made by a helper with a derivative rule."""
        kind = self.builtin(node)
        args = list(node.args) if kind is not None else []
        keywords = {kw.arg: kw.value for kw in node.keywords} if kind is not None else {}
        if any(isinstance(a, ast.Starred) for a in args) or None in keywords:
            kind = None
        call = None
        if kind is zip and set(keywords) <= {'strict'}:
            seqs = self.expr(ast.Tuple([self.consumed(a, out) for a in args], ast.Load()), out)
            call = ast.Call(self.iteration('zip_list'), [seqs], [
                ast.keyword('strict', self.expr(v, out)) for v in keywords.values()])
        elif kind is enumerate and 1 <= len(args) <= 2 and set(keywords) <= {'start'} \
                and len(args) + len(keywords) <= 2:
            start = [self.expr(a, out) for a in args[1:] + list(keywords.values())]
            call = ast.Call(self.iteration('enumerate_list'),
                            [self.consumed(args[0], out)] + start, [])
        elif kind is reversed and len(args) == 1 and not keywords:
            call = ast.Call(self.iteration('reversed_list'), [self.consumed(args[0], out)], [])
        elif self.dict_view(node) is not None:
            helper = {'items': 'dict_items', 'values': 'dict_values', 'keys': 'dict_keys'}
            call = ast.Call(self.iteration(helper[self.dict_view(node)]),
                            [self.expr(node.func.value, out)], [])
        if call is None:
            return self.expr(node, out)
        return self.expr(ast.copy_location(call, node), out)

    def container_call(self, node, out):
        """The builtins that consume an iterable whole, and the container methods with
        derivative rules, as calls srcad can differentiate (or None)."""
        func = node.func
        if any(isinstance(a, ast.Starred) for a in node.args) \
                or any(kw.arg is None for kw in node.keywords):
            return None
        if isinstance(func, ast.Attribute) and not is_global_path(func, self.local):
            if func.attr == 'get' and 1 <= len(node.args) <= 2 and not node.keywords:
                args = [self.expr(a, out) for a in [func.value] + node.args]
                return ast.Call(self.iteration('dict_get'), args, [])
            if func.attr == 'tolist' and not node.args and not node.keywords:
                return ast.Call(self.iteration('tolist'), [self.expr(func.value, out)], [])
            return None
        kind = self.builtin(node)
        args, keywords = node.args, node.keywords
        if kind in (list, tuple) and len(args) == 1 and not keywords:
            return ast.Call(func, [self.consumed(args[0], out)], [])
        if kind is sorted and len(args) == 1 \
                and {kw.arg for kw in keywords} <= {'key', 'reverse'}:
            return ast.Call(self.iteration('sorted_list'), [self.consumed(args[0], out)],
                            self.sort_keywords(node, out))
        if kind is dict and len(args) <= 1 and not (args and keywords):
            if not args:
                return ast.Dict([ast.Constant(kw.arg) for kw in keywords],
                                [self.expr(kw.value, out) for kw in keywords])
            return ast.Call(self.iteration('make_dict'), [self.consumed(args[0], out)], [])
        if kind in (sum, max, min) and args:
            return ast.Call(func, [self.consumed(args[0], out)] +
                            [self.expr(a, out) for a in args[1:]],
                            [ast.keyword(kw.arg, self.expr(kw.value, out)) for kw in keywords])
        return None

    def counter(self, stmt, out):
        """Count iterations when a loop can be left early (break or return)."""
        if not _leaves_early(stmt.body):
            return None
        name = self.namer.temp('n')
        out.append(_assign(name, ast.Constant(0)))
        return _name(name)

    def loop_body(self, counter, head, body):
        """The lowered body: count the iteration, bind the targets, then the user's body."""
        self.loop_depth += 1
        try:
            place = lambda node: ast.fix_missing_locations(ast.copy_location(node, body[0]))
            count = [] if counter is None else [place(_increment(counter.id))]
            return count + self.block([place(h) for h in head]) + self.block(body)
        finally:
            self.loop_depth -= 1

    def builtin(self, node):
        """The builtin a loop's iterable calls (range, zip, ...), if any."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id not in self.local:
            try:
                fn = self.src.resolve(node.func.id)
            except NameError:
                return None
            return fn if any(fn is b for b in _ITERATION_BUILTINS) else None
        return None

    def stmt_While(self, stmt, out):
        if stmt.orelse:
            self.loop_else(stmt, out)
            return
        name = self.namer.temp('n')
        out.append(_assign(name, ast.Constant(0)))
        pre = []
        test = self.expr(stmt.test, pre)
        out.extend(pre)
        body = self.loop_body(_name(name), [], stmt.body)
        # the condition is computed again before every next test of it
        body = _before_continue(body, pre) + [ast.copy_location(s, stmt) for s in pre]
        out.append(WhileLoop(test, _name(name), body))

    def stmt_Break(self, stmt, out):
        out.append(ast.Break())

    def stmt_Continue(self, stmt, out):
        out.append(ast.Continue())

    # -- expressions --------------------------------------------------------
    def expr(self, node, out, dest=None) -> ast.expr:
        """Emit statements computing ``node``; return the atom holding it.

        With ``dest``, the final operation assigns straight into ``dest``.
        """
        if self.is_atom(node):
            if isinstance(node, ast.Name) and node.id in self.functions:
                # inlined where it is called: as a value (odeint(rhs, ...)) it does not exist
                raise UnsupportedSyntaxError(
                    f'srcad inlines the nested function {node.id} where it is called, and '
                    f'cannot pass it on as a value (what it reads from this function would '
                    f'lose its derivative)', self.src.location(node),
                    'define the function at module level and pass the values it reads as '
                    'arguments (for odeint and solve_ivp: args=(...))')
            if dest is None:
                return node
            out.append(_assign(dest, node))
            return _name(dest)
        if isinstance(node, ast.BoolOp) and self.calls_local_function(node):
            return self.lower_boolop(node, out, dest)
        method = getattr(self, 'expr_' + type(node).__name__, None)
        if method is None:
            raise UnsupportedSyntaxError(
                f'srcad does not support {type(node).__name__!r} expressions here',
                self.src.location(node))
        value = method(node, out)
        if value is None:  # the method emitted its own assignment (IfExp)
            return self._finish_ifexp(node, out, dest)
        target = dest or self.namer.temp()
        out.append(ast.copy_location(_assign(target, value), node))
        return _name(target)

    def is_atom(self, node) -> bool:
        if isinstance(node, (ast.Name, ast.Constant)):
            return True
        if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant) \
                and isinstance(node.op, (ast.USub, ast.UAdd)):
            return True
        return isinstance(node, ast.Attribute) and is_global_path(node, self.local)

    def expr_BinOp(self, node, out):
        return ast.BinOp(self.expr(node.left, out), node.op, self.expr(node.right, out))

    def expr_UnaryOp(self, node, out):
        return ast.UnaryOp(node.op, self.expr(node.operand, out))

    def expr_Compare(self, node, out):
        return ast.Compare(self.expr(node.left, out), node.ops,
                           [self.expr(c, out) for c in node.comparators])

    def expr_BoolOp(self, node, out):
        return node  # short-circuit logic stays whole; it is never differentiated

    def expr_JoinedStr(self, node, out):
        return node

    def expr_Call(self, node, out):
        node = attributes.method_call(self, node)  # layer.forward(x) of layer = Dense(W)
        built = attributes.construction_expr(self, node, out)  # return Dense(W)
        if built is not None:
            return built
        if isinstance(node.func, ast.Name) and node.func.id in self.functions:
            return self.inline(self.functions[node.func.id], node, out)
        lowered = comprehensions.lower_call(self, node, out)  # map, filter, reduce, lambdas
        return self.call(node, out) if lowered is None else lowered

    def expr_ListComp(self, node, out):  # (and the others: srcad/compiler/comprehensions.py)
        return comprehensions.lower(self, node, out)

    expr_SetComp = expr_DictComp = expr_GeneratorExp = expr_ListComp

    def expr_Lambda(self, node, out):
        return comprehensions.function_value(self, node)

    def inline(self, fn: ast.FunctionDef, call: ast.Call, out) -> ast.expr:
        """A call of a nested def or lambda, written out in place.

        Its parameters and locals get names of their own (``helper_x``); the
        names it reads from the enclosing function are read where it is called,
        as Python's closures read them.
        """
        *body, ret = fn.body
        if fn.name in self.inlining:
            raise UnsupportedSyntaxError(
                f'srcad writes nested functions out where they are called, so {fn.name} '
                f'cannot call itself', self.src.location(call),
                'define the recursive function at module level (srcad differentiates '
                'recursion there), passing what it reads from here as arguments')
        several = not isinstance(ret, ast.Return) or any(
            isinstance(n, ast.Return) for s in body for n in ast.walk(s))
        if several:  # several returns: lowered to one exit (srcad/compiler/statements.py)
            body, ret = fn.body, None
        if fn.args.vararg or fn.args.kwarg or starargs.has_stars(call):
            bound = starargs.nested_binding(self, fn, call, out)
        else:
            bound = starargs.bind_arguments(fn, call, self.src)
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]
        params += [a.arg for a in (fn.args.vararg, fn.args.kwarg) if a is not None]
        mine = set(params) | assigned_names(fn.body)
        mine -= {n for s in fn.body for node in ast.walk(s) if isinstance(node, ast.Nonlocal)
                 for n in node.names}  # (written where the enclosing function keeps them)
        renamed = {n: self.namer.fresh(f'{fn.name}_{n}') for n in sorted(mine)}
        self.local.update(renamed.values())
        for param in params:
            self.expr(bound[param], out, dest=renamed[param])
        self.inlining.append(fn.name)
        try:
            if ret is None:
                return self.inline_exits(_renamed(body, renamed), out)
            for stmt in _renamed(body, renamed):
                out.extend(self.statement(stmt))
            return self.expr(_renamed([ret], renamed)[0].value, out)
        finally:
            self.inlining.pop()

    def call(self, node, out) -> ast.expr:
        written = _out_argument(node)
        if written is not None and self.numpy_call(node.func):
            return self.call_into(node, written, out)
        lowered = self.container_call(node, out) or starargs.lower_zip_star(self, node, out)
        if lowered is not None:
            return ast.copy_location(lowered, node)
        func = node.func
        if isinstance(func, ast.Attribute) and not is_global_path(func, self.local):
            func = ast.Attribute(self.expr(func.value, out), func.attr, ast.Load())
        elif not (isinstance(func, ast.Name) or is_global_path(func, self.local)):
            func = self.expr(func, out)
        # (stars and *args/**kwargs parameters: srcad/compiler/starargs.py)
        args, keywords = starargs.call_arguments(
            self, ast.copy_location(ast.Call(func, node.args, node.keywords), node), out)
        return ast.Call(func, args, keywords)

    def call_into(self, node, written, out) -> ast.Name:
        """``f(..., out=o)`` writes its result into ``o``'s data and returns ``o``:
        ``t = f(...); o = setitem(o, ..., t)``, so the mutation check sees the write."""
        if not (isinstance(written, ast.Name) and written.id in self.local):
            raise UnsupportedSyntaxError(
                f'srcad supports out= only with a local array, not {ast.unparse(written)}',
                self.src.location(node), 'drop out= and assign the result')
        plain = ast.copy_location(ast.Call(node.func, node.args, [
            kw for kw in node.keywords if kw.arg != 'out']), node)
        result = self.expr(plain, out)
        target = ast.Subscript(_name(written.id), ast.Constant(Ellipsis), ast.Store())
        self.write_element(ast.copy_location(target, node), result, out)
        return _name(written.id)

    def expr_Attribute(self, node, out):
        return ast.Attribute(self.expr(node.value, out), node.attr, ast.Load())

    def expr_Subscript(self, node, out):
        joined = self.index_concatenation(node)
        if joined is not None:
            return self.expr(joined, out)
        return ast.Subscript(self.expr(node.value, out), self.index(node.slice, out), ast.Load())

    def index_concatenation(self, node):
        """``np.r_[a, 0.0, 1:3]`` as ``r_concat((a, 0.0, slice(1, 3)))`` (``np.c_`` alike),
        a call with a derivative rule (:mod:`srcad.rules.numpy_corners`); else None."""
        if not isinstance(node.value, (ast.Name, ast.Attribute)):
            return None
        obj = self.global_callee(node.value)
        which = 'r' if obj is np.r_ else 'c' if obj is np.c_ else None
        if which is None:
            return None
        from ..rules import helpers_corners
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        items = [ast.Call(_name('slice'), [p or ast.Constant(None) for p in
                                           (e.lower, e.upper, e.step)], [])
                 if isinstance(e, ast.Slice) else e for e in elts]
        chosen = self.namer.derive('', f'{which}_concat')
        self.helpers[chosen] = getattr(helpers_corners, f'{which}_concat')
        return ast.copy_location(ast.Call(_name(chosen), [ast.Tuple(items, ast.Load())], []), node)

    def index(self, node, out):
        if isinstance(node, ast.Slice):
            return ast.Slice(*(None if p is None else self.expr(p, out)
                               for p in (node.lower, node.upper, node.step)))
        if isinstance(node, ast.Tuple):
            return ast.Tuple([self.index(e, out) for e in node.elts], ast.Load())
        return self.expr(node, out)

    def expr_Tuple(self, node, out):
        return ast.Tuple([self.element(e, out) for e in node.elts], ast.Load())

    def expr_List(self, node, out):
        return ast.List([self.element(e, out) for e in node.elts], ast.Load())

    def element(self, node, out):
        """An entry of a tuple or list display (``*xs`` stays starred: resolve.py)."""
        if isinstance(node, ast.Starred):
            return ast.Starred(self.expr(node.value, out), ast.Load())
        return self.expr(node, out)

    def expr_Dict(self, node, out):
        if any(k is None for k in node.keys):
            raise UnsupportedSyntaxError('srcad does not support **-unpacking in a dict',
                                         self.src.location(node), 'write the keys out')
        return ast.Dict([self.expr(k, out) for k in node.keys],
                        [self.expr(v, out) for v in node.values])

    def expr_IfExp(self, node, out):
        return None

    def calls_local_function(self, node) -> bool:
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                   and n.func.id in self.functions or isinstance(
                       n, comprehensions.COMPREHENSIONS + (ast.Lambda,)) for n in ast.walk(node))

    def lower_boolop(self, node, out, dest):
        """``a and b`` as statements (``t = a; if t: t = b``), keeping the short circuit,
        so a nested function called in an operand can be written out there."""
        target = dest or self.namer.temp()
        self.local.add(target)
        self.expr(node.values[0], out, dest=target)
        self._rest_of_boolop(node, node.values[1:], target, out)
        return _name(target)

    def _rest_of_boolop(self, node, rest, target, out):
        if not rest:
            return
        body = []
        self.expr(rest[0], body, dest=target)
        self._rest_of_boolop(node, rest[1:], target, body)
        test = _name(target) if isinstance(node.op, ast.And) else \
            ast.UnaryOp(ast.Not(), _name(target))
        out.append(ast.copy_location(ast.If(test, body, []), node))

    def _finish_ifexp(self, node, out, dest):
        """``a if c else b`` becomes an ``if`` statement assigning one name."""
        target = dest or self.namer.temp()
        self.local.add(target)
        test = self.expr(node.test, out)
        body, orelse = [], []
        self.expr(node.body, body, dest=target)
        self.expr(node.orelse, orelse, dest=target)
        stmt = ast.If(test, body, orelse)
        out.append(ast.copy_location(stmt, node))
        return _name(target)


def _renamed(stmts, names: dict) -> list:
    """Copies of ``stmts`` with the mapped names (loads and stores) renamed."""
    out = copy.deepcopy(stmts)
    for stmt in out:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id in names:
                node.id = names[node.id]
    return out


def _mark_in_place(out: list, written: ast.Name) -> None:
    """Mark the statement that reads ``written`` (the operand of ``x += v``, marked
    ``srcad_in_place``) with that node, so the mark survives later passes replacing
    the operand (the statement keeps it; SSA's copies copy both together)."""
    for stmt in reversed(out):
        if isinstance(stmt, ast.Assign) and any(n is written for n in ast.walk(stmt.value)):
            stmt.srcad_in_place = written
            return


def _out_argument(call: ast.Call):
    """The array a call writes its result into (``out=o`` or ``out=(o,)``), or None."""
    for kw in call.keywords:
        if kw.arg != 'out' or (isinstance(kw.value, ast.Constant) and kw.value.value is None):
            continue
        value = kw.value
        if isinstance(value, ast.Tuple) and len(value.elts) == 1:
            value = value.elts[0]
        return value
    return None


#: the builtins whose loops and calls srcad lowers (see ``_Flattener.walker``)
_ITERATION_BUILTINS = (range, enumerate, zip, reversed, sorted, list, tuple, dict, sum,
                       max, min)


class _Walk:
    """How a loop reads a sequence: ``length`` (an atom), ``element(k)`` (an
    expression, or a list of them for a tuple of elements)."""

    def __init__(self, length, element):
        self.length, self.element = length, element


def _built(element) -> ast.expr:
    """A loop element as one expression (a tuple where it is a list of parts)."""
    if isinstance(element, list):
        return ast.Tuple([_built(e) for e in element], ast.Load())
    return element


def _is_method(call, method, local, nargs) -> bool:
    """``xs.<method>(...)`` with ``nargs`` arguments on a local name."""
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == method and isinstance(call.func.value, ast.Name)
            and call.func.value.id in local and len(call.args) == nargs and not call.keywords)


def _is_names(target, attributes=False) -> bool:
    """A tuple of names (nested); with ``attributes``, ``obj.attr`` entries too."""
    return isinstance(target, (ast.Tuple, ast.List)) and all(
        isinstance(e, ast.Name) or _is_names(e, attributes) or attributes and isinstance(
            e, ast.Attribute) and isinstance(e.value, ast.Name) for e in target.elts)


def _same_length(stmt) -> bool:
    value, target = stmt.value, stmt.targets[0]
    return (isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
            and all(isinstance(e, ast.Name) for e in target.elts))


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())


def _store(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Store())


def _increment(name: str) -> ast.Assign:
    """``n = n + 1``: a loop's iteration count (already in normalized form)."""
    return _assign(name, ast.BinOp(_name(name), ast.Add(), ast.Constant(1)))


def _flag_breaks(body: list, flag: str) -> list:
    """``body`` with each ``break`` of its own loop (not of loops inside it) preceded
    by ``flag = True``."""
    out = []
    for stmt in body:
        if isinstance(stmt, ast.Break):
            out += [ast.copy_location(_assign(flag, ast.Constant(True)), stmt), stmt]
            continue
        if isinstance(stmt, (ast.For, ast.While)):  # its own breaks; its else is ours
            stmt = copy.copy(stmt)
            stmt.orelse = _flag_breaks(stmt.orelse, flag)
        elif isinstance(stmt, ast.If):
            stmt = copy.copy(stmt)
            stmt.body = _flag_breaks(stmt.body, flag)
            stmt.orelse = _flag_breaks(stmt.orelse, flag)
        out.append(stmt)
    return out


def _assign(target: str, value: ast.expr) -> ast.Assign:
    return ast.Assign([_store(target)], value)


def _leaves_early(body) -> bool:
    """Whether a loop body can break out (or return) before the range ends."""
    def walk(stmts, depth):
        for stmt in stmts:
            if isinstance(stmt, ast.Return) or (isinstance(stmt, ast.Break) and depth == 0):
                return True
            inner = depth + isinstance(stmt, (ast.For, ast.While))
            for field in ('body', 'orelse'):
                if walk(getattr(stmt, field, []), inner):
                    return True
        return False
    return walk(body, 0)


def _before_continue(body, pre):
    """Put copies of ``pre`` before each ``continue`` of this loop (not inner loops)."""
    out = []
    for stmt in body:
        if isinstance(stmt, ast.Continue):
            out.extend(copy.deepcopy(pre))
        elif isinstance(stmt, ast.If):
            stmt = ast.If(stmt.test, _before_continue(stmt.body, pre),
                          _before_continue(stmt.orelse, pre))
        out.append(stmt)
    return out
