-- DropIndex
DROP INDEX "CardState_userId_state_due_idx";

-- DropIndex
DROP INDEX "ReviewLog_userId_review_idx";

-- CreateIndex
CREATE INDEX "Card_groupKey_idx" ON "Card"("groupKey");

-- CreateIndex
CREATE INDEX "CardState_userId_state_due_suspended_buriedUntil_idx" ON "CardState"("userId", "state", "due", "suspended", "buriedUntil");

-- CreateIndex
CREATE INDEX "ReviewLog_userId_review_kind_state_idx" ON "ReviewLog"("userId", "review", "kind", "state");

