/**
 * Typed experiment configs: each series defines presets (at least `quick` and `paper`); a
 * notebook picks one by scale and may override fields. Unknown keys are rejected (a typo must
 * not silently run the default), and so are values of the wrong type.
 */
import { currentScale, type Scale } from "./scale";

export type Presets<T> = Record<Scale, T>;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** `base` with `overrides` applied recursively; throws on unknown keys or changed value types. */
export function withOverrides<T extends object>(base: T, overrides: DeepPartial<T> = {}, where = "config"): T {
  const out: Plain = { ...(base as Plain) };
  for (const [k, v] of Object.entries(overrides as Plain)) {
    if (!(k in out)) {
      throw new Error(`${where}: unknown key '${k}' (known: ${Object.keys(out).join(", ")})`);
    }
    const cur = out[k];
    if (v === undefined) continue;
    if (isPlain(cur)) {
      if (!isPlain(v)) throw new Error(`${where}.${k}: expected an object, got ${JSON.stringify(v)}`);
      out[k] = withOverrides(cur, v, `${where}.${k}`);
    } else {
      const kind = (x: unknown) => (Array.isArray(x) ? "array" : x === null ? "null" : typeof x);
      if (cur !== null && kind(cur) !== kind(v)) {
        throw new Error(`${where}.${k}: expected ${kind(cur)}, got ${kind(v)} ${JSON.stringify(v)}`);
      }
      out[k] = v;
    }
  }
  return out as T;
}

/** The preset for `scale` (default: $ISAC_SCALE) with overrides applied. */
export function configFor<T extends object>(presets: Presets<T>, overrides?: DeepPartial<T>, scale: Scale = currentScale()): T {
  return withOverrides(presets[scale], overrides, `${scale} config`);
}

/** JSON with object keys sorted, so equal configs serialise (and hash) equally. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    if (isPlain(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]));
    return v;
  });
}
