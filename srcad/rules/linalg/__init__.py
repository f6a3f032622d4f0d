"""``np.linalg``: rules, adjoint helpers, tangent helpers, second order."""
