-- CreateTable
CREATE TABLE "ReviewAction" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rating" INTEGER,
    "reviewId" TEXT,
    "before" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReviewAction_userId_id_idx" ON "ReviewAction"("userId", "id");

-- CreateIndex
CREATE INDEX "ReviewAction_cardId_idx" ON "ReviewAction"("cardId");

-- AddForeignKey
ALTER TABLE "ReviewAction" ADD CONSTRAINT "ReviewAction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAction" ADD CONSTRAINT "ReviewAction_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE;

