import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import { importEvents } from '../../src/import/importEvents.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { createPostgresLog } from '../../src/log/postgres/createPostgresLog.js';
import { migratePostgresLog } from '../../src/log/postgres/migratePostgresLog.js';
import { summarizeCustomersInPostgres } from '../../src/log/postgres/summarizeCustomersInPostgres.js';
import { createProjectionWorker } from '../../src/log/postgres/workers/createProjectionWorker.js';
import { runProjectionWorkers } from '../../src/log/postgres/workers/runProjectionWorkers.js';
import { compileLifecycle } from '../../src/machines/compileLifecycle.js';
import { defaultLifecycle } from '../../src/machines/defaultLifecycle.js';
import { defineLifecycle } from '../../src/machines/defineLifecycle.js';
import { engagementMachine } from '../../src/machines/engagementMachine.js';
import { defineJourney, relationshipJourneyStages } from '../../src/machines/presets/index.js';
import { bgbbDiscountedExpectedTransactions } from '../../src/models/bgbb/bgbbDiscountedExpectedTransactions.js';
import { fitBgBb } from '../../src/models/bgbb/fitBgBb.js';
import { bgNbdDert } from '../../src/models/bgnbd/bgNbdDert.js';
import { fitBgNbd } from '../../src/models/bgnbd/fitBgNbd.js';
import { simulateBgNbd } from '../../src/models/bgnbd/simulateBgNbd.js';
import { simulateBgNbdHistories } from '../../src/models/bgnbd/simulateBgNbdHistories.js';
import { customerValue } from '../../src/models/clv/customerValue.js';
import { subscriptionValue } from '../../src/models/clv/subscriptionValue.js';
import { fitGammaGamma } from '../../src/models/gammaGamma/fitGammaGamma.js';
import { fitParetoNbd } from '../../src/models/paretoNbd/fitParetoNbd.js';
import { paretoNbdDert } from '../../src/models/paretoNbd/paretoNbdDert.js';
import { fitSbg } from '../../src/models/sbg/fitSbg.js';
import {
  sbgDiscountedExpectedLifetime,
  sbgDiscountedExpectedResidualLifetime,
} from '../../src/models/sbg/sbgDiscountedExpectedResidualLifetime.js';
import {
  summarizeCustomers,
  summarizeCustomersAsync,
} from '../../src/models/summary/summarizeCustomers.js';
import { trackRepeatPurchases } from '../../src/models/summary/trackRepeatPurchases.js';
import { createMemoryKeyStore } from '../../src/privacy/createMemoryKeyStore.js';
import { createPrivateLog } from '../../src/privacy/createPrivateLog.js';
import { createPostgresKeyStore } from '../../src/privacy/postgres/createPostgresKeyStore.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { attritionRate } from '../../src/projection/portfolio/attritionRate.js';
import { cohortRetention } from '../../src/projection/portfolio/cohortRetention.js';
import { funnelConversion } from '../../src/projection/portfolio/funnelConversion.js';
import { replacementNeeds } from '../../src/projection/portfolio/replacementNeeds.js';
import { stageCounts } from '../../src/projection/portfolio/stageCounts.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import { validBatchArbitrary, validEventArbitrary } from '../../src/testing/eventArbitraries.js';
import { lifecycleLogArbitrary } from '../../src/testing/lifecycleArbitraries.js';
import { testEventLog } from '../../src/testing/testEventLog.js';
import { checkHoldout } from '../../src/valuation/checkHoldout.js';
import { retentionInputFromValuation } from '../../src/valuation/retentionInputFromValuation.js';
import { valueProjection } from '../../src/valuation/valueProjection.js';

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
const INVALID_OPTION = { code: 'TENURE_INVALID_OPTION' };
// Never reached: every option is checked before a connection is opened.
const DATABASE = 'postgres://nobody@127.0.0.1:1/none';
const LIFECYCLE = { code: 'TENURE_INVALID_LIFECYCLE' };
const PRIVACY = { code: 'TENURE_INVALID_PRIVACY_OPTIONS' };
const MODEL_INPUT = { code: 'TENURE_INVALID_MODEL_INPUT' };
const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const HISTORY = { x: 2, tx: 30.43, T: 38.86 };
const ROWS = [
  { x: 2, tx: 30, T: 38 },
  { x: 0, tx: 0, T: 38 },
  { x: 5, tx: 20, T: 30 },
];
const SBG = { alpha: 0.704, beta: 1.182 };
const CSV = 'customer,date,amount\nc1,2024-01-02,10\n';

const live = createLifecycle().createProjection();

const cases: Case[] = [
  {
    api: 'live.state',
    call: () => live.state({ asof: '2024-01-01' } as never),
    expected: PROJECTION_INPUT,
    key: 'asof',
    suggestion: 'asOf',
  },
  {
    api: 'live.customer',
    call: () => live.customer('c1', { AsOf: '2024-01-01' } as never),
    expected: PROJECTION_INPUT,
    key: 'AsOf',
    suggestion: 'asOf',
  },
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
  {
    api: 'fitBgNbd',
    call: () => fitBgNbd(ROWS, { penalti: 0.1 } as never),
    expected: MODEL_INPUT,
    key: 'options.penalti',
    suggestion: 'penalty',
  },
  {
    api: 'fitBgNbd',
    call: () => fitBgNbd(ROWS, { start: { ...BGNBD, alfa: 4 } } as never),
    expected: MODEL_INPUT,
    key: 'options.start.alfa',
    suggestion: 'alpha',
  },
  {
    api: 'fitParetoNbd',
    call: () => fitParetoNbd(ROWS, { maxIteration: 5 } as never),
    expected: MODEL_INPUT,
    key: 'options.maxIteration',
    suggestion: 'maxIterations',
  },
  {
    api: 'fitGammaGamma',
    call: () =>
      fitGammaGamma([{ x: 2, meanSpend: 20 }], { nonPositiveSpending: 'exclude' } as never),
    expected: MODEL_INPUT,
    key: 'options.nonPositiveSpending',
    suggestion: undefined,
  },
  {
    api: 'fitBgBb',
    call: () => fitBgBb([{ x: 1, tx: 2, n: 4 }], { maxEvaluation: 10 } as never),
    expected: MODEL_INPUT,
    key: 'options.maxEvaluation',
    suggestion: 'maxEvaluations',
  },
  {
    api: 'fitSbg',
    call: () => fitSbg([1000, 631, 468], { Penalty: 1 } as never),
    expected: MODEL_INPUT,
    key: 'options.Penalty',
    suggestion: 'penalty',
  },
  {
    api: 'summarizeCustomers',
    call: () =>
      summarizeCustomers(events, {
        calibrationEnd: '2024-06-30',
        holdOutEnd: '2024-12-31',
      } as never),
    expected: MODEL_INPUT,
    key: 'options.holdOutEnd',
    suggestion: 'holdoutEnd',
  },
  {
    api: 'summarizeCustomers',
    call: () =>
      summarizeCustomersAsync(events, { calibrationEnd: '2024-06-30', units: 'day' } as never),
    expected: MODEL_INPUT,
    key: 'options.units',
    suggestion: 'unit',
  },
  {
    api: 'trackRepeatPurchases',
    call: () => trackRepeatPurchases(events, { start: '2023-01-01', period: 10 } as never),
    expected: MODEL_INPUT,
    key: 'options.period',
    suggestion: 'periods',
  },
  {
    api: 'checkHoldout',
    call: () =>
      checkHoldout(events, {
        calibrationEnd: '2024-06-30',
        holdoutEnd: '2024-12-31',
        modle: 'pareto-nbd',
      } as never),
    expected: MODEL_INPUT,
    key: 'options.modle',
    suggestion: 'model',
  },
  {
    api: 'customerValue',
    call: () =>
      customerValue({
        discountedTransactions: 2,
        expectedSpend: 30,
        margin: 0.3,
        realizedSpend: 50,
      } as never),
    expected: MODEL_INPUT,
    key: 'options.realizedSpend',
    suggestion: 'realisedSpend',
  },
  {
    api: 'subscriptionValue',
    call: () =>
      subscriptionValue({
        params: SBG,
        renewals: 2,
        period: 'month',
        paymentPerPeriod: 20,
        margin: 1,
        discount: { rate: 0.1, per: { days: 365.25 } },
        realisedRevenu: 60,
      } as never),
    expected: MODEL_INPUT,
    key: 'options.realisedRevenu',
    suggestion: 'realisedRevenue',
  },
  {
    api: 'bgNbdDert',
    call: () => bgNbdDert(BGNBD, HISTORY, { discountRate: 0.0027, step: 100 } as never),
    expected: MODEL_INPUT,
    key: 'options.step',
    suggestion: 'steps',
  },
  {
    api: 'paretoNbdDert',
    call: () => paretoNbdDert(PARETO, HISTORY, { discountrate: 0.0027 } as never),
    expected: MODEL_INPUT,
    key: 'options.discountrate',
    suggestion: 'discountRate',
  },
  {
    api: 'bgbbDiscountedExpectedTransactions',
    call: () =>
      bgbbDiscountedExpectedTransactions(
        { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 },
        { x: 3, tx: 4, n: 6 },
        { discountRate: 0.1, period: 10 } as never,
      ),
    expected: MODEL_INPUT,
    key: 'options.period',
    suggestion: 'periods',
  },
  {
    api: 'sbgDiscountedExpectedResidualLifetime',
    call: () =>
      sbgDiscountedExpectedResidualLifetime(SBG, { renewal: 4, discountRate: 0.1 } as never),
    expected: MODEL_INPUT,
    key: 'options.renewal',
    suggestion: 'renewals',
  },
  {
    api: 'sbgDiscountedExpectedLifetime',
    call: () =>
      sbgDiscountedExpectedLifetime(SBG, { discountRate: 0.1, periods: 5, horizon: 5 } as never),
    expected: MODEL_INPUT,
    key: 'options.horizon',
    suggestion: undefined,
  },
  {
    api: 'simulateBgNbd',
    call: () => [
      ...simulateBgNbd(BGNBD, {
        customers: 2,
        seed: 1,
        start: '2024-01-01',
        end: '2024-03-01',
        customerPrefx: 'x',
      } as never),
    ],
    expected: MODEL_INPUT,
    key: 'options.customerPrefx',
    suggestion: 'customerPrefix',
  },
  {
    api: 'simulateBgNbd',
    call: () => [
      ...simulateBgNbd(BGNBD, {
        customers: 2,
        seed: 1,
        start: '2024-01-01',
        end: '2024-03-01',
        spend: { p: 6, q: 4, gama: 15 },
      } as never),
    ],
    expected: MODEL_INPUT,
    key: 'options.spend.gama',
    suggestion: 'gamma',
  },
  {
    api: 'simulateBgNbdHistories',
    call: () =>
      simulateBgNbdHistories(BGNBD, { customers: 2, seed: 1, minT: 10, maxt: 20 } as never),
    expected: MODEL_INPUT,
    key: 'options.maxt',
    suggestion: 'maxT',
  },
  {
    api: 'createMemoryLog',
    call: () => createMemoryLog({ eventType: [] } as never),
    expected: { type: TypeError },
    key: 'eventType',
    suggestion: 'eventTypes',
  },
  {
    // Ignored, it would take the write lock and append to a log meant to be read.
    api: 'createFileLog',
    call: () =>
      createFileLog(join(mkdtempSync(join(tmpdir(), 'tenure-')), 'e.jsonl'), {
        readonly: true,
      } as never),
    expected: { type: TypeError },
    key: 'readonly',
    suggestion: 'readOnly',
  },
  {
    api: 'createPostgresLog',
    call: () => createPostgresLog({ connectionString: DATABASE, schemaName: 'crm' } as never),
    expected: { type: TypeError },
    key: 'schemaName',
    suggestion: undefined,
  },
  {
    api: 'migratePostgresLog',
    call: () => migratePostgresLog({ pool: {} as never, partition: 4 } as never),
    expected: { type: TypeError },
    key: 'partition',
    suggestion: 'partitions',
  },
  {
    api: 'createProjectionWorker',
    call: () =>
      createProjectionWorker({
        connectionString: DATABASE,
        asOf: '2024-12-31',
        partition: 4,
      } as never),
    expected: INVALID_OPTION,
    key: 'partition',
    suggestion: 'partitions',
  },
  {
    api: 'runProjectionWorkers',
    call: () =>
      runProjectionWorkers({ connectionString: DATABASE, asOf: '2024-12-31', worker: 2 } as never),
    expected: INVALID_OPTION,
    key: 'worker',
    suggestion: 'workers',
  },
  {
    api: 'runProjectionWorkers',
    call: () =>
      runProjectionWorkers({ connectionString: DATABASE, asOf: '2024-12-31', pool: {} } as never),
    expected: INVALID_OPTION,
    key: 'pool',
    suggestion: undefined,
  },
  {
    api: 'createPrivateLog',
    call: () =>
      createPrivateLog(createMemoryLog(), {
        keyStore: createMemoryKeyStore(),
        personalField: {},
      } as never),
    expected: PRIVACY,
    key: 'personalField',
    suggestion: 'personalFields',
  },
  {
    // Ignored, it would record the erasure without the reason the caller has to keep.
    api: 'privateLog.forget',
    call: () =>
      createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() }).forget('c1', {
        at: '2024-06-01T00:00:00Z',
        reson: 'gdpr-request',
      } as never),
    expected: PRIVACY,
    key: 'reson',
    suggestion: 'reason',
  },
  {
    api: 'createPostgresKeyStore',
    call: () =>
      createPostgresKeyStore({ pool: { query: () => undefined }, schem: 'keys' } as never),
    expected: PRIVACY,
    key: 'schem',
    suggestion: 'schema',
  },
  {
    api: 'projectWithValues',
    call: () => projectWithValues(log, { asof: '2024-06-30T00:00:00Z' } as never),
    expected: PROJECTION_INPUT,
    key: 'asof',
    suggestion: 'asOf',
  },
  {
    api: 'buildReportData',
    call: () => buildReportData({ projection, events: [] }, { tittle: 'Q2' } as never),
    expected: { type: TypeError },
    key: 'tittle',
    suggestion: 'title',
  },
  {
    api: 'valueProjection',
    call: () => valueProjection(projection, [], { cvl: true } as never),
    expected: MODEL_INPUT,
    key: 'options.cvl',
    suggestion: 'clv',
  },
  {
    api: 'defineLifecycle',
    call: () =>
      defineLifecycle({
        name: 'engaged',
        machines: { engagement: engagementMachine },
        stages: ['engaged'],
        stageOf: () => 'engaged',
        wakeat: () => undefined,
      } as never),
    expected: LIFECYCLE,
    key: 'wakeat',
    suggestion: 'wakeAt',
  },
  {
    api: 'defineJourney',
    call: () =>
      defineJourney({ name: 'j', stages: relationshipJourneyStages, stageOfStates: {} } as never),
    expected: LIFECYCLE,
    key: 'stageOfStates',
    suggestion: 'stageOfState',
  },
  {
    api: 'compileLifecycle',
    call: () => compileLifecycle(defaultLifecycle, { inputs: {} } as never),
    expected: LIFECYCLE,
    key: 'inputs',
    suggestion: 'input',
  },
  {
    api: 'testEventLog',
    call: () =>
      testEventLog('never run', async () => ({ log: createMemoryLog(), cleanup: async () => {} }), {
        runs: 5,
      } as never),
    expected: { type: TypeError },
    key: 'runs',
    suggestion: undefined,
  },
  {
    api: 'summarizeCustomersInPostgres',
    call: () =>
      summarizeCustomersInPostgres({ pool: {} as never }, {
        calibrationEnd: '2024-06-30',
        unti: 'week',
      } as never),
    expected: MODEL_INPUT,
    key: 'options.unti',
    suggestion: 'unit',
  },
  {
    api: 'defineEventType',
    call: () =>
      defineEventType({
        type: 'acme.trial-started',
        schema: {
          '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) },
        },
        version: 2,
        upcaster: { 1: (data: never) => data },
      } as never),
    expected: { type: TypeError },
    key: 'upcaster',
    suggestion: 'upcasters',
  },
  {
    api: 'validBatchArbitrary',
    call: () => validBatchArbitrary({ maxLenght: 3 } as never),
    expected: { type: TypeError },
    key: 'maxLenght',
    suggestion: 'maxLength',
  },
  {
    api: 'validEventArbitrary',
    call: () => validEventArbitrary({ customerId: ['c1'] } as never),
    expected: { type: TypeError },
    key: 'customerId',
    suggestion: 'customerIds',
  },
  {
    api: 'lifecycleLogArbitrary',
    call: () => lifecycleLogArbitrary({ maxCustomer: 3 } as never),
    expected: { type: TypeError },
    key: 'maxCustomer',
    suggestion: 'maxCustomers',
  },
  {
    api: 'retentionInputFromValuation',
    call: () => retentionInputFromValuation(undefined, { atrisk: 0.3 } as never),
    expected: MODEL_INPUT,
    key: 'thresholds.atrisk',
    suggestion: 'atRisk',
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
    // Quoted ("columns.ammount"), or as the path a ModelInputError names (options.step must be).
    expect(message).toMatch(new RegExp(`[ "]${key.replaceAll('.', '\\.')}[" ]`));
    if (suggestion === undefined) expect(message).not.toContain('did you mean');
    else expect(message).toContain(`(did you mean "${suggestion}"?)`);
  });
});
