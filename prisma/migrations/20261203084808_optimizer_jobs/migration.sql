-- CreateTable
CREATE TABLE "OptimizerJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "progress" REAL NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "heartbeatAt" DATETIME NOT NULL,
    "result" TEXT,
    "current" TEXT,
    "needed" INTEGER NOT NULL DEFAULT 0,
    "minimum" INTEGER NOT NULL,
    "error" TEXT,
    CONSTRAINT "OptimizerJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OptimizerJob_userId_startedAt_idx" ON "OptimizerJob"("userId", "startedAt");

