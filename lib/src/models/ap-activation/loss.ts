/**
 * The semi-supervised loss (14) of paper 003:
 *   L = ε₁ MSE(P, P*) + ε₂ BCE(a, a*) + (8a) + α Σ_k [γ_thr − γ_k]₊ + β [(8d)]₊
 * with the branch-and-bound labels P*, a* (Algorithm 1). Choices (the paper prints the terms, not
 * their scaling; see the notebook's "Deviations and choices"):
 *  - the unsupervised terms see the decisions made at inference, P_mk = 1[a_m ≥ 0.5] P̂_mk ρ, with
 *    a straight-through gradient (d1[a ≥ 0.5]/da taken as 1) so that they reach the activation head;
 *  - the power term is the whole objective (8a), transmit plus P_cir per active AP, in watts;
 *  - the constraint terms are hinge penalties in relative units, [1 − √(γ_k/γ_thr)]₊ per user and
 *    [1 − ν/σ²_xy]₊ for the CRLB, so violations count and met constraints cost nothing (the printed
 *    α(γ_k − γ_thr) would reward SINR beyond the threshold). The SINR enters through its square
 *    root, which is linear in the amplitudes: with γ_k itself the gradient vanishes when no AP
 *    serves user k, and a network that has switched every AP off would never switch one back on;
 *  - the MSE compares P̂ = P/ρ_DL; samples without a label (branch-and-bound found no feasible
 *    set) contribute to the unsupervised terms only.
 */
import { tf } from "../../tensor/backend";
import { sensingMarginTf, sqrtSinrTf, type SharedConstants } from "../../systems/ap-activation/metrics-tf";
import type { LossWeights } from "../../systems/ap-activation/config";
import type { HetGraph } from "./graph";
import type { HetGnnOutput } from "./hetgnn";

/** Branch-and-bound labels of a padded batch. */
export interface Labels {
  /** P̂*_mk = P*_mk/ρ_DL, [B, M, K] */
  power: tf.Tensor;
  /** a*_m ∈ {0, 1}, [B, M] */
  active: tf.Tensor;
  /** 1 where the sample has a label, [B] */
  labelled: tf.Tensor;
}

/** 1[a ≥ 0.5] in the forward pass, the identity's gradient in the backward pass (straight-through). */
const thresholdFn = (a: tf.Tensor, save: tf.GradSaveFunc) => {
  save([]);
  return { value: tf.step(tf.sub(a, 0.5)), gradFunc: (dy: tf.Tensor) => dy };
};
const threshold = tf.customGrad(thresholdFn as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor) => tf.Tensor;

/** The terms of (14), each a batch mean (scalars). */
export function lossTerms(g: HetGraph, out: HetGnnOutput, c: SharedConstants, labels: Labels) {
  return tf.tidy(() => {
    const a = out.activation; // [B, M]
    const on = threshold(a); // the active APs, 1[a ≥ 0.5]
    const P = tf.mul(out.power, on.expandDims(2)); // P̂ of the active APs, [B, M, K]
    const psen = tf.sum(P, 2); // [B, M]
    const power = tf.mean(tf.add(tf.mul(tf.sum(psen, 1), c.rho), tf.mul(tf.sum(on, 1), c.pcir))); // (8a) [W]
    const sinrShort = tf.relu(tf.sub(1, tf.div(sqrtSinrTf(g, out.power, on), Math.sqrt(c.gamma)))); // [B, K]
    const sinrPenalty = tf.mean(tf.sum(tf.mul(sinrShort, g.ueMask), 1));
    const sensingPenalty = tf.mean(tf.relu(tf.sub(1, sensingMarginTf(g, psen))));
    // Supervised terms over labelled samples and real nodes only.
    const apW = tf.mul(g.apMask, labels.labelled.expandDims(1)); // [B, M]
    const edgeW = tf.mul(apW.expandDims(2), g.ueMask.expandDims(1)); // [B, M, K]
    const mse = tf.div(tf.sum(tf.mul(tf.square(tf.sub(P, labels.power)), edgeW)), tf.maximum(tf.sum(edgeW), 1));
    const p = tf.clipByValue(a, 1e-7, 1 - 1e-7);
    const bce = tf.neg(tf.add(tf.mul(labels.active, tf.log(p)), tf.mul(tf.sub(1, labels.active), tf.log(tf.sub(1, p)))));
    const bceMean = tf.div(tf.sum(tf.mul(bce, apW)), tf.maximum(tf.sum(apW), 1));
    return { mse, bce: bceMean, power, sinrPenalty, sensingPenalty };
  });
}

/** (14) as one scalar. */
export function semiSupervisedLoss(g: HetGraph, out: HetGnnOutput, c: SharedConstants, labels: Labels, w: LossWeights): tf.Scalar {
  return tf.tidy(() => {
    const t = lossTerms(g, out, c, labels);
    return tf.addN([tf.mul(t.mse, w.epsilon1), tf.mul(t.bce, w.epsilon2), t.power, tf.mul(t.sinrPenalty, w.alpha), tf.mul(t.sensingPenalty, w.beta)]) as tf.Scalar;
  });
}
