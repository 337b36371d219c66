/** The schema tenure uses when none is given. */
export const DEFAULT_POSTGRES_SCHEMA = 'tenure';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name and returns it quoted for SQL. Only lower-case unquoted-style names are
 * accepted (letters, digits, `_`, at most 63 bytes, PostgreSQL's limit), so the name means the
 * same quoted or not and can never inject SQL.
 *
 * @throws TypeError naming the rule when `schema` is not such a name.
 */
export function quotePostgresSchema(api: string, schema: unknown): string {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema) || schema.startsWith('pg_')) {
    throw new TypeError(
      `${api}: schema ${JSON.stringify(schema)} is not a valid schema name; use 1-63 lower-case letters, digits and '_', starting with a letter or '_' and not with 'pg_', e.g. "tenure".`,
    );
  }
  return `"${schema}"`;
}
