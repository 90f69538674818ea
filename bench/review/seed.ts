import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";

/**
 * Fill an empty, migrated database for the review benchmark, straight through better-sqlite3
 * (a million rows through the ORM would take minutes and measure nothing of interest):
 *   - `cards` cards in 10 decks,
 *   - `users` learners, each with `statesPerUser` cards in review (a tenth of them due today)
 *     and `logs / users` review logs spread over the past year.
 * Column names and the ISO date text format are Prisma's for this schema.
 */
export async function seedReviewBench(file: string, o: { cards: number; users: number; logs: number; statesPerUser: number; now: Date }) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
  const now = iso(o.now);
  const DAY = 86_400_000;
  const passwordHash = await hashPassword("bench password 123");
  const users = Array.from({ length: o.users }, (_, i) => ({ id: `bench-user-${i}`, email: `bench${i}@example.com` }));
  const cardIds = Array.from({ length: o.cards }, (_, i) => `bench-card-${i}`);

  db.transaction(() => {
    const deck = db.prepare("INSERT INTO Deck (id, path, name, depth, parentId) VALUES (?, ?, ?, ?, ?)");
    deck.run("bench-root", "Bench", "Bench", 0, null);
    for (let d = 0; d < 10; d++) deck.run(`bench-deck-${d}`, `Bench / Deck ${d}`, `Deck ${d}`, 1, "bench-root");
    const card = db.prepare(
      "INSERT INTO Card (id, deckId, question, answer, questionHtml, answerHtml, alternatives, widgets, noAutoWidgets, groupKey, position, contentHash, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, '[]', '[]', 0, ?, ?, ?, ?, ?)",
    );
    cardIds.forEach((id, i) => {
      const q = `Question ${i}: what does attention head ${i % 8} look at?`;
      const a = `Answer ${i}: the positions whose keys match its query.`;
      card.run(id, `bench-deck-${i % 10}`, q, a, `<p>${q}</p>`, `<p>${a}</p>`, i % 50 === 0 ? `g${i}` : null, i, "bench", now, now);
    });
    const user = db.prepare("INSERT INTO User (id, email, name, passwordHash, role, timeZone, settings, createdAt) VALUES (?, ?, ?, ?, 'learner', 'UTC', ?, ?)");
    const settings = JSON.stringify({ maxReviewsPerDay: 100000, newPerDay: 20 });
    for (const u of users) user.run(u.id, u.email, u.email, passwordHash, settings, now);

    const state = db.prepare(
      "INSERT INTO CardState (userId, cardId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, suspended, leech, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 2, ?, 0, 0, ?)",
    );
    const log = db.prepare(
      "INSERT INTO ReviewLog (id, userId, cardId, rating, state, due, previousDue, stability, difficulty, elapsedDays, lastElapsedDays, scheduledDays, learningSteps, review, durationMs, kind) VALUES (?, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'review')",
    );
    const logsPerUser = Math.floor(o.logs / o.users);
    users.forEach((u, ui) => {
      const offset = (ui * 7919) % o.cards;
      for (let k = 0; k < o.statesPerUser; k++) {
        const cardId = cardIds[(offset + k) % o.cards];
        const dueToday = k % 10 === 0;
        const due = new Date(o.now.getTime() + (dueToday ? -((k % 5) + 1) * 3600_000 : ((k % 60) + 1) * DAY));
        const last = new Date(due.getTime() - 10 * DAY);
        state.run(u.id, cardId, iso(due), 12.5, 5.1, 10, 10, 8, k % 3, iso(last), iso(last));
      }
      for (let k = 0; k < logsPerUser; k++) {
        const cardId = cardIds[(offset + (k % o.statesPerUser)) % o.cards];
        const review = new Date(o.now.getTime() - (1 + (k % 365)) * DAY - (k % 1000) * 1000);
        log.run(randomBytes(12).toString("base64url"), u.id, cardId, 1 + (k % 4), iso(review), iso(review), 10, 5, 9, 9, 10, iso(review), 5000);
      }
    });
  })();
  db.close();
  return { users, password: "bench password 123" };
}
