import { mulberry32 } from "../random";

/** A seeded PRNG (mulberry32), uniform in [0, 1). Same seed, same sequence. */
export const seededRandom: (seed: number) => () => number = mulberry32;
