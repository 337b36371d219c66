import { describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { tenureSource, useModuleDirectory } from './moduleDirectory.js';
import { tenure } from './tenureInProcess.js';

/** `tenure project --lifecycle <module>`: a lifecycle of your own from the command line. */

const files = useModuleDirectory('lifecycle-module');
const { write } = files;

const trialModule = `
import { setup } from 'xstate';
import { defineLifecycle } from ${JSON.stringify(tenureSource)};
const trial = setup({}).createMachine({
  id: 'trial',
  initial: 'visitor',
  states: {
    visitor: { on: { 'lead.captured': 'trialing', 'subscription.started': 'paying' } },
    trialing: { on: { 'subscription.started': 'paying' } },
    paying: { on: { 'subscription.cancelled': 'cancelled' } },
    cancelled: {},
  },
});
export const lifecycle = defineLifecycle({
  name: 'saas-trial',
  machines: { trial },
  stages: ['visitor', 'trialing', 'paying', 'cancelled'],
  stageOf: (state) => state.machines.trial?.value ?? 'visitor',
});
`;

async function trialLog(): Promise<string> {
  const path = files.path('events.jsonl');
  const log = await createFileLog(path);
  await log.append([
    { id: 'e1', type: 'lead.captured', customerId: 'ada', at: '2024-03-01', data: {} },
    {
      id: 'e2',
      type: 'subscription.started',
      customerId: 'ada',
      at: '2024-03-10',
      data: { subscriptionId: 's1', plan: 'team', interval: 'month', amount: 20, currency: 'EUR' },
    },
    { id: 'e3', type: 'lead.captured', customerId: 'bob', at: '2024-03-02', data: {} },
  ]);
  await log.close();
  return path;
}

describe('tenure project --lifecycle <module>', () => {
  it('projects with the lifecycle the module exports: its name, stages and machines', async () => {
    const lifecycle = await write('trial.mjs', trialModule);
    const log = await trialLog();
    const result = await tenure('project', '--log', log, '--lifecycle', lifecycle, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.lifecycle).toBe('saas-trial');
    expect(
      document.customers.map((customer: { customerId: string; stage: string }) => [
        customer.customerId,
        customer.stage,
      ]),
    ).toEqual([
      ['ada', 'paying'],
      ['bob', 'trialing'],
    ]);
  });

  it('refuses a module that exports no lifecycle (exit 2), and a name that is neither a preset nor a module', async () => {
    const log = await trialLog();
    const wrong = await write('wrong.mjs', 'export const lifecycle = { name: "half" };\n');
    const refused = await tenure('project', '--log', log, '--lifecycle', wrong);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /--lifecycle .*wrong\.mjs must export a lifecycle \(defineLifecycle\)/,
    );
    const unknown = await tenure('project', '--log', log, '--lifecycle', 'saas-trial');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /is not a preset; use one of default, .*or the path of a module/,
    );
    const missing = await tenure('project', '--log', log, '--lifecycle', files.path('none.mjs'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /--lifecycle .*none\.mjs could not be loaded: there is no such file/,
    );
  });
});
