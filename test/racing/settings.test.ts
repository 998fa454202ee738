import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { addOptimizerOptions, settingsFromFlags } from '../../src/cli/instruction-options.js';
import { DEFAULT_SETTINGS, presetSettings, resolveSettings, SettingsError } from '../../src/optimize/settings.js';
import { numberedDataset } from './helpers.js';

function flags(args: string[]) {
  const command = addOptimizerOptions(new Command().exitOverride());
  command.parse(args, { from: 'user' });
  return settingsFromFlags(command.opts());
}

describe('racing settings and flags', () => {
  test('defaults: racing off (the benchmark did not earn default-on), delta 0.05, first round 30', () => {
    assert.equal(DEFAULT_SETTINGS.racing, false);
    assert.equal(DEFAULT_SETTINGS.racingConfidence, 0.05);
    assert.equal(DEFAULT_SETTINGS.racingFirstRound, 30);
  });

  test('the paper preset scores every candidate fully; an explicit option still wins', () => {
    assert.equal(presetSettings('paper', 'gsm8k').racing, false);
    const dataset = numberedDataset();
    assert.equal(resolveSettings({}, dataset, 'paper').racing, false);
    assert.equal(resolveSettings({ racing: true }, dataset, 'paper').racing, true);
  });

  test('bad values fail before any call', () => {
    const dataset = numberedDataset();
    assert.throws(() => resolveSettings({ racingConfidence: 0 }, dataset), SettingsError);
    assert.throws(() => resolveSettings({ racingConfidence: 1 }, dataset), SettingsError);
    assert.throws(() => resolveSettings({ racingFirstRound: 0 }, dataset), SettingsError);
  });

  test('--racing / --no-racing / neither, --racing-delta, --racing-first-round', () => {
    assert.equal(flags([]).racing, undefined, 'neither flag leaves the default in charge');
    assert.equal(flags(['--racing']).racing, true);
    assert.equal(flags(['--no-racing']).racing, false);
    const tuned = flags(['--racing', '--racing-delta', '0.1', '--racing-first-round', '20']);
    assert.equal(tuned.racingConfidence, 0.1);
    assert.equal(tuned.racingFirstRound, 20);
  });
});
