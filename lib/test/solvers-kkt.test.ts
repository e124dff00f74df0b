/**
 * The two factorisations of the KKT systems (lib/src/solvers/kkt.ts, arrow.ts): the block-arrow
 * path ("arrow": small dense blocks plus a dense tail, chosen automatically for large structured
 * LP/SOCP problems) must give the same answers as cvxopt and as the dense path.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng, repoRoot } from "isac/core";
import {
  PAPER_003_BENCH,
  cellFreeInstance,
  powerAllocationSocp,
  solveConic,
  verifySolution,
  type ConicProblemJSON,
} from "isac/solvers";

interface Fixture {
  name: string;
  problem: ConicProblemJSON;
  cvxopt: { status: string; pobj?: number };
}

for (const family of ["lp", "socp"]) {
  test(`block-arrow KKT path agrees with cvxopt on the ${family} fixtures`, () => {
    const file = path.join(repoRoot(), "data", "fixtures", "solvers", `cvxopt-${family}.json`);
    const { instances } = JSON.parse(fs.readFileSync(file, "utf8")) as { instances: Fixture[] };
    for (const f of instances) {
      const sol = solveConic(f.problem, { kkt: "arrow" });
      assert.equal(sol.status, f.cvxopt.status, `${f.name}: status`);
      if (sol.status === "optimal") {
        const ref = f.cvxopt.pobj!;
        const rel = Math.abs(sol.pobj! - ref) / Math.max(1, Math.abs(ref));
        assert.ok(rel <= 1e-6, `${f.name}: objective ${sol.pobj} vs cvxopt ${ref} (rel ${rel})`);
      }
      for (const [what, v] of Object.entries(verifySolution(f.problem, sol))) {
        assert.ok(v <= 1e-7, `${f.name}: ${sol.status} check '${what}' = ${v}`);
      }
    }
  });
}

test("paper-003 power-allocation SOCP: block-arrow and dense paths reach the same optimum", () => {
  for (const [aps, users] of [
    [10, 4],
    [20, 6],
  ]) {
    const params = { ...PAPER_003_BENCH, aps, users };
    const p = powerAllocationSocp(cellFreeInstance(new Rng(`kkt-${aps}-${users}`), params), params).model.toProblem();
    const arrow = solveConic(p, { kkt: "arrow" });
    const dense = solveConic(p, { kkt: "dense" });
    const auto = solveConic(p);
    for (const sol of [arrow, dense, auto]) {
      assert.equal(sol.status, "optimal", `M=${aps} K=${users}`);
      for (const [what, v] of Object.entries(verifySolution(p, sol))) assert.ok(v <= 1e-7, `M=${aps} K=${users}: '${what}' = ${v}`);
    }
    // the optimum is tiny (Σ y² ≈ 1e-5…1e-4); the gap test is absolute at 1e-8
    assert.ok(Math.abs(arrow.pobj! - dense.pobj!) <= 2e-8, `M=${aps} K=${users}: ${arrow.pobj} vs ${dense.pobj}`);
    assert.deepEqual(auto.x, arrow.x, "auto chooses the block-arrow path here");
  }
});
