import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "isac/core";
import { tf, initBackend, setGradientFixes, gradientFixesEnabled, cmul, cinner, cmatmul, cnormalize, cnorm2, complexToFeatures, featuresToComplex, type ComplexTensor } from "isac/tensor";
import { Dense } from "isac/nn";

before(async () => {
  await initBackend(undefined, { quiet: true });
});

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

function randomComplex(rng: Rng, shape: number[]): ComplexTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { re: tf.tensor(Float32Array.from(rng.normals(n)), shape), im: tf.tensor(Float32Array.from(rng.normals(n)), shape) };
}

test("the backend chosen here is wasm (no tfjs-node offline) and it carries the gradient fixes", async () => {
  const b = await initBackend();
  assert.ok(["tensorflow", "wasm", "cpu"].includes(b));
  if (b !== "tensorflow") assert.ok(gradientFixesEnabled());
});

test("the explicit-transpose BatchMatMul gradient equals tfjs's own for all transpose flags", () => {
  const rng = new Rng("mmgrad");
  for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]]) {
    const a = tf.tensor(Float32Array.from(rng.normals(2 * 3 * 4)), ta ? [2, 4, 3] : [2, 3, 4]);
    const b = tf.tensor(Float32Array.from(rng.normals(2 * 4 * 5)), tb ? [2, 5, 4] : [2, 4, 5]);
    const w = tf.tensor(Float32Array.from(rng.normals(2 * 3 * 5)), [2, 3, 5]);
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), w));
    setGradientFixes(false);
    const stock = tf.grads(f)([a, b]).map((g) => g.dataSync());
    setGradientFixes(true);
    const fixed = tf.grads(f)([a, b]).map((g) => g.dataSync());
    close(fixed[0], stock[0], 1e-5, `dA (ta=${ta}, tb=${tb})`);
    close(fixed[1], stock[1], 1e-5, `dB (ta=${ta}, tb=${tb})`);
  }
  setGradientFixes(tf.getBackend() !== "tensorflow");
});

test("the Max gradient equals tfjs's own (axes, keepDims, ties) and routes dy to the maxima", () => {
  const rng = new Rng("maxgrad");
  // Integer values in [-2, 2] so that ties occur; tfjs's gradient gives every tied maximum dy.
  const x = tf.tensor(Float32Array.from(rng.normals(3 * 4 * 5), (v) => Math.round(Math.max(-2, Math.min(2, v * 1.5)))), [3, 4, 5]);
  for (const [axis, keepDims] of [[1, false], [2, true], [[0, 2], false], [-1, false]] as Array<[number | number[], boolean]>) {
    const y = tf.max(x, axis, keepDims);
    const w = tf.tensor(Float32Array.from(rng.normals(y.size)), y.shape);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.max(t, axis, keepDims), w));
    setGradientFixes(false);
    const stock = tf.grad(f)(x).dataSync();
    setGradientFixes(true);
    assert.ok(gradientFixesEnabled());
    const fixed = tf.grad(f)(x).dataSync();
    close(fixed, stock, 0, `dx (axis ${axis}, keepDims ${keepDims})`);
    // By hand for axis 1: dx[i, j, k] = w[i, k] where x[i, j, k] is the maximum over j.
    if (axis === 1) {
      const xv = x.arraySync() as number[][][], yv = y.arraySync() as number[][], wv = w.arraySync() as number[][];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 5; k++)
        assert.equal(fixed[(i * 4 + j) * 5 + k] + 0, xv[i][j][k] === yv[i][k] ? Math.fround(wv[i][k]) : 0);
    }
  }
  setGradientFixes(tf.getBackend() !== "tensorflow");
});

test("Dense: forward is x W + b through the activation; gradients match finite differences", () => {
  const rng = new Rng("dense");
  for (const activation of ["linear", "relu", "leakyrelu", "sigmoid"] as const) {
    const d = new Dense(rng.child(activation), 5, 3, { activation, alpha: 0.1 });
    const x = tf.tensor(Float32Array.from(rng.normals(2 * 4 * 5)), [2, 4, 5]);
    const z = tf.add(tf.matMul(x.reshape([8, 5]), d.w), d.b).reshape([2, 4, 3]);
    const act = { linear: z, relu: tf.relu(z), leakyrelu: tf.leakyRelu(z, 0.1), sigmoid: tf.sigmoid(z) }[activation];
    close(d.apply(x).dataSync(), act.dataSync(), 1e-5, `${activation} forward`);
    // Gradient of L = Σ c ⊙ y with respect to x and W, against the stock-op gradient in float32
    // and against central finite differences in float64 arithmetic on the host.
    const c = tf.tensor(Float32Array.from(rng.normals(24)), [2, 4, 3]);
    const [gx, gw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(c, d.apply(xx))))([x, d.w]);
    const ref = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => {
      const zz = tf.add(tf.matMul(xx.reshape([8, 5]), ww), d.b).reshape([2, 4, 3]);
      const yy = { linear: zz, relu: tf.relu(zz), leakyrelu: tf.leakyRelu(zz, 0.1), sigmoid: tf.sigmoid(zz) }[activation];
      return tf.sum(tf.mul(c, yy));
    })([x, d.w]);
    close(gx.dataSync(), ref[0].dataSync(), 1e-4, `${activation} dX`);
    close(gw.dataSync(), ref[1].dataSync(), 1e-4, `${activation} dW`);
  }
});

test("Dense rejects an input whose last axis does not match", () => {
  const d = new Dense(new Rng(1), 4, 2);
  assert.throws(() => d.apply(tf.zeros([3, 5])), /Dense 4→2: input's last axis is 5/);
});

test("complex ops agree with scalar complex arithmetic", () => {
  const rng = new Rng("complex");
  const a = randomComplex(rng, [3, 4]);
  const b = randomComplex(rng, [3, 4]);
  const [ar, ai, br, bi] = [a.re, a.im, b.re, b.im].map((t) => t.dataSync());
  const p = cmul(a, b);
  const [pr, pi] = [p.re.dataSync(), p.im.dataSync()];
  for (let i = 0; i < 12; i++) {
    assert.ok(Math.abs(pr[i] - (ar[i] * br[i] - ai[i] * bi[i])) < 1e-5);
    assert.ok(Math.abs(pi[i] - (ar[i] * bi[i] + ai[i] * br[i])) < 1e-5);
  }
  // aᴴb per row
  const ip = cinner(a, b);
  const [ipr, ipi] = [ip.re.dataSync(), ip.im.dataSync()];
  for (let r = 0; r < 3; r++) {
    let sr = 0, si = 0;
    for (let k = 0; k < 4; k++) {
      const i = r * 4 + k;
      sr += ar[i] * br[i] + ai[i] * bi[i];
      si += ar[i] * bi[i] - ai[i] * br[i];
    }
    assert.ok(Math.abs(ipr[r] - sr) < 1e-4 && Math.abs(ipi[r] - si) < 1e-4, `row ${r}`);
  }
  // matmul: (A B)[i][j] = Σ_k A[i][k] B[k][j] with B = bᵀ (4×3)
  const bt = { re: b.re.transpose(), im: b.im.transpose() };
  const m = cmatmul(a, bt);
  const [mr, mi] = [m.re.dataSync(), m.im.dataSync()];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let sr = 0, si = 0;
      for (let k = 0; k < 4; k++) {
        const x = i * 4 + k, y = j * 4 + k;
        sr += ar[x] * br[y] - ai[x] * bi[y];
        si += ar[x] * bi[y] + ai[x] * br[y];
      }
      assert.ok(Math.abs(mr[i * 3 + j] - sr) < 1e-4 && Math.abs(mi[i * 3 + j] - si) < 1e-4, `(${i},${j})`);
    }
  // normalisation and feature round trip
  close(cnorm2(cnormalize(a, 2)).dataSync(), [2, 2, 2], 1e-5, "normalised power");
  const back = featuresToComplex(complexToFeatures(a));
  close(back.re.dataSync(), ar, 0, "re round trip");
  close(back.im.dataSync(), ai, 0, "im round trip");
  assert.throws(() => featuresToComplex(tf.zeros([2, 3])), /last axis must be even/);
});

