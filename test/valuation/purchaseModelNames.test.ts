/**
 * Options name the purchase models 'bgnbd' / 'pareto-nbd', results 'bg/nbd' / 'pareto/nbd'
 * (`CustomerValuation.model`, `ModelFitReport.model`, `checkHoldout(...).model`): every option
 * that takes a purchase model accepts both, so a result's name can be fed back.
 */
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { pAliveSettingsOf } from '../../src/machines/pAliveDeadline.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { checkHoldout } from '../../src/valuation/checkHoldout.js';
import { sampleEvents } from './support.js';

const events = sampleEvents(2, 400);
const asOf = Date.parse('2024-08-23T00:00:00Z');
const lifecycle = createLifecycle();
const ACCEPTED = "'bgnbd' or 'pareto-nbd' (or the results' names 'bg/nbd' and 'pareto/nbd')";

describe.each([
  ['bgnbd', 'bg/nbd'],
  ['pareto-nbd', 'pareto/nbd'],
] as const)('%s and its result name %s', (option, result) => {
  const byOption = lifecycle.projectEvents(events, { asOf, churn: { model: option }, clv: true });

  it('the projection values alike with either name, in churn, clv or both', () => {
    // Subscribers are valued by sBG whatever the option; the buyers carry the purchase model.
    const fedBack = byOption.customers
      .map((customer) => customer.churnRisk?.model)
      .find((model) => model !== undefined && model !== 'sbg');
    expect(fedBack).toBe(result);
    for (const options of [
      { churn: { model: fedBack }, clv: true },
      { churn: true, clv: { model: fedBack } },
      { churn: { model: option }, clv: { model: fedBack } },
    ]) {
      const projection = lifecycle.projectEvents(events, { asOf, ...options });
      expect(projection.valuation?.model).toBe(option);
      expect(projection.customers).toEqual(byOption.customers);
    }
  });

  it('checkHoldout fits the same model with either name', () => {
    const options = { calibrationEnd: '2024-05-31', holdoutEnd: '2024-08-22' };
    const check = checkHoldout(events, { ...options, model: option });
    expect(check.model).toBe(result);
    expect(checkHoldout(events, { ...options, model: check.model })).toEqual(check);
  });

  it("the retention machine's pAlive input takes either name", () => {
    const params = byOption.valuation?.purchases.params ?? {};
    expect(pAliveSettingsOf({ model: result, params })).toEqual(
      pAliveSettingsOf({ model: option, params }),
    );
  });
});

describe('a name that is neither', () => {
  it('is refused with every accepted name listed', () => {
    const calls = [
      () =>
        checkHoldout(events, {
          calibrationEnd: '2024-05-31',
          holdoutEnd: '2024-08-22',
          model: 'bg-nbd' as 'bgnbd',
        }),
      () => lifecycle.projectEvents(events, { asOf, churn: { model: 'bg-nbd' as 'bgnbd' } }),
      () => lifecycle.projectEvents(events, { asOf, clv: { model: 'gamma-gamma' as 'bgnbd' } }),
    ];
    const messages = [
      `checkHoldout: options.model must be ${ACCEPTED}, received "bg-nbd".`,
      `lifecycle.projectEvents: churn.model must be ${ACCEPTED}, received "bg-nbd".`,
      `lifecycle.projectEvents: clv.model must be ${ACCEPTED}, received "gamma-gamma".`,
    ];
    calls.forEach((call, i) => {
      expect(call).toThrow(messages[i]);
      try {
        call();
      } catch (error) {
        expect(isTenureError(error, 'TENURE_INVALID_MODEL_INPUT')).toBe(true);
      }
    });
    expect(() => pAliveSettingsOf({ model: 'bg-nbd', params: {} })).toThrow(
      `retention machine: input.pAlive: model must be ${ACCEPTED}, received "bg-nbd".`,
    );
  });

  it('two different models in churn and clv are refused whatever their names', () => {
    expect(() =>
      lifecycle.projectEvents(events, {
        asOf,
        churn: { model: 'bg/nbd' },
        clv: { model: 'pareto-nbd' },
      }),
    ).toThrow(
      'lifecycle.projectEvents: clv.model must be the same as churn.model ("bg/nbd"): one model values a customer, received "pareto-nbd".',
    );
  });
});
