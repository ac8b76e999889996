// The benchmarks' command-line numbers: `--name value`.

/** The number after `--name` on the command line, or `fallback` without it. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
