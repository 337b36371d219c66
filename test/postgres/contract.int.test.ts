import type { Pool } from 'pg';
import { createPostgresLog } from '../../src/log/postgres/index.js';
import { testEventLog } from '../../src/testing/testEventLog.js';
import { usePostgres } from '../support/usePostgres.js';

const db = usePostgres();
let admin: Pool | undefined;

// The same contract suite as the memory and file logs: each test and property run gets a fresh
// schema on the shared server, dropped afterwards.
testEventLog('postgres log', async () => {
  const schema = db.schema();
  const log = await createPostgresLog({ connectionString: db.url, schema, readBatchSize: 3 });
  return {
    log,
    cleanup: async () => {
      admin ??= db.pool({ max: 1 });
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    },
  };
});
