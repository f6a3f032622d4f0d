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
    t3_dot = np.sum(t2_dot, axis=1, keepdims=True)
    t4 = np.log(t3)
    t4_dot = keep_zero(t3_dot, t3_dot / t3)
    logp = shifted - t4
    logp_dot = broadcast_like(shifted_dot, logp) + broadcast_like(-t4_dot, logp)
    t5 = labels * logp
    t5_dot = logp_dot * labels
    t6 = np.sum(t5, axis=1)
    t6_dot = np.sum(t5_dot, axis=1)
    t7 = np.mean(t6)
    t7_dot = np.mean(t6_dot)
    t8 = -t7
    t8_dot = -t7_dot
    return (t8, t8_dot)
