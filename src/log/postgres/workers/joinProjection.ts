import { checkPostgresSchema } from '../checkPostgresSchema.js';
import { migratePostgresLog } from '../migratePostgresLog.js';
import { createOwnPool } from './ownPool.js';
import type { ProjectionWorkerOptions } from './ProjectionWorker.js';
import { takeMemberSlot } from './partitionLeases.js';
import { registerProjection } from './registerProjection.js';
import type { WorkerSettings } from './resolveWorkerOptions.js';
import { openWorkerConnections, type WorkerConnections } from './workerConnections.js';

/** A worker that has joined its projection: its connections and its membership slot. */
export interface ProjectionMember {
  readonly connections: WorkerConnections;
  /** The membership slot it holds (see `takeMemberSlot`). */
  readonly slot: number;
}

/**
 * Starts a worker's session: migrates the schema (unless `migrate: false`, then checks it),
 * opens the worker's connections, registers the projection (or is refused by its registration)
 * and takes a membership slot. Refused or broken, it closes what it opened before it rejects,
 * so nothing of the worker stays open. Internal.
 */
export async function joinProjection(
  api: string,
  options: ProjectionWorkerOptions,
  settings: WorkerSettings,
  memberKey: string,
): Promise<ProjectionMember> {
  const { schemaName, partitions, workerId } = settings;
  if (options.migrate !== false) {
    if (options.pool !== undefined) {
      await migratePostgresLog({ pool: options.pool, schema: schemaName, partitions });
    } else {
      const own = createOwnPool({
        connectionString: options.connectionString,
        max: 1,
        application_name: `tenure ${workerId} (migrate)`.slice(0, 63),
      });
      try {
        await migratePostgresLog({ pool: own.pool, schema: schemaName, partitions });
      } finally {
        await own.end();
      }
    }
  }
  const connections = await openWorkerConnections(options, workerId);
  const { client } = connections;
  try {
    if (options.migrate === false) await checkPostgresSchema(client, api, schemaName);
    await registerProjection({
      client,
      api,
      schema: settings.schema,
      projection: settings.projection,
      partitions,
      asOf: settings.asOf,
      lifecycle: settings.fingerprint,
      settings: settings.valuation,
    });
    return { connections, slot: await takeMemberSlot(client, memberKey) };
  } catch (error) {
    // Refused or broken: nothing of the worker stays open behind the rejection.
    await connections.close();
    throw error;
  }
}
