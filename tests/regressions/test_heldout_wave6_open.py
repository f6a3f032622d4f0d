"""Held-out wave 6: the two programs still silently wrong (strict xfails: a fix turns
them into passes, the strict marker into a failure, and the marker comes off)."""

import numpy as np
import pytest

import srcad
from corpus.programs.heldout_wave6_kinks import inf_norm_at_tie, where_zero_guard_x_squared_over_x
from srcad.testing import check_derivatives


@pytest.mark.xfail(strict=True, reason='W6 (design): np.where(x == 0, c, f(x)) at x == 0 '
                                       'differentiates the constant branch of one point')
def test_hvp_of_an_equality_guard_at_the_guarded_point():
    check_derivatives(where_zero_guard_x_squared_over_x, np.array([0.0, 0.4]), modes=('hvp',))


@pytest.mark.xfail(strict=True, reason='W5 remainder: hvp of np.linalg.norm(x, np.inf) at a tie '
                                       '(hand-written tangent in rules/linalg) is 0')
def test_hvp_of_the_inf_norm_at_a_tie_is_refused():
    with pytest.raises(srcad.SrcadError):
        srcad.hvp(inf_norm_at_tie, (np.array([0.3, -0.3, 0.1]),), np.array([1.0, 0.5, 0.2]))
