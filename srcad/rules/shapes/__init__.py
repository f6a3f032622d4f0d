"""NumPy's functions that move, copy, join, split or pick elements, constructors
and their value parameters, and casts."""
