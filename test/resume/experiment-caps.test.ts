/**
 * An experiment of many runs (here `opro linreg`) is continued like one run: `--resume <group>`
 * replays the recorded flags (a resume cannot change what is computed), and its caps hold for the
 * whole experiment across SIGKILL and resumes. Real CLI children against the local wire server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type ChildResult } from '../helpers/cli-child.js';
import { Budget, BudgetSettingsError } from '../../src/models/wrappers/budget.js';
import { carryOverUse, stopHint, type ResumeTarget } from '../../src/cli/run-caps.js';
import { RunStore } from '../../src/store/index.js';
import { HeldRequests } from '../helpers/held-requests.js';
import { startWireServer, type WireServer } from '../helpers/wire-server.js';

const CHILD_TIMEOUT_MS = 60_000;

/** Pairs that never hit the true (w, b) = (15, 14), so no repetition ends early. */
const proposal = (index: number): string => `[${1 + (index % 5)}, ${index % 3}]`;

describe('an experiment resumes with its recorded flags, and its caps hold across processes', () => {
  let server: WireServer;
  let dir: string;
  const held = new HeldRequests();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-xcaps-'));
    store = join(dir, 'runs.sqlite');
    cache = join(dir, 'cache.sqlite');
    writeFileSync(join(dir, 'priced.json'), JSON.stringify({ models: { o: { spec: 'openai:optimizer-model', price: { inputPerMTok: 1, outputPerMTok: 1 } } } }));
    server = await startWireServer({
      respond: (request) => {
        return held.hold(request.index) ?? proposal(request.index);
      },
    });
  });

  after(async () => {
    held.releaseAll();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({ OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' });
  let store = '';
  let cache = '';
  const cli = (args: string[], onStart?: (kill: () => void) => void): Promise<ChildResult> =>
    runCli(args, { env: env(), timeoutMs: CHILD_TIMEOUT_MS, ...(onStart ? { onStart } : {}) });

  /** Each member run of the experiment with its status and reason, by member id. */
  function memberStatuses(group: string): { member: string; status: string; reason: string }[] {
    const opened = RunStore.open(store, { readonly: true });
    try {
      return opened
        .listRuns()
        .map((row) => opened.getRun(row.id))
        .filter((run) => (run.config as { group?: string }).group === group)
        .map((run) => ({ member: (run.config as { member?: string }).member ?? '', status: run.status, reason: run.statusReason ?? '' }))
        .sort((a, b) => a.member.localeCompare(b.member));
    } finally {
      opened.close();
    }
  }

  function membersOf(group: string): string[] {
    const opened = RunStore.open(store, { readonly: true });
    try {
      return opened
        .listRuns()
        .map((row) => opened.getRun(row.id).config as { group?: string; member?: string })
        .filter((config) => config.group === group)
        .map((config) => config.member ?? '')
        .sort();
    } finally {
      opened.close();
    }
  }

  test('--max-calls: SIGKILL, resume (no flags retyped), resume again: the server sees at most the cap', async () => {
    const cap = 30;
    const first = server.requests.length;
    const args = [
      'linreg', '--config', join(dir, 'priced.json'), '-o', 'o', '--w', '15', '--b', '14', '--reps', '3', '--steps', '20',
      '--candidates', '4', '--max-calls', String(cap), '--store', store, '--cache', cache,
    ];
    const killed = await held.killAfter(server, 12, (onStart) => cli(args, onStart));
    const group = /experiment (x-[0-9a-f]+)/.exec(killed.stderr)?.[1];
    assert.ok(group, killed.stderr);

    // Only --resume and --store: the (w, b), repetitions and the cap come from the record.
    const resumed = await cli(['linreg', '--resume', group, '--store', store, '--cache', cache, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`continuing experiment ${group}`));
    // The stop names the experiment (its figure counts every member run and process), then how to go on.
    assert.match(resumed.stderr, /stopped early: .*\d+ calls used by the experiment/);
    assert.match(resumed.stderr, new RegExp(`opro: the experiment reached its cap; nothing finished is lost\\. To continue, raise the cap: opro linreg --resume ${group} --store \\S+ --max-calls <more than ${cap}>`));
    assert.doesNotMatch(resumed.stderr, /continue with: opro linreg/);
    assert.doesNotMatch(resumed.stderr, /\bthe run\b/);
    const json = JSON.parse(resumed.stdout) as { stopped: { status: string; reason: string } | null; rows: { finishedReps: number; reps: unknown[] }[] };
    assert.equal(json.stopped?.status, 'budget');
    assert.match(json.stopped?.reason ?? '', /used by the experiment/);
    const lastRow = json.rows.at(-1);
    assert.ok(lastRow && lastRow.finishedReps === lastRow.reps.length - 1, `the cut-off repetition is not counted as finished: ${JSON.stringify(lastRow)}`);
    const members = membersOf(group);
    assert.ok(members.length >= 1 && members.every((m) => m.startsWith('w=15,b=14#')), `members: ${members.join(', ')}`);
    // The repetition the cap cut off is recorded as stopped by it, never as completed; none is left running.
    const afterStop = memberStatuses(group);
    const capped = afterStop.filter((m) => m.status === 'budget');
    assert.equal(capped.length, 1, JSON.stringify(afterStop));
    assert.match(capped[0]?.reason ?? '', /used by the experiment/);
    assert.equal(capped[0]?.member, afterStop.at(-1)?.member, 'the cut-off repetition is the last one begun');
    assert.ok(afterStop.every((m) => m.status === 'budget' || m.status === 'completed'), JSON.stringify(afterStop));

    const again = await cli(['linreg', '--resume', group, '--store', store, '--cache', cache, '--json']);
    assert.equal(again.code, 1, `${again.stdout}\n${again.stderr}`);
    assert.match(
      again.stderr,
      new RegExp(`experiment ${group} cannot continue: the experiment already used \\d+ calls of its --max-calls ${cap} calls before this process\\. To continue, raise the cap: opro linreg --resume ${group} --store \\S+ --max-calls <more than ${cap}>`),
    );
    assert.doesNotMatch(again.stderr, /\bthe run\b/);
    assert.equal(again.stdout, '', 'no result is printed for a run that did not start');
    assert.deepEqual(memberStatuses(group), afterStop, 'a refused resume records nothing');
    const sent = server.requests.length - first;
    assert.ok(sent <= cap, `the server saw ${sent} requests under --max-calls ${cap}`);
    assert.ok(sent >= cap - 6, `the cap was used (${sent} of ${cap}), not given up early`);
  });

  test('a resume cannot change what the experiment computes, and an unknown group is a clear error', async () => {
    const started = await cli(['linreg', '--config', join(dir, 'priced.json'), '-o', 'o', '--w', '3', '--b', '2', '--reps', '1', '--steps', '2', '--candidates', '2', '--store', store, '--cache', cache]);
    assert.equal(started.code, 0, started.stderr);
    const group = /experiment (x-[0-9a-f]+)/.exec(started.stderr)?.[1];
    assert.ok(group, started.stderr);
    const before = server.requests.length;
    const changed = await cli(['linreg', '--resume', group, '--store', store, '--cache', cache, '--w', '4', '--b', '2']);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /cannot change --w \(it has 3\)/);
    const unknown = await cli(['linreg', '--resume', 'x-00000000', '--store', store]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no experiment x-00000000 in/);
    const wrongCommand = await cli(['tsp', '--resume', group, '--store', store]);
    assert.equal(wrongCommand.code, 1);
    assert.match(wrongCommand.stderr, new RegExp(`experiment ${group} was started by opro linreg`));
    assert.equal(server.requests.length, before, 'no model was called');
  });
});

describe('cap messages name what the caps hold for: the experiment, or (as always) the run', () => {
  const experiment: ResumeTarget = { noun: 'experiment', id: 'x-1', resume: 'opro linreg --resume x-1 --store s.sqlite' };
  const run: ResumeTarget = { noun: 'run', id: 'r-1', resume: 'opro optimize --resume r-1 --store s.sqlite' };
  const refusal = (target: ResumeTarget): string => {
    try {
      carryOverUse(new Budget({ maxCalls: 30 }), { usd: 0, calls: 30, tokens: 0 }, target);
    } catch (error) {
      assert.ok(error instanceof BudgetSettingsError);
      return error.message;
    }
    assert.fail('a cap already reached must refuse the resume');
  };

  test('a resume past its cap is refused with the right noun and the command to go on', () => {
    assert.equal(
      refusal(experiment),
      'experiment x-1 cannot continue: the experiment already used 30 calls of its --max-calls 30 calls before this process. ' +
        'To continue, raise the cap: opro linreg --resume x-1 --store s.sqlite --max-calls <more than 30>',
    );
    assert.equal(
      refusal(run),
      'run r-1 cannot continue: the run already used 30 calls of its --max-calls 30 calls before this process. ' +
        'To continue, raise the cap: opro optimize --resume r-1 --store s.sqlite --max-calls <more than 30>',
    );
  });

  test('a stop at the cap says whose use it counts; a run reads as before', () => {
    const stopped = (subject: 'run' | 'experiment' | null, earlier: number, worstCase: number): { reason: string; hint: string | null } => {
      const budget = new Budget({ maxCalls: 10 });
      if (subject) budget.holdFor(subject);
      budget.carryOver({ usd: 0, calls: earlier, tokens: 0 });
      const reserved = budget.reserve({ usd: 0, calls: worstCase, tokens: 0 });
      assert.equal(reserved.ok, false);
      return { reason: budget.reason ?? '', hint: stopHint('budget', subject === 'experiment' ? experiment : run, budget) };
    };
    const forExperiment = stopped('experiment', 8, 3);
    assert.equal(forExperiment.reason, 'stopped before crossing --max-calls 10 calls: 8 calls used by the experiment, and the next call could use up to 3 calls');
    assert.equal(forExperiment.hint, 'opro: the experiment reached its cap; nothing finished is lost. To continue, raise the cap: opro linreg --resume x-1 --store s.sqlite --max-calls <more than 10>');
    // A budget never told its subject is a run's: the wording single runs have always printed.
    for (const subject of [null, 'run'] as const) {
      const forRun = stopped(subject, 8, 3);
      assert.equal(forRun.reason, 'stopped before crossing --max-calls 10 calls: 8 calls used, and the next call could use up to 3 calls');
      assert.equal(forRun.hint, 'opro: the run reached its cap; nothing finished is lost. To continue, raise the cap: opro optimize --resume r-1 --store s.sqlite --max-calls <more than 10>');
    }
    const reached = new Budget({ maxCalls: 1 });
    reached.holdFor('experiment');
    const reservation = reached.reserve({ usd: 0, calls: 1, tokens: 0 });
    assert.ok(reservation.ok);
    reached.settle(reservation.reservation, { usd: 0, calls: 1, tokens: 0 });
    assert.equal(reached.reason, '--max-calls 1 calls reached (1 calls used by the experiment)');
    const failedLedger = new Budget({ maxCalls: 5 });
    failedLedger.holdFor('experiment');
    failedLedger.setLedger(() => {
      throw new Error('disk full');
    });
    const refused = failedLedger.reserve({ usd: 0, calls: 1, tokens: 0 });
    assert.equal(refused.ok, false);
    assert.match(failedLedger.reason ?? '', /^the experiment's spending could not be recorded \(disk full\)/);
  });
});
