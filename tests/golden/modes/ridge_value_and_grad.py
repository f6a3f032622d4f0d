def ridge_value_and_grad(w, X, y, lam):
    # forward sweep
    t1 = X @ w
    r = t1 - y
    t2 = np.dot(r, r)
    t3 = len(y)
    t4 = t2 / t3
    t5 = np.dot(w, w)
    t6 = lam * t5
    t7 = t4 + t6
    # backward sweep
    # grad of: return np.dot(r, r) / len(y) + lam * np.dot(w, w)
    t7_bar = seed(t7)
    t4_bar = unbroadcast(t7_bar, t4)
    t6_bar = unbroadcast(t7_bar, t6)
    t5_bar = unbroadcast(t6_bar * lam, t5)
    w_bar = dot_da(t5_bar, w, w)
    w_bar = w_bar + dot_db(t5_bar, w, w)
    t2_bar = unbroadcast(keep_zero(t4_bar, t4_bar / t3), t2)
    r_bar = dot_da(t2_bar, r, r)
    r_bar = r_bar + dot_db(t2_bar, r, r)
    # grad of: r = X @ w - y
    t1_bar = unbroadcast(r_bar, t1)
    w_bar = w_bar + matmul_dy(t1_bar, X, w)
    return (t7, like_input(w_bar, w))
