/**
 * HTML rendered and sanitised at ingest (lib/content/render.ts): scripts, event handlers and
 * javascript: URLs never reach the database, so it is safe to insert here.
 */
export function MarkdownHtml({ html, className = "" }: { html: string; className?: string }) {
  return <div className={`prose-card ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
