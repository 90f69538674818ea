-- DropIndex
DROP INDEX "Card_deckId_idx";

-- CreateIndex
CREATE INDEX "Card_deckId_retiredAt_idx" ON "Card"("deckId", "retiredAt");

