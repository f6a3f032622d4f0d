"""SciPy's rules (special, linalg, stats, signal, integrate), loaded the first time
they can be needed (:mod:`.loader`)."""
