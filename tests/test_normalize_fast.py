"""The normalizer's fast path for operators on atoms (srcad/compiler/normalize_fast.py)
gives what the general flattener gives: the same statements, the same temporaries,
the same names taken -- for the user's code and for generated gradients alike."""

import ast

import pytest

import srcad
from srcad.compiler import normalize as normalize_module
from srcad.compiler import parse


def straight(x, a):
    t = x * 2.0 + a
    u = -(t * t) / (1.0 + x)
    v = -1.0
    w = t
    c = a < x
    d = 0.0 < x <= a
    e = not c
    return u + v * w + t - (x - a) * (x + a) + 0.0 * (c + d + e)


def looped(x, a):
    t = x
    s = 0.0
    for i in range(3):
        t = t * 0.9 + x
        t = t + a
        t = (t + 1.0) * t
        t = -t
        t = -(t * 2.0)
        s = s + t
        s = x - s
        t = t
        b = t < s
        s = s + 0.0 * b
        for j in range(2):
            s = s * s - 1.0
            s = 2.0 * (s + t)
    k = 0
    while k < 3:
        k = k + 1
        s = s / 2.0 + t
    return s + t


def branches(x, a):
    y = x * x
    if a > 0.0:
        y = y * a + x
    else:
        y = -y + a * a
    return y * 2.0


def nested(x, a):
    def scale(v):
        return v * a
    t = scale(x) + x * x
    return t * 2.0


def inplace(x, a):
    y = x * 2.0 + a
    y += a
    z = y * y + 1.0
    z *= x
    for i in range(2):
        z = z * 0.5 + y
        z -= a
    return z


def _state(prog):
    stmts = [(type(n).__name__, n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)
             for n in ast.walk(prog.tree) if isinstance(n, ast.stmt)]
    namer = prog.namer
    return (ast.dump(prog.tree, include_attributes=True), stmts, namer.count, sorted(namer.taken),
            sorted(map(repr, namer.derived.items())), sorted(prog.helpers), prog.params,
            getattr(prog, 'in_place', None))


def _both(fn):
    src = parse.read_function(fn)
    fast = normalize_module.normalize(src)
    kept = normalize_module.passthrough
    normalize_module.passthrough = lambda flat, stmt: None
    try:
        slow = normalize_module.normalize(src)
    finally:
        normalize_module.passthrough = kept
    return fast, slow


@pytest.mark.parametrize('fn', [straight, looped, branches, nested, inplace])
def test_same_as_the_flattener(fn):
    fast, slow = _both(fn)
    assert _state(fast) == _state(slow)


@pytest.mark.parametrize('fn', [straight, looped, branches, inplace])
def test_same_for_the_generated_gradient(fn):
    x = 0.3
    gradient = srcad.grad(fn).compiled_for(()).fn  # the code hvp runs forward mode over
    fast, slow = _both(gradient)
    assert _state(fast) == _state(slow)
    # and the Hessian-vector product built from it is right
    from srcad.testing import check_derivatives
    check_derivatives(fn, x, 0.4, modes=('hvp',))


def test_a_nested_function_as_a_value_is_still_refused():
    def f(x):
        def g(v):
            return v * 2.0
        h = g
        return h(x)
    with pytest.raises(srcad.SrcadError):
        srcad.grad(f)(1.0)
