"""How loops and whole-sequence builtins read a sequence.

``for x in seq`` becomes ``for k in range(n): x = <element k of seq>``, read by
index through ``enumerate``, ``zip``, ``reversed``, ``sorted``, ``list``,
``tuple`` and a dict's ``items()``/``values()``/``keys()``; ``list(...)``,
``tuple(...)``, ``sorted(...)``, ``dict(...)``, ``sum``/``max``/``min``,
``d.get(k)`` and ``x.tolist()`` become calls of helpers with derivative rules
(:mod:`srcad.rules.python.iteration_helpers`), so derivatives flow through ordinary
indexing.

A mixin of :class:`srcad.compiler.normalize._Flattener`.
"""

from __future__ import annotations

import ast
import copy

from ..errors import UnsupportedSyntaxError
from .flatten_nodes import _name, is_global_path


class IterationLowering:
    """The flattener's reading of sequences by index, for loops and builtins."""

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
        """A name for a helper of :mod:`srcad.rules.python.iteration_helpers` the code calls."""
        from ..rules.python import iteration_helpers as helpers_iteration
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
