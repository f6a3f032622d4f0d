"""Lowering of ``assert``, ``raise``, ``del``, ``global``/``nonlocal``, ``with``,
``try`` and starred assignment targets into the normalized statement shapes.

A mixin of :class:`srcad.compiler.normalize._Flattener`: each ``stmt_<Kind>`` method
rewrites the statement into statements the flattener already knows (calls on
their own line, ``if`` blocks, assignments) and flattens those.

* ``assert t, m`` becomes ``if not t: fail_assert(m)``; ``raise e`` becomes
  ``raise_error(e)``: both run in the forward sweep, and the user's exception
  is raised as it is.
* ``del name`` does nothing (the name is not read again); ``del x[i]`` is refused.
* ``global``/``nonlocal`` names may be read; writing one is refused (in a nested
  function srcad writes into, a ``nonlocal`` write is the enclosing variable's).
* ``with m as v: B`` becomes ``v = with_enter(m); B; with_exit(m)``, with the
  exit also before each ``return``/``break``/``continue`` that leaves ``B``.
* ``try: B except E: H else: L finally: F`` becomes
  ``tried = try_begin(); if tried: B else: check_caught(E); H``, then
  ``if tried: L`` and ``F``.  The code generator writes that ``if`` back as
  ``try: B except BaseException: tried = False; ...``
  (:func:`render_try_blocks`), so the forward sweep runs the path Python runs
  and the backward sweep mirrors the branch that ran.
"""

from __future__ import annotations

import ast
import copy

from . import stmt_helpers
from ..errors import UnsupportedSyntaxError
from .names import assigned_names


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())


def _assign(target: str, value) -> ast.Assign:
    return ast.Assign([ast.Name(target, ast.Store())], value)


class StatementLowering:
    """``stmt_`` methods of the flattener for the statements listed in the module doc."""

    def statement_helper(self, name: str) -> ast.Name:
        """A name for a :mod:`srcad.compiler.stmt_helpers` function the normalized code calls."""
        chosen = self.namer.derive('', name)
        self.helpers[chosen] = getattr(stmt_helpers, name)
        return _name(chosen)

    def _call_statement(self, helper: str, args, where) -> ast.Expr:
        call = ast.Call(self.statement_helper(helper), list(args), [])
        return ast.fix_missing_locations(ast.copy_location(ast.Expr(call), where))

    def _fresh_local(self, base: str) -> str:
        name = self.namer.fresh(base)
        self.local.add(name)
        return name

    def inline_exits(self, body, out) -> ast.expr:
        """The body of a nested function with several returns (or none), written out
        in place: lowered to one exit as a whole function is (``srcad.compiler.controlflow``),
        its result left in a name."""
        from . import controlflow
        flat = self.block(body)
        if not flat or not isinstance(flat[-1], ast.Return):
            flat.append(ast.Return(ast.Constant(None)))
        *lowered, ret = controlflow.lower(flat, self.namer)
        out.extend(lowered)
        return ret.value

    # -- assert, raise, del, global, nonlocal ----------------------------------
    def stmt_Assert(self, stmt, out):
        fail = self._call_statement('fail_assert', [stmt.msg] if stmt.msg else [], stmt)
        test = ast.copy_location(ast.UnaryOp(ast.Not(), stmt.test), stmt.test)
        self.stmt_If(ast.copy_location(ast.If(test, [fail], []), stmt), out)

    def stmt_Raise(self, stmt, out):
        if stmt.exc is None:
            call = self._call_statement('reraise', [], stmt)
        elif stmt.cause is not None:
            call = self._call_statement('raise_error',
                                        [stmt.exc, stmt.cause, ast.Constant(True)], stmt)
        else:
            call = self._call_statement('raise_error', [stmt.exc], stmt)
        self.stmt_Expr(call, out)

    def stmt_Delete(self, stmt, out):
        for target in stmt.targets:
            if not isinstance(target, ast.Name):
                raise UnsupportedSyntaxError(
                    f'srcad does not support del {ast.unparse(target)} (it changes a '
                    f'container in place)', self.src.location(target),
                    'build a new container without the entry (a dict comprehension, '
                    'np.delete, a slice)')

    def stmt_Global(self, stmt, out):
        self._declared(stmt, 'global')

    def stmt_Nonlocal(self, stmt, out):
        if self.inlining:  # a nested function written out in place: it writes the
            return         # enclosing function's own variable, as Python does
        self._declared(stmt, 'nonlocal')

    def _declared(self, stmt, kind):
        root = getattr(self, 'tree', self.src.tree)
        written = set(stmt.names) & (assigned_names(root.body) | self.written_here())
        if written:
            name = sorted(written)[0]
            raise UnsupportedSyntaxError(
                f'srcad does not support writing the {kind} variable {name!r} in '
                f'{self.src.name} (the write would be lost from the derivative)',
                self.src.location(stmt),
                'return the new value and assign it outside the differentiated function'
                if kind == 'global' else
                'return the new value instead of writing an enclosing variable')

    def written_here(self) -> set:
        """Names the function being inlined now assigns (a nested def's own ``global``)."""
        fn = self.functions.get(self.inlining[-1]) if self.inlining else None
        return assigned_names(fn.body) if fn is not None else set()

    # -- with ---------------------------------------------------------------------
    def stmt_With(self, stmt, out):
        managers = []
        for item in stmt.items:
            manager = self._fresh_local('manager')
            self.stmt_Assign(ast.copy_location(_assign(manager, item.context_expr), stmt), out)
            enter = ast.Call(self.statement_helper('with_enter'), [_name(manager)], [])
            if item.optional_vars is not None:
                assign = ast.Assign([item.optional_vars], enter)
                self.stmt_Assign(ast.fix_missing_locations(ast.copy_location(assign, stmt)), out)
            else:
                self.stmt_Expr(ast.fix_missing_locations(
                    ast.copy_location(ast.Expr(enter), stmt)), out)
            managers.append(manager)
        exits = [self._call_statement('with_exit', [_name(m)], stmt) for m in reversed(managers)]
        body = self._exits_before_jumps(stmt.body, exits, depth=0)
        out.extend(self.block(body))
        for exit_ in exits:
            out.extend(self.statement(copy.deepcopy(exit_)))

    def _exits_before_jumps(self, stmts, exits, depth) -> list:
        """``stmts`` with the ``with`` block's exits before each jump that leaves it."""
        out = []
        for stmt in stmts:
            if isinstance(stmt, ast.Return):
                if stmt.value is not None:
                    value = self._fresh_local('returned_value')
                    out.append(ast.copy_location(_assign(value, stmt.value), stmt))
                    stmt = ast.copy_location(ast.Return(_name(value)), stmt)
                out += copy.deepcopy(exits) + [stmt]
                continue
            if isinstance(stmt, (ast.Break, ast.Continue)) and depth == 0:
                out += copy.deepcopy(exits) + [stmt]
                continue
            if isinstance(stmt, (ast.FunctionDef, ast.Lambda, ast.ClassDef)):
                out.append(stmt)
                continue
            stmt = copy.copy(stmt)
            inner = depth + isinstance(stmt, (ast.For, ast.While))
            for field in ('body', 'orelse', 'finalbody'):
                if isinstance(getattr(stmt, field, None), list):
                    setattr(stmt, field, self._exits_before_jumps(
                        getattr(stmt, field), exits, inner if field == 'body' else depth))
            if isinstance(stmt, ast.Try):
                stmt.handlers = [copy.copy(h) for h in stmt.handlers]
                for handler in stmt.handlers:
                    handler.body = self._exits_before_jumps(handler.body, exits, depth)
            out.append(stmt)
        return out

    # -- try ----------------------------------------------------------------------
    def stmt_Try(self, stmt, out):
        handlers, final = stmt.handlers, stmt.finalbody
        if not handlers:  # try/finally: the block, then the cleanup (run when no
            self._no_jumps(stmt.body + stmt.orelse, stmt, 'a try/finally block')
            out.extend(self.block(stmt.body + stmt.orelse + final))  # exception escapes)
            return
        if final:
            self._no_jumps(stmt.body + stmt.orelse + [s for h in handlers for s in h.body],
                           stmt, 'a try block with finally')
        self._partial_writes(stmt)
        body, body_jump = self._trailing_jump(stmt.body, stmt)
        handled, handler_jumps = [], []
        tried = self._fresh_local('tried')
        begin = ast.Call(self.statement_helper('try_begin'), [], [])
        out.extend(self.statement(ast.copy_location(_assign(tried, begin), stmt)))
        kinds = [h.type if h.type is not None else _name('BaseException') for h in handlers]
        kinds = ast.copy_location(ast.Tuple(
            [k for kind in kinds for k in (kind.elts if isinstance(kind, ast.Tuple) else [kind])],
            ast.Load()), stmt)
        kinds_name = self._fresh_local('caught_kinds')
        orelse = [ast.copy_location(_assign(kinds_name, kinds), stmt),
                  self._call_statement('check_caught', [_name(kinds_name)], stmt)]
        exc = None
        if len(handlers) > 1 or any(h.name for h in handlers):
            exc = self._fresh_local('caught')
            orelse.append(ast.copy_location(_assign(exc, ast.Call(
                self.statement_helper('caught_exception'), [], [])), stmt))
        chain = []
        for handler in reversed(handlers):
            hbody, jump = self._trailing_jump(handler.body, handler)
            handler_jumps.append(jump)
            if handler.name:
                hbody = [ast.copy_location(_assign(handler.name, _name(exc)), handler)] + hbody
            hbody = hbody or [ast.copy_location(ast.Pass(), handler)]
            if handler is handlers[-1] and (handler.type is None or len(handlers) == 1):
                chain = hbody
                continue
            kind = handler.type if handler.type is not None else _name('BaseException')
            test = ast.Call(self.statement_helper('caught_matches'), [_name(exc), kind], [])
            chain = [ast.fix_missing_locations(ast.copy_location(ast.If(test, hbody, chain),
                                                                 handler))]
        handled = orelse + chain
        self.stmt_If(ast.copy_location(ast.If(_name(tried), body or [ast.Pass()], handled), stmt),
                     out)
        if body_jump is not None or any(j is not None for j in handler_jumps):
            jumps = [j for j in handler_jumps if j is not None]
            if len(set(type(j) for j in jumps)) > 1 or len(handlers) > 1 and jumps:
                raise UnsupportedSyntaxError(
                    'srcad supports a return, break or continue at the end of a try block '
                    'and of one except block only', self.src.location(stmt),
                    'assign the result in each block and return after the try statement')
            jump = ast.If(_name(tried), [body_jump], jumps[:1]) if body_jump else \
                ast.If(ast.UnaryOp(ast.Not(), _name(tried)), jumps[:1], [])
            self.stmt_If(ast.fix_missing_locations(ast.copy_location(jump, stmt)), out)
        if stmt.orelse:
            self.stmt_If(ast.copy_location(ast.If(_name(tried), stmt.orelse, []), stmt), out)
        out.extend(self.block(final))

    def _trailing_jump(self, stmts, where):
        """``stmts`` without a final ``return``/``break``/``continue`` (a ``return v``
        leaves ``v`` in a fresh name), and that jump; any other jump is refused."""
        jump = None
        if stmts and isinstance(stmts[-1], (ast.Return, ast.Break, ast.Continue)):
            *stmts, jump = stmts
            if isinstance(jump, ast.Return) and jump.value is not None:
                value = self._fresh_local('returned_value')
                stmts = stmts + [ast.copy_location(_assign(value, jump.value), jump)]
                jump = ast.copy_location(ast.Return(_name(value)), jump)
        self._no_jumps(stmts, where, 'a try or except block (except at its end)')
        return stmts, jump

    def _no_jumps(self, stmts, where, what):
        for node in _jumps(stmts, 0):
            raise UnsupportedSyntaxError(
                f'srcad does not support {type(node).__name__.lower()} inside {what}',
                self.src.location(node),
                'assign the result in the block and return (or break) after the try statement')

    def _partial_writes(self, stmt):
        """Refuse a name the try block assigns before a statement that may raise, when
        the except blocks read it or it is read after the try statement without each
        handler assigning it: on the exception path Python keeps the partial value,
        and its derivative would be lost."""
        if self.src.filename.startswith('<srcad '):
            return  # srcad's own output: its backward reads the block only where it ran
        early = assigned_names(stmt.body[:-1])
        last = stmt.body[-1]
        if isinstance(last, (ast.For, ast.While, ast.If, ast.With, ast.Try)):
            early |= assigned_names([last])
        if not early:
            return
        read_in = {n.id for h in stmt.handlers for s in h.body for n in ast.walk(s)
                   if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        every = set.intersection(*[assigned_names(h.body) for h in stmt.handlers])
        inside = {id(n) for n in ast.walk(stmt)}
        root = getattr(self, 'tree', self.src.tree)
        read_elsewhere = {n.id for n in ast.walk(root) if isinstance(n, ast.Name)
                          and isinstance(n.ctx, ast.Load) and id(n) not in inside}
        bad = sorted((early & read_in) | ((early - every) & read_elsewhere))
        if bad:
            raise UnsupportedSyntaxError(
                f'srcad does not support reading {bad[0]!r} after an exception in the try '
                f'block that assigns it (whether the assignment ran before the exception is '
                f'known only when it runs)', self.src.location(stmt),
                f'assign {bad[0]!r} in every except block too, or keep only the statement '
                f'that may raise inside the try block')

    # -- starred targets --------------------------------------------------------------
    def assign_starred(self, target, value: ast.expr, out) -> None:
        """``first, *rest, last = value``: elements by index, the starred one a list
        of the elements between (``list(value[1:n - 1])``)."""
        elts = target.elts
        star = next(i for i, e in enumerate(elts) if isinstance(e, ast.Starred))
        if not isinstance(value, ast.Name):
            value = self.expr(value, out, dest=self._fresh_local('unpacked'))
        after = len(elts) - star - 1
        length = self.expr(ast.Call(_name('len'), [value], []), out)
        out.append(ast.Expr(ast.Call(self.statement_helper('check_unpack'),
                                     [length, ast.Constant(len(elts) - 1)], [])))
        for i, elt in enumerate(elts):
            if i < star:
                index = ast.Constant(i)
                element = ast.Subscript(value, index, ast.Load())
            elif i > star:
                element = ast.Subscript(value, ast.BinOp(length, ast.Sub(),
                                                         ast.Constant(len(elts) - i)), ast.Load())
            else:
                stop = ast.BinOp(length, ast.Sub(), ast.Constant(after))
                element = ast.Call(_name('list'), [ast.Subscript(
                    value, ast.Slice(ast.Constant(star), stop, None), ast.Load())], [])
                elt = elt.value
            self.stmt_Assign(ast.fix_missing_locations(ast.copy_location(
                ast.Assign([elt], element), target)), out)


def _jumps(stmts, depth):
    """Returns anywhere, and breaks/continues of the enclosing loop (``depth`` 0), in
    ``stmts`` (not inside nested functions)."""
    for stmt in stmts:
        if isinstance(stmt, ast.Return) or (
                isinstance(stmt, (ast.Break, ast.Continue)) and depth == 0):
            yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        inner = depth + isinstance(stmt, (ast.For, ast.While))
        for field in ('body', 'orelse', 'finalbody'):
            yield from _jumps(getattr(stmt, field, []) or [],
                              inner if field == 'body' else depth)
        for handler in getattr(stmt, 'handlers', []) or []:
            yield from _jumps(handler.body, depth)


def render_try_blocks(stmts: list, helpers: dict) -> list:
    """Generated statements with each ``if tried:`` that follows ``tried =
    try_begin()`` in the same block written as the ``try`` it stands for::

        tried = try_begin()
        try:
            <the block>
        except BaseException:
            tried = False
            <the handlers>

    Only the first such ``if`` (the forward sweep's) is rewritten; the backward
    sweep's ``if tried:`` reads the flag.
    """
    begin = {name for name, fn in helpers.items() if fn is stmt_helpers.try_begin}
    if not begin:
        return stmts
    return _render(stmts, begin)


def _render(stmts, begin):
    out, pending = [], set()
    for stmt in stmts:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) \
                and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id in begin \
                and isinstance(stmt.targets[0], ast.Name):
            pending.add(stmt.targets[0].id)
        elif isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Name) \
                and stmt.test.id in pending:
            pending.discard(stmt.test.id)
            handler = ast.ExceptHandler(_name('BaseException'), None, [
                _assign(stmt.test.id, ast.Constant(False))] + _render(stmt.orelse, begin))
            new = ast.Try(_render(stmt.body, begin) or [ast.Pass()], [handler], [], [])
            out.append(ast.fix_missing_locations(ast.copy_location(new, stmt)))
            continue
        if isinstance(stmt, ast.FunctionDef) or hasattr(stmt, 'body'):
            stmt = copy.copy(stmt)
            for field in ('body', 'orelse'):
                if isinstance(getattr(stmt, field, None), list):
                    setattr(stmt, field, _render(getattr(stmt, field), begin))
        out.append(stmt)
    return out
