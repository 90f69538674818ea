/**
 * Security headers. Pages get a Content-Security-Policy with a fresh nonce per request from
 * proxy.ts (Next puts the nonce on its own scripts); API responses and static files get the fixed
 * headers from next.config.ts. Both come from here.
 */

/** Every response: no MIME sniffing, no framing, no referrer to other sites, no powerful features. */
export const COMMON_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "cross-origin-opener-policy": "same-origin",
};

/** API answers are data, never documents: nothing in them may run or load. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The pages' policy. Scripts: only Next's own (nonce + 'strict-dynamic' for the chunks they
 * load) and WebAssembly compilation for the TF.js wasm backend ('wasm-unsafe-eval'; it allows no
 * JavaScript eval). Styles: KaTeX and the charts set style attributes, which CSP cannot nonce,
 * so inline styles stay allowed; scripts never are. TF.js fetches its model and .wasm files from
 * this origin (connect-src 'self'). Images: this origin, plus https: for a remote image in content,
 * which is only ever fetched when the learner clicks "Load image from <host>" (lib/content/
 * rehype-remote-images.ts turns every remote <img> into that button at ingest).
 */
export function pageCsp(nonce: string, options: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
