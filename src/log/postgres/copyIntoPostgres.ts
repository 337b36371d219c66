import pg, { type PoolClient } from 'pg';

/** The COPY messages of pg's connection (public methods, not in `@types/pg`). */
interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** A simple query whose `COPY ... FROM STDIN` is fed `data` when the server asks for it. */
class CopyFromText extends pg.Query {
  readonly #data: Buffer;

  // pg calls back with null, not undefined, on success.
  constructor(sql: string, data: string, callback: (error: Error | undefined) => void) {
    super(sql, undefined, callback);
    this.#data = Buffer.from(data, 'utf8');
  }

  /** Called by pg's client on the server's CopyInResponse. */
  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.#data);
    connection.endCopyFrom();
  }
}

/**
 * Runs `sql`, a simple query (no parameters) that starts with `COPY ... FROM STDIN` and may go on
 * with more statements, feeding the COPY `data` in PostgreSQL's text format (see
 * {@link copyTextField}). COPY is the server's bulk-load path: a batch of 1,000 of the bench's
 * events cost the server 21-28 ms of CPU by COPY against 35-45 ms by an INSERT from a JSON
 * document (no document to parse, no executor row per input row). Needs no dependency: pg's
 * client hands the CopyInResponse to the running query, which answers with the data.
 *
 * @throws the server's error (e.g. a unique violation), as `client.query` does.
 * @example
 * ```ts
 * await copyIntoPostgres(client, 'COPY t (a, b) FROM STDIN; COMMIT', '1\tx\n2\ty\n');
 * ```
 */
export function copyIntoPostgres(client: PoolClient, sql: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.query(new CopyFromText(sql, data, (error) => (error ? reject(error) : resolve())));
  });
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/**
 * A value as one field of COPY's text format: backslash, tab, newline and carriage return
 * escaped (the only characters the format reserves; NUL cannot occur, the log rejects it).
 *
 * @example
 * ```ts
 * copyTextField('a\tb'); // 'a\\tb'
 * ```
 */
export function copyTextField(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (char) => ESCAPES[char] as string) : value;
}

/** SQL NULL in COPY's text format. */
export const COPY_NULL = '\\N';
