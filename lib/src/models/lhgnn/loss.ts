/**
 * The unsupervised loss (51), batch mean:
 *   L = −Σ_k R_k  +  ρ1 Σ_z max(0, SPEB_z/γ − 1)  +  ρ2 Σ_k max(0, r − R_k)
 * with ρ1, ρ2 growing with the epoch (Section IV.A). The SPEB penalty is on the relative violation
 * SPEB/γ − 1 (ours; (51b) writes SPEB − γ, whose size depends on the unit of length).
 */
import { tf } from "../../tensor/backend";
import type { ComplexTensor } from "../../tensor/complex";
import { spebTf, userRatesTf, type SpebOperators } from "../../systems/lhgnn/metrics-tf";

export interface LossWeights {
  rho1: number;
  rho2: number;
  /** SPEB threshold γ [m²]. */
  gamma: number;
  /** Rate floor r [bit/s/Hz]. */
  rateFloor: number;
}

export function lhgnnLoss(h: ComplexTensor, beams: ComplexTensor, ops: SpebOperators, w: LossWeights): tf.Scalar {
  const Z = ops.E.length;
  const rates = userRatesTf(h, beams, Z); // [B, K]
  const speb = spebTf(ops, beams); // [B, Z]
  const sumRate = tf.mean(tf.sum(rates, -1));
  const spebPenalty = tf.mean(tf.sum(tf.relu(tf.sub(tf.div(speb, w.gamma), 1)), -1));
  const ratePenalty = tf.mean(tf.sum(tf.relu(tf.sub(w.rateFloor, rates)), -1));
  return tf.add(tf.neg(sumRate), tf.add(tf.mul(w.rho1, spebPenalty), tf.mul(w.rho2, ratePenalty))) as tf.Scalar;
}
