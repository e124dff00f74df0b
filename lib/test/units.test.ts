import { test } from "node:test";
import assert from "node:assert/strict";
import { SPEED_OF_LIGHT, BOLTZMANN, dbToLinear, linearToDb, dbmToWatt, wattToDbm, noisePowerWatt } from "isac/core";

const near = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("dB and dBm conversions: known values and round trips", () => {
  assert.equal(dbToLinear(30), 1000);
  assert.equal(dbToLinear(0), 1);
  near(linearToDb(2), 3.0102999566, 1e-10);
  assert.equal(linearToDb(0), -Infinity);
  near(dbmToWatt(30), 1, 1e-15);
  near(dbmToWatt(0), 1e-3, 1e-18);
  near(wattToDbm(0.1), 20, 1e-12);
  for (const x of [-120, -3, 0, 17.5, 46]) {
    near(linearToDb(dbToLinear(x)), x, 1e-12);
    near(wattToDbm(dbmToWatt(x)), x, 1e-12);
  }
});

test("thermal noise: kT at 290 K is −174 dBm/Hz; bandwidth and noise figure add in dB", () => {
  near(SPEED_OF_LIGHT, 299792458, 0);
  near(wattToDbm(BOLTZMANN * 290), -173.98, 0.01);
  // −174 dBm/Hz over 20 MHz: −174 + 73.01 = −100.99 dBm
  near(wattToDbm(noisePowerWatt(-174, 20e6)), -174 + 10 * Math.log10(20e6), 1e-12);
  near(wattToDbm(noisePowerWatt(-174, 20e6, 9)), -174 + 10 * Math.log10(20e6) + 9, 1e-12);
  near(noisePowerWatt(-174, 1e6) / noisePowerWatt(-174, 1e3), 1000, 1e-9);
});
