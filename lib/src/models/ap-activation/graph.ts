/**
 * The heterogeneous graph of paper 003 (Section III.B.1) as dense padded tensors: AP nodes with
 * features, UE and SR nodes without, communication edges AP–UE and radar edges AP–SR with one
 * feature family each. Instances of different sizes share a batch by padding to the largest M and
 * K (masks mark the real nodes); every instance has the same number of SRs T.
 *
 * Feature scaling (a choice; the paper gives the quantities, not their scaling). Gains span many
 * decades, so they enter as logarithms, centred and scaled to order one:
 *   AP m:       [x_m/R, y_m/R, lg(νρq_a,m), lg(νρq_b,m), q_c,m/√(q_a,m q_b,m), γ_thr [dB]/10, log₁₀ ν]
 *               (R = the largest distance of any node from the target; lg x = (log₁₀ x)/2)
 *   comm m–k:   [(log₁₀(ρβ_mk) − 2)/2, (log₁₀(ρṽ_mk) − 2)/2]      (the channel gain and its estimate)
 *   radar m–t:  [(log₁₀|χ_mt|² + 12)/2]                               (the target's reflection gain)
 */
import { tf } from "../../tensor/backend";
import { padded, sharedConstants, systemTensors, type SystemTensors } from "../../systems/ap-activation/metrics-tf";
import type { Instance } from "../../systems/ap-activation/scenario";

export const AP_FEATURES = 7;
export const COMM_FEATURES = 2;
export const RADAR_FEATURES = 1;

/** Node and edge features of a padded batch, with the system tensors the loss needs. */
export interface HetGraph extends SystemTensors {
  /** AP features [B, M, 7] */
  ap: tf.Tensor;
  /** communication edges [B, M, K, 2] */
  comm: tf.Tensor;
  /** radar edges [B, M, T, 1] */
  radar: tf.Tensor;
}

const lg = (x: number) => Math.log10(Math.max(x, 1e-30)) / 2;

/** The HetGraph of instances (padded to the largest M and K among them). */
export function hetGraph(instances: readonly Instance[]): HetGraph {
  const { rho, gamma, nu } = sharedConstants(instances);
  const T = instances[0].T;
  if (instances.some((i) => i.T !== T)) throw new Error("hetGraph: every instance of a batch needs the same number of sensing receivers T");
  const B = instances.length;
  const M = Math.max(...instances.map((i) => i.M));
  const K = Math.max(...instances.map((i) => i.K));
  const radius = new Map(instances.map((i) => [i, Math.max(...[...i.aps, ...i.users, ...i.receivers].map(([x, y]) => Math.hypot(x, y)), 1e-9)]));
  const apFeature = (i: Instance, m: number, f: number): number => {
    const R = radius.get(i)!;
    switch (f) {
      case 0: return i.aps[m][0] / R;
      case 1: return i.aps[m][1] / R;
      case 2: return lg(nu * rho * i.qa[m]);
      case 3: return lg(nu * rho * i.qb[m]);
      case 4: return i.qc[m] / Math.sqrt(i.qa[m] * i.qb[m] || 1);
      case 5: return Math.log10(gamma);
      default: return Math.log10(nu);
    }
  };
  return {
    ...systemTensors(instances),
    ap: tf.tensor3d(padded(instances, M, AP_FEATURES, apFeature, (i) => [i.M, AP_FEATURES]), [B, M, AP_FEATURES]),
    comm: tf.tidy(() =>
      tf.stack(
        [
          tf.tensor3d(padded(instances, M, K, (i, m, k) => lg(rho * i.beta[m][k]) - 1), [B, M, K]),
          tf.tensor3d(padded(instances, M, K, (i, m, k) => lg(rho * i.v[m][k]) - 1), [B, M, K]),
        ],
        -1,
      ),
    ),
    radar: tf.tensor4d(padded(instances, M, T, (i, m, t) => lg(i.chi2[m][t]) + 6, (i) => [i.M, T]), [B, M, T, RADAR_FEATURES]),
  };
}

/** Disposes every tensor of a graph. */
export function disposeGraph(g: HetGraph): void {
  tf.dispose(Object.values(g));
}
