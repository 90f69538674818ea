import type { CardItem, Diagnostic } from "../types";

/**
 * Author directives in HTML comments, read from a card's question and answer in any dialect
 * and removed from the text students see:
 *
 *     <!-- id: attention-scaling -->        explicit, permanent card identity
 *     <!-- widget: attention-scaling -->    attach widgets (comma-separated; `widgets:` too)
 *     <!-- no-auto-widgets -->              do not propose widgets for this card
 *     <!-- tags: scaling, softmax -->       extra tags
 *     <!-- follow-up -->                    shows the previous question as context, siblings
 */
const DIRECTIVE = /<!--\s*(id|widgets?|no-auto-widgets|tags|follow-up)\s*(?::\s*([^>]*?))?\s*-->/g;
// A stored card's own id (base64url, may start with `-` or `_`) is accepted too: ingest suggests it.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function applyDirectives(cards: CardItem[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  cards.forEach((card, index) => {
    let followUp = false;
    const read = (text: string) =>
      text.replace(DIRECTIVE, (_all, name: string, value: string | undefined) => {
        const values = (value ?? "").split(",").map((v) => v.trim()).filter(Boolean);
        switch (name) {
          case "id":
            if (values.length !== 1 || !ID.test(values[0])) {
              diagnostics.push({
                file: card.source.file,
                line: card.source.line,
                severity: "error",
                rule: "directive",
                message: `Card id must be 1-64 letters, digits, '-' or '_' (got "${value ?? ""}").`,
              });
            } else card.explicitId = values[0];
            break;
          case "widget":
          case "widgets":
            for (const w of values) if (!card.widgets.includes(w)) card.widgets.push(w);
            break;
          case "no-auto-widgets":
            card.noAutoWidgets = true;
            break;
          case "tags":
            for (const t of values) if (!card.tags.includes(t.toLowerCase())) card.tags.push(t.toLowerCase());
            break;
          case "follow-up":
            followUp = true;
            break;
        }
        return "";
      });
    if (!card.question.includes("<!--") && !(card.answer ?? "").includes("<!--")) return;
    card.question = read(card.question).trim();
    if (card.answer !== null) card.answer = read(card.answer).trim() || null;
    if (followUp && index > 0) {
      const previous = cards[index - 1];
      card.context = previous.question;
      previous.group ??= `${previous.source.file}:${previous.source.line}`;
      card.group = previous.group;
    }
  });
  return diagnostics;
}
