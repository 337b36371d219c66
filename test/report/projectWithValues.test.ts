import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { fiveStageLifecycle } from '../../src/machines/presets/index.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';

describe('projectWithValues options.lifecycle', () => {
  const log = createMemoryLog();

  it.each([
    // A definition is what createLifecycle({ definition }) takes; it failed with
    // 'lifecycle.project is not a function', naming neither the API nor the option.
    ['a definition', fiveStageLifecycle, 'the lifecycle definition "five-stages"'],
    ['createLifecycle options', { definition: fiveStageLifecycle }, 'an object without project()'],
    ['a preset name', 'five-stages', 'the string "five-stages"'],
  ])(
    'refuses %s, which is not a lifecycle, naming the option and the fix',
    async (_, value, received) => {
      const error = await projectWithValues(log, { lifecycle: value as never }).catch(
        (caught: unknown) => caught,
      );
      expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
      expect((error as Error).message).toBe(
        `projectWithValues: options.lifecycle must be a lifecycle made by createLifecycle, received ${received}; pass createLifecycle({ definition: yourLifecycle }).`,
      );
    },
  );

  it('projects with the lifecycle it is given', async () => {
    await log.append([
      {
        id: 'e1',
        type: 'purchase',
        customerId: 'c1',
        at: '2024-01-05',
        data: { orderId: 'o1', amount: 20, currency: 'EUR' },
      },
    ]);
    const lifecycle = createLifecycle({ definition: fiveStageLifecycle });
    const { projection } = await projectWithValues(log, { lifecycle });
    expect(projection.lifecycle).toBe('five-stages');
  });
});
