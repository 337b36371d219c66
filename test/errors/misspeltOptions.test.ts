import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { importEvents } from '../../src/import/importEvents.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { attritionRate } from '../../src/projection/portfolio/attritionRate.js';
import { cohortRetention } from '../../src/projection/portfolio/cohortRetention.js';
import { funnelConversion } from '../../src/projection/portfolio/funnelConversion.js';
import { replacementNeeds } from '../../src/projection/portfolio/replacementNeeds.js';
import { stageCounts } from '../../src/projection/portfolio/stageCounts.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

/**
 * Every public function that takes an options object refuses a key it does not have, with the
 * error its other bad options get: a misspelt option ignored would run with the default
 * without a word (`stageCounts(p, { At })` counts at asOf, `purchaseModel: { alfa }` keeps
 * CDNOW's alpha).
 */
const events = [...generateSampleBusiness({ seed: 3, customers: 30 })];
const log = createMemoryLog();
await log.append(events);
const projection = await createLifecycle().project(log);

/** What a misspelt call must throw: a tenure error code, or a built-in error class. */
type Expected = { readonly code: string } | { readonly type: ErrorConstructor };

interface Case {
  readonly api: string;
  readonly call: () => unknown;
  readonly expected: Expected;
  /** The misspelt key as the message quotes it, and the option it should suggest. */
  readonly key: string;
  readonly suggestion: string | undefined;
}

const PROJECTION_INPUT = { code: 'TENURE_INVALID_PROJECTION_INPUT' };
const IMPORT_OPTIONS = { code: 'TENURE_IMPORT_OPTIONS' };
const CSV = 'customer,date,amount\nc1,2024-01-02,10\n';

const cases: Case[] = [
  {
    api: 'stageCounts',
    call: () => stageCounts(projection, { when: '2024-01-01' } as never),
    expected: PROJECTION_INPUT,
    key: 'when',
    suggestion: undefined,
  },
  {
    api: 'stageCounts',
    call: () => stageCounts(projection, { At: '2024-01-01' } as never),
    expected: PROJECTION_INPUT,
    key: 'At',
    suggestion: 'at',
  },
  {
    api: 'attritionRate',
    call: () => attritionRate(projection, { form: '2024-01-01' } as never),
    expected: PROJECTION_INPUT,
    key: 'form',
    suggestion: 'from',
  },
  {
    api: 'replacementNeeds',
    call: () => replacementNeeds(projection, { activeStage: ['loyal'] } as never),
    expected: PROJECTION_INPUT,
    key: 'activeStage',
    suggestion: 'activeStages',
  },
  {
    api: 'cohortRetention',
    call: () => cohortRetention(projection, { activestages: ['loyal'] } as never),
    expected: PROJECTION_INPUT,
    key: 'activestages',
    suggestion: 'activeStages',
  },
  {
    api: 'funnelConversion',
    call: () => funnelConversion(projection, { stage: ['lead'] } as never),
    expected: PROJECTION_INPUT,
    key: 'stage',
    suggestion: 'stages',
  },
  {
    api: 'generateSampleBusiness',
    call: () => [...generateSampleBusiness({ customer: 5 } as never)],
    expected: { type: RangeError },
    key: 'customer',
    suggestion: 'customers',
  },
  {
    api: 'generateSampleBusiness',
    call: () => [...generateSampleBusiness({ purchaseModel: { alfa: 2 } } as never)],
    expected: { type: RangeError },
    key: 'purchaseModel.alfa',
    suggestion: 'alpha',
  },
  {
    api: 'importEvents',
    call: async () => {
      for await (const _ of importEvents(CSV, { defaultCurency: 'USD' } as never)) break;
    },
    expected: IMPORT_OPTIONS,
    key: 'defaultCurency',
    suggestion: 'defaultCurrency',
  },
  {
    api: 'importEvents',
    call: async () => {
      for await (const _ of importEvents(CSV, { columns: { ammount: 'amount' } } as never)) break;
    },
    expected: IMPORT_OPTIONS,
    key: 'columns.ammount',
    suggestion: 'amount',
  },
  {
    api: 'importToLog',
    call: () => importToLog(createMemoryLog(), CSV, { strikt: true } as never),
    expected: IMPORT_OPTIONS,
    key: 'strikt',
    suggestion: 'strict',
  },
  {
    api: 'importToLog',
    call: () =>
      importToLog(createMemoryLog(), CSV, { columns: { customerId: 'customer' } } as never),
    expected: IMPORT_OPTIONS,
    key: 'columns.customerId',
    suggestion: 'customer',
  },
];

async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a misspelt option is refused, never ignored', () => {
  it.each(cases)('$api { $key }', async ({ api, call, expected, key, suggestion }) => {
    const error = await thrown(call);
    expect(error).toBeInstanceOf(Error);
    if ('code' in expected) expect(isTenureError(error, expected.code)).toBe(true);
    else {
      expect(error).toBeInstanceOf(expected.type);
      expect(isTenureError(error)).toBe(false);
    }
    const message = (error as Error).message;
    expect(message.startsWith(`${api}: `)).toBe(true);
    expect(message).toContain(`"${key}"`);
    if (suggestion === undefined) expect(message).not.toContain('did you mean');
    else expect(message).toContain(`(did you mean "${suggestion}"?)`);
  });
});
