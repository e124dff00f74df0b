/**
 * `isac solve problem.json` (or `-` for stdin): solves a conic problem in the JSON format of
 * lib/src/solvers/problem.ts and prints the solution as JSON to stdout.
 */
import * as fs from "node:fs";
import type { Command } from "./index";
import { solveConic } from "../solvers";

export const solveCommand: Command = {
  summary: "solve a conic problem (LP/SOCP/SDP) given as JSON: isac solve problem.json | -",
  run(args) {
    if (args.length !== 1 || args[0] === "--help" || args[0] === "-h") {
      process.stderr.write(
        "usage: isac solve <problem.json | ->\n" +
          '  problem: {"c":[..n], "A":{"m","n","i","j","v"}, "b":[..m], "cone":{"z","l","q":[..],"s":[..]}, "options":{"tol","maxIter"}}\n',
      );
      return 2;
    }
    const file = args[0];
    const text = file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file === "-" ? "stdin" : file}: not valid JSON (${e instanceof Error ? e.message : e})`);
    }
    const solution = solveConic(input as Parameters<typeof solveConic>[0]);
    process.stdout.write(JSON.stringify(solution) + "\n");
    return 0;
  },
};
