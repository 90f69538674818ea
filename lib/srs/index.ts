// Pure scheduling layer over ts-fsrs: settings, answers, the daily queue, study days, workload.
export { Rating, State } from "ts-fsrs";
export * from "./settings";
export * from "./scheduler";
export * from "./day";
export * from "./queue";
export * from "./workload";
