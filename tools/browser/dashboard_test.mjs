// The dashboard in a real browser: Debian's Chromium driven by playwright-core against
// `java -jar <jar> serve` with a token. Checks that the page is refused without the token, then
// does a whole round trip by hand: draws a region on a thumbnail, submits it as npy, waits for
// `exported`, downloads the file and compares its voxels with what zarr-python reads from the store,
// drops a processed file (6000 - v) on the drop zone, waits for `written-back`, checks the
// before/after preview and that zarr-python now reads the processed voxels inside the region and
// the old ones everywhere else. Then a second export of the same region comes back changed too: the
// conflict and its mask are shown, with "overwrite" ticked it is written back, and the undo button
// restores the first result. Last, a segmentation goes into a new label image picked in the form. Screenshots go to <jar folder>/browser-screenshots/.
//
//   node dashboard_test.mjs ../../target/zarr-relay.jar
//
// Needs /usr/bin/chromium and /usr/bin/python3 with zarr; builds nothing. Exits 1 on any failure.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const JAR = path.resolve(process.argv[2] || path.join(HERE, '../../target/zarr-relay.jar'));
const SHOTS = path.join(path.dirname(JAR), 'browser-screenshots');
const TOKEN = 'browser-test-token';
const ID = 'browser-1';
const ID2 = 'browser-2';
const ID3 = 'browser-3';
const BOX = { z0: 5, z1: 25, y0: 20, y1: 70, x0: 30, x1: 100 };  // around the bright box zarr_io.py makes
const LIMIT_MS = 110_000;

const started = Date.now();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zarr-relay-browser-'));
const data = path.join(tmp, 'data');
let relay = null;
let context = null;
let failed = false;
let stopping = false;

function check(ok, what) {
  if (!ok) throw new Error(what);
  console.log('ok   ' + what);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function python(...args) {
  execFileSync('/usr/bin/python3', [path.join(HERE, 'zarr_io.py'), ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** A .npy file (format 1.0 to 3.0, little-endian uint16, C order): its shape and voxels. */
function readNpy(file) {
  const b = fs.readFileSync(file);
  if (b.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(file + ' is not a .npy file');
  const major = b[6];
  const headerLen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = b.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (descr !== '<u2' || /'fortran_order':\s*True/.test(header)) throw new Error(file + ': expected little-endian uint16 in C order, header ' + header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').filter(s => s.trim()).map(Number);
  const values = new Uint16Array(b.buffer.slice(b.byteOffset + start, b.byteOffset + b.length));
  return { shape, values, header: b.subarray(0, start) };
}

function writeNpy(file, header, values) {
  fs.writeFileSync(file, Buffer.concat([header, Buffer.from(values.buffer, values.byteOffset, values.byteLength)]));
}

async function waitFor(what, test, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await test();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out after ' + ms / 1000 + ' s waiting for ' + what);
    await new Promise(r => setTimeout(r, 200));
  }
}

/** Drops a file on the dashboard's drop zone as a user dragging it from a file manager would. */
async function dropFile(page, file) {
  const transfer = await page.evaluateHandle(([b64, name]) => {
    const raw = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const t = new DataTransfer();
    t.items.add(new File([raw], name, { type: 'application/octet-stream' }));
    return t;
  }, [fs.readFileSync(file).toString('base64'), path.basename(file)]);
  await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.mkdirSync(data, { recursive: true });
  python('make', path.join(data, 'lab.zarr'));
  const port = await freePort();
  const base = 'http://127.0.0.1:' + port;
  const log = fs.openSync(path.join(tmp, 'serve.log'), 'w');
  relay = spawn('java', ['-jar', JAR, 'serve', '--data', data, '--set', 'relay.http.port=' + port,
    '--set', 'relay.http.token=' + TOKEN], { cwd: tmp, stdio: ['ignore', log, log] });
  relay.on('exit', code => { if (!stopping && code !== 0) console.error('the relay exited with status ' + code); });
  await waitFor('the relay to answer /health', async () => {
    try { return (await fetch(base + '/health')).ok; } catch (e) { return false; }
  }, 60_000);
  console.log('relay up on ' + base + ' after ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');

  const userData = fs.mkdtempSync(path.join(tmp, 'chromium-'));
  context = await chromium.launchPersistentContext(userData, {
    executablePath: '/usr/bin/chromium', headless: true, acceptDownloads: true, viewport: { width: 1400, height: 1100 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const outside = [];
  page.on('request', r => { if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) outside.push(r.url()); });
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(e.message));
  page.on('console', m => { if (m.type() === 'error' && m.text().startsWith('Refused')) pageErrors.push(m.text()); });  // CSP

  // without the token, and with a wrong one, the page is refused
  let r = await page.goto(base + '/');
  check(r.status() === 401, 'the page without the token is refused with 401 (got ' + r.status() + ')');
  check((await page.textContent('body')).includes('/?token='), 'the refusal says how to open the page');
  await page.screenshot({ path: path.join(SHOTS, '0-refused.png') });
  r = await page.goto(base + '/?token=wrong');
  check(r.status() === 401, 'the page with a wrong token is refused with 401');

  r = await page.goto(base + '/?token=' + TOKEN);
  check(r.status() === 200, 'the page with the token is served');
  await page.waitForSelector('.image-card[data-store="lab.zarr"] img.thumb');
  await waitFor('the thumbnails', () => page.evaluate(() =>
    [...document.querySelectorAll('.image-card img.thumb')].every(i => i.complete && i.naturalWidth > 0)));
  const thumbs = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.image-card')]
    .map(c => [c.dataset.store, c.querySelector('img.thumb').naturalWidth + 'x' + c.querySelector('img.thumb').naturalHeight])));
  check(thumbs['lab.zarr'] === '128x96' && thumbs['sample.zarr'] === '256x256',
    'both images are listed with thumbnails of their finest level: ' + JSON.stringify(thumbs));
  check((await page.textContent('.image-card[data-store="lab.zarr"]')).includes('40 × 96 × 128'), 'the listing shows level 0\'s shape');

  // the region: drawn on the thumbnail of lab.zarr, z range typed
  await page.selectOption('#image-select', { label: 'lab.zarr' });
  await page.waitForSelector('#draw[data-image="lab.zarr/"]');
  await page.selectOption('#level', '0');
  const canvas = await page.locator('#draw').boundingBox();
  const scale = Math.min(canvas.width / 128, canvas.height / 96);  // thumbnail pixels = level 0 voxels here
  await page.mouse.move(canvas.x + BOX.x0 * scale + 1, canvas.y + BOX.y0 * scale + 1);
  await page.mouse.down();
  await page.mouse.move(canvas.x + (BOX.x0 + BOX.x1) / 2 * scale, canvas.y + (BOX.y0 + BOX.y1) / 2 * scale, { steps: 5 });
  await page.mouse.move(canvas.x + BOX.x1 * scale - 1, canvas.y + BOX.y1 * scale - 1, { steps: 5 });
  await page.mouse.up();
  const drawn = await page.evaluate(() => ['y0', 'y1', 'x0', 'x1'].map(k => Number(document.getElementById(k).value)));
  check(JSON.stringify(drawn) === JSON.stringify([BOX.y0, BOX.y1, BOX.x0, BOX.x1]),
    'the box drawn by mouse is y ' + BOX.y0 + ':' + BOX.y1 + ', x ' + BOX.x0 + ':' + BOX.x1 + ' in voxels (got ' + drawn + ')');
  // the same box in the voxels of level 1 (half as many in y and x), and back
  await page.selectOption('#level', '1');
  const coarse = await page.evaluate(() => ['y0', 'y1', 'x0', 'x1'].map(k => Number(document.getElementById(k).value)));
  check(JSON.stringify(coarse) === JSON.stringify([BOX.y0 / 2, BOX.y1 / 2, BOX.x0 / 2, BOX.x1 / 2]),
    'at level 1 the box is y ' + BOX.y0 / 2 + ':' + BOX.y1 / 2 + ', x ' + BOX.x0 / 2 + ':' + BOX.x1 / 2 + ' (got ' + coarse + ')');
  await page.selectOption('#level', '0');
  await page.fill('#z0', String(BOX.z0));
  await page.fill('#z1', String(BOX.z1));
  await page.press('#z1', 'Tab');
  const region = `${BOX.z0}:${BOX.z1},${BOX.y0}:${BOX.y1},${BOX.x0}:${BOX.x1}`;
  check((await page.textContent('#region-text')).includes(region), 'the form shows the region ' + region);
  await page.selectOption('#units', 'physical');
  check(await page.inputValue('#x1') === String(BOX.x1 * 0.5) && await page.inputValue('#z1') === String(BOX.z1 * 2),
    'in physical units the form shows x to ' + BOX.x1 * 0.5 + ' and z to ' + BOX.z1 * 2 + ' micrometer');
  await page.selectOption('#units', 'voxels');
  await page.selectOption('#format', 'npy');
  await page.fill('#request-id', ID);
  await page.screenshot({ path: path.join(SHOTS, '1-request-drawn.png'), fullPage: true });
  await page.click('#submit');
  await waitFor('job ' + ID + ' to be exported', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID}"] .state`).catch(() => '')) === 'exported');
  check(true, 'the jobs table shows ' + ID + ' exported');
  // a second export of the same region, whose result will conflict with the first one's
  await page.fill('#request-id', ID2);
  await page.click('#submit');
  await waitFor('job ' + ID2 + ' to be exported', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID2}"] .state`).catch(() => '')) === 'exported');
  await page.screenshot({ path: path.join(SHOTS, '2-exported.png'), fullPage: true });

  // the download holds exactly what zarr-python reads from the store
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#jobs tr[data-id="${ID}"] button.download`)]);
  const exported = path.join(tmp, 'downloaded.npy');
  await download.saveAs(exported);
  check(download.suggestedFilename() === ID + '.npy', 'the download is named ' + ID + '.npy');
  const got = readNpy(exported);
  python('read', path.join(data, 'lab.zarr'), '0', path.join(tmp, 'before.npy'));
  const before = readNpy(path.join(tmp, 'before.npy'));
  const [D, H, W] = before.shape;
  const at = (z, y, x) => (z * H + y) * W + x;
  const want = [];
  for (let z = BOX.z0; z < BOX.z1; z++) for (let y = BOX.y0; y < BOX.y1; y++) for (let x = BOX.x0; x < BOX.x1; x++) want.push(before.values[at(z, y, x)]);
  check(JSON.stringify(got.shape) === JSON.stringify([BOX.z1 - BOX.z0, BOX.y1 - BOX.y0, BOX.x1 - BOX.x0]), 'the download has the region\'s shape ' + got.shape);
  check(got.values.every((v, i) => v === want[i]), 'every voxel of the download equals zarr-python\'s read of the store');
  check(got.values.some(v => v === 5000) && got.values.some(v => v < 1000), 'the region holds both the bright box and the noise around it');

  // a processed file, dropped on the drop zone
  const processed = Uint16Array.from(got.values, v => 6000 - v);
  const processedFile = path.join(tmp, ID + '-processed.npy');
  writeNpy(processedFile, got.header, processed);
  await page.click(`#jobs tr[data-id="${ID}"]`);
  await dropFile(page, processedFile);
  await waitFor('job ' + ID + ' to be written back', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID}"] .state`).catch(() => '')) === 'written-back');
  check(true, 'the jobs table shows ' + ID + ' written-back');
  check((await page.textContent('#upload-result')).startsWith('written-back'), 'the upload\'s answer is shown: ' + await page.textContent('#upload-result'));

  // the preview: before and after pictures of the region's middle plane, inverted by the processing
  await page.waitForSelector('#previews:not([hidden])');
  await waitFor('both preview pictures', () => page.evaluate(() =>
    ['preview-before', 'preview-after'].every(id => { const i = document.getElementById(id); return i.complete && i.naturalWidth > 0; })));
  const preview = await page.evaluate(() => {
    const gray = id => {
      const img = document.getElementById(id);
      const c = document.createElement('canvas');
      c.width = img.naturalWidth; c.height = img.naturalHeight;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return { w: c.width, h: c.height, px: Array.from(g.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0)) };
    };
    const b = gray('preview-before'), a = gray('preview-after');
    let sum = 0;
    for (let i = 0; i < b.px.length; i++) sum += Math.abs(255 - b.px[i] - a.px[i]);
    return { size: b.w + 'x' + b.h + ' and ' + a.w + 'x' + a.h, meanInverseError: sum / b.px.length,
      brightBefore: b.px.filter(v => v > 200).length, darkAfter: a.px.filter(v => v < 55).length };
  });
  const plane = (BOX.x1 - BOX.x0) + 'x' + (BOX.y1 - BOX.y0);
  check(preview.size === plane + ' and ' + plane, 'both preview pictures are the region\'s plane, ' + preview.size);
  check(preview.meanInverseError < 8 && preview.brightBefore > 100 && preview.darkAfter > 100,
    'the after picture is the before picture inverted, as the processing did: ' + JSON.stringify(
      { meanInverseError: preview.meanInverseError.toFixed(2), brightBefore: preview.brightBefore, darkAfter: preview.darkAfter }));
  await waitFor('the history row', async () => (await page.textContent('#history tbody')).includes(ID));
  check(true, 'the store\'s history lists the write-back of ' + ID);
  await page.screenshot({ path: path.join(SHOTS, '3-written-back.png'), fullPage: true });

  // the store: the processed voxels inside the region, the old ones everywhere else
  python('read', path.join(data, 'lab.zarr'), '0', path.join(tmp, 'after.npy'));
  const after = readNpy(path.join(tmp, 'after.npy'));
  let inside = 0, wrong = 0, i = 0;
  for (let z = 0; z < D; z++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const inRegion = z >= BOX.z0 && z < BOX.z1 && y >= BOX.y0 && y < BOX.y1 && x >= BOX.x0 && x < BOX.x1;
    const expected = inRegion ? processed[inside++] : before.values[i];
    if (after.values[i] !== expected) wrong++;
    i++;
  }
  check(inside === processed.length && wrong === 0, 'zarr-python reads the processed voxels in the region and the old ones elsewhere (' + wrong + ' differ)');

  // the second job's result changes every voxel the first one changed, to other values: a conflict
  await page.click(`#jobs tr[data-id="${ID2}"]`);
  const [download2] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const exported2 = path.join(tmp, 'downloaded-2.npy');
  await download2.saveAs(exported2);
  const second = readNpy(exported2);
  check(second.values.every((v, k) => v === got.values[k]), 'the second export, downloaded from the job panel, equals the first');
  const result2 = Uint16Array.from(second.values, v => v + 1);
  const result2File = path.join(tmp, ID2 + '-plus-one.npy');
  writeNpy(result2File, second.header, result2);
  await dropFile(page, result2File);
  await waitFor('the conflict to be shown', async () => (await page.textContent('#upload-result')).startsWith('conflict:'));
  check((await page.textContent('#upload-result')).includes('changed by job ' + ID),
    'the refusal names the job whose change it conflicts with');
  await page.waitForSelector('#conflict:not([hidden])');
  await waitFor('the conflict mask', () => page.evaluate(() => { const i = document.getElementById('conflict-mask'); return i.complete && i.naturalWidth > 0; }));
  const mask = await page.evaluate(() => {
    const img = document.getElementById('conflict-mask');
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0);
    return { size: c.width + 'x' + c.height, white: px.filter(v => v === 255).length, all: px.length };
  });
  check(mask.size === plane && mask.white === mask.all, 'the conflict mask is shown: every voxel of the ' + plane + ' plane conflicts (' + mask.white + ' of ' + mask.all + ' white)');
  await waitFor('job ' + ID2 + ' in state conflict', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID2}"] .state`).catch(() => '')) === 'conflict');
  await page.screenshot({ path: path.join(SHOTS, '4-conflict.png'), fullPage: true });
  await page.check('#overwrite');
  await dropFile(page, result2File);
  await waitFor('job ' + ID2 + ' to be written back with on-conflict overwrite', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID2}"] .state`).catch(() => '')) === 'written-back');
  python('read', path.join(data, 'lab.zarr'), '0', path.join(tmp, 'after-2.npy'));
  const after2 = readNpy(path.join(tmp, 'after-2.npy'));
  let k = 0, wrong2 = 0;
  for (let z = BOX.z0; z < BOX.z1; z++) for (let y = BOX.y0; y < BOX.y1; y++) for (let x = BOX.x0; x < BOX.x1; x++) {
    if (after2.values[at(z, y, x)] !== result2[k++]) wrong2++;
  }
  check(wrong2 === 0, 'with "on conflict, the result wins" ticked, the second result is in the store (' + wrong2 + ' voxels differ)');
  await page.screenshot({ path: path.join(SHOTS, '5-overwritten.png'), fullPage: true });

  // undo the second write-back: the first job's result is back, and the history says so
  await waitFor('the undo button', () => page.isEnabled('#undo'));
  await page.click('#undo');
  await waitFor('job ' + ID2 + ' to be undone', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID2}"] .state`).catch(() => '')) === 'undone');
  python('read', path.join(data, 'lab.zarr'), '0', path.join(tmp, 'after-undo.npy'));
  const undone = readNpy(path.join(tmp, 'after-undo.npy'));
  check(undone.values.every((v, n) => v === after.values[n]), 'after the undo zarr-python reads the store as the first write-back left it');
  await waitFor('the undo in the history', async () => (await page.textContent('#history tbody')).includes('undo'));
  check(true, 'the store\'s history lists the undo');
  await page.screenshot({ path: path.join(SHOTS, '6-undone.png'), fullPage: true });

  // a segmentation into a new label image, picked in the form
  await page.selectOption('#target', 'new');
  await page.fill('#label-name', 'cells');
  await page.fill('#request-id', ID3);
  await page.click('#submit');
  await waitFor('job ' + ID3 + ' to be exported', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID3}"] .state`).catch(() => '')) === 'exported');
  await page.click(`#jobs tr[data-id="${ID3}"]`);
  check(!(await page.isChecked('#overwrite')), 'opening another job clears the "overwrite" option');
  const labels = Uint16Array.from(got.values, v => (v === 5000 ? 7 : 0));  // the bright box is object 7
  const labelsFile = path.join(tmp, ID3 + '-seg.npy');
  writeNpy(labelsFile, got.header, labels);
  await dropFile(page, labelsFile);
  await waitFor('job ' + ID3 + ' to be written back', async () =>
    (await page.textContent(`#jobs tr[data-id="${ID3}"] .state`).catch(() => '')) === 'written-back');
  python('read', path.join(data, 'lab.zarr'), 'labels/cells/0', path.join(tmp, 'labels.npy'));
  const written = readNpy(path.join(tmp, 'labels.npy'));
  let m = 0, wrong3 = 0;
  for (let z = BOX.z0; z < BOX.z1; z++) for (let y = BOX.y0; y < BOX.y1; y++) for (let x = BOX.x0; x < BOX.x1; x++) {
    if (written.values[at(z, y, x)] !== labels[m++]) wrong3++;
  }
  const nonzero = a => a.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
  check(JSON.stringify(written.shape) === JSON.stringify(before.shape) && wrong3 === 0 && nonzero(written.values) === nonzero(labels),
    'zarr-python reads the segmentation in the new label image labels/cells, and zeros around it (' + wrong3 + ' voxels differ)');
  await page.waitForSelector('#previews:not([hidden])');
  await waitFor('the label preview', () => page.evaluate(() => { const i = document.getElementById('preview-after'); return i.complete && i.naturalWidth > 0; }));
  await page.screenshot({ path: path.join(SHOTS, '7-labels.png'), fullPage: true });

  check(outside.length === 0, 'the page asked nothing of any other server' + (outside.length ? ': ' + outside.join(', ') : ''));
  check(pageErrors.length === 0, 'the page raised no script error and broke no rule of its Content-Security-Policy' + (pageErrors.length ? ': ' + pageErrors.join('; ') : ''));
}

const timer = setTimeout(() => {
  console.error('FAIL the browser test took longer than ' + LIMIT_MS / 1000 + ' s');
  if (relay) relay.kill('SIGKILL');
  process.exit(1);
}, LIMIT_MS);

try {
  await main();
  console.log('PASS the dashboard round trip in Chromium, ' + ((Date.now() - started) / 1000).toFixed(1) + ' s; screenshots in ' + SHOTS);
} catch (e) {
  failed = true;
  console.error('FAIL ' + e.message);
  const logFile = path.join(tmp, 'serve.log');
  if (fs.existsSync(logFile)) console.error('--- the relay\'s log ---\n' + fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'));
} finally {
  clearTimeout(timer);
  if (context) await context.close().catch(() => {});
  if (relay) {
    stopping = true;
    relay.kill('SIGTERM');
    await new Promise(r => { relay.once('exit', r); setTimeout(r, 15_000); });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
