/** Seeded weight initialisers (tf's own initialisers are not seeded per stream). */
import { Rng } from "../core/rng";
import { tf } from "../tensor/backend";

/** Glorot/Xavier uniform: U(−a, a), a = √(6 / (fanIn + fanOut)). */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): tf.Tensor2D {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const v = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < v.length; i++) v[i] = rng.uniformIn(-a, a);
  return tf.tensor2d(v, [fanIn, fanOut]);
}
