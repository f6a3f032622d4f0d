"""The sharing model of the mutation check: which objects a name may be, and
which it may hold.

Each object has a token: a name bound before the body (a parameter) is its own
token, the value statement ``k`` makes is ``('new', k, name)``, and
``('in', t)`` stands for what is inside object ``t`` (its attributes).
:func:`_flows` says, for one normalized statement, what its target may be and
hold: a copy or a view (``y = x``, ``x[1:]``, ``x.T``, ``np.reshape(x, ...)``)
is the same object; a tuple, a list or ``list(xs)`` holds its parts;
``max(xs)``, ``d.get(k)`` hand out an entry; a function of the user's that may
return an argument may be any of them; arithmetic and numpy's results are new.
"""

from __future__ import annotations

import ast

import numpy as np

from .fastast import walk
from .. import runtime
from ..runtime.joins import repeat_sequence
from ..rules.python.attribute_writes import set_attribute
from .value_kinds import _is_array, _number_of_an_array
from .view_calls import VIEW_METHODS, returns_a_view, viewed
from .sharing_joins import choice_flows




def _inside(tokens) -> set:
    """The tokens of what an object's attributes may be (``h = obj.h``): ``('in', t)``
    for each token ``t`` of the object (flat: an attribute of an attribute is inside too)."""
    return {t if isinstance(t, tuple) and t[0] == 'in' else ('in', t) for t in tokens}


def _inside_too(tokens) -> set:
    return tokens | _inside(tokens)


def _flows(stmt, resolver, packs, own, held, kinds, written, numeric=frozenset()) -> dict:
    """Name bound by ``stmt`` -> (the objects it may be, the objects it may hold)."""
    def is_(n):
        return own.get(n, {n})

    def holds(n):
        return held.get(n, set())

    def every(n):
        return is_(n) | holds(n)

    def names(nodes):
        return [n.id for n in nodes if isinstance(n, ast.Name)]

    target, value = stmt.targets[0], stmt.value
    if isinstance(target, ast.Tuple):
        found = {}
        if isinstance(value, ast.Name):
            atoms = packs.get(value.id)
            if atoms is not None:
                for t, a in zip(target.elts, atoms):
                    if isinstance(t, ast.Name) and isinstance(a, ast.Name):
                        found[t.id] = (is_(a.id), holds(a.id))
                return found
            # (an array's rows are views of it: only a value surely no array is fresh)
            fresh = not holds(value.id) and not _is_array(kinds.get(value.id)) \
                and value.id not in numeric and all(
                isinstance(tok, tuple) and tok[0] == 'new' and tok[-1] == value.id
                for tok in is_(value.id))  # (an array's rows, a view's parts: its data)
            if fresh:  # a function's result: shares data only with what the call did
                return {}
            return {n.id: (every(value.id), holds(value.id)) for n in walk(target)
                    if isinstance(n, ast.Name)}
        sources = names(walk(value))
        both = set().union(*(every(n) for n in sources)) if sources else set()
        return {n.id: (both, both) for n in walk(target) if isinstance(n, ast.Name)}
    name = target.id
    if written is not None:  # x += v: x's object, now also holding what a list += adds
        other = [n for n in names(walk(value)) if n != written[0] and n in held]
        return {name: (is_(written[0]), holds(written[0]).union(*(holds(n) for n in other)))}
    if isinstance(value, ast.Name):
        return {name: (is_(value.id), holds(value.id))}
    if isinstance(value, (ast.BoolOp, ast.IfExp)):  # a or b, a if c else b: any of them
        return choice_flows(stmt, lambda one: _flows(one, resolver, packs, own, held, kinds,
                                                     None, numeric), every)
    if isinstance(value, ast.Subscript):
        if _number_of_an_array(value, kinds) or not isinstance(value.value, ast.Name):
            return {}
        return {name: (every(value.value.id), holds(value.value.id))}  # a view, or an entry
    if isinstance(value, (ast.Tuple, ast.List, ast.Dict)):
        parts = names(value.values if isinstance(value, ast.Dict) else value.elts)
        return {name: (set(), set().union(*(every(n) for n in parts)))}
    if isinstance(value, ast.Attribute) and value.attr in VIEW_METHODS \
            and isinstance(value.value, ast.Name):
        return {name: (every(value.value.id), holds(value.value.id))}
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
            and value.value.id in resolver.local and getattr(np.ndarray, value.attr, None) is None:
        # obj.h: what obj holds, or something inside obj (not obj: obj.h = v rebinds only obj)
        base = value.value.id
        return {name: (holds(base) | _inside(is_(base)), holds(base))}
    if not isinstance(value, ast.Call):
        return {}
    func, callee = value.func, resolver.callee(value.func)
    first = value.args[0] if value.args and isinstance(value.args[0], ast.Name) else None
    parts = names(list(value.args) + [kw.value for kw in value.keywords])
    if callee is _as_operand() and first is not None:  # [a] * 3: the list itself
        return {name: (is_(first.id), holds(first.id))}
    if _holding(callee):  # a new container of the argument's entries (or its rows)
        if callee is repeat_sequence:  # [row] * n: the entries of [row], n times (not n)
            parts = parts[:1]
        return {name: (set(), set().union(*(every(n) for n in parts)))}
    if _handing_an_entry(callee):  # one of the entries itself
        both = set().union(*(every(n) for n in parts)) if parts else set()
        return {name: (both, both)}
    receiver = func.value if isinstance(func, ast.Attribute) and callee is None \
        and isinstance(func.value, ast.Name) and func.value.id in resolver.local else None
    if receiver is not None and func.attr == 'copy' and not value.args \
            and not _is_array(kinds.get(receiver.id)) and receiver.id not in numeric:
        # a dict's or list's copy is new but holds the same entries (an array's holds none)
        return {name: (set(), every(receiver.id))}
    if callee in (runtime.setitem, runtime.list_append, set_attribute) and first is not None:
        # the same object, changed; a list (not an array) keeps the value put in
        rest = set() if _is_array(kinds.get(first.id)) else \
            set().union(*(every(n) for n in names(value.args[1 if callee is runtime.list_append
                                                                else 2:])))
        return {name: (is_(first.id), holds(first.id) | rest)}
    view = (isinstance(func, ast.Attribute) and func.attr in VIEW_METHODS and callee is None
            and isinstance(func.value, ast.Name)) and func.value
    views = [view] if view else [first] if callee is runtime.sequence and first else \
        viewed(value, callee, kinds)  # (np.einsum('ii->i', a), np.unstack(a)...: view_calls.py)
    if views:
        return {name: (set().union(*(every(v.id) for v in views)),
                       set().union(*(holds(v.id) for v in views)))}
    kind = resolver.op(value).kind
    if kind == 'pack':  # Point(a, b), SimpleNamespace(h=a): holds them
        return {name: (set(), set().union(*(every(n) for n in parts)))}
    if kind in ('call', 'dynamic', 'unknown') \
            and _may_return_an_argument(callee):
        if receiver is not None:  # d.pop(k), d.setdefault(k, v), obj.method(): its parts
            parts = parts + [receiver.id]
        both = set().union(*(every(n) for n in parts)) if parts else set()
        return {name: (both, both)}
    return {}


def field_flows(stmt, resolver, own, held, fields, rebound) -> dict:
    """Per attribute, what the objects built here hold (``fields``: name -> {attribute:
    (the objects the attribute's value may be, those it may hold)}, updated here), so
    that ``t = obj.h`` may be exactly ``obj.h``'s value rather than anything ``obj``
    holds (:func:`_flows`): ``obj.b += v`` then changes ``obj.b``'s array, not ``y`` of
    ``obj = SimpleNamespace(w=y, b=...)``.  Known for ``SimpleNamespace(h=a)``, a
    dataclass built from its fields, ``new_object(C)`` (a plain class's ``__init__``
    compiled in place) and ``set_attribute``; a name bound any other way is unknown (its
    reads are :func:`_flows`'). Returns the flows of a read ``t = obj.h`` so known."""
    for name in rebound:
        fields.pop(name, None)
    target, value = stmt.targets[0], stmt.value
    if not isinstance(target, ast.Name):
        return {}
    name = target.id

    def of(node):
        if isinstance(node, ast.Name):
            return own.get(node.id, {node.id}), held.get(node.id, set())
        return (set(), set()) if isinstance(node, ast.Constant) else None

    if isinstance(value, ast.Name):
        if value.id in fields:
            fields[name] = fields[value.id]
        return {}
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
        known = fields.get(value.value.id, {}).get(value.attr)
        return {} if known is None else {name: known}
    if not isinstance(value, ast.Call):
        return {}
    callee = resolver.callee(value.func)
    if callee is set_attribute and len(value.args) == 3 and isinstance(value.args[0], ast.Name) \
            and isinstance(value.args[1], ast.Constant) and value.args[0].id in fields:
        new = of(value.args[2])
        if new is not None:
            fields[name] = {**fields[value.args[0].id], value.args[1].value: new}
        return {}
    if _new_object(callee):
        fields[name] = {}
        return {}
    op = resolver.op(value)
    if op.kind == 'pack' and isinstance(op.callee, type) and not issubclass(op.callee, tuple) \
            and all(isinstance(k, str) for k in op.inputs):
        parts = {k: of(v) for k, v in op.inputs.items()}
        if all(v is not None for v in parts.values()):
            fields[name] = parts
    return {}


def _new_object(fn) -> bool:
    from ..rules.python.attribute_writes import new_object
    return fn is new_object


def _as_operand():
    from .containers import as_operand
    return as_operand


def _helper(name):
    from ..rules.python import iteration_helpers as helpers_iteration
    return getattr(helpers_iteration, name, None)


def _holding(fn) -> bool:
    """``list(xs)``, ``tuple(d.values())``, ``sorted(xs)``, ``copy_containers(p)``...: a new
    container holding the entries of its argument (a list of an array's rows: views)."""
    from ..runtime import joins  # (a + b, lst * 2, sum(chunks, []) of lists: joins.py)
    return fn is not None and (fn in (list, tuple, runtime.copy_containers, joins.join_add,
                                      joins.repeat_sequence, joins.sum_join) or any(
        fn is _helper(h) for h in ('dict_values', 'dict_items', 'dict_keys', 'zip_list',
                                   'enumerate_list', 'reversed_list', 'sorted_list',
                                   'make_dict')))


def _handing_an_entry(fn) -> bool:
    """``d.get(k)``, ``max(xs)``, ``xs.pop()``, ``next(it)``: one of the argument's entries,
    the object itself."""
    return fn is not None and (fn in (max, min, next, runtime.list_pop) or fn is _helper(
        'dict_get'))


def _may_return_an_argument(fn, seen=frozenset()) -> bool:
    """Whether a function may hand back (part of) an argument rather than new data.

    Read from its source: a returned bare name, element, attribute or view
    might be an argument; returned arithmetic or library results are new.
    Unknown functions (no source) might.
    """
    import inspect
    import textwrap
    fn = getattr(fn, '__func__', fn)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return True
    for node in walk(tree):
        if isinstance(node, (ast.Return, ast.Lambda)):
            value = node.value if isinstance(node, ast.Return) else node.body
            parts = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
            if any(_may_be_an_argument(part, fn, seen) for part in parts):
                return True
    return False


def _may_be_an_argument(part, fn, seen) -> bool:
    """Whether a returned expression may be (the data of) an argument: a name, an element,
    an attribute, a view (:func:`srcad.compiler.view_calls.returns_a_view`), a call of a
    function of the user's that may return one, either branch of ``a if c else b``."""
    if part is None or isinstance(part, (ast.Name, ast.Subscript, ast.Attribute, ast.Starred)):
        return True
    if isinstance(part, ast.IfExp):
        return any(_may_be_an_argument(p, fn, seen) for p in (part.body, part.orelse))
    if isinstance(part, ast.BoolOp):
        return any(_may_be_an_argument(p, fn, seen) for p in part.values)
    if isinstance(part, (ast.Tuple, ast.List)):
        return any(_may_be_an_argument(p, fn, seen) for p in part.elts)
    if not isinstance(part, ast.Call):
        return False
    import builtins
    import collections
    own = {}
    closure = getattr(getattr(fn, '__code__', None), 'co_freevars', ())
    for var, cell in zip(closure, getattr(fn, '__closure__', None) or ()):
        try:
            own[var] = cell.cell_contents
        except ValueError:  # an empty cell
            pass
    namespace = collections.ChainMap(own, getattr(fn, '__globals__', {}), vars(builtins))
    func = part.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id not in namespace and getattr(np.ndarray, func.attr, None) is None:
        # obj.method(...) of an object's method: self's is read from its class; another's
        # may return anything it was given
        method = _own_method(fn, func)
        return method is None or method not in seen and _may_return_an_argument(
            method, seen | {method})
    if isinstance(part.func, ast.Name) and part.func.id in namespace:
        callee = namespace[part.func.id]
        module = str(getattr(callee, '__module__', None) or '')
        if callable(callee) and module.split('.')[0] not in ('numpy', 'scipy', 'math',
                                                              'builtins'):
            return callee not in seen and _may_return_an_argument(callee, seen | {callee})
    return returns_a_view(part, namespace)


def _own_method(fn, func):
    """The function ``self.name`` calls in a method ``fn`` of a class (``self``: its first
    parameter), or None when it cannot be told."""
    import inspect
    try:
        first = next(iter(inspect.signature(fn).parameters))
    except (TypeError, ValueError, StopIteration):
        return None
    path = getattr(fn, '__qualname__', '').split('.')[:-1]
    if func.value.id != first or not path or '<locals>' in path:
        return None
    owner = getattr(fn, '__globals__', {}).get(path[0])
    for part in path[1:]:
        owner = getattr(owner, part, None)
    if not isinstance(owner, type):
        return None
    subclasses, stack = [], list(owner.__subclasses__())
    while stack:  # (self may be an instance of a subclass overriding the method)
        subclasses.append(stack.pop())
        stack += subclasses[-1].__subclasses__()
    if any(func.attr in vars(sub) for sub in subclasses):
        return None
    method = inspect.getattr_static(owner, func.attr, None)
    method = getattr(method, '__func__', method)  # (a staticmethod's or classmethod's function)
    return method if inspect.isfunction(method) else None
