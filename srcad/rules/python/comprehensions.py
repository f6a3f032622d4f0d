"""Rules for what comprehensions and generator expressions are consumed by
(see :mod:`srcad.compiler.comprehensions`): ``math.fsum`` adds like ``sum`` (it only
rounds once), so its derivative is ``sum``'s."""

import math

from ..registry import adjoint

adjoint(math.fsum, 'seq', seq='unarray(np.broadcast_to(g, (len(seq),) + np.shape(g)), seq)',
        forward=('linear', 'seq'))
