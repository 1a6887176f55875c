// An HTML report's saved widget state (protocol 2, written by nbclient) rendered offline by the npm
// @jupyter-widgets/html-manager in headless Chromium: the controls at their last values and the Output widget's
// image, with every request beyond the local files refused. Args: the report's path; env ISPAD_REPORTS.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const report = resolve(process.argv[2]);
const reports = process.env.ISPAD_REPORTS;
mkdirSync(reports, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--allow-file-access-from-files'],
});
const problems = [];
const outside = [];
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await page.route(/^(https?|wss?):/, route => { outside.push(route.request().url()); route.abort(); });
page.on('pageerror', e => problems.push(`page error: ${e}`));
try {
  await page.goto(`file://${report}`);
  await page.waitForSelector('.widget-slider', { timeout: 30_000 });
  await page.waitForSelector('.widget-output img, .jp-OutputArea-output img', { timeout: 30_000 });
  const seen = await page.evaluate(() => ({
    sliders: document.querySelectorAll('.widget-slider').length,
    toggles: document.querySelectorAll('.widget-toggle-buttons button').length,
    dropdowns: [...document.querySelectorAll('.widget-dropdown select')].map(s => s.value),
    readouts: [...document.querySelectorAll('.widget-readout')].map(r => r.innerText.trim()),
    outputImages: [...document.querySelectorAll('.widget-output img')].map(i => i.naturalWidth),
  }));
  console.log(`    ${basename(report)} offline: ${seen.sliders} sliders (${seen.readouts.join(', ')}), ` +
              `${seen.toggles} toggle buttons, dropdowns on ${seen.dropdowns.join(', ')}, ` +
              `output images ${JSON.stringify(seen.outputImages)} px wide`);
  if (seen.sliders < 4) problems.push(`expected the 4 sliders of the live synthesis, found ${seen.sliders}`);
  if (!seen.outputImages.some(w => w > 0)) problems.push('the Output widget shows no image');
  const widget = await page.$('.widget-output img');
  await widget.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${reports}/report-widgets.png` });
} catch (e) {
  problems.push(`report test error: ${e.message}`);
  await page.screenshot({ path: `${reports}/report-widgets-failure.png` }).catch(() => {});
} finally {
  await browser.close();
}
if (outside.length) problems.push(`the report reached beyond this machine: ${outside.slice(0, 3).join(', ')}`);
if (problems.length) console.error(`    ${problems.join('\n    ')}`);
process.exit(problems.length ? 1 : 0);
