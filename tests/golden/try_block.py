def try_block_grad(a):
    # forward sweep
    tried = try_begin()
    try:
        t1 = a.T
        t2 = a @ t1
        chol = np.linalg.cholesky(t2 + np.eye(2))
    except BaseException:
        tried = False
        caught_kinds = (np.linalg.LinAlgError,)
        check_caught(caught_kinds)
        chol = np.eye(2)
    # backward sweep
    # grad of: return np.sum(chol)
    chol_bar = unreduce(1.0, chol)
    # grad of: try:
    a_bar = None
    if tried:
        # grad of: chol = np.linalg.cholesky(a @ a.T + np.eye(2))
        t4_bar = cholesky_adjoint(chol_bar, chol)
        t2_bar = unbroadcast(t4_bar, t2)
        a_bar = matmul_dx(t2_bar, a, t1)
        t1_bar = matmul_dy(t2_bar, a, t1)
        a_bar = a_bar + untranspose(t1_bar)
    return like_input(a_bar, a)
