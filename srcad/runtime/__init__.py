"""The few helpers that generated derivative code calls.

Shape bookkeeping (broadcasting, reductions, indexing with repeated indices)
lives here, once, in small named functions that are tested on their own.
Rules call these helpers instead of repeating the bookkeeping, and the
generated code calls them by name, so a reader meets the same few words
everywhere.  Every helper is plain NumPy and safe to export with the
generated code: this package imports only NumPy, the standard library and
:mod:`srcad.errors`, never the compiler.

- :mod:`~srcad.runtime.shapes`: broadcasting undone, reductions expanded back, casts;
- :mod:`~srcad.runtime.containers`: adjoints of lists, tuples and dicts, list operations;
- :mod:`~srcad.runtime.indexing`: element writes, and the adjoints of reads and writes;
- :mod:`~srcad.runtime.inputs`: the output's seed and each input's finished gradient;
- :mod:`~srcad.runtime.products`: the adjoints of ``@`` and ``np.dot``;
- :mod:`~srcad.runtime.singular`: ``keep_zero`` (a zero adjoint stays zero through an
  infinite derivative) and the check that no derivative of a finite value is nan.
"""

from __future__ import annotations

import numpy as np

# (_is_zero, _zeros_like, INPUT_ADJOINTS and record_adjoint are for srcad's rules, not
# generated code)
from .containers import (AdjointDict, AdjointList, _is_zero, _zeros_like, add_adjoints,
                         as_adjoint, copy_containers, list_append, list_pop, part, sequence,
                         tangent_parts, unappend, unarray, unconcatenate, unpacked_adjoint,
                         unstack, zero_tangent)
from .indexing import (add_at, array_only, diagonal_index, index_adjoint, setitem, take_at,
                       value_adjoint, iterated_itself, same_object, views, writes_back,
                       zero_at)
from .dtypes import inplace_check, inplace_result, inplace_tangent
from .inputs import INPUT_ADJOINTS, like_input, record_adjoint, seed, zeros_like_input
from .objects import ObjectTangent, index_tangent, object_tangent, tangent_for
from .products import dot_da, dot_db, matmul_dx, matmul_dy
from .shapes import (astype, clip_mask, expand_reduced, extremum_mask, prod_others,
                     reduced_size, reshape_method, shape_of, transpose_method, unbroadcast,
                     uncast, unreduce, untranspose)

#: The names generated code may use, mapped to what they mean.
HELPERS = {f.__name__: f for f in (
    shape_of, unbroadcast, unreduce, reduced_size, expand_reduced, extremum_mask,
    prod_others, index_adjoint, add_at, unstack, unconcatenate, part, zero_tangent,
    tangent_parts, unpacked_adjoint, setitem, array_only, diagonal_index, zero_at, take_at,
    value_adjoint, copy_containers, list_append, sequence, list_pop, unappend, AdjointList, AdjointDict,
    add_adjoints, as_adjoint, seed, like_input, zeros_like_input)}
HELPERS['np'] = np
HELPERS.update({f.__name__: f for f in (
    matmul_dx, matmul_dy, dot_da, dot_db, untranspose, clip_mask, unarray,
    reshape_method, transpose_method, astype, uncast, inplace_check, writes_back, views,
    same_object, iterated_itself,
    inplace_result, inplace_tangent)})
HELPERS.update({f.__name__: f for f in (index_tangent, object_tangent, tangent_for)})
