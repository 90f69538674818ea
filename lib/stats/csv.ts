// Review logs as CSV in the format the FSRS tools read:
//   card_id,review_time,review_rating,review_state,review_duration
// review_time: ms since the epoch; review_rating: 1–4; review_state: the card's state before the
// answer (0 new, 1 learning, 2 review, 3 relearning); review_duration: ms spent answering.
// Parsing validates every row and reports problems with their line numbers; it never throws.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export const REVIEW_CSV_HEADER = ["card_id", "review_time", "review_rating", "review_state", "review_duration"] as const;

export interface CsvReview {
  cardId: string;
  reviewTime: number; // ms since epoch
  rating: number; // 1–4
  state: number; // 0–3
  durationMs: number;
}

export interface CsvProblem {
  line: number; // 1-based line in the file
  message: string;
}

/** Rows in the order given, with a header line and "\n" line endings. */
export function formatReviewCsv(rows: CsvReview[]): string {
  return stringify(
    rows.map((r) => [r.cardId, r.reviewTime, r.rating, r.state, r.durationMs]),
    { header: true, columns: [...REVIEW_CSV_HEADER], record_delimiter: "\n" },
  );
}

const INT = /^-?\d+$/;
const MAX_PROBLEMS = 50;
// Sane bounds: 2000-01-01 … 2200-01-01, and at most a day spent on one answer.
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);
const MAX_DURATION = 86_400_000;

/** Parse and validate; `problems` is empty only when every row is good. `lines[i]` is row i's line. */
export function parseReviewCsv(text: string): { rows: CsvReview[]; lines: number[]; problems: CsvProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { rows: [], lines: [], problems: [{ line: e.lines ?? 1, message: e.message.replace(/^Invalid \w+: /, "") }] };
  }
  const problems: CsvProblem[] = [];
  const rows: CsvReview[] = [];
  const lines: number[] = [];
  if (records.length === 0) return { rows, lines, problems: [{ line: 1, message: `The file is empty: expected the header ${REVIEW_CSV_HEADER.join(",")}` }] };
  const [head, ...body] = records;
  if (head.record.join(",") !== REVIEW_CSV_HEADER.join(",")) {
    problems.push({ line: head.info.lines, message: `The header must be exactly ${REVIEW_CSV_HEADER.join(",")}` });
    return { rows, lines, problems };
  }
  for (const { record, info } of body) {
    if (problems.length >= MAX_PROBLEMS) break;
    const line = info.lines;
    const fail = (message: string) => problems.push({ line, message });
    if (record.length !== REVIEW_CSV_HEADER.length) {
      fail(`expected ${REVIEW_CSV_HEADER.length} fields, found ${record.length}`);
      continue;
    }
    const [cardId, time, rating, state, duration] = record;
    if (!cardId) fail("card_id is empty");
    else if (!INT.test(time) || Number(time) < MIN_TIME || Number(time) >= MAX_TIME) fail(`review_time "${time}" is not a time in ms since 1970 (e.g. 1767225600000)`);
    else if (!/^[1-4]$/.test(rating)) fail(`review_rating "${rating}" must be 1, 2, 3 or 4`);
    else if (!/^[0-3]$/.test(state)) fail(`review_state "${state}" must be 0 (new), 1 (learning), 2 (review) or 3 (relearning)`);
    else if (!INT.test(duration) || Number(duration) < 0 || Number(duration) > MAX_DURATION) fail(`review_duration "${duration}" must be a whole number of ms from 0 to ${MAX_DURATION}`);
    else {
      rows.push({ cardId, reviewTime: Number(time), rating: Number(rating), state: Number(state), durationMs: Number(duration) });
      lines.push(line);
    }
  }
  return problems.length ? { rows: [], lines: [], problems } : { rows, lines, problems };
}

/** The identity of a row for idempotent import: a row equal in every column is the same answer. */
export const reviewKey = (r: CsvReview) => `${r.cardId}\u0000${r.reviewTime}\u0000${r.rating}\u0000${r.state}\u0000${r.durationMs}`;
