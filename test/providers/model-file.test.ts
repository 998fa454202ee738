/**
 * Where an embedded model's file comes from: a file the user saved under its own name, or a download
 * from the Hugging Face host HF_ENDPOINT names (a mirror), served here by a local stand-in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { huggingFaceEndpoint, locateModelFile, modelFileName } from '../../src/models/providers/model-file.js';
import { startFileHost, type FileHost } from '../helpers/file-host.js';
import { TINY_MODEL_PATH } from '../helpers/shared.js';

const SOURCE = 'hf:opro-test/tiny-GGUF/llama-2-tiny-random.gguf';
const NO_NETWORK: typeof fetch = async () => assert.fail('the network must not be touched');

let dir: string;
let host: FileHost;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'opro-model-file-'));
  host = await startFileHost(new Map([['/opro-test/tiny-GGUF/resolve/main/llama-2-tiny-random.gguf', TINY_MODEL_PATH]]));
});

after(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the model file name', () => {
  test('is the last part of an hf: path or an https URL', () => {
    assert.equal(modelFileName('hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf'), 'qwen2.5-0.5b-instruct-q4_k_m.gguf');
    assert.equal(modelFileName('hf:owner/repo/sub/dir/model.gguf#dev'), 'model.gguf');
    assert.equal(modelFileName('https://example.com/files/my%20model.gguf?download=true'), 'my model.gguf');
  });
});

describe('HF_ENDPOINT', () => {
  test('names the host (MODEL_ENDPOINT first, as node-llama-cpp reads them); huggingface.co otherwise', () => {
    assert.equal(huggingFaceEndpoint({}), 'https://huggingface.co/');
    assert.equal(huggingFaceEndpoint({ HF_ENDPOINT: 'https://hf-mirror.example' }), 'https://hf-mirror.example/');
    assert.equal(huggingFaceEndpoint({ HF_ENDPOINT: 'https://a.example/', MODEL_ENDPOINT: 'https://b.example' }), 'https://b.example/');
    assert.equal(huggingFaceEndpoint({ HF_ENDPOINT: 'not a url' }), 'https://huggingface.co/');
  });
});

describe('locating an hf: model file', () => {
  test('a file saved in the models folder under its own name is used, with no network', async () => {
    const modelsDir = path.join(dir, 'by-name');
    mkdirSync(modelsDir);
    copyFileSync(TINY_MODEL_PATH, path.join(modelsDir, 'llama-2-tiny-random.gguf'));
    const found = await locateModelFile(SOURCE, { modelsDir, env: {}, fetch: NO_NETWORK, onDownloadProgress: () => assert.fail('no download') });
    assert.equal(found, path.join(modelsDir, 'llama-2-tiny-random.gguf'));
  });

  test('downloads from the HF_ENDPOINT host, checking that host (not huggingface.co) first', async () => {
    const modelsDir = path.join(dir, 'mirror');
    const seen: string[] = [];
    const checked: string[] = [];
    const found = await locateModelFile(SOURCE, {
      modelsDir,
      env: { HF_ENDPOINT: host.origin },
      fetch: (input, init) => {
        checked.push(String(input));
        return fetch(input, init);
      },
      onDownloadProgress: (p) => seen.push(`${p.downloadedBytes}/${p.totalBytes}`),
    });
    assert.equal(path.dirname(found), modelsDir);
    assert.deepEqual(readFileSync(found), readFileSync(TINY_MODEL_PATH));
    assert.deepEqual(checked, [`${host.origin}/`]);
    assert.ok(host.requests.some((r) => r.method === 'GET' && r.url.startsWith('/opro-test/tiny-GGUF/resolve/main/llama-2-tiny-random.gguf')), JSON.stringify(host.requests));
    assert.ok(seen.length > 0, 'progress was reported');
    // The second time it is found in the cache, without the network.
    assert.equal(await locateModelFile(SOURCE, { modelsDir, env: { HF_ENDPOINT: host.origin }, fetch: NO_NETWORK }), found);
  });

  test('an unreachable HF_ENDPOINT host is named, with the file name to save by hand', async () => {
    const modelsDir = path.join(dir, 'offline');
    // Port 1 on loopback refuses at once: an offline mirror, without touching any network.
    await assert.rejects(
      locateModelFile(SOURCE, { modelsDir, env: { HF_ENDPOINT: 'http://127.0.0.1:1' } }),
      (error: Error) => {
        assert.match(error.message, /http:\/\/127\.0\.0\.1:1\/ cannot be reached/);
        assert.ok(error.message.includes(`${modelsDir} as llama-2-tiny-random.gguf`), error.message);
        assert.match(error.message, /HF_ENDPOINT/);
        return true;
      },
    );
  });
});
