/**
 * Everything the review screen needs to work offline, in one module it loads after the page is
 * up (a dynamic import: the first load of /review stays as small as it was). The service worker
 * precaches the chunk like every other build file, so it loads offline too.
 */
export { localGrade, localNext } from "./engine";
export { applyOnlineGrade, loadBundle, pendingGrades, recordGrade, reviveBundle, saveBundle, undoLastGrade } from "./store";
export { syncPending } from "./sync";
export { decideGrade, seenOf } from "@/lib/srs/actions";
