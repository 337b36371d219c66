/** An amount written with a decimal point (`12.50`, `-3`, `1e3`), or `undefined`. */
export function parseAmount(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** `49,90` and `1.234,50`: one decimal comma, thousands grouped by "." only before it. */
export function parseDecimalComma(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^[+-]?\d+(,\d+)?$/.test(text)) return Number(text.replace(',', '.'));
  if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(text)) {
    return Number(text.replaceAll('.', '').replace(',', '.'));
  }
  return undefined;
}

/**
 * Why an amount cannot be read, with the fix its text suggests (a currency sign, thousands
 * separators, a decimal comma). `label` names where it was read from.
 */
export function amountReason(
  label: string | undefined,
  raw: unknown,
  decimalComma: boolean,
): string {
  const received = describeReceived(raw);
  const reason = decimalComma
    ? `amount (${label}): expected a number with a decimal comma such as 12,50 or 1.234,50 (decimalComma is on), received ${received}`
    : `amount (${label}): expected a number such as 12.50, received ${received}`;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (/[$€£¥]|^[A-Z]{3}\s|\s[A-Z]{3}$/.test(text)) {
    return `${reason}; write the number alone, without the currency sign or code (the currency goes in a currency column, or CLI: --currency USD)`;
  }
  if (decimalComma) {
    return `${reason}; a "." is read only as a thousands mark before a comma ("1.234" could be 1234 or 1,234): write the amount with its decimal comma, or without the "."`;
  }
  if (typeof raw !== 'string') return reason;
  const grouped = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text);
  if (/^[+-]?[\d.]*\d,\d+$/.test(text)) {
    // "1,234" is a decimal comma or a thousands separator: say both, read neither.
    return `${reason}; if the file writes decimal commas (12,50), import with decimalComma (CLI: --decimal-comma)${grouped ? ', or write it without thousands separators (1234)' : ''}`;
  }
  return grouped
    ? `${reason}; write it without thousands separators (${text.replaceAll(',', '')})`
    : reason;
}

/** A value a row gave, for a reason's "received ...": a string quoted (shortened), else its type. */
export function describeReceived(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  return value === null ? 'null' : typeof value;
}
