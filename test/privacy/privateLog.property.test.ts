import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createMemoryKeyStore } from '../../src/privacy/createMemoryKeyStore.js';
import { createPrivateLog } from '../../src/privacy/createPrivateLog.js';
import { ERASED } from '../../src/privacy/sealValue.js';

type Step =
  | { readonly kind: 'profile'; readonly customer: number }
  | { readonly kind: 'resend'; readonly pick: number }
  | { readonly kind: 'forget'; readonly customer: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('profile' as const), customer: fc.nat(3) }),
  fc.record({ kind: fc.constant('resend' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('forget' as const), customer: fc.nat(3) }),
);

async function readAll(log: EventLog): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of log.read()) out.push(event);
  return out;
}

describe('createPrivateLog, any sequence of profiles, resends and erasures', () => {
  it('stores no personal value in clear, and reads each as written until its customer is forgotten, then as erased', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const inner = createMemoryLog();
        const log = createPrivateLog(inner, { keyStore: createMemoryKeyStore() });
        // The model: each profile's name, and whether its customer was forgotten since.
        const written: { event: EventInput; erased: boolean }[] = [];
        let day = 0;
        for (const [index, current] of steps.entries()) {
          day += 1;
          const at = Date.UTC(2024, 0, 1) + day * 86_400_000;
          if (current.kind === 'profile') {
            // '#' and ' ' are not base64url: a name cannot appear inside sealed text by chance.
            const name = `secret #${index} of c${current.customer}`;
            const event = {
              id: `p${index}`,
              type: 'customer.profile',
              customerId: `c${current.customer}`,
              at,
              data: { name },
            };
            await log.append([event]);
            written.push({ event, erased: false });
          } else if (current.kind === 'resend' && written.length > 0) {
            const { event } = written[current.pick % written.length]!;
            expect((await log.append([event])).skipped).toEqual([event.id]);
          } else if (current.kind === 'forget') {
            await log.forget(`c${current.customer}`, { at });
            for (const entry of written) {
              if (entry.event.customerId === `c${current.customer}`) entry.erased = true;
            }
          }
        }
        const raw = JSON.stringify(await readAll(inner));
        expect(raw).not.toContain('secret #');
        const read = new Map((await readAll(log)).map((event) => [event.id, event]));
        for (const { event, erased } of written) {
          const name = (event.data as { name: string }).name;
          expect(read.get(event.id)?.data).toEqual({ name: erased ? ERASED : name });
        }
      }),
      { numRuns: 60 },
    );
  });
});
