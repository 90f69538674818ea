-- CreateTable
CREATE TABLE "IngestLease" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

