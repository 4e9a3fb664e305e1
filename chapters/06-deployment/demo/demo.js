// Runs the exported digit classifiers of chapter 6 in this page and shows what it measured.
// The page names itself (<body data-page>); every runtime of that page is loaded, timed and
// read back in turn, and the whole record is left in window.demoResult for the driver.

const FIRST_ROWS = 12;
const CLASSES = 10;
const settings = new URLSearchParams(location.search);
const REPEATS = Math.max(1, Number(settings.get('repeats') ?? 20));
const WARMUP = Math.max(0, Number(settings.get('warmup') ?? 3));

class MissingFile extends Error {
  name = 'MissingFile';
}

const asset = (file) => new URL(file, document.baseURI).href;

async function fetchFile(file) {
  const response = await fetch(file);
  if (response.status === 404) throw new MissingFile(`missing ${file}`);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return response;
}

const fetchBytes = async (file) => new Uint8Array(await (await fetchFile(file)).arrayBuffer());
const fetchJson = async (file) => (await fetchFile(file)).json();

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function seconds(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

// Each runtime opens its model and returns {backend, predict(rows, n) -> Float32Array of n × 10}
// and, for a model of fixed shape, the one batch size it accepts.
async function openOnnx(model) {
  const ort = await import(asset('vendor/ort/ort.wasm.min.mjs'));
  ort.env.wasm.wasmPaths = asset('vendor/ort/');
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(await fetchBytes(model), { executionProviders: ['wasm'] });
  const [input] = session.inputNames;
  const [output] = session.outputNames;
  return {
    backend: 'wasm',
    predict: async (rows, n) => {
      const results = await session.run({ [input]: new ort.Tensor('float32', rows, [n, rows.length / n]) });
      return results[output].data;
    },
  };
}

async function openTfjs(model) {
  const spec = await fetchJson(model);
  const tf = await import(asset('vendor/tfjs/tf.fesm.min.js'));
  await tf.setBackend('cpu');
  const net = tf.sequential();
  let fanIn = spec.input_size;
  for (const layer of spec.layers) {
    const dense = tf.layers.dense({ units: layer.units, activation: layer.activation, inputShape: [fanIn] });
    net.add(dense);
    dense.setWeights([tf.tensor2d(layer.kernel, [fanIn, layer.units]), tf.tensor1d(layer.bias)]);
    fanIn = layer.units;
  }
  return {
    backend: tf.getBackend(),
    predict: async (rows, n) => {
      const x = tf.tensor2d(rows, [n, spec.input_size]);
      const y = net.predict(x);
      const data = await y.data();
      tf.dispose([x, y]);
      return data;
    },
  };
}

async function openLiteRt(model) {
  const bytes = await fetchBytes(model);
  const litert = await import(asset('vendor/litertjs/core/index.js'));
  await litert.loadLiteRt(asset('vendor/litertjs/wasm/'));
  const compiled = await litert.loadAndCompile(bytes, { accelerator: 'wasm', cpuOptions: { numThreads: 1 } });
  const shape = Array.from(compiled.getInputDetails()[0].shape);
  return {
    backend: compiled.options.accelerator,
    batch: shape[0],
    predict: async (rows) => {
      const input = new litert.Tensor(rows, shape);
      const [output] = await compiled.run(input);
      const data = output.toTypedArray();
      input.delete();
      output.delete();
      return data;
    },
  };
}

const PAGES = {
  pytorch: [['onnxruntime-web', openOnnx, 'models/pytorch/model.onnx']],
  tensorflow: [
    ['tfjs', openTfjs, 'models/tensorflow/tfjs-model.json'],
    ['litertjs', openLiteRt, 'models/tensorflow/model.tflite'],
    ['onnxruntime-web', openOnnx, 'models/tensorflow/model.onnx'],
  ],
};

// Runs all rows, in one call or, for a model of fixed batch size, in calls of that size.
async function predictAll(runtime, inputs) {
  const batch = runtime.batch ?? inputs.rows;
  const out = new Float32Array(inputs.rows * CLASSES);
  for (let start = 0; start < inputs.rows; start += batch) {
    const rows = inputs.data.subarray(start * inputs.features, (start + batch) * inputs.features);
    out.set(await runtime.predict(rows, batch), start * CLASSES);
  }
  return out;
}

async function measure(open, model, inputs) {
  let runtime;
  const load_s = await seconds(async () => { runtime = await open(model); });
  const first = inputs.data.subarray(0, inputs.features);
  const latencies = [];
  const passes = [];
  for (let i = 0; i < WARMUP; i++) {
    await runtime.predict(first, 1);
    await predictAll(runtime, inputs);
  }
  for (let i = 0; i < REPEATS; i++) latencies.push(await seconds(() => runtime.predict(first, 1)));
  let outputs;
  for (let i = 0; i < REPEATS; i++) passes.push(await seconds(async () => { outputs = await predictAll(runtime, inputs); }));
  return {
    backend: runtime.backend,
    load_s,
    latency_b1_s: median(latencies),
    throughput_rows_s: median(passes) > 0 ? inputs.rows / median(passes) : null,
    outputs: Array.from({ length: inputs.rows }, (_, r) => Array.from(outputs.subarray(r * CLASSES, (r + 1) * CLASSES))),
  };
}

async function readInputs() {
  const { rows, features } = await fetchJson('models/inputs.json');
  const data = new Float32Array((await fetchBytes('models/inputs.bin')).buffer);
  if (data.length !== rows * features) {
    throw new Error(`models/inputs.bin holds ${data.length} numbers, inputs.json says ${rows} × ${features}`);
  }
  return { rows, features, data };
}

const argmax = (row) => row.indexOf(Math.max(...row));
const BELOW_CLOCK = 'below the clock\'s resolution';
const ms = (s) => (s > 0 ? `${(s * 1000).toFixed(s < 0.001 ? 3 : 1)} ms` : BELOW_CLOCK);
const perSecond = (n) => (n === null ? BELOW_CLOCK : `${Math.round(n).toLocaleString('en')} rows/s`);

function element(tag, attributes, ...children) {
  const node = Object.assign(document.createElement(tag), attributes);
  node.append(...children);
  return node;
}

function show(name, entry) {
  const rows = entry.ok
    ? [
        ['Load', ms(entry.load_s)],
        ['Latency, one row', ms(entry.latency_b1_s)],
        ['Throughput', perSecond(entry.throughput_rows_s)],
        [`Digits predicted, rows 1–${Math.min(FIRST_ROWS, entry.outputs.length)}`,
          element('span', { className: 'digits' }, entry.outputs.slice(0, FIRST_ROWS).map(argmax).join(' '))],
      ]
    : [['Error', entry.error]];
  const table = element('table', {}, ...rows.map(([label, value]) =>
    element('tr', {}, element('th', { scope: 'row' }, label), element('td', {}, value))));
  if (!entry.ok) table.className = 'failed';
  const detail = [entry.version && `version ${entry.version}`, entry.backend && `backend ${entry.backend}`];
  document.getElementById(`runtime-${name}`).replaceChildren(
    element('h2', {}, name, ' ', element('small', {}, detail.filter(Boolean).join(', '))), table);
}

async function main() {
  const page = document.body.dataset.page;
  const runtimes = PAGES[page];
  const results = document.getElementById('results');
  for (const [name] of runtimes) {
    results.append(element('section', { id: `runtime-${name}` }, element('h2', {}, name), element('p', {}, 'running…')));
  }
  const versions = await fetchJson('vendor/versions.json');
  const inputs = await readInputs().catch((error) => error);
  window.demoResult = { page, runtimes: {}, rows: inputs instanceof Error ? 0 : inputs.rows };
  for (const [name, open, model] of runtimes) {
    const entry = { ok: false, error: null, version: versions[name] ?? null, backend: null, load_s: null,
      latency_b1_s: null, throughput_rows_s: null, outputs: null };
    try {
      if (inputs instanceof Error) throw inputs;
      Object.assign(entry, await measure(open, model, inputs), { ok: true });
    } catch (error) {
      entry.error = `${error.name}: ${error.message}`;
    }
    window.demoResult.runtimes[name] = entry;
    show(name, entry);
  }
  window.demoDone = true;
}

main().catch((error) => {
  document.getElementById('results').append(element('p', { className: 'failed' }, `${error.name}: ${error.message}`));
  window.demoResult = { page: document.body.dataset.page, runtimes: {}, rows: 0, error: `${error.name}: ${error.message}` };
  window.demoDone = true;
});
