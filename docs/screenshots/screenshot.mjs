// Opens a configuration form of the local gateway's Felix Web Console in Debian's headless chromium and saves a PNG.
// Usage: node screenshot.mjs <console base URL> <pid> <output.png>
// e.g.   node screenshot.mjs http://127.0.0.1:8180/system/console io.kiipush.gateway.Onboarding ../onboarding-form.png
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [consoleUrl, pid, output] = process.argv.slice(2);
if (!consoleUrl || !pid || !output) {
  console.error('usage: node screenshot.mjs <console base URL> <pid> <output.png>');
  process.exit(2);
}

// A fresh, empty profile: no cached credentials, extensions or first-run pages.
const profile = mkdtempSync(join(tmpdir(), 'kiipush-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1,
  // The web console's login (HTTP Basic), documented in the README.
  httpCredentials: { username: 'admin', password: 'admin' },
});
try {
  const page = context.pages()[0] || await context.newPage();
  // /configMgr/<pid> opens the configuration page with that PID's form in the edit dialog.
  const response = await page.goto(`${consoleUrl}/configMgr/${pid}`, { waitUntil: 'networkidle', timeout: 60000 });
  if (!response || response.status() !== 200) {
    throw new Error(`${consoleUrl}/configMgr/${pid} answered ${response && response.status()}`);
  }
  const dialog = page.locator('.ui-dialog:visible');
  await dialog.waitFor({ timeout: 30000 });
  // The whole dialog: grow the page until nothing of the form is cut off.
  const box = await dialog.boundingBox();
  await page.setViewportSize({ width: 1280, height: Math.ceil(box.y + box.height + 40) });
  const text = await dialog.innerText();
  for (const expected of ['Application key', 'Identity mode']) {
    if (!text.includes(expected)) {
      throw new Error(`the form does not show '${expected}'`);
    }
  }
  await dialog.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
