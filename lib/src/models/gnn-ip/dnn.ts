/**
 * Benchmark 3 of paper 001: a fully connected network from all channels and target steering
 * vectors, stacked into one vector [Re h_1, Im h_1, …, Re h_L, Im h_L, Re a_1, Im a_1, …], to the
 * beams, with sigmoid hidden layers of equal width, a linear output of 2ML + 2M² numbers read as
 * in (20)–(22), and the normalisation (23). Its input size fixes L: it must be retrained per L.
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import { complexToFeatures, type ComplexTensor } from "../../tensor/complex";
import { Mlp } from "../../nn/mlp";
import type { DnnConfig } from "../../systems/gnn-ip/config";
import { normalisedBeams, type BeamTensors } from "./normalisation";

export class IsacDnn {
  private readonly net: Mlp;

  constructor(rng: Rng, readonly antennas: number, readonly users: number, readonly targets: number, readonly cfg: DnnConfig) {
    const M = antennas;
    if (cfg.layers < 2) throw new Error(`IsacDnn: layers must be ≥ 2 (got ${cfg.layers})`);
    const sizes = [2 * M * (users + targets), ...Array<number>(cfg.layers - 1).fill(cfg.hidden), 2 * M * users + 2 * M * M];
    this.net = new Mlp(rng, sizes, { activation: "sigmoid", outputActivation: "linear" });
  }

  get variables(): tf.Variable[] {
    return this.net.variables;
  }

  /** Beams C [B, M, L], S [B, M, M] with tr R = power, for channels [B, L, M] and targets [K, 2M]. */
  beams(h: ComplexTensor, targets: tf.Tensor, power: number): BeamTensors {
    const [B, L, M] = h.re.shape;
    if (M !== this.antennas || L !== this.users) throw new Error(`IsacDnn: built for L = ${this.users}, M = ${this.antennas}; channels have shape [${h.re.shape}]`);
    if (targets.shape[0] !== this.targets) throw new Error(`IsacDnn: built for ${this.targets} targets, got [${targets.shape}]`);
    const x = tf.concat([complexToFeatures(h).reshape([B, 2 * L * M]), tf.tile(targets.reshape([1, -1]), [B, 1])], 1);
    const y = this.net.apply(x);
    const [zc, zs] = tf.split(y, [2 * M * L, 2 * M * M], 1);
    return normalisedBeams(zc.reshape([B, L, 2 * M]), zs, M, power);
  }
}
