// The results site in a real browser: each page given is opened in headless Chromium
// (Debian's, /usr/bin/chromium) at a phone's size, a laptop's and 400 % zoom (320 px
// wide), pictured, checked with axe-core for WCAG 2.2 A and AA and for reflow (the page
// never scrolls sideways). Prints each violation; exits 1 if there are any.
//
//     node check.mjs SITE_DIR OUT_DIR page.html [page.html ...]
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [site, out, ...pages] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axe = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const sizes = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1920, height: 1080 },
  // A 1280x1024 screen at 400 % zoom: WCAG's reflow, no scrolling sideways.
  { name: "zoom400", width: 320, height: 256 },
];
let violations = 0;
for (const page of pages) {
  for (const size of sizes) {
    const tab = await browser.newPage({ viewport: { width: size.width, height: size.height } });
    await tab.goto("file://" + path.resolve(site, page));
    await tab.addScriptTag({ content: axe });
    const result = await tab.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
    );
    const picture = path.join(out, path.basename(site) + "-" + page.replace(/[\/.]/g, "-") + "-" + size.name + ".png");
    await tab.screenshot({ path: picture, fullPage: false });
    // Reflow: the page itself never scrolls sideways (a wide table scrolls in its box).
    const sideways = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (sideways > 0) {
      violations += 1;
      console.log(`${page} (${size.name}): the page scrolls sideways by ${sideways} px`);
    }
    for (const v of result.violations) {
      violations += 1;
      console.log(`${page} (${size.name}): ${v.id}: ${v.help}`);
      for (const node of v.nodes.slice(0, 3)) console.log(`    ${node.target.join(" ")}`);
    }
    console.log(`${page} (${size.name}): ${result.violations.length} violations, ${result.passes.length} rules passed; ${picture}`);
    await tab.close();
  }
}
await browser.close();
process.exit(violations ? 1 : 0);
