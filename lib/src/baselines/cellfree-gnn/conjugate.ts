/**
 * Conjugate-beamforming baselines of paper 002, Section V:
 *  (ii) CB for communication: f_mu = h_mu at every AP, scaled so that AP m spends P_m; no sensing beam;
 * (iii) CB for sensing: the full P_m on f_mq = √P_m a(θ_m)/‖a(θ_m)‖; no communication beams.
 */
import type { CellFreeBatch, Complex32 } from "../../systems/cellfree-gnn/system";

function beams(b: CellFreeBatch): Complex32 {
  const n = b.size * b.aps * (b.users + 1) * b.antennas;
  return { re: new Float32Array(n), im: new Float32Array(n) };
}

export function conjugateCommunication(b: CellFreeBatch, apPower: number): Complex32 {
  const { size: B, aps: M, users: U, antennas: N } = b;
  const S = U + 1, F = beams(b);
  for (let i = 0; i < B * M; i++) {
    let norm2 = 0;
    for (let k = 0; k < U * N; k++) norm2 += b.h.re[i * U * N + k] ** 2 + b.h.im[i * U * N + k] ** 2;
    const scale = Math.sqrt(apPower / norm2);
    for (let u = 0; u < U; u++)
      for (let n = 0; n < N; n++) {
        F.re[(i * S + u) * N + n] = scale * b.h.re[(i * U + u) * N + n];
        F.im[(i * S + u) * N + n] = scale * b.h.im[(i * U + u) * N + n];
      }
  }
  return F;
}

export function conjugateSensing(b: CellFreeBatch, apPower: number): Complex32 {
  const { size: B, aps: M, users: U, antennas: N } = b;
  const S = U + 1, F = beams(b);
  const scale = Math.sqrt(apPower / N); // ‖a‖² = N
  for (let i = 0; i < B * M; i++)
    for (let n = 0; n < N; n++) {
      F.re[(i * S + U) * N + n] = scale * b.a.re[i * N + n];
      F.im[(i * S + U) * N + n] = scale * b.a.im[i * N + n];
    }
  return F;
}
