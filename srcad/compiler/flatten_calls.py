"""Flattening of calls: nested functions and named lambdas written out where they
are called (:meth:`CallLowering.inline`), ``out=`` arguments, the container
builtins (:mod:`srcad.compiler.flatten_iteration`), star arguments
(:mod:`srcad.compiler.starargs`), constructions and methods of plain classes
(:mod:`srcad.compiler.attributes`), and what a global path such as
``np.copyto`` names now.

A mixin of :class:`srcad.compiler.normalize._Flattener`.
"""

from __future__ import annotations

import ast

import numpy as np

from . import attributes, comprehensions, function_bindings, function_dispatch
from . import library_calls, method_inline, starargs
from ..errors import UnsupportedSyntaxError
from .flatten_nodes import _name, _out_argument, _renamed, is_global_path
from .names import assigned_names


class CallLowering:
    """The flattener's ``expr_Call`` and the lowering of the calls it leads to."""

    def expr_Call(self, node, out):
        inlined = method_inline.inline_call(self, node, out)  # o.step(g) changing o
        if inlined is not None:
            return inlined
        node = attributes.method_call(self, node)  # layer.forward(x) of layer = Dense(W)
        built = attributes.construction_expr(self, node, out)  # return Dense(W)
        if built is not None:
            return built
        if isinstance(node.func, ast.Name):  # a nested def or named lambda written out
            lowered = function_dispatch.lower_call(self, node, out)
            if lowered is not None:
                return lowered
        lowered = library_calls.lower_call(self, node, out)  # np.piecewise, np.apply_along_axis
        if lowered is not None:
            return lowered
        lowered = comprehensions.lower_call(self, node, out)  # map, filter, reduce, lambdas
        return self.call(node, out) if lowered is None else lowered

    def inline(self, fn: ast.FunctionDef, call: ast.Call, out) -> ast.expr:
        """A call of a nested def or lambda, written out in place.

        Its parameters and locals get names of their own (``helper_x``); the
        names it reads from the enclosing function are read where it is called,
        as Python's closures read them.
        """
        function_bindings.entering(self, fn, call)  # (the def this call means, surely)
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
        if node.keywords or len(node.args) > 2:  # scipy.ndimage's output=: a write, as out=
            written = _ndimage_output(node, self.global_callee(node.func), self.local)
            if written is not None:
                return self.call_into(written[0], written[1], out)
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
        if isinstance(self.global_callee(node.func), np.ufunc):  # (NumPy's same_kind cast, shape)
            out.append(ast.copy_location(ast.Expr(ast.Call(self.runtime('inplace_check'), [
                _name(written.id), result, ast.Constant('=')], [])), node))
        target = ast.Subscript(_name(written.id), ast.Constant(Ellipsis), ast.Store())
        self.write_element(ast.copy_location(target, node), result, out)
        return _name(written.id)

    def numpy_call(self, func) -> bool:
        """A method of a local object (an array's), or a numpy or scipy function."""
        if isinstance(func, ast.Attribute) and not is_global_path(func, self.local):
            return True
        module = str(getattr(self.global_callee(func), '__module__', None) or '')
        callee = self.global_callee(func)  # (np.add.reduce: a method of a ufunc)
        return module.split('.')[0] in ('numpy', 'scipy') or isinstance(callee, np.ufunc) or \
            isinstance(getattr(callee, '__self__', None), np.ufunc)

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


def _ndimage_output(node: ast.Call, callee, local):
    """``(call without output, array)`` for a ``scipy.ndimage`` call writing into a local
    array through ``output=o`` (by keyword or position), else None (``output=np.float32``
    names a dtype: no write)."""
    if not str(getattr(callee, '__module__', None) or '').startswith('scipy.ndimage'):
        return None
    import inspect
    for i, kw in enumerate(node.keywords):
        if kw.arg == 'output':
            if not (isinstance(kw.value, ast.Name) and kw.value.id in local):
                return None
            keywords = node.keywords[:i] + node.keywords[i + 1:]
            return ast.copy_location(ast.Call(node.func, node.args, keywords), node), kw.value
    try:
        position = list(inspect.signature(callee).parameters).index('output')
    except (TypeError, ValueError):
        return None
    if position >= len(node.args) or any(isinstance(a, ast.Starred)
                                          for a in node.args[:position + 1]):
        return None
    value = node.args[position]
    if not (isinstance(value, ast.Name) and value.id in local):
        return None
    args = node.args[:position] + [ast.Constant(None)] + node.args[position + 1:]
    return ast.copy_location(ast.Call(node.func, args, node.keywords), node), value
