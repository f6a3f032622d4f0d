"""What the compiler's passes know about library functions besides their derivative.

One table, read by every pass that needs it (shapes: :mod:`srcad.compiler.shapeinfo`;
aliasing: :mod:`srcad.compiler.mutation`; cancelled shifts: :mod:`srcad.compiler.shifts`), so
the passes cannot disagree.  The kinds are :data:`registry.FACT_KINDS`.
"""

import numpy as np

from .registry import declare_facts

declare_facts(np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.var, np.std,
              np.nansum, np.nanmean, np.median, np.ptp, facts={'reduction'})
declare_facts(np.reshape, np.ravel, np.transpose, np.squeeze, np.expand_dims, np.swapaxes,
              np.moveaxis, np.broadcast_to, np.asarray, np.atleast_1d, np.atleast_2d,
              np.atleast_3d, np.diagonal, np.asanyarray, facts={'view'})
declare_facts(np.max, np.amax, np.min, np.amin, np.mean, facts={'row_value'})
declare_facts(np.apply_along_axis, np.apply_over_axes, np.vectorize, np.frompyfunc,
              np.piecewise, facts={'calls_back'})
declare_facts(np.zeros, np.ones, np.empty, facts={'array_maker'})  # (shape, dtype=float, order='C')
