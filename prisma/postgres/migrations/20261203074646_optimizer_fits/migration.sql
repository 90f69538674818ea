-- CreateTable
CREATE TABLE "OptimizerFit" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "reviews" INTEGER NOT NULL,
    "recentReviews" INTEGER NOT NULL,
    "weightsBefore" TEXT,
    "weightsAfter" TEXT,
    "logLossBefore" DOUBLE PRECISION,
    "logLossAfter" DOUBLE PRECISION,
    "rmseBefore" DOUBLE PRECISION,
    "rmseAfter" DOUBLE PRECISION,
    "error" TEXT,

    CONSTRAINT "OptimizerFit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OptimizerClaim" (
    "userId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OptimizerClaim_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "OptimizerFit_userId_startedAt_idx" ON "OptimizerFit"("userId", "startedAt");

-- AddForeignKey
ALTER TABLE "OptimizerFit" ADD CONSTRAINT "OptimizerFit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OptimizerClaim" ADD CONSTRAINT "OptimizerClaim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

