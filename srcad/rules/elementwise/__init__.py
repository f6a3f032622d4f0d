"""NumPy's elementwise functions: rules, their helpers, complex numbers."""
