"""NumPy functions everyday programs call that take more than a line of math
(``np.cov``, ``np.polyfit``, ``np.block``...), NumPy's corners and library idioms
(``where=``/``initial=``, ufunc methods, ``math``, ``np.random``)."""
