import { isTenureError } from '../../errors/TenureError.js';
import type { Lifecycle } from '../../projection/createLifecycle.js';
import type { PurchaseModelName } from '../../valuation/ValuationOptions.js';
import { CliError, commandErrorOf, EXIT_BAD_INPUT } from '../CliError.js';
import type { CliIO } from '../CliIO.js';
import { formatCount } from '../parseCommandArgs.js';

/** The flags of `tenure project --workers`. */
export interface WorkerFlags {
  readonly workers: number;
  readonly database: string;
  readonly schema: string | undefined;
  readonly partitions: number | undefined;
  readonly asOf: number;
  /** `--projection`: the projection's name in the table (default: the workers' default). */
  readonly projection: string | undefined;
  /** `--lifecycle`: a preset's or your module's lifecycle (default: the default lifecycle). */
  readonly lifecycle: Lifecycle | undefined;
  /** `--margin`: the share of spend the written CLV counts. */
  readonly margin: number;
  /** `--model`: the purchase model behind churn risk and CLV. */
  readonly model: PurchaseModelName;
  readonly follow: boolean;
  readonly json: boolean;
}

/**
 * `tenure project --workers N`: runs N projection workers against a PostgreSQL log until the
 * table `tenure_customer_states` has caught up, churn risk and CLV included (or, with
 * `--follow`, until Ctrl-C). `pg` is an
 * optional peer dependency, so the worker module is loaded only here.
 */
export async function projectWithWorkers(flags: WorkerFlags, io: CliIO): Promise<void> {
  let workers: typeof import('../../log/postgres/workers/runProjectionWorkers.js');
  try {
    workers = await import('../../log/postgres/workers/runProjectionWorkers.js');
  } catch (error) {
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure project: --workers needs the PostgreSQL client; install it with \`npm install pg\` (${(error as Error).message}).`,
    );
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await workers
      .runProjectionWorkers({
        connectionString: flags.database,
        workers: flags.workers,
        asOf: flags.asOf,
        clv: { margin: flags.margin, model: flags.model },
        follow: flags.follow,
        signal: controller.signal,
        ...(flags.schema === undefined ? {} : { schema: flags.schema }),
        ...(flags.projection === undefined ? {} : { projection: flags.projection }),
        ...(flags.lifecycle === undefined ? {} : { lifecycle: flags.lifecycle }),
        ...(flags.partitions === undefined ? {} : { partitions: flags.partitions }),
      })
      .catch(workerFailure);
    const table = `${flags.schema ?? 'tenure'}.tenure_customer_states`;
    io.stdout.write(
      flags.json
        ? `${JSON.stringify({ ...result, table }, null, 2)}\n`
        : `${formatCount(result.events)} events projected by ${flags.workers} worker${flags.workers === 1 ? '' : 's'} into ${table}, up to log position ${formatCount(result.position)}; ${formatCount(result.valued)} customer valuations (churn risk, CLV at margin ${flags.margin}) written.\n`,
    );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/**
 * A failure of the workers as the command line's: settings another worker of the projection
 * does not share (exit 2), a database that cannot be reached or refuses, or a worker's lost
 * connection (exit 1, with PostgreSQL's reason), rather than an "unexpected failure" with a
 * stack trace.
 */
function workerFailure(error: unknown): never {
  if (isTenureError(error, 'TENURE_WORKER_CONNECTION_LOST')) {
    // The API's fix (create a new worker) is, here, running the command again.
    const cause = error.cause as { message?: unknown; code?: unknown } | undefined;
    const code = typeof cause?.code === 'string' ? `, ${cause.code}` : '';
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure project: PostgreSQL: worker ${/worker (\S+)/.exec(error.message)?.[1]} lost its connection (${String(cause?.message)}${code}); the batches written before are kept: run the command again to go on from there.`,
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && !isTenureError(error) && typeof code === 'string') {
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure project: PostgreSQL: ${error.message} (${code}); check --database (or TENURE_DATABASE_URL), that the server runs, and --schema.`,
    );
  }
  throw commandErrorOf('project', error, 'TENURE_INVALID_OPTION');
}
