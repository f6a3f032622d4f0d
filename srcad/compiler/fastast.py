"""Cheap walks and copies of syntax trees, for passes that run once per statement.

``ast.walk``, ``copy.deepcopy`` and ``ast.fix_missing_locations`` are general (a
deque of generators, a memo of every object, a generator per node); compile time
was dominated by them on long functions.  These give the same results for srcad's
trees (:func:`walk` leaves out the contexts and operators, which no pass looks
for), two to four times faster.
"""

from __future__ import annotations

import ast

_AST = ast.AST
_CONTEXT = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
# classes of values a copy shares: plain values, and the contexts and operators
_SHARED = frozenset({int, str, float, bool, complex, bytes, type(None), type(...)} |
                    {sub for base in _CONTEXT for sub in base.__subclasses__()})


def copy_tree(node, memo=None):
    """A deep copy of a syntax tree, as ``copy.deepcopy`` makes it: every node's
    fields and attributes (positions, and anything a pass set on it) are copied, a
    node met twice (a mark on a statement naming a node inside it) is copied once;
    contexts and operators (``Load()``, ``Add()``), which carry nothing, are shared."""
    if memo is None:
        memo = {}
    cls = node.__class__
    new = memo[id(node)] = cls.__new__(cls)
    fields = new.__dict__
    shared = _SHARED
    for key, value in node.__dict__.items():
        vcls = value.__class__
        if vcls in shared:  # (positions, names, contexts, operators: most values)
            pass
        elif vcls is list:
            value = [v if v.__class__ in shared or not isinstance(v, _AST)
                     else memo.get(id(v)) or copy_tree(v, memo) for v in value]
        elif isinstance(value, _AST) and not isinstance(value, _CONTEXT):
            value = memo.get(id(value)) or copy_tree(value, memo)
        fields[key] = value
    return new


def walk(node):
    """The nodes of a tree in ``ast.walk``'s order (breadth first), as a list, less
    the nodes that carry nothing but their class: contexts and operators (``Load()``,
    ``Add()``: read them through their parent, ``node.ctx``, ``node.op``)."""
    return walk_all([node])


def statements(body: list):
    """Every statement of ``body`` and of the blocks nested in it (bodies, ``else``,
    ``finally`` and ``except`` blocks), each before the blocks it holds; not the
    expressions in them."""
    for stmt in body:
        yield stmt
        for field in ('body', 'orelse', 'finalbody'):
            inner = getattr(stmt, field, None)
            if inner.__class__ is list:
                yield from statements(inner)
        for handler in getattr(stmt, 'handlers', ()):
            yield from statements(handler.body)


def walk_all(nodes: list) -> list:
    """The nodes of several trees, as :func:`walk` gives them, in one list (``nodes``
    grows into it)."""
    out = nodes
    append, extend = out.append, out.extend
    fields_of = _FIELDS.get
    for n in out:  # (a list iterated while it grows goes on to what was appended)
        cls = n.__class__
        if cls is _NAME or cls is _CONSTANT:  # (most nodes: nothing below)
            continue
        try:  # the commonest classes, their fields in order (a field missing: below)
            if cls is _BINOP:
                left, right = n.left, n.right
                append(left)
                append(right)
                continue
            if cls is _CALL:
                func, args, keywords = n.func, n.args, n.keywords
                append(func)
                extend(args)
                extend(keywords)
                continue
            if cls is _ATTRIBUTE or cls is _EXPR:
                append(n.value)
                continue
            if cls is _ASSIGN:
                targets, value = n.targets, n.value
                extend(targets)
                append(value)
                continue
        except AttributeError:
            pass
        fields = fields_of(cls)
        if fields is None:
            fields = _fields(cls)
        for field in fields:
            value = getattr(n, field, None)
            if isinstance(value, _AST):
                append(value)
            elif value.__class__ is list:
                for v in value:
                    if isinstance(v, _AST):
                        append(v)
    return out


_NAME, _CONSTANT, _BINOP, _CALL = ast.Name, ast.Constant, ast.BinOp, ast.Call
_ATTRIBUTE, _EXPR, _ASSIGN = ast.Attribute, ast.Expr, ast.Assign


def walk_kept(node, memo: dict | None) -> list:
    """:func:`walk` of a statement, kept in ``memo`` (``id(node) -> (node, nodes)``) for
    the next pass that walks it: a pass handed ``memo`` changes no statement in place,
    and the list given must not be changed."""
    if memo is None:
        return walk_all([node])
    found = memo.get(id(node))
    if found is not None and found[0] is node:
        return found[1]
    nodes = walk_all([node])
    memo[id(node)] = (node, nodes)
    return nodes


def children(node) -> list:
    """``ast.iter_child_nodes`` as a list, less contexts and operators (as :func:`walk`)."""
    fields = _FIELDS.get(node.__class__)
    if fields is None:
        fields = _fields(node.__class__)
    out = []
    for field in fields:
        value = getattr(node, field, None)
        if isinstance(value, _AST):
            out.append(value)
        elif value.__class__ is list:
            out += [v for v in value if isinstance(v, _AST)]
    return out


# fields that never hold a node :func:`walk` gives (names, flags, contexts, operators)
# ('name' is not among them: a ``type`` statement's is a Name)
_LEAF_FIELDS = frozenset({'ctx', 'op', 'ops', 'id', 'attr', 'arg', 'kind', 'type_comment',
                          'is_async', 'conversion', 'simple', 'level', 'module', 'text'})
_FIELDS = {ast.Constant: ()}


def node_fields(cls) -> tuple:
    """The fields of a node class that may hold nodes :func:`walk` gives (not names,
    flags, contexts, operators), in order."""
    fields = _FIELDS.get(cls)
    return _fields(cls) if fields is None else fields


def _fields(cls) -> tuple:
    fields = _FIELDS[cls] = tuple(f for f in cls._fields if f not in _LEAF_FIELDS)
    return fields





def fix_missing_locations(node):
    """``ast.fix_missing_locations``, faster (the same positions: each node missing
    one takes its nearest located ancestor's, the root's parent being 1, 0, 1, 0)."""
    _fix(node, 1, 0, 1, 0)
    return node


def fix_statement_locations(node):
    """:func:`fix_missing_locations` of the statements (and ``except`` handlers) only:
    the positions they get are the same, their expressions are left as they are.  For
    generated code written out as text (only a statement's line is read: the user's
    line it comes from), not for a tree given to ``compile``."""
    _fix_statements(node, 1, 0, 1, 0)
    return node


def _fix_statements(n, lineno, col, end_lineno, end_col):
    d = n.__dict__
    if 'lineno' in d:
        lineno = d['lineno']
    else:
        n.lineno = lineno
    end = d.get('end_lineno')
    if end is None:
        n.end_lineno = end_lineno
    else:
        end_lineno = end
    if 'col_offset' in d:
        col = d['col_offset']
    else:
        n.col_offset = col
    end = d.get('end_col_offset')
    if end is None:
        n.end_col_offset = end_col
    else:
        end_col = end
    for field in _BLOCKS:
        block = d.get(field)
        if block:
            for v in block:
                if isinstance(v, _LOCATED):
                    _fix_statements(v, lineno, col, end_lineno, end_col)


_BLOCKS = ('body', 'orelse', 'handlers', 'finalbody')
_LOCATED = (ast.stmt, ast.excepthandler)


def _fix(n, lineno, col, end_lineno, end_col):
    d = n.__dict__
    if n._attributes:
        if 'lineno' in d:
            lineno = d['lineno']
        else:
            n.lineno = lineno
        end = d.get('end_lineno')
        if end is None:
            n.end_lineno = end_lineno
        else:
            end_lineno = end
        if 'col_offset' in d:
            col = d['col_offset']
        else:
            n.col_offset = col
        end = d.get('end_col_offset')
        if end is None:
            n.end_col_offset = end_col
        else:
            end_col = end
    # (only the fields that may hold located nodes: not names, flags, contexts, operators)
    fields = _FIELDS.get(n.__class__)
    if fields is None:
        fields = _fields(n.__class__)
    for field in fields:
        value = d.get(field)
        if value is None:
            continue
        if isinstance(value, _AST):
            cls = value.__class__
            if cls is _NAME or cls is _CONSTANT:  # (a leaf: what _fix does, without a call)
                v = value.__dict__
                if 'lineno' not in v:
                    value.lineno = lineno
                if v.get('end_lineno') is None:
                    value.end_lineno = end_lineno
                if 'col_offset' not in v:
                    value.col_offset = col
                if v.get('end_col_offset') is None:
                    value.end_col_offset = end_col
            else:
                _fix(value, lineno, col, end_lineno, end_col)
        elif value.__class__ is list:
            for v in value:
                if isinstance(v, _AST):
                    _fix(v, lineno, col, end_lineno, end_col)
