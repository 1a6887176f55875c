// Opens 00-welcome in headless Chromium through the Jupyter Notebook UI, runs all cells from the Cell menu
// and checks what a user would see: no errors, the chart image, the table, the SVG and the finished progress bar.
// Env: ISPAD_URL (server base URL), ISPAD_TOKEN, ISPAD_REPORTS (screenshot folder).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.ISPAD_URL;
const token = process.env.ISPAD_TOKEN;
const reports = process.env.ISPAD_REPORTS;
const notebook = '00-welcome.ipynb';
mkdirSync(reports, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  // without these Chromium tries Google's services on a network that has none
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
try {
  await page.goto(`${base}/notebooks/${notebook}?token=${token}`);
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 60_000 });

  await page.click('#menus a.dropdown-toggle:text-is("Cell")');
  await page.click('#run_all_cells > a');

  // every code cell has run once its prompt shows a number, and the kernel is idle again
  await page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
    return cells.every(c => typeof c.input_prompt_number === 'number') && !Jupyter.notebook.kernel_busy;
  }, null, { timeout: 180_000, polling: 250 });

  const seen = await page.evaluate(() => ({
    errors: [...document.querySelectorAll('.output_error')].map(e => e.innerText.slice(0, 400)),
    pngWidths: [...document.querySelectorAll('.output_png img')].map(i => i.naturalWidth),
    svgs: document.querySelectorAll('.output_svg svg').length,
    tables: document.querySelectorAll('.output_html table.ispad-table').length,
    progressDone: document.querySelectorAll('.output_html progress[value="40"][max="40"]').length,
    cells: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length,
  }));
  await page.screenshot({ path: `${reports}/00-welcome.png`, fullPage: true });
  console.log(`    ${seen.cells} code cells ran; images ${JSON.stringify(seen.pngWidths)}, svg ${seen.svgs}, ` +
              `tables ${seen.tables}, finished progress bars ${seen.progressDone}`);

  const problems = [];
  if (seen.errors.length) problems.push(`cells failed in the browser:\n${seen.errors.join('\n')}`);
  if (!seen.pngWidths.includes(880)) problems.push('the XChart chart (an 880 px wide PNG) is not on the page');
  if (!seen.pngWidths.includes(192)) problems.push('the drawn 192 px image is not on the page');
  if (seen.svgs < 1) problems.push('the SVG chart is not on the page');
  if (seen.tables < 2) problems.push(`expected 2 Tablesaw tables, found ${seen.tables}`);
  if (seen.progressDone !== 1) problems.push('the progress bar did not end at 40/40 in one output');
  if (problems.length) {
    failed = true;
    console.error(`    ${problems.join('\n    ')}`);
  }
  console.log(`    screenshot: ${reports}/00-welcome.png`);
} catch (e) {
  failed = true;
  console.error(`    browser test error: ${e.message}`);
  await page.screenshot({ path: `${reports}/00-welcome-failure.png`, fullPage: true }).catch(() => {});
} finally {
  // leave the notebook file as it was: close the kernel without saving
  await page.evaluate(() => Jupyter.notebook.session.delete()).catch(() => {});
  await browser.close();
}
process.exit(failed ? 1 : 0);
