// Statistics, workload simulation and FSRS-item conversion: pure (no database, no clock inside).
// The optimizer (native binding) lives in ./optimizer and ./optimizer-jobs, imported directly on the server.
export * from "./days";
export * from "./charts";
export * from "./workload";
export * from "./fsrs-items";
export * from "./simulate";
export * from "./rng";
export * from "./csv";
export * from "./reschedule";
