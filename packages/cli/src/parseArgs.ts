/** A deliberately small argument parser: flags with one value, repeatable flags, positionals. */
export interface ParsedArgs {
  flags: Map<string, string[]>;
  positionals: string[];
}

export class UsageError extends Error {}

/**
 * Parses `--name value`, `--name=value` and bare positionals. Only flags named in `known` are
 * accepted (an unknown flag is a usage error, so a typo never silently changes the result);
 * `booleans` take no value.
 */
export function parseArgs(
  argv: string[],
  known: string[],
  booleans: string[] = [],
): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-')
        throw new UsageError(`unknown flag ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!known.includes(name) && !booleans.includes(name))
      throw new UsageError(`unknown flag --${name}`);
    let value: string;
    if (booleans.includes(name)) value = eq >= 0 ? arg.slice(eq + 1) : 'true';
    else if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length)
        throw new UsageError(`flag --${name} needs a value`);
      value = argv[++i];
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positionals };
}

/** The last value of a flag (later flags override earlier ones, as in most CLIs). */
export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}
