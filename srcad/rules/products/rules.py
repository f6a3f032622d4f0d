"""Rules of NumPy's products: ``np.dot``, ``np.einsum``, ``np.outer``, ``np.kron``,
``np.cross``, convolutions, polynomials..."""

import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from . import helpers, tangents  # noqa: F401
from ..registry import adjoint, linear

# --- products -----------------------------------------------------------------------
adjoint(np.dot, 'a, b, out=None', a='dot_da(g, a, b)', b='dot_db(g, a, b)', method='dot',
        tangent={'a': 'product_tangent(np.dot, dot, b)', 'b': 'product_tangent(np.dot, a, dot)'})
adjoint(np.linalg.matmul, 'x1, x2, /', x1='matmul_dx(g, x1, x2)', x2='matmul_dy(g, x1, x2)',
        tangent={'x1': 'np.linalg.matmul(dot, x2)', 'x2': 'np.linalg.matmul(x1, dot)'})
adjoint(np.vdot, 'a, b, /', a='np.reshape(np.conj(g * np.ravel(b)), np.shape(a))',
        b='np.reshape(g * np.conj(np.ravel(a)), np.shape(b))', forward='multilinear')
adjoint(np.inner, 'a, b, /', a='inner_da(g, a, b)', b='inner_db(g, a, b)', forward='multilinear')
for fn, name in ((np.outer, 'np.outer'), (np.linalg.outer, 'np.linalg.outer')):  # without out=None
    adjoint(fn, 'a, b, out=None', a='np.reshape(g @ np.ravel(b), np.shape(a))',
            b='np.reshape(np.ravel(a) @ g, np.shape(b))',
            tangent={'a': f'{name}(dot, b)', 'b': f'{name}(a, dot)'})
adjoint(np.tensordot, 'a, b, axes=2', a='tensordot_da(g, a, b, axes)',
        b='tensordot_db(g, a, b, axes)', forward='multilinear')
adjoint(np.linalg.tensordot, 'a, b, axes=2', a='tensordot_da(g, a, b, axes)',
        b='tensordot_db(g, a, b, axes)',
        tangent={'a': 'np.linalg.tensordot(dot, b, axes=axes)',
                 'b': 'np.linalg.tensordot(a, dot, axes=axes)'})
EINSUM_OPERANDS = ', '.join(f'operand{i}' for i in range(6))
adjoint(np.einsum, f'subscripts, operand0, {", ".join(f"operand{i}=None" for i in range(1, 6))}, *, '
                   'out=None, dtype=None, order="K", casting="safe", optimize=False',
        # in the sublist form (np.einsum(a, [0, 1], b, [1, 2])) subscripts is an operand
        subscripts=f'einsum_adjoint(g, subscripts, -1, {EINSUM_OPERANDS})',
        **{f'operand{i}': f'einsum_adjoint(g, subscripts, {i}, {EINSUM_OPERANDS})' for i in range(6)},
        tangent={'subscripts': 'einsum_tangent(dot, subscripts, -1, operand0, operand1, '
                               'operand2, operand3, operand4, operand5)',
                 'operand0': 'einsum_tangent(dot, subscripts, 0, operand0, operand1, operand2, '
                             'operand3, operand4, operand5)',
                 'operand1': 'einsum_tangent(dot, subscripts, 1, operand0, operand1, operand2, '
                             'operand3, operand4, operand5)',
                 'operand2': 'einsum_tangent(dot, subscripts, 2, operand0, operand1, operand2, '
                             'operand3, operand4, operand5)',
                 'operand3': 'einsum_tangent(dot, subscripts, 3, operand0, operand1, operand2, '
                             'operand3, operand4, operand5)',
                 'operand4': 'einsum_tangent(dot, subscripts, 4, operand0, operand1, operand2, '
                             'operand3, operand4, operand5)',
                 'operand5': 'einsum_tangent(dot, subscripts, 5, operand0, operand1, operand2, '
                             'operand3, operand4, operand5)'})
adjoint(np.kron, 'a, b', a='kron_adjoint(g, a, b, 0)', b='kron_adjoint(g, a, b, 1)',
        forward='multilinear')
adjoint(np.cross, 'a, b, axisa=-1, axisb=-1, axisc=-1, axis=None',
        a='cross_adjoint(g, a, b, axisa, axisb, axisc, axis, 0)',
        b='cross_adjoint(g, a, b, axisa, axisb, axisc, axis, 1)', forward='multilinear')
adjoint(np.linalg.cross, 'x1, x2, /, *, axis=-1',
        x1='cross_adjoint(g, x1, x2, axis=axis, which=0)',
        x2='cross_adjoint(g, x1, x2, axis=axis, which=1)',
        tangent={'x1': 'np.linalg.cross(dot, x2, axis=axis)',
                 'x2': 'np.linalg.cross(x1, dot, axis=axis)'})
adjoint(np.vecdot, 'x1, x2, /, *, axis=-1', x1='vecdot_adjoint(g, x1, x2, axis, 0)',
        x2='vecdot_adjoint(g, x1, x2, axis, 1)', forward='multilinear')
adjoint(np.linalg.vecdot, 'x1, x2, /, *, axis=-1', x1='vecdot_adjoint(g, x1, x2, axis, 0)',
        x2='vecdot_adjoint(g, x1, x2, axis, 1)',
        tangent={'x1': 'np.linalg.vecdot(dot, x2, axis=axis)',
                 'x2': 'np.linalg.vecdot(x1, dot, axis=axis)'})
adjoint(np.matvec, 'x1, x2, /',
        x1='unbroadcast(np.asarray(g)[..., :, None] * np.asarray(x2)[..., None, :], x1)',
        x2='unbroadcast(np.matvec(np.matrix_transpose(x1), g), x2)', forward='multilinear')
adjoint(np.vecmat, 'x1, x2, /',
        x1='unbroadcast(np.conj(np.matvec(x2, g)), x1)',
        x2='unbroadcast(np.conj(np.asarray(x1))[..., :, None] * np.asarray(g)[..., None, :], x2)',
        forward='multilinear')
adjoint(np.linalg.multi_dot, 'arrays, *, out=None', arrays='multi_dot_adjoint(g, arrays)',
        tangent={'arrays': 'multi_dot_tangent(dot, arrays, ans)'})
adjoint(np.polyval, 'p, x', p='polyval_dp(g, p, x)', x='g * np.polyval(np.polyder(p), x)',
        tangent={'p': 'np.polyval(dot, x)', 'x': 'dot * np.polyval(np.polyder(p), x)'})
adjoint(np.convolve, 'a, v, mode="full"', a='unconvolve(g, a, v, mode)',
        v='unconvolve(g, v, a, mode)', forward='multilinear')
# (the adjoint of the crop of the full correlation first: in 'same' mode with len(a) < len(v)
# NumPy swaps the arguments and reverses the result, so it centres the other way)
adjoint(np.correlate, 'a, v, mode="valid"',
        a='unconvolve(np_correlate_uncrop(g, a, v, mode), a, np.conj(v[::-1]), "full")',
        v='np.conj(unconvolve(np_correlate_uncrop(g, a, v, mode), np.conj(v[::-1]), a, '
          '"full")[::-1])', forward='multilinear')
linear(helpers.np_correlate_uncrop, 'g', signature='g, a, v, mode="valid"')
