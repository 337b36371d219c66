import type { CustomerState } from '../../../projection/CustomerState.js';
import type { Lifecycle } from '../../../projection/createLifecycle.js';
import type { CustomerValuation } from '../../../valuation/index.js';
import type { ValuationSettings } from '../../../valuation/ValuationOptions.js';
import { parsePostgresEventTuples } from '../postgresEventTuple.js';
import type { PopulationModels } from './fitPopulationModels.js';
import type { PartitionBatch, PartitionBatchWrite } from './partitionBatch.js';
import { valuationRow } from './valuePartition.js';
import { valueStreams } from './valueStreams.js';

/** What {@link foldPartitionBatch} folds and values with. Internal. */
export interface BatchFolding {
  readonly lifecycle: Lifecycle;
  readonly asOf: number;
  readonly settings: ValuationSettings;
  /** Whether rows are valued at all (churn or clv). */
  readonly valuing: boolean;
  /** The position up to which the population's models are known current (the model keeper's). */
  currentUpTo(): number;
}

/** A folded batch: what to write, and where the partition stands. Internal. */
export interface FoldedBatch {
  readonly write: PartitionBatchWrite;
  /** Whether the batch reached the head of its read. */
  readonly caughtUp: boolean;
  /** The fit position the partition's rows are valued with; undefined: not valued. */
  readonly valuedPosition: number | undefined;
  /** Customers valued with the batch. */
  readonly valued: number;
}

/**
 * Folds the customers of a batch with their whole streams up to the head (so that their later
 * events in the partition are done too: catching up folds each customer once, not once per
 * batch) and values them, giving the rows to write. Internal.
 */
export async function foldPartitionBatch(
  folding: BatchFolding,
  batch: PartitionBatch,
  population: PopulationModels | undefined,
): Promise<FoldedBatch> {
  const { lifecycle, asOf, settings, valuing } = folding;
  // A partition without rows yet is valued with any fit: its batches value what they write.
  const valuedPosition = batch.checkpoint === 0 ? population?.position : batch.savedValuedPosition;
  let valuedNow: readonly CustomerValuation[] | undefined;
  let rowsJson: string | undefined;
  let gone: string[] = [];
  if (batch.customers.length > 0) {
    const events = batch.streams.flatMap((stream) => parsePostgresEventTuples(stream));
    const projection = await lifecycle.project(events, { asOf });
    // Valued here with the population's models when they describe the log up to this
    // batch; otherwise NULL until the partition is valued again (valued_position NULL).
    // Catching up folds (and so values) each customer once, since its row then covers its
    // later events: no second pass over the partition to value it.
    valuedNow =
      valuing &&
      population !== undefined &&
      valuedPosition === population.position &&
      batch.upTo <= folding.currentUpTo()
        ? valueStreams(events, projection.customers, population, settings, asOf)
        : undefined;
    const rows = projection.customers.map((state, i) => ({
      ...stateRow(state, batch.partition),
      ...(valuedNow === undefined
        ? {}
        : valuationRow(state.customerId, valuedNow[i] as CustomerValuation, settings)),
    }));
    rowsJson = JSON.stringify(rows);
    // Customers whose events all fall after asOf (or were voided) have no state.
    const projected = new Set(projection.customers.map((state) => state.customerId));
    gone = batch.customers.filter((id) => !projected.has(id));
  }
  // States written and not valued with the partition's fit: it needs valuing again.
  const stillValued =
    batch.customers.length === 0 ||
    (valuedNow !== undefined && valuedPosition === population?.position)
      ? valuedPosition
      : undefined;
  return {
    write: {
      partition: batch.partition,
      rowsJson,
      gone,
      head: batch.head,
      upTo: batch.upTo,
      valuedPosition: stillValued,
    },
    caughtUp: batch.upTo >= batch.head,
    valuedPosition: stillValued,
    valued: valuedNow?.length ?? 0,
  };
}

function stateRow(state: CustomerState, partition: number) {
  return {
    customer_id: state.customerId,
    partition,
    stage: state.stage,
    stage_entered_at: state.stageEnteredAt,
    machines: state.machines,
    history: state.history,
    facts: state.facts,
  };
}
