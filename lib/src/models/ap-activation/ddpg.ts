/**
 * The DDPG baseline of paper 003 (Section IV): an actor (MLP 128–64–output, sigmoid activations)
 * maps the flattened state to an action, a critic (MLP 64–128–1) scores the concatenated state and
 * action, and the actor follows the critic's gradient. One model per (M, K): the state is the
 * flattened features of the HetGNN's graph (graph.ts: AP features, communication and radar edges)
 * and the action has M + M·K entries in [0, 1]: the AP activations (active when ≥ 0.5), then the
 * per-user power shares of each AP, scaled like the HetGNN's power head so that (8b) holds.
 *
 * Choices (Section IV gives the networks only). A decision is one step (an episode ends after it),
 * so the critic's target is the reward itself (discount 0) and DDPG's target networks, which
 * stabilise bootstrapped targets, have nothing to do: we omit them. The reward is minus the
 * unsupervised part of the HetGNN's loss, computed with the closed forms:
 *   r = −(8a) [W] − α Σ_k [1 − √(γ_k/γ_thr)]₊ − β [1 − ν/σ²_xy]₊.
 * Exploration adds Gaussian noise to the actions (standard deviation decaying linearly from
 * `noise` to a tenth of it), clipped to [0, 1]; transitions go to a replay buffer.
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { Mlp } from "../../nn/mlp";
import { Adam } from "../../train/adam";
import type { DdpgConfig, LossWeights } from "../../systems/ap-activation/config";
import { evaluate } from "../../systems/ap-activation/metrics";
import type { Instance } from "../../systems/ap-activation/scenario";
import { disposeGraph, hetGraph } from "./graph";

/** A decision read off an action: active APs and P_mk [W]. */
export interface Decision {
  active: boolean[];
  P: number[][];
}

/** Flattened states of instances of one size, [B, S]. */
export function ddpgStates(list: readonly Instance[]): tf.Tensor2D {
  const g = hetGraph(list);
  const B = list.length;
  const s = tf.tidy(() => tf.concat([g.ap.reshape([B, -1]), g.comm.reshape([B, -1]), g.radar.reshape([B, -1])], 1) as tf.Tensor2D);
  disposeGraph(g);
  return s;
}

/** The decision an action in [0, 1]^{M + MK} encodes for an instance. */
export function decision(inst: Instance, action: ArrayLike<number>): Decision {
  const { M, K } = inst;
  const active = Array.from({ length: M }, (_, m) => action[m] >= 0.5);
  const P = Array.from({ length: M }, (_, m) => {
    const share = Array.from({ length: K }, (_, k) => action[M + m * K + k]);
    const scale = inst.rho / Math.max(share.reduce((a, x) => a + x, 0), 1);
    return share.map((x) => (active[m] ? x * scale : 0));
  });
  return { active, P };
}

/** r = −(8a) − α Σ_k [1 − √(γ_k/γ_thr)]₊ − β [1 − ν/σ²_xy]₊, with the closed forms. */
export function reward(inst: Instance, d: Decision, w: LossWeights): number {
  const e = evaluate(inst, d.P, { active: d.active });
  const sinrShort = e.sinr.reduce((s, g) => s + Math.max(0, 1 - Math.sqrt(g / inst.gamma)), 0);
  const crlbShort = Math.max(0, 1 - inst.nu / e.crlb);
  return -e.total - w.alpha * sinrShort - w.beta * crlbShort;
}

export class Ddpg {
  readonly actor: Mlp;
  readonly critic: Mlp;

  constructor(rng: Rng, readonly M: number, readonly K: number, stateSize: number) {
    const A = M + M * K;
    this.actor = new Mlp(rng.child("actor"), [stateSize, 128, 64, A], { activation: "sigmoid", outputActivation: "sigmoid" });
    this.critic = new Mlp(rng.child("critic"), [stateSize + A, 64, 128, 1], { activation: "relu" });
  }

  get variables(): tf.Variable[] {
    return [...this.actor.variables, ...this.critic.variables];
  }

  /** Actions of the actor, without exploration noise. */
  act(states: tf.Tensor2D): number[][] {
    return tf.tidy(() => this.actor.apply(states).arraySync() as number[][]);
  }

  /**
   * Trains on fresh instances from `draw` (one call per instance); `onProgress` gets the step and
   * the mean reward of the step's noisy actions.
   */
  train(draw: () => Instance, cfg: DdpgConfig, w: LossWeights, rng: Rng, onProgress?: (step: number, meanReward: number) => void): void {
    const actorOpt = new Adam(this.actor.variables);
    const criticOpt = new Adam(this.critic.variables);
    const buffer: { s: number[]; a: number[]; r: number }[] = [];
    for (let step = 1; step <= cfg.steps; step++) {
      const list = Array.from({ length: cfg.batch }, draw);
      const states = ddpgStates(list);
      const sigma = cfg.noise * (1 - (0.9 * (step - 1)) / Math.max(cfg.steps - 1, 1));
      const actions = this.act(states).map((a) => a.map((x) => Math.min(1, Math.max(0, x + sigma * rng.normal()))));
      const s = states.arraySync();
      states.dispose();
      let total = 0;
      list.forEach((inst, i) => {
        const r = reward(inst, decision(inst, actions[i]), w);
        total += r;
        buffer.push({ s: s[i], a: actions[i], r });
        if (buffer.length > cfg.replay) buffer.shift();
      });
      // One critic and one actor update on a minibatch from the replay buffer.
      const mini = Array.from({ length: Math.min(buffer.length, 2 * cfg.batch) }, () => buffer[rng.int(buffer.length)]);
      const [S, A, R] = [tf.tensor2d(mini.map((t) => t.s)), tf.tensor2d(mini.map((t) => t.a)), tf.tensor2d(mini.map((t) => [t.r]))];
      tf.dispose(criticOpt.minimize(() => tf.mean(tf.square(tf.sub(this.critic.apply(tf.concat([S, A], 1)), R))) as tf.Scalar, cfg.criticLearningRate));
      tf.dispose(actorOpt.minimize(() => tf.neg(tf.mean(this.critic.apply(tf.concat([S, this.actor.apply(S)], 1)))) as tf.Scalar, cfg.actorLearningRate));
      tf.dispose([S, A, R]);
      onProgress?.(step, total / list.length);
    }
    actorOpt.dispose();
    criticOpt.dispose();
  }
}
