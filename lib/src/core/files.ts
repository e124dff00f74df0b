/** Atomic writes: an interrupted run never leaves a half-written file or folder behind. */
import * as fs from "node:fs";
import * as path from "node:path";

let counter = 0;
const tmpName = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${counter++}.tmp`);

/** Writes `data` to a temporary file beside `file`, then renames it into place. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Fills a temporary sibling folder with `fill(tmpDir)`, then renames it to `folder`; an existing
 * folder is replaced only once the new one is complete.
 */
export function writeDirAtomic(folder: string, fill: (tmpDir: string) => void): void {
  folder = path.resolve(folder);
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  const tmp = tmpName(folder);
  fs.mkdirSync(tmp);
  try {
    fill(tmp);
    if (fs.existsSync(folder)) {
      const old = tmpName(folder);
      fs.renameSync(folder, old);
      fs.renameSync(tmp, folder);
      fs.rmSync(old, { recursive: true, force: true });
    } else fs.renameSync(tmp, folder);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
