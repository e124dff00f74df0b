/**
 * The Naive CNN baseline (Section IV.B): the same node features arranged as an image with one row
 * per BS and one column per link (Z sensing, then K communication), 2L channels; 3 × 3 convolutions
 * (ReLU), then fully connected layers to [Re p̂, Im p̂] of every link, and the output layer (50).
 * Sizes are ours (the paper gives none).
 */
import { Rng } from "../../core/rng";
import { tf } from "../../tensor/backend";
import type { ComplexTensor } from "../../tensor/complex";
import { Conv2d } from "../../nn/conv2d";
import { Mlp } from "../../nn/mlp";
import type { ModelConfig } from "../../systems/lhgnn/config";
import { featuresToBeams, type BeamInputs } from "./inputs";
import type { LinkDims } from "./link-gnn";
import { powerNormalize } from "./normalize";

export class NaiveCnn {
  private readonly convs: Conv2d[];
  private readonly fc: Mlp;

  constructor(rng: Rng, readonly dims: LinkDims, cfg: ModelConfig) {
    const { N, K, Z, L } = dims;
    const ch = [2 * L, ...cfg.cnnChannels];
    this.convs = cfg.cnnChannels.map((c, i) => new Conv2d(rng.child(`conv${i}`), ch[i], c, 3, "relu"));
    this.fc = new Mlp(rng.child("fc"), [N * (K + Z) * ch[ch.length - 1], cfg.cnnHidden, N * (K + Z) * 2 * L], { activation: "relu" });
  }

  get variables(): tf.Variable[] {
    return [...this.convs.flatMap((c) => c.variables), ...this.fc.variables];
  }

  raw(x0: BeamInputs): tf.Tensor {
    const { N, K, Z, L } = this.dims;
    const B = x0.comm.shape[0];
    const img = this.convs.reduce((x, c) => c.apply(x), tf.concat([x0.sens, x0.comm], 2) as tf.Tensor4D);
    return this.fc.apply(img.reshape([B, -1])).reshape([B, N, Z + K, 2 * L]);
  }

  beams(x0: BeamInputs, powerW: number): ComplexTensor {
    return powerNormalize(featuresToBeams(this.raw(x0)), powerW);
  }
}
