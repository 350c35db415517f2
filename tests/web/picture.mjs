// A picture of part of a page, for the documentation: the page opened in headless
// Chromium (Debian's, /usr/bin/chromium) at WIDTHxHEIGHT, and the region from the
// element FROM to the end of the element TO pictured.
//
//     node picture.mjs PAGE.html WIDTHxHEIGHT OUT.png FROM TO
import { chromium } from "playwright-core";
import path from "node:path";

const [page, size, out, from, to] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
});
const tab = await browser.newPage({ viewport: { width, height } });
await tab.goto("file://" + path.resolve(page));
const top = await tab.locator(from).first().boundingBox();
const bottom = await tab.locator(to).first().boundingBox();
if (!top || !bottom) {
  console.error(`${page}: no ${from} or ${to} on the page`);
  process.exit(1);
}
const y = Math.max(0, top.y - 16);
await tab.screenshot({
  path: out,
  fullPage: true,
  clip: { x: 0, y, width, height: bottom.y + bottom.height + 16 - y },
});
await browser.close();
