"""Rules of ``np.fft``.

The DFT matrix is symmetric, so each transform's adjoint is the same
transform applied to ``g`` (same ``norm``), cropped or zero-padded back to
the input's length; the real and Hermitian variants handle the half
spectrum (see :mod:`srcad.rules.linalg.helpers`).  A real input gets a real adjoint.
"""

import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from ..linalg import helpers  # noqa: F401
from ..registry import adjoint

ONE_D = 'a, n=None, axis=-1, norm=None, out=None'
N_D = 'a, s=None, axes=None, norm=None, out=None'
TWO_D = 'a, s=None, axes=(-2, -1), norm=None, out=None'

adjoint(np.fft.fft, ONE_D, a='unfft(g, a, n, axis, norm, np.fft.fft)',
        tangent={'a': 'np.fft.fft(dot, n, axis, norm)'})
adjoint(np.fft.ifft, ONE_D, a='unfft(g, a, n, axis, norm, np.fft.ifft)',
        tangent={'a': 'np.fft.ifft(dot, n, axis, norm)'})
adjoint(np.fft.rfft, ONE_D, a='unrfft(g, a, n, axis, norm)',
        tangent={'a': 'np.fft.rfft(dot, n, axis, norm)'})
adjoint(np.fft.irfft, ONE_D, a='unirfft(g, a, n, axis, norm)',
        tangent={'a': 'np.fft.irfft(dot, n, axis, norm)'})
adjoint(np.fft.hfft, ONE_D, a='unhfft(g, a, n, axis, norm)',
        tangent={'a': 'np.fft.hfft(dot, n, axis, norm)'})
adjoint(np.fft.ihfft, ONE_D, a='unihfft(g, a, n, axis, norm)',
        tangent={'a': 'np.fft.ihfft(dot, n, axis, norm)'})
adjoint(np.fft.fftn, N_D, a='unfftn(g, a, s, axes, norm, np.fft.fftn)',
        tangent={'a': 'np.fft.fftn(dot, s, axes, norm)'})
adjoint(np.fft.ifftn, N_D, a='unfftn(g, a, s, axes, norm, np.fft.ifftn)',
        tangent={'a': 'np.fft.ifftn(dot, s, axes, norm)'})
adjoint(np.fft.fft2, TWO_D, a='unfftn(g, a, s, axes, norm, np.fft.fftn)',
        tangent={'a': 'np.fft.fft2(dot, s, axes, norm)'})
adjoint(np.fft.ifft2, TWO_D, a='unfftn(g, a, s, axes, norm, np.fft.ifftn)',
        tangent={'a': 'np.fft.ifft2(dot, s, axes, norm)'})
adjoint(np.fft.rfftn, N_D, a='unrfftn(g, a, s, axes, norm)',
        tangent={'a': 'np.fft.rfftn(dot, s, axes, norm)'})
adjoint(np.fft.irfftn, N_D, a='unirfftn(g, a, s, axes, norm)',
        tangent={'a': 'np.fft.irfftn(dot, s, axes, norm)'})
adjoint(np.fft.rfft2, TWO_D, a='unrfftn(g, a, s, axes, norm)',
        tangent={'a': 'np.fft.rfft2(dot, s, axes, norm)'})
adjoint(np.fft.irfft2, TWO_D, a='unirfftn(g, a, s, axes, norm)',
        tangent={'a': 'np.fft.irfft2(dot, s, axes, norm)'})
