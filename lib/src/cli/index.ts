/**
 * The `isac` command: `npx isac <command> [args]` from the repository root.
 * Each command lives in its own module; this file only dispatches.
 */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number | void> | number | void;
}

function commands(): Record<string, Command> {
  // Lazy requires keep `isac --help` fast and let one command's heavy imports not slow the others.
  return {
    "install-kernel": require("./install-kernel").installKernelCommand,
    reproduce: require("./reproduce").reproduceCommand,
    solve: require("./solve").solveCommand,
    bench: require("./bench").benchCommand,
    deepmimo: require("./deepmimo").deepmimoCommand,
    "build-native": require("./build-native").buildNativeCommand,
  };
}

export async function main(argv: string[]): Promise<void> {
  const table = commands();
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || !(name in table)) {
    const lines = Object.entries(table).map(([k, c]) => `  ${k.padEnd(16)} ${c.summary}`);
    const out = `usage: isac <command> [args]\n\ncommands:\n${lines.join("\n")}\n`;
    if (name && name !== "--help" && name !== "-h") {
      process.stderr.write(`isac: unknown command '${name}'\n\n${out}`);
      process.exitCode = 2;
    } else process.stdout.write(out);
    return;
  }
  try {
    const code = await table[name].run(rest);
    if (typeof code === "number") process.exitCode = code;
  } catch (e) {
    process.stderr.write(`isac ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
