"""Which ``keep_zero`` guards of generated code are sound, decided when the code is written.

The rules of singular functions write ``keep_zero(a, r)`` (:mod:`srcad.runtime.singular`):
``r`` is the adjoint (or tangent) ``a`` times a partial derivative that is infinite at the
singular point, and where ``a`` is exactly zero the guard returns zero instead of ``0 * inf``
(nan).  That zero is right when ``a`` is zero *structurally*: the unselected side of
``np.where``, the losing side of ``np.maximum``, a direction that does not move the input --
the output does not depend on the singular value there.  It is wrong when ``a`` is zero
because of the point itself:

* reverse mode: ``np.cbrt(x) ** 3`` at 0 -- the adjoint ``3 * t ** 2 * g`` of ``t = cbrt(x)``
  reads ``t``; ``np.cos(np.sqrt(x))``, ``np.exp(np.log(x))`` alike.  The true derivative is the
  limit of ``0 * inf``, often not 0.  An adjoint that reads only values computed without
  singular functions (Lipschitz ones: ``x * np.sqrt(x)``, the entropy ``p * log(p)``) is safe:
  ``F(t, o)`` linear in ``t`` with ``dF/dt = B(o) = 0`` changes by ``B'(o) do * dt = o(h)``.
  So a guard stays only where its adjoint reads no *singular-derived* value (the output of a
  guarded rule, or a value computed from one), as a factor.
* forward mode: ``np.cbrt(x ** 3)`` at 0 -- the tangent ``3 * x ** 2 * x_dot`` is zero because
  ``x ** 3`` is stationary there, not because ``x`` does not move.  A guard stays only where
  its tangent reads no varied primal value as a factor (masks, shapes and conditions apart).

Where the adjoint (tangent) is ``np.where(c, e, 0)`` of such an ``e``, the guard keeps the
zeros of the mask only: ``keep_zero(np.where(c, np.ones_like(e), 0), r)`` (a mask summed,
by ``unbroadcast`` or ``np.sum``, sums ``np.abs``: signed terms may cancel).  Elsewhere the
plain rule stays, its ``0 * inf`` is nan, and the nan backstop refuses it with its location
(:func:`srcad.runtime.singular.refuse_nan_of_finite`).  Default-deny: an unknown helper's
arguments count as factors, an unknown definition as "may vanish".
"""

from __future__ import annotations

import ast

from .fastast import statements, walk

__all__ = ['guard_backward', 'guard_forward']

_ALL = None  # (every argument a mask or a shape)
#: helpers of generated code whose arguments, but the ones listed as read, are only
#: shapes, masks or conditions: zero where those say, whatever the values (a call not
#: listed reads every argument as a factor)
_READ = {
    'np.where': (1, 2), 'unbroadcast': (0,), 'unreduce': (0,), 'like_input': (0,),
    'broadcast_like': (0,), 'zeros_like_input': (), 'zero_tangent': (), 'reduced_size': (),
    'shape_of': (), 'len': (), 'np.shape': (), 'np.ndim': (), 'np.size': (),
    'np.zeros_like': (), 'np.zeros': (), 'pick': (0,), 'pick_tangent': (0,),
    'clip_mask': (), 'clip_tangent': (0,), 'keep_zero': (1,), 'keep_zero_tangent': (2,),
    'extremum_mask': (), 'seed': (),
    # (tangents moved, copied or selected: the primal values they read are shapes, indices)
    'index_tangent': (0,), 'setitem_tangent': (0, 2), 'copy_tangent': (0,),
    'fill_tangent': (0,), 'cast_tangent': (0,), 'input_tangent': (0,), 'tangent_parts': (0,),
    'element_tangents': (0,), 'joined_tangent': (0, 1), 'diff_tangent': (0,),
}
_SHAPE_ATTRIBUTES = frozenset(('shape', 'ndim', 'size', 'dtype'))
#: calls that move or copy the zeros of their arguments at these positions (the others
#: are shapes, indices, conditions); those that sum (unbroadcast, np.sum) sum |mask|:
#: a sum of signed numbers is zero also where they cancel
_PASSING = {'unreduce': (0,), 'like_input': (0,), 'broadcast_like': (0,), 'unbroadcast': (0,),
            'np.sum': (0,), 'copy_tangent': (0,), 'fill_tangent': (0,),
            'pick_tangent': (0,), 'pick': (0,), 'clip_tangent': (0,)}
_SUMMING = frozenset(('unbroadcast', 'np.sum'))
_CHEAP = frozenset(('clip_mask',))  # (a condition computed again: comparisons)
_SELECTING = frozenset(('pick', 'pick_tangent', 'clip_tangent'))
#: those whose result has the shape of their other arguments (a smaller mask broadcasts)
_BROADCASTING = frozenset(('pick', 'pick_tangent', 'clip_tangent', 'broadcast_like',
                           'fill_tangent'))


def _callee(func) -> str | None:
    if func.__class__ is ast.Name:
        return func.id
    if func.__class__ is ast.Attribute and func.value.__class__ is ast.Name:
        return f'{func.value.id}.{func.attr}'
    return None


def factor_reads(node, out: set) -> set:
    """The names ``node`` reads as factors of its value: not in comparisons, conditions,
    indices, shapes, or the mask arguments of the helpers in :data:`_READ`."""
    cls = node.__class__
    if cls is ast.Name:
        out.add(node.id)
    elif cls in (ast.Compare, ast.BoolOp, ast.Constant):
        pass
    elif cls is ast.UnaryOp and node.op.__class__ is ast.Not:
        pass
    elif cls is ast.Attribute:
        if node.attr not in _SHAPE_ATTRIBUTES:
            factor_reads(node.value, out)
    elif cls is ast.Subscript:
        factor_reads(node.value, out)
    elif cls is ast.IfExp:
        factor_reads(node.body, out)
        factor_reads(node.orelse, out)
    elif cls is ast.Call:
        read = _READ.get(_callee(node.func), _ALL) if not node.keywords else _ALL
        if read is _ALL:
            for child in [node.func, *node.args, *(k.value for k in node.keywords)]:
                factor_reads(child, out)
        else:
            for i in read:
                if i < len(node.args):
                    factor_reads(node.args[i], out)
    else:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.AST):
                factor_reads(child, out)
    return out


def _assignments(body: list) -> list:
    """Each ``(name, value)`` bound in ``body`` (nested blocks too): the value assigned, the
    whole right side for a tuple target; None for a restore's pop or a loop's counter (the
    name's other bindings tell what it holds)."""
    pairs = []
    for stmt in statements(body):
        cls = stmt.__class__
        if cls is ast.Assign:
            for target in stmt.targets:
                pairs += [(n.id, stmt.value) for n in walk(target) if n.__class__ is ast.Name]
        elif cls is ast.AugAssign and stmt.target.__class__ is ast.Name:
            pairs.append((stmt.target.id, ast.BinOp(stmt.target, stmt.op, stmt.value)))
        else:
            pairs += [(name, None) for name in getattr(stmt, 'names', ()) or ()
                      if isinstance(name, str)]  # (backflow.Restore: pops)
            target = getattr(stmt, 'target', None)
            if isinstance(target, ast.AST):
                pairs += [(n.id, None) for n in walk(target) if n.__class__ is ast.Name]
    return pairs


def _closure(pairs: list, seeds) -> set:
    """The names assigned from ``seeds`` or from names so assigned (factor reads)."""
    reads = [(name, factor_reads(value, set()) if value is not None else None)
             for name, value in pairs]
    found = set(seeds)
    changed = True
    while changed:
        changed = False
        for name, names in reads:
            if name not in found and names is not None and names & found:
                found.add(name)
                changed = True
    return found


def _guards(body: list) -> list:
    return [n for stmt in body for n in walk(stmt)
            if n.__class__ is ast.Call and n.func.__class__ is ast.Name
            and n.func.id == 'keep_zero' and len(n.args) == 2 and not n.keywords]


class _Rewrite:
    """The guards of one function rewritten, given the names that may vanish at the point
    (``bad``: their zeros are not structural) and each single binding's value."""

    def __init__(self, bad: set):
        self.bad, self.values = bad, {}  # (values: the bindings valid at the guard)

    def vanishing(self, node) -> bool:
        return bool(factor_reads(node, set()) & self.bad)

    def structural(self, node, depth=0, need=False):
        """``(mask, exact)``: an expression zero where ``node`` is zero structurally (its
        factors that may vanish at the point left out: fewer zeros, the safe side), or None
        for "nowhere known"; ``exact`` when it has ``node``'s shape (a mask put into a
        helper that sums or reshapes must: ``need``, which makes it so).  Cheap: names,
        constants, masks -- no other call is computed again."""
        if not self.vanishing(node):
            return (node, True) if self.reusable(node) else (None, False)
        cls = node.__class__
        if depth > 8:
            return None, False
        if cls is ast.Name:
            value = self.values.get(node.id)
            mask, exact = self.structural(value, depth + 1, need) if value is not None \
                else (None, False)
            if mask is None or exact or not need:
                return mask, exact
            # (its shape restored from the name's, which holds the same value here)
            return _call('np.broadcast_to', mask, _call('np.shape', node)), True
        if cls is ast.UnaryOp and node.op.__class__ is ast.USub:
            return self.structural(node.operand, depth + 1, need)
        if cls is ast.BinOp and node.op.__class__ is ast.Div:  # (zero where the numerator is)
            return self.structural(node.left, depth + 1)[0], False
        if cls is ast.BinOp and node.op.__class__ is ast.Mult:
            return _product(self.structural(node.left, depth + 1, need),
                            self.structural(node.right, depth + 1, need))
        if cls is not ast.Call:
            return None, False
        name, args = _callee(node.func), node.args
        if node.keywords and name != 'np.sum':
            return None, False
        if name == 'np.where' and len(args) == 3:
            if not self.reusable(args[0]):
                return None, False
            sides = [self.structural(a, depth + 1, need) for a in args[1:]]
            if sides[0][0] is None and sides[1][0] is None:
                return None, False
            kept = []  # (a side with no zeros known: ones shaped like it)
            for side, arg in zip(sides, args[1:]):
                if side[0] is None and not self.reusable(arg):
                    return None, False
                kept.append((_call('np.ones_like', arg), True) if side[0] is None else side)
            return _call('np.where', args[0], kept[0][0], kept[1][0]), \
                kept[0][1] and kept[1][1]
        if name == 'keep_zero' and len(args) == 2:  # (zero where a is, or r)
            return _product(self.structural(args[0], depth + 1, need),
                            self.structural(args[1], depth + 1, need))
        moved = _PASSING.get(name)
        if moved is None or not all(self.reusable(a) for i, a in enumerate(args)
                                    if i not in moved) \
                or not all(self.reusable(k.value) for k in node.keywords):
            return None, False
        args = list(args)
        for i in moved:
            if i < len(args):
                inner, exact = self.structural(args[i], depth + 1,
                                               name not in _BROADCASTING)
                if inner is None and name in _SELECTING:  # (its own zeros: the losing side)
                    inner, exact = ast.Constant(1.0), False
                if inner is None or not (exact or name in _BROADCASTING):
                    return None, False
                args[i] = _magnitude(_bare(inner)) if name in _SUMMING else inner
        return ast.Call(node.func, args, node.keywords), True

    @staticmethod
    def reusable(node) -> bool:
        """Whether ``node`` may be computed again where the guard is: no call (its cost).
        (Its names hold the same values there: :func:`_rewritten` offers a binding's value
        only while nothing it reads is bound again.)"""
        return not any(n.__class__ is ast.Call and _callee(n.func) not in _CHEAP
                       for n in walk(node))

    def guard(self, call: ast.Call):
        """What ``keep_zero(a, r)`` becomes: itself, ``r``, or guarded by a's mask."""
        a, r = call.args
        if not self.vanishing(a):
            return call
        mask = _bare(self.structural(a)[0])
        if mask is None or not any(n.__class__ is ast.Name for n in walk(mask)):
            return r
        return ast.Call(call.func, [mask, r], [])


def _is_number(node) -> bool:
    return node.__class__ is ast.Constant and type(node.value) in (int, float) \
        and node.value != 0 and node.value == node.value


def _call(name: str, *args):
    """``np.where(...)``, ``np.ones_like(...)``: NumPy's, always in generated code."""
    module, attr = name.split('.')
    return ast.Call(ast.Attribute(ast.Name(module, ast.Load()), attr, ast.Load()),
                    list(args), [])


def _bare(mask):
    """``mask`` less its nonzero constant factors and signs: ``-(g * 2)`` -> ``g``."""
    while mask is not None:
        if mask.__class__ is ast.UnaryOp and mask.op.__class__ is ast.USub:
            mask = mask.operand
        elif mask.__class__ is ast.BinOp and mask.op.__class__ is ast.Mult and (
                _is_number(mask.left) or _is_number(mask.right)):
            mask = mask.right if _is_number(mask.left) else mask.left
        else:
            return mask
    return mask


def _magnitude(mask):
    """``np.abs(mask)``, unless ``mask`` is ``np.where`` of 0, 1.0 and ones (never negative)."""
    if mask.__class__ is ast.Call and _callee(mask.func) == 'np.where' and all(
            (a.__class__ is ast.Constant and a.value in (0, 1.0)) or (
                a.__class__ is ast.Call and _callee(a.func) == 'np.ones_like')
            for a in mask.args[1:]):
        return mask
    return _call('np.abs', mask)


def _product(left, right):
    """Zero where ``left`` or ``right`` (each ``(mask, exact)``) is; None: no zeros known."""
    (lm, lexact), (rm, rexact) = left, right
    lm, rm = _bare(lm), _bare(rm)
    if lm is None or rm is None:  # (no zeros known there: the other's, maybe smaller)
        return (rm, False) if lm is None else (lm, False)
    if _is_number(lm):  # (a nonzero constant: the zeros of the other)
        return rm, rexact
    if _is_number(rm) or ast.dump(lm) == ast.dump(rm):
        return lm, lexact and rexact
    return ast.BinOp(lm, ast.Mult(), rm), lexact and rexact


def _rewritten(body: list, bad: set, inlined, guards: list) -> list:
    """``body`` with ``guards`` rewritten.  A mask may read the value of a binding of a
    name in ``inlined`` (adjoints, tangents; a primal value that may vanish never) while
    it holds where the guard is: met before it in the same block, or outside a loop holding
    it, and nothing it reads bound again since."""
    rewrite, wanted, changes = _Rewrite(bad), {id(c) for c in guards}, {}

    def forget(env: dict, names: set) -> None:
        for name in [n for n, (_, reads) in env.items() if n in names or reads & names]:
            del env[name]

    def visit(block: list, env: dict) -> None:
        for stmt in block:
            nested = [getattr(stmt, f, None) for f in ('body', 'orelse', 'finalbody')]
            nested = [b for b in nested if b.__class__ is list]
            if nested:
                bound = _bound(nested)
                forget(env, bound)  # (a loop's second round: another value there)
                for inner in nested:
                    visit(inner, dict(env))
                forget(env, bound | _bound([[stmt]]))
                continue
            for call in walk(stmt):
                if call.__class__ is ast.Call and id(call) in wanted:
                    rewrite.values = {n: v for n, (v, _) in env.items()}
                    new = rewrite.guard(call)
                    if new is not call:
                        changes[id(call)] = new
            names = _bound([[stmt]])
            forget(env, names)
            if stmt.__class__ is ast.Assign and len(stmt.targets) == 1 and \
                    stmt.targets[0].__class__ is ast.Name and stmt.targets[0].id in inlined:
                env[stmt.targets[0].id] = (stmt.value, {n.id for n in walk(stmt.value)
                                                        if n.__class__ is ast.Name})
    visit(body, {})
    if not changes:
        return body
    return [_replace(stmt, changes) for stmt in body]


def _bound(blocks: list) -> set:
    """The names bound anywhere in ``blocks``."""
    names = set()
    for block in blocks:
        names.update(name for name, _ in _assignments(block))
    return names


def _replace(node, changes: dict):
    """``node`` with the calls in ``changes`` (by id) replaced; the nodes on the way to
    them copied, the rest shared (trees of generated code may be shared: never changed)."""
    new = changes.get(id(node))
    if new is not None:
        return ast.copy_location(new, node)
    changed = None
    for field, value in node.__dict__.items():
        if value.__class__ is list:
            items = [_replace(v, changes) if isinstance(v, ast.AST) else v for v in value]
            if any(x is not y for x, y in zip(items, value)):
                changed = changed or {}
                changed[field] = items
        elif isinstance(value, ast.AST):
            item = _replace(value, changes)
            if item is not value:
                changed = changed or {}
                changed[field] = item
    if not changed:
        return node
    cls = node.__class__
    copy = cls.__new__(cls)
    copy.__dict__.update(node.__dict__)
    copy.__dict__.update(changed)
    return copy


def guard_backward(forward: list, backward: list, derived: dict) -> list:
    """The backward sweep with its ``keep_zero`` guards kept only where sound (module doc).

    ``derived`` (:attr:`srcad.compiler.names.Namer.derived`) names each adjoint: a guard
    ``keep_zero(t1_bar, r)`` marks ``t1`` as the output of a singular function."""
    bar_names = {bar: name for (name, suffix), bar in derived.items() if suffix == 'bar'}
    # (a guard of another name's: keep_zero's own rules, in code differentiated again)
    guards = [c for c in _guards(backward)
              if c.args[0].__class__ is ast.Name and c.args[0].id in bar_names]
    if not guards:
        return backward
    seeds = {bar_names[c.args[0].id] for c in guards}
    singular = _closure(_assignments(forward), seeds)
    bpairs = _assignments(backward)
    bad = _closure(bpairs, singular)
    return _rewritten(backward, bad, {name for name, _ in bpairs}, guards)


def guard_forward(stmts: list, varied, derived: dict) -> list:
    """Forward-mode code (primal and tangent statements) with its ``keep_zero`` guards
    of tangents (named in ``derived``, :attr:`srcad.compiler.names.Namer.derived`) kept
    only where sound: where the tangent guarded reads no varied primal value
    (``varied(name)``) as a factor, directly or through other tangents (module doc)."""
    tangents = {dot for (_, suffix), dot in derived.items() if suffix == 'dot'}
    guards = [c for c in _guards(stmts)
              if c.args[0].__class__ is ast.Name and c.args[0].id in tangents]
    if not guards:
        return stmts
    pairs = _assignments(stmts)
    primal = {n.id for stmt in stmts for n in walk(stmt)
              if n.__class__ is ast.Name and varied(n.id)}
    bad = _closure(pairs, primal)
    return _rewritten(stmts, bad, {name for name, _ in pairs} - primal, guards)
