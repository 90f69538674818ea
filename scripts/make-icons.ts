// Draw the app icons from public/icon.svg with the test Chromium (no image tools needed):
// favicon.ico (16, 32, 48 px, PNG-in-ICO), icon-192.png, icon-512.png, a maskable 512 px icon
// (the mark inside the 80% safe zone on a full-bleed background) and the 180 px apple-touch-icon.
// Run after editing icon.svg: `node --import tsx scripts/make-icons.ts`.
import fs from "node:fs";
import path from "node:path";
import { launchBrowser } from "../tests/helpers/browser";

const PUBLIC = path.resolve(import.meta.dirname, "../public");
const svg = fs.readFileSync(path.join(PUBLIC, "icon.svg"), "utf8");
const BG = "#4f46e5";

async function main() {
  const browser = await launchBrowser();
  const page = await browser.newPage();
  async function render(size: number, opts: { bleed?: boolean; scale?: number } = {}): Promise<Buffer> {
    await page.setViewportSize({ width: size, height: size });
    const inner = Math.round(size * (opts.scale ?? 1));
    const img = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
    await page.setContent(
      `<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${opts.bleed ? BG : "transparent"}">` +
        `<img src="${img}" width="${inner}" height="${inner}"></body></html>`,
    );
    await page.locator("img").evaluate((i: HTMLImageElement) => i.decode());
    return page.screenshot({ omitBackground: !opts.bleed, clip: { x: 0, y: 0, width: size, height: size } });
  }
  const write = (name: string, data: Buffer) => fs.writeFileSync(path.join(PUBLIC, name), data);
  write("icon-192.png", await render(192));
  write("icon-512.png", await render(512));
  write("icon-maskable-512.png", await render(512, { bleed: true, scale: 0.72 }));
  write("apple-touch-icon.png", await render(180, { bleed: true }));
  const sizes = [16, 32, 48];
  const pngs: Buffer[] = [];
  for (const s of sizes) pngs.push(await render(s));
  // ICO: a 6-byte header, a 16-byte entry per image, then the PNG files themselves.
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((s, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(s, e);
    header.writeUInt8(s, e + 1);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(pngs[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += pngs[i].length;
  });
  write("favicon.ico", Buffer.concat([header, ...pngs]));
  await browser.close();
}

await main();
