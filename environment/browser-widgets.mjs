// The kernel's widgets in headless Chromium through the real Notebook UI (classic Notebook 6.4 with Debian's
// jupyter-js-widgets 2.1, widget protocol 1): moves a slider with the keyboard and times each change to its redrawn
// 256 px image, sends 50 changes at once and checks the kernel ends on the page's value, picks a dropdown option,
// clicks a button that prints into an Output widget, reloads the page and finds the widgets again, and fails on any
// widget error the page logs. Env: ISPAD_URL, ISPAD_TOKEN, ISPAD_REPORTS.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.ISPAD_URL;
const token = process.env.ISPAD_TOKEN;
const reports = process.env.ISPAD_REPORTS;
const name = 'widgets-browser-test.ipynb';
mkdirSync(reports, { recursive: true });

const cells = [
  'import org.ispadlab.kernel.widgets.*;\nimport java.awt.image.BufferedImage;',
  // a 256 px picture whose bar is as wide as the slider says: what a teaching slider redraws
  'BufferedImage draw(int v) {\n    var im = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);\n' +
  '    var g = im.createGraphics();\n    g.setColor(java.awt.Color.DARK_GRAY); g.fillRect(0, 0, 256, 256);\n' +
  '    g.setColor(java.awt.Color.WHITE); g.fillRect(0, 96, v, 64); g.dispose();\n    return im;\n}',
  'var s = new IntSlider("threshold", 0, 255, 50);\nvar img = new Image(draw(50)).width("256px");\n' +
  'var changes = new java.util.concurrent.atomic.AtomicInteger();\n' +
  's.onChange(v -> { changes.incrementAndGet(); img.setValue(draw(v)); });\nnew VBox(s, img)',
  'var d = new Dropdown("mode", List.of("alpha", "beta", "gamma"), "alpha");\nvar l = new Label("alpha");\n' +
  'd.onChange(l::setValue);\nnew HBox(d, l)',
  'var out = new Output();\nvar b = new Button("print");\n' +
  'b.onClick(() -> out.capture(() -> System.out.println("clicked at " + s.value())));\nnew VBox(b, out)',
];
const notebook = {
  nbformat: 4, nbformat_minor: 5,
  metadata: { kernelspec: { name: 'ispad-java', display_name: 'Java (ISP-AD Lab)', language: 'java' } },
  cells: cells.map((source, i) => ({ cell_type: 'code', id: `w${i}`, metadata: {}, source, outputs: [],
                                     execution_count: null })),
};
const api = (path, init = {}) => fetch(`${base}/api/contents/${path}?token=${token}`,
  { ...init, headers: { 'Content-Type': 'application/json' } });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
const widgetErrors = [];
const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
page.on('console', m => {
  // the widgets' own style sheet names an inline GIF that Chromium refuses: not a widget error
  if (m.location().url?.startsWith('data:image/gif')) return;
  if (m.type() === 'error' || /Could not|widget.*(error|fail)/i.test(m.text())) {
    widgetErrors.push(`${m.text()} (${m.location().url?.slice(0, 100)})`);
  }
});
page.on('pageerror', e => widgetErrors.push(String(e)));
page.on('requestfailed', r => widgetErrors.push(`request failed: ${r.url().slice(0, 120)} ${r.failure()?.errorText}`));

const kernelValue = expr => page.evaluate(code => new Promise((resolve, reject) => {
  Jupyter.notebook.kernel.execute(code, { iopub: { output: m => {
    if (m.msg_type === 'execute_result') resolve(m.content.data['text/plain']);
    if (m.msg_type === 'error') reject(new Error(m.content.evalue));
  } } }, { silent: false, store_history: false });
}), expr);
const idle = () => page.waitForFunction(() => Jupyter.notebook.kernel && !Jupyter.notebook.kernel_busy
  && Jupyter.notebook.kernel.is_connected(), null, { timeout: 60_000, polling: 100 });
const readout = () => page.$eval('.widget-hslider .widget-readout', e => e.innerText.trim());

try {
  const put = await api(name, { method: 'PUT', body: JSON.stringify({ type: 'notebook', content: notebook }) });
  if (!put.ok) throw new Error(`cannot write ${name}: HTTP ${put.status}`);
  await page.goto(`${base}/notebooks/${name}?token=${token}`);
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 60_000 });
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  await page.waitForFunction(() => Jupyter.notebook.get_cells().every(c => typeof c.input_prompt_number === 'number')
    && !Jupyter.notebook.kernel_busy, null, { timeout: 120_000, polling: 200 });
  await page.waitForSelector('.widget-hslider .ui-slider-handle', { timeout: 30_000 });
  await page.waitForSelector('.widget-image', { timeout: 30_000 });

  // one key press at a time: from the key to the redrawn image's load, in the page's own clock
  const times = [];
  const handle = await page.$('.widget-hslider .ui-slider-handle');
  await handle.focus();
  for (let i = 0; i < 20; i++) {
    const before = await page.$eval('.widget-image', e => e.getAttribute('src'));
    const loaded = page.evaluate(old => new Promise(resolve => {
      const img = document.querySelector('.widget-image');
      const t0 = performance.now();
      const check = () => img.getAttribute('src') !== old && img.complete
        ? resolve(performance.now() - t0) : requestAnimationFrame(check);
      window.__keyAt = t0;
      requestAnimationFrame(check);
    }), before);
    await page.keyboard.press('ArrowRight');
    times.push(await loaded);
    await idle();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`    slider key to redrawn 256 px image: median ${median.toFixed(0)} ms over 20 changes ` +
              `(min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`);
  if (await readout() !== '70') problems.push(`after 20 key presses the slider reads ${await readout()}, not 70`);
  if (await kernelValue('s.value()') !== '70') problems.push('the kernel does not hold the slider at 70');

  // a burst: 50 presses as fast as the keyboard sends them; nothing lost at the end, no backlog
  const t0 = Date.now();
  for (let i = 0; i < 50; i++) await page.keyboard.press('ArrowRight', { delay: 0 });
  await idle();
  await page.waitForTimeout(300);
  await idle();
  const shown = await readout();
  const held = await kernelValue('s.value()');
  const handled = await kernelValue('changes.get()');
  console.log(`    50 rapid changes: page ${shown}, kernel ${held}, ${Number(handled) - 20} changes reached the kernel, ` +
              `idle after ${Date.now() - t0} ms`);
  if (shown !== '120' || held !== '120') problems.push(`after the burst the page shows ${shown}, the kernel holds ${held}`);

  await page.selectOption('.widget-area select', 'gamma');
  await page.waitForFunction(() => [...document.querySelectorAll('.widget-area')].some(e => /\bgamma\s*$/.test(e.innerText)),
    null, { timeout: 10_000 });
  if (await kernelValue('d.value()') !== 'gamma') problems.push('the dropdown choice did not reach the kernel');

  await page.click('button.widget-button');
  // the callback's print lands in the Output widget (the cell's widget area), not in the cell's own output
  await page.waitForFunction(() => [...document.querySelectorAll('.widget-area')]
    .some(e => e.innerText.includes('clicked at 120')), null, { timeout: 10_000 });
  if (await page.evaluate(() => Jupyter.notebook.get_cell(4).output_area.outputs
    .some(o => o.output_type === 'stream'))) problems.push('the click printed into the cell, not the Output');
  await page.screenshot({ path: `${reports}/widgets.png`, fullPage: true });

  // reload: the kernel keeps its widgets, the page asks for them (comm_info, request_state) and shows them again
  await page.evaluate(() => Jupyter.notebook.save_notebook());
  await page.waitForTimeout(500);
  await page.reload();
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 60_000 });
  await page.waitForSelector('.widget-hslider .widget-readout', { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('.widget-hslider .widget-readout').innerText.trim() === '120',
    null, { timeout: 10_000 }).catch(() => problems.push('after a reload the slider does not show 120'));
  const after = await page.evaluate(() => ({
    sliders: document.querySelectorAll('.widget-hslider').length,
    dropdown: document.querySelector('.widget-area select')?.value,
    images: document.querySelectorAll('.widget-image').length,
  }));
  console.log(`    after a reload: ${after.sliders} slider(s), dropdown on ${after.dropdown}, ${after.images} image(s)`);
  if (after.sliders < 1 || after.images < 1 || after.dropdown !== 'gamma') {
    problems.push(`after a reload the widgets are not all back: ${JSON.stringify(after)}`);
  }
  await page.screenshot({ path: `${reports}/widgets-reloaded.png`, fullPage: true });
} catch (e) {
  problems.push(`browser test error: ${e.message}`);
  await page.screenshot({ path: `${reports}/widgets-failure.png`, fullPage: true }).catch(() => {});
} finally {
  await page.evaluate(() => Jupyter.notebook.session.delete()).catch(() => {});
  await api(name, { method: 'DELETE' }).catch(() => {});
  await browser.close();
}
if (widgetErrors.length) problems.push(`the page logged errors:\n      ${widgetErrors.join('\n      ')}`);
if (problems.length) console.error(`    ${problems.join('\n    ')}`);
process.exit(problems.length ? 1 : 0);
