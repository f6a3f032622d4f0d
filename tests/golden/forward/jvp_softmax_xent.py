def softmax_xent_jvp(tangents, /, logits, labels):
    # tangents of the inputs
    logits_dot = tangents[0]
    # primal and tangent
    t1 = np.max(logits, axis=1, keepdims=True)
    t1_dot = np.sum(logits_dot * extremum_mask(logits, t1, 1, True), axis=1, keepdims=True)
    shifted = logits - t1
    shifted_dot = broadcast_like(logits_dot, shifted) + broadcast_like(-t1_dot, shifted)
    t2 = np.exp(shifted)
    t2_dot = keep_zero(shifted_dot, shifted_dot * t2)
    t3 = np.sum(t2, axis=1, keepdims=True)
    t4_dot = keep_zero(np.sum(np.abs(np.broadcast_to(shifted_dot, np.shape(t2_dot))), axis=1, keepdims=True), np.sum(t2_dot, axis=1, keepdims=True) / t3)
    logp = shifted - np.log(t3)
    logp_dot = broadcast_like(shifted_dot, logp) + broadcast_like(-t4_dot, logp)
    t8 = -np.mean(np.sum(labels * logp, axis=1))
    t8_dot = -np.mean(np.sum(logp_dot * labels, axis=1))
    return (t8, t8_dot)
