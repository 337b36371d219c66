/**
 * Starts a real, throw-away PostgreSQL server for tests and benchmarks: a fresh data directory in
 * the system temp folder, a free loopback port, trust authentication, no Unix socket. `stop()`
 * shuts it down and deletes the directory.
 *
 * PostgreSQL refuses to run as root. When this process is root, the server runs as the
 * `postgres` user (Debian's package creates it) or else as `nobody`, and the data directory is
 * handed to that user; as a normal user it simply runs as that user.
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A running server. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly directory: string;
  /** Stops the server (immediate shutdown) and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startPostgresServer}. */
export interface PostgresServerOptions {
  /**
   * Keep PostgreSQL's durability settings (fsync, synchronous commit) as in production.
   * Default: false: tests trade durability for speed (the data is deleted afterwards anyway).
   */
  readonly durable?: boolean;
  /** `max_connections`. Default: 200 (several test files, each with pools, share one server). */
  readonly maxConnections?: number;
}

/** Where the server binaries are. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

const INSTALL_HINT =
  'startPostgresServer: PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH nor in /usr/lib/postgresql/*/bin. The PostgreSQL adapter tests need a real server: install it (Debian/Ubuntu: `apt-get install -y postgresql`; macOS: `brew install postgresql`) and run the tests again.';

/** Finds `initdb` and `pg_ctl` on PATH, else in Debian's /usr/lib/postgresql/<version>/bin. */
export function findPostgresBinaries(): PostgresBinaries {
  const candidates = (process.env.PATH ?? '').split(delimiter).filter((part) => part !== '');
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(join(debian, version, 'bin'));
  }
  for (const directory of candidates) {
    const initdb = join(directory, 'initdb');
    const pgCtl = join(directory, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl) && existsSync(join(directory, 'postgres'))) {
      return { initdb, pgCtl };
    }
  }
  throw new Error(INSTALL_HINT);
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** The unprivileged account to run the server as when we are root; undefined otherwise. */
function unprivilegedAccount(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (Number.isInteger(uid) && uid > 0) return { uid, gid };
    } catch {
      // No such user: try the next one.
    }
  }
  throw new Error(
    'startPostgresServer: running as root, and neither a "postgres" nor a "nobody" user exists to run PostgreSQL as (it refuses to run as root). Create one, e.g. `useradd --system postgres`.',
  );
}

function run(command: string, args: readonly string[], account: RunAs | undefined, cwd: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(account === undefined ? {} : { uid: account.uid, gid: account.gid }),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Initialises and starts a fresh PostgreSQL server.
 *
 * @throws Error naming the package to install when no PostgreSQL binaries are found.
 * @example
 * ```ts
 * const server = await startPostgresServer();
 * const log = await createPostgresLog({ connectionString: server.url });
 * await log.close();
 * await server.stop();
 * ```
 */
export async function startPostgresServer(
  options: PostgresServerOptions = {},
): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  const account = unprivilegedAccount();
  const directory = mkdtempSync(join(tmpdir(), 'tenure-pg-'));
  if (account !== undefined) chownSync(directory, account.uid, account.gid);
  const data = join(directory, 'data');
  const logFile = join(directory, 'server.log');
  let running = false;
  const stopSync = () => {
    if (running) {
      running = false;
      try {
        execFileSync(binaries.pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], {
          stdio: 'ignore',
          cwd: directory,
          ...(account === undefined ? {} : { uid: account.uid, gid: account.gid }),
        });
      } catch {
        // Already gone.
      }
    }
    rmSync(directory, { recursive: true, force: true });
  };
  // A crashed test run must not leave servers behind.
  process.once('exit', stopSync);
  try {
    await run(
      binaries.initdb,
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
      account,
      directory,
    );
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const settings = [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = ''`,
        `max_connections = ${options.maxConnections ?? 200}`,
        ...(options.durable
          ? []
          : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
      ];
      appendFileSync(
        join(data, 'postgresql.conf'),
        `\n# tenure test server\n${settings.join('\n')}\n`,
      );
      try {
        await run(
          binaries.pgCtl,
          ['-D', data, '-l', logFile, '-w', '-t', '60', 'start'],
          account,
          directory,
        );
        running = true;
        const server: PostgresServer = {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          port,
          directory,
          stop: async () => {
            process.removeListener('exit', stopSync);
            stopSync();
          },
        };
        return server;
      } catch (error) {
        // Most likely another process took the port between freePort() and the start: retry.
        lastError = error;
      }
    }
    throw lastError;
  } catch (error) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw error;
  }
}
