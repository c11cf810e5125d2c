// The dashboard's script: plain JavaScript, no library. Every call goes to the relay's HTTP API with
// the token the page was opened with (/?token=...) as a bearer token.
'use strict';

const TOKEN = new URLSearchParams(location.search).get('token');
const state = { images: [], image: null, thumb: null, thumbLevel: 0, level: 0, box: null, jobs: [], job: null };
const $ = id => document.getElementById(id);

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (TOKEN) headers.Authorization = 'Bearer ' + TOKEN;
  const r = await fetch(path, Object.assign({}, options, { headers }));
  if (!r.ok) {
    let message = r.status + ' ' + r.statusText;
    try { message = (await r.json()).error || message; } catch (e) { /* not JSON: keep the status line */ }
    const err = new Error(message);
    err.status = r.status;
    throw err;
  }
  return r;
}

async function blobUrl(path) {
  return URL.createObjectURL(await (await api(path)).blob());
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

// ---- images ----------------------------------------------------------------------------------

function thumbnailPath(img, level) {
  let p = '/api/images/' + encodeURIComponent(img.store) + '/thumbnail.png?image=' + encodeURIComponent(img.image);
  if (level != null) p += '&level=' + level;
  return p;
}

function thumbnailLevel(img) {
  // the level the relay draws by default: the finest whose planes are at most 512 wide and high
  const i = img.levels.findIndex(l => l.shape[l.shape.length - 1] <= 512 && (l.shape.length < 2 || l.shape[l.shape.length - 2] <= 512));
  return i < 0 ? img.levels.length - 1 : i;
}

const UNITS = { micrometer: 'µm', nanometer: 'nm', millimeter: 'mm', centimeter: 'cm', meter: 'm', angstrom: 'Å' };

function unitText(img) { return UNITS[img.unit] || img.unit || ''; }

function voxelText(img, level) {
  if (!level.voxelSize) return '';
  const space = level.voxelSize.slice(-Math.min(3, level.voxelSize.length));
  return space.map(v => +v.toPrecision(4)).join(' × ') + ' ' + unitText(img);
}

async function loadImages() {
  const list = (await (await api('/api/images')).json()).images;
  state.images = list.filter(i => !i.error);
  const box = $('images');
  box.replaceChildren();
  for (const img of list) {
    const card = el('div', { class: 'image-card', 'data-store': img.store, 'data-image': img.image });
    const name = img.store + (img.image ? ' / ' + img.image : '');
    if (img.error) {
      card.append(el('strong', {}, name), el('p', { class: 'error' }, img.error));
      box.append(card);
      continue;
    }
    const thumb = el('img', { alt: 'thumbnail of ' + name, class: 'thumb' });
    blobUrl(thumbnailPath(img)).then(u => { thumb.src = u; }, e => { thumb.alt = e.message; });
    const rows = img.levels.map(l => el('tr', {}, el('td', {}, l.level), el('td', {}, l.shape.join(' × ')),
      el('td', {}, l.dtype), el('td', {}, l.chunks.join('×')), el('td', {}, voxelText(img, l))));
    card.append(thumb, el('strong', {}, name),
      el('div', { class: 'muted' }, (img.ome ? 'OME-Zarr, axes ' + img.axes.join(' ') : 'array') + ', ' + img.levels.length + ' level(s)'),
      img.labels && img.labels.length ? el('div', { class: 'muted' }, 'labels: ' + img.labels.join(', ')) : '',
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'level'), el('th', {}, 'shape'), el('th', {}, 'dtype'),
        el('th', {}, 'chunks'), el('th', {}, 'voxel'))), el('tbody', {}, ...rows)));
    card.addEventListener('click', () => selectImage(state.images.indexOf(img)));
    box.append(card);
  }
  const select = $('image-select');
  select.replaceChildren(...state.images.map((img, i) => el('option', { value: i }, img.store + (img.image ? ' / ' + img.image : ''))));
  if (state.images.length) await selectImage(0);
}

async function selectImage(i) {
  const img = state.images[i];
  state.image = img;
  delete $('draw').dataset.image;
  $('image-select').value = String(i);
  document.querySelectorAll('.image-card').forEach(c => c.classList.toggle('selected',
    c.dataset.store === img.store && c.dataset.image === img.image));
  $('level').replaceChildren(...img.levels.map(l => el('option', { value: l.level }, l.level + ': ' + l.shape.join(' × '))));
  $('target').replaceChildren(el('option', { value: '' }, 'the image itself'),
    ...(img.ome ? (img.labels || []).map(n => el('option', { value: 'labels/' + n }, 'label image ' + n)) : []),
    ...(img.ome ? [el('option', { value: 'new' }, 'a new label image…')] : []));
  $('label-name-row').hidden = true;
  state.level = 0;
  state.thumbLevel = thumbnailLevel(img);
  const shape = levelShape();
  state.box = { z0: 0, z1: depth(shape), y0: 0, y1: shape[shape.length - 2], x0: 0, x1: shape[shape.length - 1] };
  updateInputs();
  const image = new Image();
  image.src = await blobUrl(thumbnailPath(img, state.thumbLevel));
  await image.decode();
  state.thumb = image;
  drawCanvas();
  $('draw').dataset.image = img.store + '/' + img.image;  // says which thumbnail is drawn (the browser test waits for it)
}

function levelShape(level = state.level) { return state.image.levels[level].shape; }
function depth(shape) { return shape.length >= 3 ? shape[shape.length - 3] : 1; }

// ---- region ----------------------------------------------------------------------------------

// physical = translation-free scale × voxel index, per axis of the chosen level
function axisScale(axis) {
  const l = state.image.levels[state.level];
  const n = l.shape.length;
  const idx = { z: n - 3, y: n - 2, x: n - 1 }[axis];
  return l.voxelSize && idx >= 0 ? l.voxelSize[idx] : 1;
}

function physical() { return $('units').value === 'physical' && !!state.image.levels[state.level].voxelSize; }

function updateInputs() {
  for (const k of ['z0', 'z1', 'y0', 'y1', 'x0', 'x1']) {
    const v = state.box[k];
    $(k).value = physical() ? +(v * axisScale(k[0])).toPrecision(6) : v;
  }
  $('z0').disabled = $('z1').disabled = levelShape().length < 3;
  $('unit-label').textContent = physical() ? '(in ' + (unitText(state.image) || 'physical units') + ', start to end)' : '(voxels of level ' + state.level + ', start to stop)';
  $('region-text').textContent = 'region: ' + regionText();
}

function readInputs() {
  const shape = levelShape();
  const max = { z: depth(shape), y: shape[shape.length - 2], x: shape[shape.length - 1] };
  for (const a of ['z', 'y', 'x']) {
    let v0 = Number($(a + '0').value), v1 = Number($(a + '1').value);
    if (physical()) { v0 = Math.floor(v0 / axisScale(a) + 1e-6); v1 = Math.ceil(v1 / axisScale(a) - 1e-6); }
    v0 = Math.max(0, Math.min(max[a] - 1, Math.round(v0) || 0));
    v1 = Math.max(v0 + 1, Math.min(max[a], Math.round(v1) || 0));
    state.box[a + '0'] = v0;
    state.box[a + '1'] = v1;
  }
  updateInputs();
  drawCanvas();
}

function regionText() {
  const shape = levelShape();
  const b = state.box;
  const parts = [];
  for (let d = 0; d < shape.length - 3; d++) parts.push('0');  // t, c: index 0
  if (shape.length >= 3) parts.push(b.z0 + ':' + b.z1);
  parts.push(b.y0 + ':' + b.y1, b.x0 + ':' + b.x1);
  return parts.join(',');
}

// ---- drawing on the thumbnail ----------------------------------------------------------------

function canvasScale() {
  const c = $('draw');
  return Math.min(c.width / state.thumb.naturalWidth, c.height / state.thumb.naturalHeight);
}

// thumbnail pixel (of the thumbnail's level) -> voxel of the chosen level, per axis
function levelRatio(axis) {
  const t = levelShape(state.thumbLevel), l = levelShape();
  const off = axis === 'x' ? 1 : 2;
  return l[l.length - off] / t[t.length - off];
}

function drawCanvas() {
  const c = $('draw');
  const g = c.getContext('2d');
  g.fillStyle = '#000';
  g.fillRect(0, 0, c.width, c.height);
  if (!state.thumb) return;
  const s = canvasScale();
  g.imageSmoothingEnabled = false;
  g.drawImage(state.thumb, 0, 0, state.thumb.naturalWidth * s, state.thumb.naturalHeight * s);
  const b = state.box;
  const x = b.x0 / levelRatio('x') * s, y = b.y0 / levelRatio('y') * s;
  const w = (b.x1 - b.x0) / levelRatio('x') * s, h = (b.y1 - b.y0) / levelRatio('y') * s;
  g.strokeStyle = '#ffd400';
  g.lineWidth = 2;
  g.strokeRect(x, y, w, h);
  g.fillStyle = 'rgba(255, 212, 0, 0.15)';
  g.fillRect(x, y, w, h);
}

function setupDrawing() {
  const c = $('draw');
  let start = null;
  const toVoxel = ev => {
    const r = c.getBoundingClientRect();
    const s = canvasScale();
    const shape = levelShape();
    const px = (ev.clientX - r.left) * (c.width / r.width) / s, py = (ev.clientY - r.top) * (c.height / r.height) / s;
    return {
      x: Math.max(0, Math.min(shape[shape.length - 1], px * levelRatio('x'))),
      y: Math.max(0, Math.min(shape[shape.length - 2], py * levelRatio('y'))),
    };
  };
  const update = ev => {
    const p = toVoxel(ev);
    const b = state.box;
    b.x0 = Math.floor(Math.min(start.x, p.x)); b.x1 = Math.max(b.x0 + 1, Math.ceil(Math.max(start.x, p.x)));
    b.y0 = Math.floor(Math.min(start.y, p.y)); b.y1 = Math.max(b.y0 + 1, Math.ceil(Math.max(start.y, p.y)));
    updateInputs();
    drawCanvas();
  };
  c.addEventListener('mousedown', ev => { if (state.thumb) { start = toVoxel(ev); update(ev); } });
  window.addEventListener('mousemove', ev => { if (start) update(ev); });
  window.addEventListener('mouseup', ev => { if (start) { update(ev); start = null; } });
}

// ---- submitting ------------------------------------------------------------------------------

async function submit(ev) {
  ev.preventDefault();
  readInputs();
  const img = state.image;
  const request = { store: img.store, region: regionText(), format: $('format').value };
  if (img.ome) {
    if (img.image) request.array = img.image;
    request.level = state.level;
  } else {
    request.array = img.image;
  }
  let target = $('target').value;
  if (target === 'new') target = 'labels/' + $('label-name').value.trim();
  if (target) request.target = target;
  const id = $('request-id').value.trim();
  if (id) request.id = id;
  const out = $('request-result');
  try {
    const answer = await (await api('/api/requests', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request) })).json();
    out.className = 'ok-text';
    out.textContent = 'accepted as job ' + answer.id;
    $('request-id').value = '';
    await pollJobs();
    openJob(answer.id);
  } catch (e) {
    out.className = 'error-text';
    out.textContent = 'refused: ' + e.message;
  }
}

// ---- jobs ------------------------------------------------------------------------------------

function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }

function progressCell(j) {
  if (j.progress) {
    const p = j.progress;
    const bar = el('progress', p.total > 0 ? { max: p.total, value: p.done } : {});
    return el('td', {}, bar, el('div', { class: 'muted' }, p.phase + (p.total > 0 ? ' ' + Math.round(100 * p.done / p.total) + '%' : '')));
  }
  const done = ['exported', 'written-back', 'undone'].includes(j.state);
  return el('td', {}, el('progress', { max: 1, value: done ? 1 : 0 }));
}

function shorten(text, n) { return text.length > n ? text.slice(0, n - 1) + '…' : text; }

function hasExport(j) { return ['exported', 'written-back', 'conflict', 'undone'].includes(j.state); }

async function pollJobs() {
  try {
    state.jobs = (await (await api('/api/jobs?limit=50')).json()).jobs;
    $('connection').textContent = 'connected · ' + new Date().toLocaleTimeString();
  } catch (e) {
    $('connection').textContent = 'cannot reach the relay: ' + e.message;
    return;
  }
  const body = $('jobs').tBodies[0];
  body.replaceChildren(...state.jobs.map(j => {
    const row = el('tr', { 'data-id': j.id, class: state.job === j.id ? 'selected' : '' },
      el('td', {}, j.id), el('td', {}, el('span', { class: 'state ' + j.state }, j.state)), progressCell(j),
      el('td', {}, (j.store || '') + ' ' + (j.array || '') + ' [' + (j.region || '') + ']'), el('td', {}, j.format || ''),
      el('td', {}, time(j.created)), el('td', {}, time(j.updated)), el('td', {}, j.worker || ''),
      el('td', { class: 'message', title: j.message || '' }, shorten(j.message || '', 160)),
      el('td', {}, hasExport(j) ? el('button', { class: 'small download', type: 'button',
        onclick: ev => { ev.stopPropagation(); download(j.id); } }, 'download') : ''));
    row.addEventListener('click', () => openJob(j.id));
    return row;
  }));
  if (state.job) showJob();
}

function openJob(id) {
  if (state.job !== id) {
    // write-back options are chosen per upload: never carry "overwrite" over to another job
    $('cast').value = '';
    $('levels-opt').checked = false;
    $('overwrite').checked = false;
  }
  state.job = id;
  $('upload-result').textContent = '';
  $('previews').hidden = true;
  $('conflict').hidden = true;
  document.querySelectorAll('#jobs tbody tr').forEach(r => r.classList.toggle('selected', r.dataset.id === id));
  showJob();
  loadHistory();
  const j = state.jobs.find(x => x.id === id);
  if (j && ['written-back', 'undone'].includes(j.state)) showPreviews();
  if (j && j.state === 'conflict') showConflict();
}

async function showConflict() {
  try {
    $('conflict-mask').src = await blobUrl('/api/jobs/' + encodeURIComponent(state.job) + '/conflict.png');
    $('conflict').hidden = false;
  } catch (e) {
    $('conflict').hidden = true;
  }
}

function showJob() {
  const j = state.jobs.find(x => x.id === state.job);
  if (!j) return;
  $('job-panel').hidden = false;
  $('job-title').textContent = j.id;
  $('job-state').textContent = j.state;
  $('job-state').className = 'state ' + j.state;
  $('job-message').textContent = j.message || '';
  $('job-message').className = ['failed', 'conflict'].includes(j.state) ? 'error-text' : '';
  $('download').disabled = !hasExport(j);
  $('undo').disabled = j.state !== 'written-back';
}

async function download(id) {
  try {
    const r = await api('/api/jobs/' + encodeURIComponent(id) + '/export');
    const name = (/filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '') || [])[1] || id;
    const a = el('a', { href: URL.createObjectURL(await r.blob()), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    $('upload-result').className = 'error-text';
    $('upload-result').textContent = 'download refused: ' + e.message;
  }
}

async function upload(file) {
  const id = state.job;
  const params = new URLSearchParams({ filename: file.name });
  if ($('cast').value) params.set('cast', $('cast').value);
  if ($('levels-opt').checked) params.set('levels', 'this-and-coarser');
  if ($('overwrite').checked) params.set('on-conflict', 'overwrite');
  const out = $('upload-result');
  out.className = '';
  out.textContent = 'writing ' + file.name + ' back…';
  try {
    const s = await (await api('/api/jobs/' + encodeURIComponent(id) + '/return?' + params, { method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' }, body: file })).json();
    out.className = 'ok-text';
    out.textContent = s.state + ': ' + (s.message || '');
    $('conflict').hidden = true;
    showPreviews();
  } catch (e) {
    out.className = 'error-text';
    out.textContent = (e.status === 409 ? 'conflict: ' : 'refused: ') + e.message;
    if (e.status === 409) showConflict();
  }
  await pollJobs();
  loadHistory();
}

async function showPreviews() {
  const id = encodeURIComponent(state.job);
  try {
    const [before, after] = await Promise.all([blobUrl('/api/jobs/' + id + '/preview.png?which=before'),
      blobUrl('/api/jobs/' + id + '/preview.png?which=after')]);
    $('preview-before').src = before;
    $('preview-after').src = after;
    $('previews').hidden = false;
  } catch (e) {
    $('previews').hidden = true;
    $('upload-result').append(el('div', { class: 'error-text' }, 'no preview: ' + e.message));
  }
}

async function undo() {
  const out = $('upload-result');
  try {
    const s = await (await api('/api/jobs/' + encodeURIComponent(state.job) + '/undo', { method: 'POST' })).json();
    out.className = 'ok-text';
    out.textContent = s.state + ': ' + (s.message || '');
    showPreviews();
  } catch (e) {
    out.className = 'error-text';
    out.textContent = 'undo refused: ' + e.message;
  }
  await pollJobs();
  loadHistory();
}

async function loadHistory() {
  const j = state.jobs.find(x => x.id === state.job);
  const body = $('history').tBodies[0];
  if (!j || !j.store) { body.replaceChildren(); return; }
  $('history-store').textContent = j.store;
  try {
    const h = (await (await api('/api/stores/' + encodeURIComponent(j.store) + '/history')).json()).history;
    body.replaceChildren(...h.map(e => el('tr', {}, el('td', {}, e.time ? new Date(e.time).toLocaleString() : ''),
      el('td', {}, e.kind), el('td', {}, e.job), el('td', {}, e.array), el('td', {}, e.region), el('td', {}, e.voxels),
      el('td', {}, e.worker || ''), el('td', {}, e.undone ? 'undone' : ''))));
  } catch (e) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'error-text' }, e.message)));
  }
}

function setupDropZone() {
  const zone = $('drop-zone');
  zone.addEventListener('dragover', ev => { ev.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', ev => {
    ev.preventDefault();
    zone.classList.remove('over');
    if (ev.dataTransfer.files.length) upload(ev.dataTransfer.files[0]);
  });
  $('file-input').addEventListener('change', ev => {
    if (ev.target.files.length) upload(ev.target.files[0]);
    ev.target.value = '';
  });
}

// ---- start -----------------------------------------------------------------------------------

function start() {
  setupDrawing();
  setupDropZone();
  $('request-form').addEventListener('submit', submit);
  $('image-select').addEventListener('change', ev => selectImage(Number(ev.target.value)));
  $('level').addEventListener('change', ev => {
    const old = levelShape();
    state.level = Number(ev.target.value);
    const now = levelShape();
    const b = state.box;
    const n = now.length;
    const r = d => now[d] / old[d];
    if (n >= 3) { b.z0 = Math.floor(b.z0 * r(n - 3)); b.z1 = Math.max(b.z0 + 1, Math.ceil(b.z1 * r(n - 3))); }
    b.y0 = Math.floor(b.y0 * r(n - 2)); b.y1 = Math.max(b.y0 + 1, Math.ceil(b.y1 * r(n - 2)));
    b.x0 = Math.floor(b.x0 * r(n - 1)); b.x1 = Math.max(b.x0 + 1, Math.ceil(b.x1 * r(n - 1)));
    updateInputs();
    drawCanvas();
  });
  $('units').addEventListener('change', updateInputs);
  for (const k of ['z0', 'z1', 'y0', 'y1', 'x0', 'x1']) $(k).addEventListener('change', readInputs);
  $('target').addEventListener('change', ev => { $('label-name-row').hidden = ev.target.value !== 'new'; });
  $('download').addEventListener('click', () => download(state.job));
  $('undo').addEventListener('click', undo);
  loadImages().catch(e => { $('images').textContent = 'cannot list the images: ' + e.message; });
  pollJobs();
  setInterval(pollJobs, 1000);
}

start();
