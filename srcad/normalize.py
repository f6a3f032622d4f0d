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

from . import runtime
from .errors import UnsupportedSyntaxError
from .ir import ForRange, WhileLoop
from .names import Namer, assigned_names, mentioned_names, param_names
from .parse import FunctionSource
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
    tree = src.tree
    params = param_names(tree.args)
    local = set(params) | assigned_names(tree.body)
    namer = Namer(mentioned_names(tree) | set(src.closure) | set(src.globals))
    flat = _Flattener(src, namer, local)
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


class _Flattener:
    """Flattens one function; holds only the function-wide naming context."""

    def __init__(self, src: FunctionSource, namer: Namer, local: set):
        self.src, self.namer, self.local = src, namer, local
        self.loop_depth = 0
        self.helpers = {}  # runtime functions introduced here, by their name in the code
        self.functions = {}  # nested defs and named lambdas, inlined where called
        self.inlining = []   # the nested functions being inlined now (no recursion)

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
            ast.fix_missing_locations(new)
        return out

    def stmt_FunctionDef(self, stmt, out):
        self.functions[stmt.name] = stmt

    def stmt_Assign(self, stmt, out):
        if isinstance(stmt.value, ast.Lambda):
            lam = stmt.value
            body = [ast.copy_location(ast.Return(lam.body), lam.body)]
            self.functions[stmt.targets[0].id] = ast.FunctionDef(
                stmt.targets[0].id, lam.args, body, [], None, None)
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            value = stmt.value
            if _is_method(value, 'pop', self.local, 0):  # x = xs.pop()
                value = ast.Call(self.runtime('list_pop'), [value.func.value], [])
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
        if not _is_names(target):
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
        if not isinstance(stmt.target, ast.Name):
            raise UnsupportedSyntaxError(
                'srcad does not support augmented assignment to an attribute',
                self.src.location(stmt), 'assign to a local name')
        value = ast.BinOp(_name(stmt.target.id), stmt.op, stmt.value)
        self.into(stmt.target.id, ast.copy_location(value, stmt), out)

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
        if _is_method(value, 'append', self.local, 1):
            call = ast.Call(self.runtime('list_append'), [value.func.value] + value.args, [])
            self.into(value.func.value.id, ast.copy_location(call, value), out)
            return
        if isinstance(value, ast.Call):
            out.append(ast.Expr(self.call(value, out)))
            return
        self.expr(value, out)

    def stmt_Pass(self, stmt, out):
        return

    def stmt_If(self, stmt, out):
        test = self.expr(stmt.test, out)
        out.append(ast.If(test, self.block(stmt.body), self.block(stmt.orelse)))

    def stmt_For(self, stmt, out):
        head = []
        kind = self.builtin(stmt.iter)
        if kind is range and isinstance(stmt.target, ast.Name):
            rng, index = self.expr(stmt.iter, out), stmt.target
        else:
            rng, index = self.index_loop(stmt, kind, out, head)
        counter = self.counter(stmt, out)
        body = self.loop_body(counter, head, stmt.body)
        out.append(ForRange(ast.Name(index.id, ast.Store()), rng, counter, body))

    def index_loop(self, stmt, kind, out, head):
        """``for x in seq`` becomes ``for k in range(len(seq)): x = seq[k]``."""
        call = stmt.iter
        index = _name(self.namer.temp('k'))
        target = stmt.target
        if kind is enumerate and len(call.args) == 1 and not call.keywords \
                and isinstance(target, ast.Tuple) and len(target.elts) == 2:
            seqs, targets = [self.expr(call.args[0], out)], [target.elts[1]]
            head.append(ast.Assign([target.elts[0]], index))
        elif kind is zip and call.args and not call.keywords and \
                isinstance(target, ast.Tuple) and len(target.elts) == len(call.args):
            seqs, targets = [self.expr(a, out) for a in call.args], list(target.elts)
        elif kind is reversed and len(call.args) == 1:
            seqs, targets = [self.expr(call.args[0], out)], [target]
        elif _dict_view(call, self.local):
            return self.dict_loop(call, target, index, out, head)
        else:
            seqs, targets = [self.expr(call, out)], [target]
        seqs = [self.expr(ast.Call(self.runtime('sequence'), [s], []), out) for s in seqs]
        lengths = [self.expr(ast.Call(_name('len'), [s], []), out) for s in seqs]
        n = lengths[0] if len(lengths) == 1 else self.expr(
            ast.Call(_name('min'), lengths, []), out)
        bounds = [n] if kind is not reversed else [
            self.expr(ast.BinOp(n, ast.Sub(), ast.Constant(1)), out),
            ast.Constant(-1), ast.Constant(-1)]
        rng = self.expr(ast.Call(_name('range'), bounds, []), out)
        for seq, tgt in zip(seqs, targets):
            head.append(ast.Assign([tgt], ast.Subscript(seq, index, ast.Load())))
        return rng, index

    def dict_loop(self, call, target, index, out, head):
        """``for k, v in d.items()`` (or ``.keys()``/``.values()``): over the keys, reading ``d[k]``."""
        d = call.func.value
        keys = self.expr(ast.Call(self.runtime('sequence'), [d], []), out)
        n = self.expr(ast.Call(_name('len'), [keys], []), out)
        rng = self.expr(ast.Call(_name('range'), [n], []), out)
        key = ast.Subscript(keys, index, ast.Load())
        view = call.func.attr
        if view == 'items' and isinstance(target, ast.Tuple) and len(target.elts) == 2:
            head.append(ast.Assign([target.elts[0]], key))
            first = target.elts[0]
            read = _name(first.id) if isinstance(first, ast.Name) else key
            head.append(ast.Assign([target.elts[1]], ast.Subscript(d, read, ast.Load())))
        elif view == 'values':
            head.append(ast.Assign([target], ast.Subscript(d, key, ast.Load())))
        elif view == 'keys':
            head.append(ast.Assign([target], key))
        else:
            raise UnsupportedSyntaxError(f'srcad cannot unpack {ast.unparse(call)} into '
                                         f'{ast.unparse(target)}', self.src.location(call))
        return rng, index

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
            return fn if fn in (range, enumerate, zip, reversed) else None
        return None

    def stmt_While(self, stmt, out):
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
        if isinstance(node.func, ast.Name) and node.func.id in self.functions:
            return self.inline(self.functions[node.func.id], node, out)
        return self.call(node, out)

    def inline(self, fn: ast.FunctionDef, call: ast.Call, out) -> ast.expr:
        """A call of a nested def or lambda, written out in place.

        Its parameters and locals get names of their own (``helper_x``); the
        names it reads from the enclosing function are read where it is called,
        as Python's closures read them.
        """
        *body, ret = fn.body
        if fn.name in self.inlining or not isinstance(ret, ast.Return) or any(
                isinstance(n, ast.Return) for s in body for n in ast.walk(s)):
            raise UnsupportedSyntaxError(
                f'srcad inlines nested functions with one final return and no '
                f'recursion; {fn.name} is not one', self.src.location(call),
                'define the function at module level instead')
        bound = _bind_arguments(fn, call, self.src)
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]
        mine = set(params) | assigned_names(fn.body)
        renamed = {n: self.namer.fresh(f'{fn.name}_{n}') for n in sorted(mine)}
        self.local.update(renamed.values())
        for param in params:
            self.expr(bound[param], out, dest=renamed[param])
        self.inlining.append(fn.name)
        try:
            for stmt in _renamed(body, renamed):
                out.extend(self.statement(stmt))
            return self.expr(_renamed([ret], renamed)[0].value, out)
        finally:
            self.inlining.pop()

    def call(self, node, out) -> ast.Call:
        func = node.func
        if isinstance(func, ast.Attribute) and not is_global_path(func, self.local):
            func = ast.Attribute(self.expr(func.value, out), func.attr, ast.Load())
        elif not (isinstance(func, ast.Name) or is_global_path(func, self.local)):
            func = self.expr(func, out)
        args = [self.expr(a, out) for a in node.args]
        keywords = []
        for kw in node.keywords:
            if kw.arg is None:
                raise UnsupportedSyntaxError(
                    'srcad does not support **kwargs in a call', self.src.location(kw.value),
                    'pass the keyword arguments one by one')
            keywords.append(ast.keyword(kw.arg, self.expr(kw.value, out)))
        return ast.Call(func, args, keywords)

    def expr_Attribute(self, node, out):
        return ast.Attribute(self.expr(node.value, out), node.attr, ast.Load())

    def expr_Subscript(self, node, out):
        return ast.Subscript(self.expr(node.value, out), self.index(node.slice, out), ast.Load())

    def index(self, node, out):
        if isinstance(node, ast.Slice):
            return ast.Slice(*(None if p is None else self.expr(p, out)
                               for p in (node.lower, node.upper, node.step)))
        if isinstance(node, ast.Tuple):
            return ast.Tuple([self.index(e, out) for e in node.elts], ast.Load())
        return self.expr(node, out)

    def expr_Tuple(self, node, out):
        return ast.Tuple([self.expr(e, out) for e in node.elts], ast.Load())

    def expr_List(self, node, out):
        return ast.List([self.expr(e, out) for e in node.elts], ast.Load())

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
                   and n.func.id in self.functions for n in ast.walk(node))

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


def _bind_arguments(fn: ast.FunctionDef, call: ast.Call, src) -> dict:
    """Parameter name -> argument expression for a call of a nested function."""
    args = fn.args
    if args.vararg or args.kwarg or any(isinstance(a, ast.Starred) for a in call.args):
        raise UnsupportedSyntaxError(f'srcad cannot inline {fn.name} with *args/**kwargs',
                                     src.location(call), 'define it at module level')
    positional = args.posonlyargs + args.args
    bound = {a.arg: d for a, d in zip(positional[len(positional) - len(args.defaults):],
                                      args.defaults)}
    bound.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d})
    bound.update({a.arg: v for a, v in zip(positional, call.args)})
    bound.update({kw.arg: kw.value for kw in call.keywords})
    missing = [a.arg for a in positional + args.kwonlyargs if a.arg not in bound]
    if missing or len(call.args) > len(positional):
        raise UnsupportedSyntaxError(f'the call does not match {fn.name}\'s parameters',
                                     src.location(call))
    return bound


def _renamed(stmts, names: dict) -> list:
    """Copies of ``stmts`` with the mapped names (loads and stores) renamed."""
    out = copy.deepcopy(stmts)
    for stmt in out:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id in names:
                node.id = names[node.id]
    return out


def _dict_view(call, local) -> bool:
    """``d.items()``, ``d.keys()`` or ``d.values()`` on a local name."""
    return any(_is_method(call, view, local, 0) for view in ('items', 'keys', 'values'))


def _is_method(call, method, local, nargs) -> bool:
    """``xs.<method>(...)`` with ``nargs`` arguments on a local name."""
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == method and isinstance(call.func.value, ast.Name)
            and call.func.value.id in local and len(call.args) == nargs and not call.keywords)


def _is_names(target) -> bool:
    return isinstance(target, (ast.Tuple, ast.List)) and all(
        isinstance(e, ast.Name) or _is_names(e) for e in target.elts)


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
