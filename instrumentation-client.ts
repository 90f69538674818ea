// Runs in the browser before the app's own code (Next.js instrumentation-client hook).
import { config } from "zod/v4/core";

// zod 4 probes `new Function("")` once to decide whether to compile fast parsers; under the pages'
// Content-Security-Policy (no 'unsafe-eval', proxy.ts) that probe is reported as a CSP violation
// even though zod catches it. jitless skips the probe; client-side parses are small either way.
config({ jitless: true });
