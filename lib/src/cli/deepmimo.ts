/**
 * `isac deepmimo <sub>`: inspect DeepMIMO folders, export channels, generate the O1-like scenario.
 *
 *   isac deepmimo info <folder>
 *   isac deepmimo channels <folder> --bs <b> --users <i,j,...> [--bs-antenna Nh,Nv] [--ue-antenna Nh,Nv]
 *        [--spacing s] [--num-paths n] [--subcarriers k0,k1,...] [--total-subcarriers N] [--bandwidth-ghz B]
 *     prints {"users":[{"id":i,"shape":[Mrx,Mtx,K],"re":[...],"im":[...]}]} (row-major; ids are 0-based
 *     indices within the BS's user files; a user without paths gives zeros)
 *   isac deepmimo generate-o1 <out-folder> [--freq-ghz 28] [--bs 1,2,3] [--rows 1-40] [--row-step 1] [--col-step 1] [--seed 0]
 */
import type { Command } from "./index";
import { loadScenario } from "../data/load";
import { numPaths } from "../data/scenario";
import { buildChannels, type ChannelParamsInput } from "../channels/deepmimo-channel";

function parseFlags(args: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else {
        if (i + 1 >= args.length) throw new Error(`${a} needs a value`);
        flags[a.slice(2)] = args[++i];
      }
    } else positional.push(a);
  }
  return { positional, flags };
}

function intList(s: string, flag: string): number[] {
  const out = s.split(",").map((x) => x.trim()).filter((x) => x.length).map(Number);
  if (!out.length || out.some((x) => !Number.isInteger(x))) throw new Error(`--${flag} expects comma-separated integers, got '${s}'`);
  return out;
}

function num(s: string, flag: string): number {
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`--${flag} expects a number, got '${s}'`);
  return v;
}

function checkKnown(flags: Record<string, string>, known: string[]): void {
  for (const k of Object.keys(flags)) if (!known.includes(k)) throw new Error(`unknown option --${k} (known: ${known.map((x) => "--" + x).join(", ")})`);
}

function info(args: string[]): number {
  const { positional } = parseFlags(args);
  if (positional.length !== 1) throw new Error("usage: isac deepmimo info <folder>");
  const sc = loadScenario(positional[0]);
  const lines = [
    `${sc.folder}: DeepMIMO ${sc.format} scenario '${sc.name}'`,
    `  carrier ${sc.carrierFreqHz / 1e9} GHz, transmit power ${sc.transmitPowerDbm} dBm, ${sc.numBs} base stations in the scenario`,
    sc.userGrids.length ? `  user grids [first_row, last_row, users_per_row]: ${JSON.stringify(sc.userGrids)}` : "",
  ].filter(Boolean);
  for (const b of sc.baseStations) {
    const u = b.users;
    let withPaths = 0, maxP = 0, losUsers = 0;
    for (let i = 0; i < u.count; i++) {
      const n = numPaths(u, i);
      if (n) withPaths++;
      maxP = Math.max(maxP, n);
      let l = 0;
      for (let j = u.offsets[i]; j < u.offsets[i + 1]; j++) l += u.los[j];
      if (l) losUsers++;
    }
    lines.push(
      `  BS${b.id} at [${b.position.map((x) => +x.toFixed(3)).join(", ")}]: ${u.count} users, ${withPaths} with paths ` +
        `(${losUsers} LoS), ${u.offsets[u.count]} paths, at most ${maxP} per user` +
        (b.baseStations ? `; BS-BS links to ${b.baseStations.count} base stations` : ""),
    );
  }
  for (const n of sc.notes) lines.push(`  note: ${n}`);
  console.log(lines.join("\n"));
  return 0;
}

function channels(args: string[]): number {
  const { positional, flags } = parseFlags(args);
  checkKnown(flags, ["bs", "users", "bs-antenna", "ue-antenna", "spacing", "num-paths", "subcarriers", "total-subcarriers", "bandwidth-ghz"]);
  if (positional.length !== 1 || !flags.bs || !flags.users) {
    throw new Error("usage: isac deepmimo channels <folder> --bs <b> --users <i,j,...> [options]");
  }
  const bs = intList(flags.bs, "bs");
  if (bs.length !== 1) throw new Error(`--bs expects one base station id, got '${flags.bs}'`);
  const users = intList(flags.users, "users");
  const p: ChannelParamsInput = { bs_antenna: {}, ue_antenna: {}, OFDM: {} };
  const pair = (s: string, f: string): [number, number] => {
    const v = intList(s, f);
    if (v.length !== 2) throw new Error(`--${f} expects Nh,Nv, got '${s}'`);
    return [v[0], v[1]];
  };
  if (flags["bs-antenna"]) p.bs_antenna!.shape = pair(flags["bs-antenna"], "bs-antenna");
  if (flags["ue-antenna"]) p.ue_antenna!.shape = pair(flags["ue-antenna"], "ue-antenna");
  if (flags.spacing) p.bs_antenna!.spacing = p.ue_antenna!.spacing = num(flags.spacing, "spacing");
  if (flags["num-paths"]) p.num_paths = num(flags["num-paths"], "num-paths");
  if (flags.subcarriers) p.OFDM!.selected_subcarriers = intList(flags.subcarriers, "subcarriers");
  if (flags["total-subcarriers"]) p.OFDM!.subcarriers = num(flags["total-subcarriers"], "total-subcarriers");
  if (flags["bandwidth-ghz"]) p.OFDM!.bandwidth = num(flags["bandwidth-ghz"], "bandwidth-ghz");
  const sc = loadScenario(positional[0], { bs, bsToBs: false });
  const h = buildChannels(sc, bs[0], users, p);
  const [, Mrx, Mtx, K] = h.shape;
  const per = Mrx * Mtx * K;
  const out = users.map((id, u) => ({
    id,
    shape: [Mrx, Mtx, K],
    re: Array.from(h.re.subarray(u * per, (u + 1) * per)),
    im: Array.from(h.im.subarray(u * per, (u + 1) * per)),
  }));
  process.stdout.write(JSON.stringify({ users: out }) + "\n");
  return 0;
}

function generateO1(args: string[]): number {
  const { positional, flags } = parseFlags(args);
  checkKnown(flags, ["freq-ghz", "bs", "rows", "row-step", "col-step", "seed"]);
  if (positional.length !== 1) throw new Error("usage: isac deepmimo generate-o1 <out-folder> [options]");
  // Loaded lazily: the generator is only needed here.
  const { writeO1Scenario } = require("../data/o1") as typeof import("../data/o1");
  const rows = flags.rows ? flags.rows.split("-").map(Number) : undefined;
  if (rows && (rows.length !== 2 || rows.some((r) => !Number.isInteger(r)))) throw new Error(`--rows expects first-last, got '${flags.rows}'`);
  const res = writeO1Scenario(positional[0], {
    carrierFreqHz: flags["freq-ghz"] ? num(flags["freq-ghz"], "freq-ghz") * 1e9 : undefined,
    bs: flags.bs ? intList(flags.bs, "bs") : undefined,
    rows: rows as [number, number] | undefined,
    rowStep: flags["row-step"] ? num(flags["row-step"], "row-step") : undefined,
    colStep: flags["col-step"] ? num(flags["col-step"], "col-step") : undefined,
    seed: flags.seed ? num(flags.seed, "seed") : undefined,
  });
  console.log(`wrote ${res.folder}: ${res.users} users × ${res.bs.length} base stations (BS ${res.bs.join(", ")}), ${res.paths} paths`);
  return 0;
}

export const deepmimoCommand: Command = {
  summary: "DeepMIMO folders: info <folder> | channels <folder> --bs b --users i,j | generate-o1 <out>",
  run(args: string[]) {
    const [sub, ...rest] = args;
    if (sub === "info") return info(rest);
    if (sub === "channels") return channels(rest);
    if (sub === "generate-o1") return generateO1(rest);
    throw new Error(`usage: isac deepmimo info|channels|generate-o1 ... (got '${sub ?? ""}')`);
  },
};
