"""Methods written out where they are called, on an object the function builds.

``o = SGD(x0, 0.1)`` (a plain class compiled in place, :mod:`srcad.compiler.classes`)
then ``o.step(g)`` whose body does ``self.x = self.x - self.lr * g``: Python changes
``o`` itself.  srcad writes the method's body out at the call with ``self`` read as
``o`` (:func:`inline_call`), so ``self.x = ...`` becomes ``o.x = ...``, an attribute
write of an object built here (``o = set_attribute(o, 'x', ...)``,
:mod:`srcad.compiler.attributes`), whose aliasing :mod:`srcad.compiler.mutation` checks as
for the function's own writes.  ``self.count += 1`` and an RNN cell's ``self.h = ...``
alike.

A method is written out so when it assigns attributes of ``self``, or when it calls an
object held in one of them (``self.fc1(x)``, ``self.cell.step(h)``), which srcad can
then name statically (``Linear.__call__(o.fc1, x)``).  Any other method stays a call of
the class's function (:func:`srcad.compiler.classes.method_call`), differentiated in the
object as in its arguments.

Only what srcad can show means what Python means is written out: the method is a
plain function of the function's own module (no closure, no ``super()``), its
defaults are constants, it assigns ``self.attr`` only (no property setter), never
rebinds ``self``, and its body is in srcad's language.  Otherwise the call is left as
it was, and refused where its result (or its effect) matters.
"""

from __future__ import annotations

import ast
import copy
import inspect
import types

from .fastast import walk
from . import dataclass_inits
from .class_inits import _tree
from .names import assigned_names


def inline_call(flat, node: ast.Call, out):
    """The result of ``o.m(...)`` with ``m``'s body written into ``out`` (see the module
    docstring), or None when the call is not one to write out."""
    func = node.func
    from .classes import _class_of
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) \
            and isinstance(func.value.func, ast.Attribute) \
            and isinstance(func.value.func.value, ast.Name) \
            and _class_of(flat, func.value.func.value) is not None:
        # a.add(x).add(y): the first call made (a method returning self gives `a`), then
        # the second on what it returned
        receiver = flat.expr_Call(func.value, out)  # (`a` itself, not a copy of the name)
        if not isinstance(receiver, ast.Name):
            receiver = flat.expr(receiver, out)
        call = ast.Call(ast.Attribute(receiver, func.attr, ast.Load()), list(node.args),
                        list(node.keywords))
        return flat.expr_Call(ast.copy_location(call, node), out)
    made = _class_method(flat, node)  # Poly.from_roots(r): cls(...) as Poly(...)
    if made is not None:
        call = ast.copy_location(ast.Call(func, list(node.args), list(node.keywords)), node)
        return flat.inline(made, call, out)
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)) \
            and not isinstance(func, ast.Name):
        return None
    found = _class_of(flat, func.value if isinstance(func, ast.Attribute) else func)
    if found is None:
        return None
    cls, stored = found[0], found[2]
    if isinstance(func, ast.Attribute) and func.attr not in stored:
        receiver, name = func.value.id, func.attr
    elif isinstance(func, ast.Name):
        receiver, name = func.id, '__call__'
    else:
        return None
    method = inspect.getattr_static(cls, name, None)
    if not isinstance(method, types.FunctionType):
        return None
    tree = _plan(flat, cls, method, receiver)
    if tree is None:
        return None
    call = ast.copy_location(ast.Call(func, list(node.args), list(node.keywords)), node)
    return flat.inline(tree, call, out)


def _class_method(flat, node: ast.Call):
    """``Poly.from_roots(r)`` of a ``@classmethod`` of the user's class named by a global
    ``Poly``: a copy of the method's def without ``cls``, ``cls`` read as ``Poly`` (so
    ``cls(...)`` builds a ``Poly`` as the function's own code would), to write out
    where it is called; else None."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id not in flat.local):
        return None
    from .classes import global_object
    cls = global_object(flat.src, func.value, flat.local)
    found = inspect.getattr_static(cls, func.attr, None) if isinstance(cls, type) else None
    if not isinstance(found, classmethod) or not isinstance(found.__func__, types.FunctionType):
        return None
    tree = _method_tree(flat, found.__func__)
    if tree is None:
        return None
    cls_name = tree.args.args[0].arg
    if func.value.id in {n.id for n in walk(tree) if isinstance(n, ast.Name)} - {cls_name} \
            or cls_name in assigned_names(tree.body):
        return None  # (the class's name taken inside, or cls rebound)
    new = copy.deepcopy(tree)
    for n in walk(new):
        if isinstance(n, ast.Name) and n.id == cls_name:
            n.id = func.value.id
    new.args.args = new.args.args[1:]
    new.decorator_list = []
    new.name = f'{cls.__name__.lower()}_{func.attr.strip("_")}'
    return new


def _method_source(flat, method):
    """The desugared source of ``method``, a function of the function's own module with no
    closure cells; None otherwise (or without source: left as a call)."""
    from . import desugar
    from .parse import read_function
    if method.__globals__ is not flat.src.globals or method.__code__.co_freevars:
        return None
    try:
        return desugar.lower(read_function(method))
    except Exception:  # noqa: BLE001
        return None


def _method_tree(flat, method):
    """The desugared def of ``method`` (the user's function of the function's own module,
    no closure, constant defaults, in srcad's language, its globals not shadowed by the
    function's names), or None."""
    from . import validate
    src = _method_source(flat, method)
    if src is None:
        return None
    tree, a = src.tree, src.tree.args
    if src.closure or a.posonlyargs or not a.args or a.vararg or a.kwarg or any(
            not isinstance(d, ast.Constant) for d in a.defaults + a.kw_defaults
            if d is not None):
        return None
    names = {n.id for n in walk(tree) if isinstance(n, ast.Name)}
    free = names - assigned_names(tree.body) - {p.arg for p in a.args + a.kwonlyargs}
    if free & flat.local or any(not isinstance(n, validate.SUPPORTED)
                                or isinstance(n, (ast.Global, ast.Nonlocal)) for n in walk(tree)):
        return None
    return tree


def _plan(flat, cls, method, receiver):
    """A copy of ``method``'s def without ``self``, ``self`` read as ``receiver``
    (its nodes keep their lines, in the same file: messages point into the method),
    when it should and can be written out; else None."""
    from . import validate
    src = _method_source(flat, method)
    if src is None:
        return None
    tree, a = src.tree, src.tree.args
    if src.closure or a.posonlyargs or not a.args or a.vararg or a.kwarg:
        return None
    self_name = a.args[0].arg
    if not _worth_it(cls, tree, self_name, {method}):
        return None
    if any(not isinstance(d, ast.Constant) for d in a.defaults + a.kw_defaults
           if d is not None):
        return None
    names = {n.id for n in walk(tree) if isinstance(n, ast.Name)} | {
        p.arg for p in a.args + a.kwonlyargs}
    if receiver in names - {self_name} or self_name in assigned_names(tree.body):
        return None  # (the receiver's name taken inside, or self rebound)
    free = names - assigned_names(tree.body) - {p.arg for p in a.args + a.kwonlyargs}
    if free & flat.local:
        return None  # the method's globals shadowed by the function's own names
    for n in walk(tree):
        if isinstance(n, ast.FunctionDef) and n is not tree and n.decorator_list:
            return None
        if not isinstance(n, validate.SUPPORTED) or isinstance(n, (ast.Global, ast.Nonlocal)):
            return None  # (refused where the call is, as before)
        if isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del)) and not (
                isinstance(n.ctx, ast.Store) and isinstance(n.value, ast.Name)
                and n.value.id == self_name
                and not hasattr(inspect.getattr_static(cls, n.attr, None), '__set__')):
            return None
    new = copy.deepcopy(tree)
    for n in walk(new):
        if isinstance(n, ast.Name) and n.id == self_name:
            n.id = receiver
    new.args.args = new.args.args[1:]
    new.decorator_list = []
    new.name = f'{cls.__name__.lower()}_{method.__name__.strip("_")}'
    body = new.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        new.body = body[1:] or [ast.Pass()]  # (the docstring)
    return new


def _worth_it(cls, tree, self_name, seen) -> bool:
    """Whether ``tree`` assigns an attribute of ``self``, calls an object one holds
    (itself, or through another method it calls on ``self``), or reads an attribute a
    dataclass's ``__post_init__`` set (:func:`.dataclass_inits.own_read`)."""
    own = dataclass_inits.in_place_dataclass(cls) and dataclass_inits.own_attributes(cls)
    for n in walk(tree):
        if own and isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) \
                and n.value.id == self_name and n.attr in own:
            return True
        if isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            base = n.func.value
            if isinstance(base, ast.Name) and base.id == self_name:
                other = inspect.getattr_static(cls, n.func.attr, None)
                if not isinstance(other, types.FunctionType):
                    return True  # self.fc1(x)
                if other not in seen:  # self.forward(x), where forward calls self.fc1
                    seen.add(other)
                    inner = _tree(other)
                    if inner is not None and inner.args.args and _worth_it(
                            cls, inner, inner.args.args[0].arg, seen):
                        return True
            if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) \
                    and base.value.id == self_name:
                return True  # self.cell.step(h)
    return False


def property_read(flat, node: ast.Attribute):
    """``p.degree`` of an object built here whose class has the property ``degree`` (a
    plain function reading ``self``): the call ``Polynomial.degree.fget(p)``, which srcad
    differentiates as the user's function; None for any other read."""
    from .classes import _class_of, _changes_self, _helper
    if not isinstance(node.ctx, ast.Load) or not isinstance(
            node.value, (ast.Name, ast.Attribute, ast.Call)):
        return None
    found = _class_of(flat, node.value)
    if found is None or node.attr in found[2]:
        own = dataclass_inits.own_read(node, found, lambda fn: _helper(flat, fn)) \
            if found is not None else None  # L.n_out, set by a dataclass's __post_init__
        return own
    prop = inspect.getattr_static(found[0], node.attr, None)
    if type(prop) is not property or not isinstance(prop.fget, types.FunctionType) \
            or _changes_self(prop.fget):
        return None
    fget = ast.Attribute(ast.Attribute(copy.deepcopy(found[1]), node.attr, ast.Load()),
                         'fget', ast.Load())
    return ast.copy_location(ast.Call(fget, [node.value], []), node)
