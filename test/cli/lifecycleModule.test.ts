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

function purchase(id: string, customerId: string, at: string) {
  return {
    id,
    type: 'purchase',
    customerId,
    at,
    data: { orderId: id, amount: 20, currency: 'EUR' },
  };
}

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

  it('takes a Lifecycle made by createLifecycle({ definition, input }), as lifecycle or as the default export, so the module sets machine inputs', async () => {
    const log = files.path('gap.jsonl');
    const file = await createFileLog(log);
    await file.append([purchase('p1', 'cy', '2024-01-01')]);
    await file.close();
    const retention = async (...flags: string[]) => {
      const result = await tenure(
        'project',
        '--log',
        log,
        '--as-of',
        '2024-06-01',
        '--json',
        ...flags,
      );
      expect(result.stderr).toBe('');
      const document = JSON.parse(result.stdout);
      return [document.lifecycle, document.customers[0].machines.retention];
    };
    // The default rhythm (90 days) keeps a buyer of five months ago; 30 days churns her.
    expect(await retention()).toEqual(['default', 'active']);
    const imports = `import { createLifecycle, defaultLifecycle } from ${JSON.stringify(tenureSource)};\n`;
    const named = await write(
      'named.mjs',
      `${imports}export const lifecycle = createLifecycle({ input: { retention: { expectedGapDays: 30 } } });\n`,
    );
    expect(await retention('--lifecycle', named)).toEqual(['default', 'churned']);
    const byDefault = await write(
      'default.mjs',
      `${imports}export default createLifecycle({ definition: defaultLifecycle, input: { retention: { expectedGapDays: 30 } } });\n`,
    );
    expect(await retention('--lifecycle', byDefault)).toEqual(['default', 'churned']);
    // A definition of its own with inputs of its machines.
    const trial = await write(
      'trial-lifecycle.mjs',
      trialModule.replace(
        'export const lifecycle = defineLifecycle(',
        'const definition = defineLifecycle(',
      ) +
        `import { createLifecycle } from ${JSON.stringify(tenureSource)};\nexport const lifecycle = createLifecycle({ definition });\n`,
    );
    const trialLifecycle = await tenure(
      'project',
      '--log',
      await trialLog(),
      '--lifecycle',
      trial,
      '--json',
    );
    expect(trialLifecycle.stderr).toBe('');
    expect(JSON.parse(trialLifecycle.stdout).lifecycle).toBe('saas-trial');
  });

  it('refuses a module that exports no lifecycle (exit 2), and a name that is neither a preset nor a module', async () => {
    const log = await trialLog();
    const wrong = await write('wrong.mjs', 'export const lifecycle = { name: "half" };\n');
    const refused = await tenure('project', '--log', log, '--lifecycle', wrong);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /--lifecycle .*wrong\.mjs must export a lifecycle, defineLifecycle\(\.\.\.\) or createLifecycle\(\{ definition, input \}\), as `export const lifecycle = \.\.\.` or a default export; it exports \{"name":"half"\}/,
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
