// A workshop through JupyterHub: two students log in on the hub's own login page in two browsers, each runs
// notebooks/00-welcome in their own folder at the same time, and neither sees the other's files (not in the file
// list, not through the other's server, not from a kernel).
// Env: ISPAD_HUB_URL, ISPAD_HUB_PASSWORD, ISPAD_HUB_HOME (the students' folders), ISPAD_REPORTS (screenshots).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.ISPAD_HUB_URL;
const password = process.env.ISPAD_HUB_PASSWORD;
const homes = process.env.ISPAD_HUB_HOME;
const reports = process.env.ISPAD_REPORTS;
mkdirSync(reports, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];

async function student(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } }); // a browser of their own
  const page = await context.newPage();
  await page.goto(`${base}/hub/login`);
  await page.fill('#username_input', name);
  await page.fill('#password_input', password);
  await page.click('#login_submit');
  await page.waitForURL(new RegExp(`/user/${name}/tree`), { timeout: 120_000 });
  return { name, context, page };
}

async function runWelcome(s) {
  const { page, name } = s;
  await page.goto(`${base}/user/${name}/notebooks/notebooks/00-welcome.ipynb`);
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 120_000 });
  await page.click('#menus a.dropdown-toggle:text-is("Cell")');
  await page.click('#run_all_cells > a');
  await page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
    return cells.every(c => typeof c.input_prompt_number === 'number') && !Jupyter.notebook.kernel_busy;
  }, null, { timeout: 300_000, polling: 250 });
  const seen = await page.evaluate(() => ({
    errors: [...document.querySelectorAll('.output_error')].map(e => e.innerText.slice(0, 400)),
    pngs: document.querySelectorAll('.output_png img').length,
    cells: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length,
  }));
  await page.screenshot({ path: `${reports}/hub-${name}-00-welcome.png`, fullPage: true });
  console.log(`    ${name}: ${seen.cells} code cells ran, ${seen.pngs} images`);
  if (seen.errors.length) problems.push(`${name}: cells failed:\n${seen.errors.join('\n')}`);
  if (seen.pngs < 2) problems.push(`${name}: the welcome notebook's images are missing`);
}

/** Runs Java in the student's kernel; the text of its output, or of its error. */
async function inKernel(page, code) {
  return page.evaluate(source => new Promise(resolve => {
    let text = '';
    Jupyter.notebook.kernel.execute(source, {
      iopub: {
        output: msg => {
          const c = msg.content;
          text += c.text || (c.data && c.data['text/plain']) || (c.ename ? `${c.ename}: ${c.evalue}` : '');
        },
      },
      shell: { reply: msg => setTimeout(() => resolve(`${msg.content.status}: ${text}`), 300) },
    }, { silent: false, store_history: false });
  }), code);
}

let failed = false;
try {
  const [a, b] = await Promise.all([student('student1'), student('student2')]);
  await Promise.all([runWelcome(a), runWelcome(b)]);

  // student1 writes a file into their folder through their own server
  await a.page.evaluate(() => Jupyter.notebook.contents.save('secret-of-student1.txt',
    { type: 'file', format: 'text', content: 'only mine' }));
  const listedForB = await b.page.evaluate(async () =>
    (await Jupyter.notebook.contents.list_contents('')).content.map(e => e.name));
  if (listedForB.includes('secret-of-student1.txt')) problems.push('student2 sees student1\'s file in their list');
  // student2's browser asks student1's server directly: the hub must refuse
  const cross = await b.page.evaluate(async url => {
    const r = await fetch(url, { credentials: 'include' });
    return { status: r.status, text: (await r.text()).slice(0, 2000) };
  }, `${base}/user/student1/api/contents`);
  if (cross.status === 200 && cross.text.includes('secret-of-student1')) {
    problems.push('student2 reads student1\'s folder through student1\'s server');
  }
  // and from student2's kernel, the file system itself: student1's folder is closed to another account
  const read = await inKernel(b.page,
    `java.nio.file.Files.readString(java.nio.file.Path.of("${homes}/student1/secret-of-student1.txt"))`);
  if (read.includes('only mine') || !read.startsWith('error')) {
    problems.push(`student2's kernel read student1's file: ${read}`);
  }
  const own = await inKernel(a.page,
    `java.nio.file.Files.readString(java.nio.file.Path.of("${homes}/student1/secret-of-student1.txt"))`);
  if (!own.includes('only mine')) problems.push(`student1's kernel cannot read their own file: ${own}`);
  console.log(`    listed for student2: ${listedForB.join(', ')}; student2 asking student1's server: HTTP ${cross.status}; ` +
              `student2's kernel reading student1's file: ${read.slice(0, 120).replace(/\s+/g, ' ')}`);
  // the kernels stay running: stopping lab serve must stop them too
  for (const s of [a, b]) await s.context.close();
} catch (e) {
  failed = true;
  console.error(`    hub test error: ${e.message}`);
}
if (problems.length) {
  failed = true;
  console.error(`    ${problems.join('\n    ')}`);
}
await browser.close();
process.exit(failed ? 1 : 0);
