import { parseArgs } from "node:util";

/** `--content <dir>` (default content/), shared by the content CLIs. */
export function contentArgs(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      content: { type: "string", default: "content" },
      json: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  return values;
}
