import numpy as np
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).parent))
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(0)
