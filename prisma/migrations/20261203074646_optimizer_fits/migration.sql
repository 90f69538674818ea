-- CreateTable
CREATE TABLE "OptimizerFit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "reviews" INTEGER NOT NULL,
    "recentReviews" INTEGER NOT NULL,
    "weightsBefore" TEXT,
    "weightsAfter" TEXT,
    "logLossBefore" REAL,
    "logLossAfter" REAL,
    "rmseBefore" REAL,
    "rmseAfter" REAL,
    "error" TEXT,
    CONSTRAINT "OptimizerFit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptimizerClaim" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "OptimizerClaim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OptimizerFit_userId_startedAt_idx" ON "OptimizerFit"("userId", "startedAt");

