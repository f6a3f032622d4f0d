"""Wrong results found while integrating wave 2's work, fixed as refusals or rules."""

import numpy as np
import pytest

import srcad
from srcad.errors import RuntimeCheckError


def padded_empty(x):
    return np.sum(np.pad(x, 2, mode='empty') ** 2)


@pytest.mark.parametrize('transform', [
    lambda x: srcad.grad(padded_empty)(x),
    lambda x: srcad.jvp(padded_empty, (x,), (np.ones_like(x),)),
])
def test_pad_mode_empty_is_refused(transform):
    # its padding is whatever the memory held: no derivative (it was differentiated as zeros)
    with pytest.raises(RuntimeCheckError, match="mode='empty'"):
        transform(np.linspace(0.5, 1.5, 3))
