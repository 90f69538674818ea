/**
 * Bytes → text for content files, before any dialect sees them (issue 12: a binary file renamed
 * `.md` became three prompts, UTF-16 gave 0 cards, Windows-1252 silently turned into U+FFFD).
 * Pure: the caller reads the file.
 *
 *   UTF-8 / UTF-16 LE / UTF-16 BE with a byte-order mark → decoded, BOM dropped;
 *   UTF-16 without a BOM (every other byte NUL in ASCII text) → decoded, with a warning;
 *   NUL bytes or control characters otherwise → refused: "file: not text" (an error);
 *   valid UTF-8 → as is;
 *   not UTF-8 but every byte a Windows-1252 character → decoded as Windows-1252, with a warning
 *   naming the file and the line of the first non-UTF-8 byte;
 *   anything else → refused, naming the file and the byte.
 */
import type { Diagnostic } from "./types";

export interface DecodedText {
  /** The text, or null when the file was refused (see diagnostics). */
  text: string | null;
  /** "utf-8", "utf-16le", "utf-16be", "windows-1252", or null when refused. */
  encoding: string | null;
  diagnostics: Diagnostic[];
}

/** Bytes Windows-1252 leaves undefined: a file holding them is in no encoding Attend can name. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Control characters other than tab, LF, FF and CR: text files do not have them. */
function isControl(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

/** 1-based line of byte offset `at` (counting LF bytes, right for ASCII-compatible encodings). */
function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** UTF-16 without a BOM: ASCII text where every other byte is 0 (odd bytes for LE, even for BE). */
function bomlessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > 0.9 * pairs && evenZero < 0.1 * pairs) return "utf-16le";
  if (evenZero > 0.9 * pairs && oddZero < 0.1 * pairs) return "utf-16be";
  return null;
}

export function decodeContent(bytes: Uint8Array, file: string): DecodedText {
  const refuse = (line: number, message: string): DecodedText => ({
    text: null,
    encoding: null,
    diagnostics: [{ file, line, severity: "error", rule: "not-text", message }],
  });
  const decode = (encoding: string, from = 0) => new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(bytes.subarray(from));

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return checked(decode("utf-8", 3), "utf-8", file, []);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked(decode("utf-16le", 2), "utf-16le", file, []);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked(decode("utf-16be", 2), "utf-16be", file, []);
  const utf16 = bomlessUtf16(bytes);
  if (utf16) {
    return checked(decode(utf16), utf16, file, [
      { file, line: 1, severity: "warning", rule: "encoding", message: `${file}: read as ${utf16.toUpperCase()} without a byte-order mark; save it as UTF-8.` },
    ]);
  }
  const control = bytes.findIndex(isControl);
  if (control >= 0) {
    return refuse(lineOfByte(bytes, control), `${file}: not text (byte 0x${bytes[control].toString(16).padStart(2, "0")} at offset ${control} is a control character); Attend reads Markdown and plain text only.`);
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), encoding: "utf-8", diagnostics: [] };
  } catch {
    // not UTF-8: below
  }
  const bad = firstInvalidUtf8(bytes);
  const undefinedByte = bytes.findIndex((b) => CP1252_UNDEFINED.has(b));
  if (undefinedByte >= 0) {
    return refuse(lineOfByte(bytes, undefinedByte), `${file}: not UTF-8, and byte 0x${bytes[undefinedByte].toString(16)} at offset ${undefinedByte} is not Windows-1252 either; save the file as UTF-8.`);
  }
  return {
    text: decode("windows-1252"),
    encoding: "windows-1252",
    diagnostics: [
      { file, line: lineOfByte(bytes, bad), severity: "warning", rule: "encoding", message: `${file}: not UTF-8 (first at this line); read as Windows-1252. Check the accents and save the file as UTF-8.` },
    ],
  };
}

/** After a UTF-16 or BOM decode, the text itself must still be text. */
function checked(text: string, encoding: string, file: string, diagnostics: Diagnostic[]): DecodedText {
  const control = [...text].findIndex((c) => isControl(c.charCodeAt(0)));
  if (control >= 0 || text.includes("\uFFFD")) {
    const at = control >= 0 ? control : text.indexOf("\uFFFD");
    const line = text.slice(0, at).split("\n").length;
    return { text: null, encoding: null, diagnostics: [{ file, line, severity: "error", rule: "not-text", message: `${file}: not text (invalid ${encoding.toUpperCase()} or a control character at this line).` }] };
  }
  return { text, encoding, diagnostics };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (!len) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}
