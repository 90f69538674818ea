-- CreateTable
CREATE TABLE "Deck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "parentId" TEXT,
    CONSTRAINT "Deck_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Deck" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Card" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deckId" TEXT NOT NULL,
    "explicitId" TEXT,
    "question" TEXT NOT NULL,
    "answer" TEXT,
    "context" TEXT,
    "questionHtml" TEXT NOT NULL,
    "answerHtml" TEXT,
    "contextHtml" TEXT,
    "alternatives" TEXT NOT NULL DEFAULT '[]',
    "widgets" TEXT NOT NULL DEFAULT '[]',
    "noAutoWidgets" BOOLEAN NOT NULL DEFAULT false,
    "groupKey" TEXT,
    "contentHash" TEXT NOT NULL,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Card_deckId_fkey" FOREIGN KEY ("deckId") REFERENCES "Deck" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CardSource" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cardId" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CardSource_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CardTag" (
    "cardId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("cardId", "tag"),
    CONSTRAINT "CardTag_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Test" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "instructions" TEXT NOT NULL,
    "instructionsHtml" TEXT NOT NULL,
    "timeLimitMinutes" INTEGER,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "sourceFile" TEXT NOT NULL,
    "sourceLine" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "TestQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "testId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "promptHtml" TEXT NOT NULL,
    "rubric" TEXT,
    "rubricHtml" TEXT,
    "sourceLine" INTEGER NOT NULL,
    CONSTRAINT "TestQuestion_testId_fkey" FOREIGN KEY ("testId") REFERENCES "Test" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TestPart" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "promptHtml" TEXT NOT NULL,
    CONSTRAINT "TestPart_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "TestQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Prompt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceFile" TEXT NOT NULL,
    "sourceLine" INTEGER NOT NULL,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "IngestRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "contentHash" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "added" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "retired" INTEGER NOT NULL,
    "revived" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Diagnostic" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "column" INTEGER,
    "severity" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    CONSTRAINT "Diagnostic_runId_fkey" FOREIGN KEY ("runId") REFERENCES "IngestRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Deck_path_key" ON "Deck"("path");

-- CreateIndex
CREATE UNIQUE INDEX "Card_explicitId_key" ON "Card"("explicitId");

-- CreateIndex
CREATE INDEX "Card_deckId_idx" ON "Card"("deckId");

-- CreateIndex
CREATE INDEX "Card_retiredAt_idx" ON "Card"("retiredAt");

-- CreateIndex
CREATE INDEX "CardSource_cardId_idx" ON "CardSource"("cardId");

-- CreateIndex
CREATE INDEX "CardSource_file_idx" ON "CardSource"("file");

-- CreateIndex
CREATE INDEX "CardTag_tag_idx" ON "CardTag"("tag");

-- CreateIndex
CREATE UNIQUE INDEX "Test_slug_key" ON "Test"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "TestQuestion_testId_number_key" ON "TestQuestion"("testId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "TestPart_questionId_label_key" ON "TestPart"("questionId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "Prompt_kind_text_key" ON "Prompt"("kind", "text");

-- CreateIndex
CREATE INDEX "Diagnostic_file_idx" ON "Diagnostic"("file");

