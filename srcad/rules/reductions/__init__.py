"""NumPy's reductions, cumulative functions and order statistics."""
