"""Instances of the user's plain classes built in the differentiated function.

``layer = Dense(W)`` of a plain class (:func:`srcad.rules.python.attribute_writes.plain_class`)
defined in the function's own module, whose ``__init__`` only computes values and
stores them in ``self``, is compiled in place (:func:`lower_construction`): the
arguments, ``layer = new_object(Dense)``, then ``__init__``'s statements with ``self``
read as ``layer`` -- so ``self.W = W`` is an attribute write of an object built here
(:mod:`srcad.compiler.attributes`).  ``layer.forward(x)`` then becomes ``Dense.forward(layer,
x)`` (:func:`method_call`), a call of the user's function differentiated in ``layer``.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import inspect
import types

from .names import assigned_names, bindings
from ..rules.python import attribute_writes as aw
from .fastast import walk

HINT = ('build the object inside the function (SimpleNamespace(...), a dataclass, a plain '
        'class) and assign its attributes there, or compute the new value and return it')
_INIT_STATEMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Pass, ast.If, ast.For,
                    ast.Expr)
_INIT_REFUSED = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                 ast.NamedExpr, ast.Starred, ast.Return, ast.FunctionDef, ast.Global,
                 ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await, ast.Delete)


class _Why(str):
    hint = HINT


def _why(text, hint=HINT) -> _Why:
    out = _Why(text)
    out.hint = hint
    return out


def global_object(src, func, local=frozenset()):
    """The object a global path (``SimpleNamespace``, ``types.SimpleNamespace``) names."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id in local:
        return None
    try:
        obj = src.resolve(func.id)
        for part in reversed(parts):
            obj = getattr(obj, part)
    except (NameError, AttributeError):
        return None
    return obj


def init_plan(src, cls, call: ast.Call, init=None):
    """``(init tree, parameter names, defaults)`` to compile ``cls(...)`` in place, or why
    not (a :class:`_Why` string); ``init``: a parent's ``__init__`` that ``super().__init__``
    runs (:mod:`.class_inits`)."""
    name = cls.__name__
    init = cls.__init__ if init is None else init
    if init is object.__init__:
        if call.args or call.keywords:
            return _why(f'{name}() takes no arguments')
        return None, [], {}
    if not isinstance(init, types.FunctionType):
        return _why(f'{name}.__init__ is not a Python function')
    if init.__globals__ is not src.globals or init.__code__.co_freevars not in (
            (), ('__class__',)):  # (super().__init__(...): srcad/compiler/class_inits.py)
        return _why(f'srcad compiles {name}(...) in place only for a class defined in the '
                    f'module of {src.name} whose __init__ uses no enclosing variables '
                    f'(no super())', 'define the class next to the function')
    from .parse import read_function
    tree = read_function(init).tree
    a = tree.args
    if a.kwarg or a.posonlyargs or not a.args:
        return _why(f'{name}.__init__ takes **kwargs or positional-only parameters')
    if any(isinstance(x, ast.Starred) for x in call.args) or any(
            kw.arg is None for kw in call.keywords):
        return _why(f'{name}(...) is called with * or ** arguments',
                    'pass the arguments by position or by name')
    self_name = a.args[0].arg
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == self_name and isinstance(node.ctx, ast.Store) \
                and hasattr(inspect.getattr_static(cls, node.attr, None), '__set__'):
            return _why(f'{name}.__init__ assigns the property self.{node.attr}, whose setter '
                        f'would run', 'store the value in a plain attribute')
    params = [p.arg for p in a.args[1:] + a.kwonlyargs]
    if a.vararg:  # Sequential(*layers): the extra positional arguments, as one tuple
        params.append(a.vararg.arg)
    defaults = {}
    for p, d in list(zip(reversed(a.args[1:]), reversed(a.defaults))) + [
            (p, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]:
        if not isinstance(d, ast.Constant):
            return _why(f'{name}.__init__ has a default for {p.arg!r} that is not a constant',
                        f'pass {p.arg} explicitly')
        defaults[p.arg] = d
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if init.__code__.co_freevars:
        from .class_inits import expand_super
        body = expand_super(src, cls, init, body, self_name, (_Renamer, _why, init_plan))
        if isinstance(body, str):
            return body
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.stmt) and not isinstance(node, _INIT_STATEMENTS) \
                    or isinstance(node, _INIT_REFUSED) or isinstance(node, ast.Expr) \
                    or isinstance(node, ast.Name) and node.id == self_name \
                    and not _as_attribute_base(node, stmt):
                return _why(f'srcad compiles {name}(...) in place only when {name}.__init__ '
                            f'computes values and stores them as {self_name}.attr = ... '
                            f'(line {getattr(node, "lineno", stmt.lineno)} does more)',
                            'store the values in __init__ and call methods afterwards, or '
                            'use a SimpleNamespace or a dataclass')
    return body, self_name, params, defaults, tree


def _as_attribute_base(name_node, stmt) -> bool:
    return any(isinstance(n, ast.Attribute) and n.value is name_node for n in ast.walk(stmt))


# -- lowering (called by srcad.compiler.normalize) --------------------------------------------
def lower_construction(flat, name: str, call, out) -> bool:
    """``obj = C(args)`` of a plain class ``C`` whose ``__init__`` only stores values:
    the arguments, ``obj = new_object(C)``, then ``__init__``'s statements on ``obj``.
    False (nothing done) for any other call."""
    if not isinstance(call, ast.Call):
        return False
    cls = global_object(flat.src, call.func, flat.local)
    if not aw.plain_class(cls):
        return False
    plan = init_plan(flat.src, cls, call)
    if isinstance(plan, str):
        return False
    if plan[0] is None:
        out.append(ast.Assign([ast.Name(name, ast.Store())],
                              ast.Call(_helper(flat, aw.new_object), [call.func], [])))
        return True
    body, self_name, params, defaults, tree = plan
    positional = [p.arg for p in tree.args.args[1:]]
    given = dict(zip(positional, call.args))
    star = tree.args.vararg.arg if tree.args.vararg else None
    if star is not None:
        given[star] = ast.copy_location(ast.Tuple(list(call.args[len(positional):]),
                                                  ast.Load()), call)
    if len(call.args) > len(positional) and star is None or any(
            kw.arg not in params or kw.arg in given or kw.arg == star
            for kw in call.keywords):
        return False  # Python's TypeError, when it runs
    given.update({kw.arg: kw.value for kw in call.keywords})
    missing = [p for p in params if p not in given and p not in defaults]
    if missing:
        return False
    free = {n.id for s in body for n in ast.walk(s) if isinstance(n, ast.Name)} \
        - set(params) - assigned_names(body) - {self_name}
    if free & flat.local:
        return False  # __init__'s globals shadowed by the function's own names
    rename = {self_name: name}
    for p in params + sorted(assigned_names(body) - set(params) - {self_name}):
        rename[p] = flat.namer.fresh(f'{cls.__name__.lower()}_{p}')
    for p in params:
        flat.into(rename[p], given[p] if p in given else defaults[p], out)
    out.append(ast.copy_location(ast.Assign(
        [ast.Name(name, ast.Store())],
        ast.Call(_helper(flat, aw.new_object), [call.func], [])), call))
    flat.local.update(rename.values())
    for stmt in body:
        stmt = _Renamer(rename).visit(_located(stmt, call))
        out.extend(flat.statement(stmt))
    return True


def construction_refused(src, cls, call):
    """``(message, hint)`` when ``cls(...)`` of a plain class is not compiled in place
    (what a differentiated argument then meets), else None."""
    from .dataclass_inits import in_place_dataclass, refusal
    if in_place_dataclass(cls):  # (a __post_init__ or a default srcad cannot write out)
        return refusal(src, cls, call, init_plan)
    if not aw.plain_class(cls):
        return _not_plain(cls)
    plan = init_plan(src, cls, call)
    if not isinstance(plan, str):
        return None
    return f'srcad cannot differentiate {cls.__name__}(...): {plan}', plan.hint


def _not_plain(cls):
    """``(message, hint)`` for a user's class whose objects are more than a dict of
    attributes (attribute access or copying runs its own code), else None."""
    if not isinstance(cls, type) or dataclasses.is_dataclass(cls) or issubclass(
            cls, (tuple, list, dict)) or str(cls.__module__ or '').split('.')[0] in aw._LIBRARIES:
        return None
    own = [d for d in ('__getattr__', '__getattribute__', '__setattr__', '__slots__', '__new__',
                       '__copy__', '__reduce__', '__reduce_ex__')
           if any(d in vars(k) for k in cls.__mro__[:-1])]
    if not own:
        return None
    return (f'srcad cannot differentiate {cls.__name__}(...): {cls.__name__} defines '
            f'{own[0]}, so reading or storing its attributes runs code of its own',
            'store the values in plain attributes (no __getattr__, __setattr__ or __slots__), '
            'or use a dataclass or a SimpleNamespace')


def construction_expr(flat, node: ast.Call, out):
    """``Dense(W)`` anywhere else (``return Dense(W)``, ``self.l1 = Dense(W1)``): built
    into a name of its own by :func:`lower_construction`; None when it does not apply."""
    cls = global_object(flat.src, node.func, flat.local)
    if not aw.plain_class(cls):
        return None
    name = flat.namer.fresh(cls.__name__.lower())
    if not lower_construction(flat, name, node, out):
        return None
    return ast.Name(name, ast.Load())


def method_call(flat, node: ast.Call) -> ast.Call:
    """``layer.forward(x)`` of ``layer = Dense(W)`` (a plain class, its ``__init__``
    compiled in place, ``layer`` bound by nothing else) becomes ``Dense.forward(layer,
    x)``: a call of the user's function, differentiated in ``layer`` as in ``x``."""
    func = node.func
    found = _class_of(flat, func.value) if isinstance(func, ast.Attribute) else None
    if found is not None and func.attr not in found[2]:
        receiver, name = func.value, func.attr
    else:  # layer(x), Poly(c)(t), self.fc1(x): Python calls type(layer).__call__(layer, x)
        found = _class_of(flat, func) if isinstance(func, (ast.Name, ast.Attribute,
                                                           ast.Call)) else None
        receiver, name = func, '__call__'
    if found is None:
        return node
    cls, path = found[:2]
    method = inspect.getattr_static(cls, name, None)
    if not isinstance(method, types.FunctionType) or _changes_self(method):
        return node  # an attribute holding a function, a static or class method...
    new = ast.Call(ast.Attribute(copy.deepcopy(path), name, ast.Load()),
                   [receiver] + list(node.args), list(node.keywords))
    return ast.copy_location(new, node)


def _class_of(flat, expr):
    """``(class, path naming it, attributes stored on it, its compiled __init__'s body,
    attributes the function stores on it)`` of ``layer`` (built here) or ``net.out``
    (stored once in ``net``'s compiled ``__init__``, as ``self.out = Dense(...)``)."""
    if isinstance(expr, ast.Name):
        made = getattr(flat.tree, 'srcad_made', None)  # (comprehensions.prepare)
        if made is not None and expr.id not in made:
            return None  # (never bound to a call, so no object built here: np.sin)
        built = getattr(flat, '_built_objects', None)
        if built is None:
            built = flat._built_objects = _built_objects(flat)
        return built.get(expr.id)
    if isinstance(expr, ast.Call):  # Dense(W).forward(x): the object built just there
        cls = global_object(flat.src, expr.func, flat.local)
        plan = init_plan(flat.src, cls, expr) if aw.plain_class(cls) else 'no'
        if isinstance(plan, str):
            return None
        return cls, expr.func, _stored(plan), plan[0] or [], set()
    if not isinstance(expr, ast.Attribute):
        return None
    owner = _class_of(flat, expr.value)
    if owner is None or expr.attr in owner[4]:
        return None
    stores = [n for s in owner[3] for n in ast.walk(s) if isinstance(n, ast.Attribute)
              and isinstance(n.ctx, ast.Store) and n.attr == expr.attr]
    made = [s.value for s in owner[3] if isinstance(s, ast.Assign) and len(s.targets) == 1
            and s.targets[0] in stores]
    if len(stores) != 1 or len(made) != 1 or not isinstance(made[0], ast.Call) or any(
            isinstance(n, ast.Name) and n.id in flat.local for n in ast.walk(made[0].func)):
        return None
    cls = global_object(flat.src, made[0].func, flat.local)
    plan = init_plan(flat.src, cls, made[0]) if aw.plain_class(cls) else 'no'
    if isinstance(plan, str):
        return None
    return cls, made[0].func, _stored(plan), plan[0] or [], set()


def _stored(plan) -> set:
    """The attributes a compiled ``__init__`` stores on ``self``."""
    if plan[0] is None:
        return set()
    return {n.attr for s in plan[0] for n in ast.walk(s) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == plan[1]}


def _changes_self(method) -> bool:
    """Whether ``method`` may assign an attribute of its ``self`` (or cannot be read)."""
    from .parse import read_function
    try:
        tree = read_function(method).tree
    except Exception:  # noqa: BLE001  (no source: leave the call as it was)
        return True
    return any(isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del))
               for n in ast.walk(tree))


def _built_objects(flat) -> '_Built':
    """name -> what :func:`_class_of` says of an object built here (found for a name
    when first asked: most names bound to a call hold no object of a plain class)."""
    return _Built(flat)


class _Built:
    """:func:`_built_objects`' answers, found name by name."""

    def __init__(self, flat):
        self.flat = flat
        self.params, self.others, self.made = bindings(flat.tree)
        self.stores = {}
        self.opaque = set()  # setattr(o, ...), vars(o), o.__dict__: changed unseen
        for n in walk(flat.tree):
            if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store) \
                    and isinstance(n.value, ast.Name):
                self.stores.setdefault(n.value.id, set()).add(n.attr)
            elif isinstance(n, ast.Attribute) and n.attr == '__dict__' \
                    and isinstance(n.value, ast.Name):
                self.opaque.add(n.value.id)
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in (
                    'setattr', 'delattr', 'vars') and n.args and isinstance(n.args[0], ast.Name):
                self.opaque.add(n.args[0].id)
        self.found = {}

    def get(self, name):
        if name not in self.found:
            self.found[name] = self._find(name)
        return self.found[name]

    def _find(self, name):
        calls = self.made.get(name)
        if calls is None or name in self.params or name in self.others or name in self.opaque:
            return None
        flat = self.flat
        classes = {global_object(flat.src, c.func, flat.local) for c in calls}
        if len(classes) != 1:
            return None
        cls = classes.pop()
        if _user_dataclass(cls):  # layer = Layer(W, b) of a dataclass: its fields stored
            from .class_inits import self_stores
            changed = set(self.stores.get(name, ())) | self_stores(cls)
            return cls, calls[0].func, changed | {f.name for f in dataclasses.fields(cls)}, \
                [], changed
        if not aw.plain_class(cls):
            return None
        plans = [init_plan(flat.src, cls, c) for c in calls]
        if any(isinstance(p, str) for p in plans):
            return None
        from .class_inits import self_stores  # (what a method written out may assign)
        changed = set(self.stores.get(name, ())) | self_stores(cls)
        stored = set(changed)
        for p in plans:
            stored |= _stored(p)
        body = plans[0][0] if len(plans) == 1 and plans[0][0] is not None else []
        return cls, calls[0].func, stored, body, changed


def _user_dataclass(cls) -> bool:
    """A dataclass of the user's (its methods are the user's functions)."""
    return isinstance(cls, type) and dataclasses.is_dataclass(cls) and type(cls) is type \
        and str(cls.__module__ or '').split('.')[0] not in aw._LIBRARIES


class _Renamer(ast.NodeTransformer):
    def __init__(self, rename):
        self.rename = rename

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(self.rename.get(node.id, node.id), node.ctx), node)


def _located(stmt, call):
    """A copy of ``stmt`` with every node at the user's call (for located messages)."""
    new = ast.parse(ast.unparse(stmt)).body[0]
    for node in ast.walk(new):
        if 'lineno' in node._attributes:
            ast.copy_location(node, call)
    return new


def _helper(flat, fn) -> ast.Name:
    chosen = flat.namer.derive('', fn.__name__)
    flat.helpers[chosen] = fn
    return ast.Name(chosen, ast.Load())
