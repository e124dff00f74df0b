/**
 * Agreement with cvxopt's conelp on the random LP/SOCP/SDP/mixed instances of
 * data/fixtures/solvers (scripts/solver-fixtures.py): same status, optimal objective to 1e-6
 * relative, and every infeasibility certificate checked on its own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "isac/core";
import { solveConic, verifySolution, type ConicProblemJSON, type ConicSolution } from "isac/solvers";

interface Fixture {
  name: string;
  problem: ConicProblemJSON;
  cvxopt: { status: string; pobj?: number; dobj?: number };
}

for (const family of ["lp", "socp", "sdp", "mixed"]) {
  test(`agrees with cvxopt on ${family} instances (status, objective, certificates)`, () => {
    const file = path.join(repoRoot(), "data", "fixtures", "solvers", `cvxopt-${family}.json`);
    const { instances } = JSON.parse(fs.readFileSync(file, "utf8")) as { instances: Fixture[] };
    assert.ok(instances.length >= 60, `${file}: expected at least 60 instances`);
    const statuses = new Set<string>();
    for (const f of instances) {
      const sol: ConicSolution = solveConic(f.problem);
      statuses.add(sol.status);
      assert.equal(sol.status, f.cvxopt.status, `${f.name}: status`);
      if (sol.status === "optimal") {
        const ref = f.cvxopt.pobj!;
        const rel = Math.abs(sol.pobj! - ref) / Math.max(1, Math.abs(ref));
        assert.ok(rel <= 1e-6, `${f.name}: objective ${sol.pobj} vs cvxopt ${ref} (rel ${rel})`);
        assert.ok(Math.abs(sol.pobj! - sol.dobj!) <= 1e-6 * Math.max(1, Math.abs(ref)), `${f.name}: gap`);
      }
      for (const [what, v] of Object.entries(verifySolution(f.problem, sol))) {
        assert.ok(v <= 1e-7, `${f.name}: ${sol.status} check '${what}' = ${v}`);
      }
    }
    assert.deepEqual([...statuses].sort(), ["dual_infeasible", "optimal", "primal_infeasible"]);
  });
}
