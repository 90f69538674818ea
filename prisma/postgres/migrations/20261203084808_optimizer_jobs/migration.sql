-- CreateTable
CREATE TABLE "OptimizerJob" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "result" TEXT,
    "current" TEXT,
    "needed" INTEGER NOT NULL DEFAULT 0,
    "minimum" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "OptimizerJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OptimizerJob_userId_startedAt_idx" ON "OptimizerJob"("userId", "startedAt");

-- AddForeignKey
ALTER TABLE "OptimizerJob" ADD CONSTRAINT "OptimizerJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

