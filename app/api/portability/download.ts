/** A file download: the browser saves it under `name` instead of showing it. */
export function download(body: string, name: string, type: string): Response {
  return new Response(body, {
    headers: { "content-type": `${type}; charset=utf-8`, "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
}

export const stamp = (now: Date) => now.toISOString().slice(0, 10);

/** Review-log CSV uploads larger than this are refused while reading, with 413 (about 1.5M review rows). */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Backups carry every log's full FSRS row as JSON, about 4× the CSV per review. */
export const MAX_BACKUP_BYTES = 4 * MAX_UPLOAD_BYTES;
