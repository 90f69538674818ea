-- CreateTable
CREATE TABLE "IngestLease" (
    "id" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IngestLease_pkey" PRIMARY KEY ("id")
);

