import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { presetSettings, PRESETS, resolveSettings } from '../../src/optimize/settings.js';
import type { Dataset } from '../../src/datasets/types.js';

const dataset = (id: string) => ({ id }) as Dataset;

describe('presets', () => {
  test('reference = paper plus the reference quirks the defaults fix', () => {
    assert.deepEqual(PRESETS, ['paper', 'reference']);
    for (const id of ['gsm8k', 'bbh/navigate']) {
      const paper = presetSettings('paper', id);
      const reference = presetSettings('reference', id);
      assert.deepEqual({ ...reference, referenceQuirks: undefined }, { ...paper, referenceQuirks: undefined });
      assert.equal(paper.referenceQuirks, undefined);
      assert.equal(reference.referenceQuirks, true);
    }
  });

  test('every quirk is on in a resolved reference run: the reply quirk, re-proposable initial instructions, exact N calls, reference grading', () => {
    const settings = resolveSettings({}, dataset('gsm8k'), 'reference');
    assert.equal(settings.referenceQuirks, true);
    assert.equal(settings.dedupAgainstInitial, false);
    assert.equal(settings.maxExtraDraws, 0);
    assert.equal(settings.gradingMode, 'reference');
    assert.equal(settings.racing, false);
    const defaults = resolveSettings({}, dataset('gsm8k'));
    assert.equal(defaults.referenceQuirks, false);
    assert.equal(defaults.dedupAgainstInitial, true);
  });

  test('explicit options still win over the reference preset', () => {
    const settings = resolveSettings({ referenceQuirks: false, style: 'tagged' }, dataset('bbh/navigate'), 'reference');
    assert.equal(settings.referenceQuirks, false);
    assert.equal(settings.style, 'tagged');
    assert.deepEqual(settings.initialInstructions, ['']);
  });
});
