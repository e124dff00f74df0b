/**
 * Panel rotation and field of view, as DeepMIMO v3 applies them to path angles before the array response.
 *
 * Rotation `[α, β, γ]` (degrees) turns the panel by α about x, β about y and γ about z, i.e.
 * R = Rz(γ)·Ry(β)·Rx(α); a direction u in the global frame is seen by the panel as Rᵀu. This is the
 * closed form of DeepMIMO's `rotate_angles` (θ' = acos(cosβ cosγ cosθ + sinθ(sinβ cosγ cos(φ-γ') − sinγ sin(φ-γ'))), …).
 * Field of view `[horizontal, vertical]` (degrees) keeps paths with φ' within ±h/2 of the broadside
 * azimuth 0 and θ' within ±v/2 of the horizon (π/2); [360, 180] keeps everything.
 */
const D2R = Math.PI / 180;

/** Rotated (θ', φ') in radians for angles given in degrees; `rotation` null means none. */
export function rotateAngles(thetaDeg: number, phiDeg: number, rotation: readonly number[] | null): [number, number] {
  const th = thetaDeg * D2R, ph = phiDeg * D2R;
  if (!rotation) return [th, ph];
  const [a, b, g] = [rotation[0] * D2R, rotation[1] * D2R, rotation[2] * D2R];
  let x = Math.sin(th) * Math.cos(ph), y = Math.sin(th) * Math.sin(ph), z = Math.cos(th);
  // Rᵀ = Rx(α)ᵀ Ry(β)ᵀ Rz(γ)ᵀ: undo z, then y, then x.
  [x, y] = [Math.cos(g) * x + Math.sin(g) * y, -Math.sin(g) * x + Math.cos(g) * y];
  [x, z] = [Math.cos(b) * x - Math.sin(b) * z, Math.sin(b) * x + Math.cos(b) * z];
  [y, z] = [Math.cos(a) * y + Math.sin(a) * z, -Math.sin(a) * y + Math.cos(a) * z];
  return [Math.acos(Math.max(-1, Math.min(1, z))), Math.atan2(y, x)];
}

/** DeepMIMO's FoV test on rotated angles (radians). */
export function inFov(thetaRad: number, phiRad: number, fovDeg: readonly number[]): boolean {
  const twoPi = 2 * Math.PI;
  const h = fovDeg[0] * D2R, v = fovDeg[1] * D2R;
  const ph = ((phiRad % twoPi) + twoPi) % twoPi;
  const th = ((thetaRad % twoPi) + twoPi) % twoPi;
  return (ph <= h / 2 || ph >= twoPi - h / 2) && th <= Math.PI / 2 + v / 2 && th >= Math.PI / 2 - v / 2;
}
