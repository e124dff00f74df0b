/** Units and constants: decibels, dBm, noise power. */

export const SPEED_OF_LIGHT = 299_792_458; // [m/s]
export const BOLTZMANN = 1.380649e-23; // [J/K]

/** 10^(dB/10): a power ratio from decibels. */
export function dbToLinear(db: number): number {
  return 10 ** (db / 10);
}

/** 10·log10(x): decibels from a power ratio. */
export function linearToDb(x: number): number {
  return 10 * Math.log10(x);
}

/** Watts from dBm. */
export function dbmToWatt(dbm: number): number {
  return 10 ** ((dbm - 30) / 10);
}

/** dBm from watts. */
export function wattToDbm(w: number): number {
  return 10 * Math.log10(w) + 30;
}

/** Thermal noise power [W] over a bandwidth: density [dBm/Hz] + 10·log10(B) + noise figure [dB]. */
export function noisePowerWatt(densityDbmPerHz: number, bandwidthHz: number, noiseFigureDb = 0): number {
  return dbmToWatt(densityDbmPerHz + 10 * Math.log10(bandwidthHz) + noiseFigureDb);
}
