/** Rich display in a tslab notebook; a no-op (returns false) outside a kernel. */

interface TslabDisplay {
  html(s: string): void;
}

function tslabDisplay(): TslabDisplay | null {
  try {
    // Inside the kernel, require("tslab") is the running kernel's module; lastWriteDisplayData
    // is set only while a cell executes.
    const jupyter = require("tslab/dist/jupyter");
    if (!jupyter.lastWriteDisplayData) return null;
    return require("tslab").display as TslabDisplay;
  } catch {
    return null;
  }
}

/** True when running inside a tslab kernel. */
export function inNotebook(): boolean {
  return tslabDisplay() !== null;
}

/** Shows HTML inline; returns whether it was shown. */
export function displayHtml(html: string): boolean {
  const d = tslabDisplay();
  if (!d) return false;
  d.html(html);
  return true;
}
