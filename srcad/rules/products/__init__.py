"""NumPy's products, convolutions and polynomials."""
