// Runs in the browser before the app's own code (Next.js instrumentation-client hook).
//
// zod 4 probes `new Function("")` once to decide whether to compile fast parsers; under the pages'
// Content-Security-Policy (no 'unsafe-eval', proxy.ts) that probe is reported as a CSP violation
// even though zod catches it. `jitless` skips the probe. zod keeps its global config on
// globalThis.__zod_globalConfig (the object z.config() writes, shared by every copy of zod), so
// setting it here costs nothing, where importing zod's config() would add 5.2 KB gzip to every
// page. tests/e2e/security.test.ts fails on the violation if zod ever moves it.
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };
