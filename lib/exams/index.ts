// Timed attempts (issue 5), pure: clock with injected `now`, newest-text-wins, scoring,
// quick-test building and related-card ranking. The database is lib/db/exams.ts's business.
export * from "./types";
export * from "./clock";
export * from "./merge";
export * from "./scoring";
export * from "./quick";
export * from "./related";
export * from "./contract";
export * from "./requeue";
