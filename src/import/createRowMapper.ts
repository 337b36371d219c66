import type { EventCatalog } from '../events/createEventCatalog.js';
import type { EventInput } from '../events/TenureEvent.js';
import { checkUnitPrice, unitPriceBeside } from './checkUnitPrice.js';
import {
  createLineItemReader,
  type LineItem,
  type LineItemReader,
} from './createLineItemReader.js';
import { createOccurrenceCounter } from './createOccurrenceCounter.js';
import { createOrderItems } from './createOrderItems.js';
import { currencyCode } from './currencyCode.js';
import { contentJson, deriveIdFromContent, hashContent, idFromHash } from './deriveEventId.js';
import {
  ALIASES,
  findAlias,
  headerHas,
  IMPORT_FIELDS,
  type ImportField,
  orderNameOfLineItems,
  resolveRef,
} from './findImportColumn.js';
import { saysUtc, wordKey } from './headerKey.js';
import type { ImportColumns } from './ImportOptions.js';
import { ImportOptionsError } from './ImportOptionsError.js';
import { amountReason, describeReceived, parseAmount, parseDecimalComma } from './importAmount.js';
import { type DateFormat, parseImportDate } from './parseImportDate.js';
import { stripeMinorUnitsReason } from './stripeMinorUnits.js';

const API = 'importEvents';

/** The envelope's own key of each field, as JSON-lines messages name it. */
const JSON_KEYS: Readonly<Record<ImportField, string>> = {
  customer: 'customerId',
  date: 'at',
  amount: 'amount',
  currency: 'currency',
  type: 'type',
  id: 'id',
  orderId: 'orderId',
  data: 'data',
  itemCategory: 'itemCategory',
  status: 'status',
};

/** Types whose payload takes `amount` and `currency` from columns. */
const MONEY_TYPES = new Set([
  'purchase',
  'refund',
  'opportunity.opened',
  'opportunity.won',
  'subscription.started',
  'subscription.renewed',
  'subscription.changed',
]);
/** Types whose payload needs both. */
const MONEY_REQUIRED = new Set(['purchase', 'refund']);
/** Types of an order, whose further items may follow on rows without an amount. */
const ORDER_TYPES = MONEY_REQUIRED;

/** Mapper settings resolved from {@link ImportOptions}. */
export interface MapperSettings {
  readonly columns: ImportColumns;
  readonly dateFormat: DateFormat;
  readonly assumeUtc: boolean;
  readonly decimalComma: boolean;
  readonly defaultType: string;
  readonly defaultCurrency: string | undefined;
  readonly idPrefix: string;
  readonly source: string | undefined;
  readonly catalog: EventCatalog;
  /** Statuses of purchase rows to leave out, as keys (see wordKey). */
  readonly skipStatuses: ReadonlySet<string>;
  /** Whether `skipStatuses` was given with statuses: a CSV file must have a status column. */
  readonly statusRequired: boolean;
}

/**
 * Turns one parsed row into an event input, or says why it cannot, or that it is a further item
 * of the order on the row before (see createOrderItems), or that it is left out by its status
 * (a purchase whose payment was not made, or an item row of such an order). One mapper serves one import, rows in
 * file order: it counts identical rows to number their derived ids.
 */
export type RowMapper = ((value: readonly string[] | Readonly<Record<string, unknown>>) =>
  | {
      readonly ok: true;
      readonly event: EventInput;
      readonly skipped?: undefined;
      /** Where this row's fields were read from, when it differs per row (JSON keys). */
      readonly labels?: FieldLabels;
    }
  | {
      readonly ok: true;
      readonly event?: undefined;
      readonly skipped?: undefined;
      /**
       * The row is a further item of this order, given on the row before: no event of its own.
       * In a file with item columns, its item is added to that order's purchase.
       */
      readonly itemOf: string;
    }
  | {
      readonly ok: true;
      readonly event?: undefined;
      /**
       * The row is a purchase whose status is one of `skipStatuses` (as a key, e.g. `failed`),
       * or a further item of such an order: left out, no event.
       */
      readonly skipped: string;
      /** Set when the row is a further item of this order, left out with it. */
      readonly itemOf?: string;
    }
  | {
      readonly ok: false;
      readonly reason: string;
      /** Set when the row is a further item of this order whose item columns cannot be read. */
      readonly itemOf?: string;
    }) & {
  /** Where each mapped field is read from (`column "total"`, `key "amount"`), for messages. */
  readonly labels: FieldLabels;
  /** For a CSV column taken for the event type by its name: how to have it read as data. */
  readonly typeByName?: string;
  /**
   * Whether rows still to come may add items to the last event mapped (a purchase of a file with
   * item columns): that event is not complete, its batch must not end before them.
   */
  readonly takesItems: () => boolean;
  /** Told of a row that could not be read: no further item follows the order before it. */
  readonly skip: () => void;
};

/** Where each mapped field is read from (`column "total"`, `key "amount"`), for messages. */
export type FieldLabels = Readonly<Partial<Record<ImportField, string>>>;

type Getter = (value: readonly string[] | Readonly<Record<string, unknown>>) => unknown;

/** Where a field is read from in a row, and how messages name it. Internal. */
export interface Column {
  readonly get: Getter;
  readonly label: string;
}

/**
 * Resolves the column mapping against a CSV header (or `columnNames`, or nothing for a
 * headerless file) and returns the row mapper. Throws {@link ImportOptionsError} when the
 * mapping cannot work for this file, naming the columns the file has.
 */
export function createCsvMapper(
  header: readonly string[] | undefined,
  settings: MapperSettings,
): RowMapper {
  const resolved: Partial<Record<ImportField, Column>> = {};
  let dateName: string | undefined;
  // A column mapped to one field is not found by name for another: `customer: 'id'` leaves no
  // "id" column to be the event id, which would make each customer's orders one event.
  const mapped = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const ref = settings.columns[field];
    if (ref !== undefined) mapped.add(resolveRef(ref, header, field));
  }
  for (const field of IMPORT_FIELDS) {
    const ref = settings.columns[field];
    const index =
      ref === undefined ? findAlias(header, field, mapped) : resolveRef(ref, header, field);
    if (index === undefined) continue;
    const name = header?.[index];
    if (field === 'date') dateName = name;
    resolved[field] = {
      get: (value) => (value as readonly string[])[index],
      label: name === undefined ? `column ${index + 1}` : `column "${name}"`,
    };
  }
  const orderName =
    resolved.orderId === undefined && settings.columns.orderId === undefined
      ? orderNameOfLineItems(header, mapped)
      : undefined;
  if (orderName !== undefined) {
    resolved.orderId = {
      get: (value) => (value as readonly string[])[orderName],
      label: `column "${header?.[orderName]}"`,
    };
  }
  checkRequired(resolved, header, settings);
  if (settings.statusRequired && resolved.status === undefined) {
    throw new ImportOptionsError(
      API,
      'skipStatuses',
      `skipStatuses names statuses to leave out, but the file has no status column (${headerHas(header)}); map it with columns.status (CLI: --status <name or number>).`,
    );
  }
  if (settings.columns.amount === undefined) checkUnitPrice(header);
  const lineItems = lineItemReader(header, settings);
  // `Created (UTC)` says what zone its times are in: as explicit as a zone in each value.
  const mapper = buildMapper(
    resolved,
    saysUtc(dateName) ? { ...settings, assumeUtc: true } : settings,
    { lineItems },
  );
  const typeIndex = settings.columns.type === undefined ? findAlias(header, 'type', mapped) : -1;
  if (header === undefined || typeIndex === undefined || typeIndex < 0) return mapper;
  // A "type" column may hold a sales channel or a payment kind: renaming it is the way out.
  const other = header.some((name) => name.toLowerCase() === 'kind') ? 'kind_of_row' : 'kind';
  const names = header.map((name, index) => (index === typeIndex ? other : name)).join(',');
  return Object.assign(mapper, {
    typeByName: `column ${JSON.stringify(header[typeIndex])} is read as the event type because of its name: if it holds something else, name the columns otherwise with columnNames (CLI: --columns ${names})`,
  });
}

/** The row mapper of JSON lines: each field is read by key (mapped, or its usual names). */
export function createJsonMapper(settings: MapperSettings): RowMapper {
  const resolved: Partial<Record<ImportField, Column>> = {};
  // Keys mapped to one field are not found by name for another (see createCsvMapper).
  const mappedKeys = new Set(
    Object.values(settings.columns)
      .filter((ref): ref is string => typeof ref === 'string')
      .map((ref) => ref.toLowerCase()),
  );
  if (settings.columns.itemCategory !== undefined) {
    throw new ImportOptionsError(
      API,
      'columns.itemCategory',
      `columns.itemCategory is for CSV exports of one row per line item; in JSON lines, give a purchase's items in its data: {"data": {"items": [{"productId": "sku-1", "category": "prints"}]}}.`,
    );
  }
  for (const field of IMPORT_FIELDS) {
    const ref = settings.columns[field];
    if (typeof ref === 'number') {
      throw new ImportOptionsError(
        API,
        `columns.${field}`,
        `columns.${field} is the position ${ref}, but JSON lines have keys, not positions; name the key, e.g. "${ALIASES[field][0]}".`,
      );
    }
    const keys = ref === undefined ? ALIASES[field].filter((key) => !mappedKeys.has(key)) : [ref];
    const lowerKeys = keys.map((key) => key.toLowerCase());
    // The key the last row was read from: reasons name it, and each row has its own.
    let found: string | undefined;
    const looked =
      ref === undefined
        ? `key ${[JSON_KEYS[field], ...keys.filter((key) => key !== JSON_KEYS[field].toLowerCase())].join('/')}`
        : `key "${ref}"`;
    resolved[field] = {
      get: (value) => {
        const record = value as Readonly<Record<string, unknown>>;
        found = undefined;
        for (const key of keys) {
          if (Object.hasOwn(record, key)) {
            found = key;
            return record[key];
          }
        }
        // Names match case-insensitively, mapped ones as CSV header names do.
        for (const key of Object.keys(record)) {
          if (lowerKeys.includes(key.toLowerCase())) {
            found = key;
            return record[key];
          }
        }
        return undefined;
      },
      get label() {
        return found === undefined ? looked : `key "${found}"`;
      },
    };
  }
  const meta: Column = {
    get: (value) => (value as Record<string, unknown>).meta,
    label: 'key "meta"',
  };
  return buildMapper(resolved, settings, { meta, keyPerRow: true });
}

/** The parts of a mapper that only some formats have. */
interface MapperParts {
  /** JSON lines: the envelope's `meta`. */
  readonly meta?: Column | undefined;
  /** JSON lines: each row may name its fields by other keys. */
  readonly keyPerRow?: boolean;
  /** CSV of one row per line item: reads each row's item. */
  readonly lineItems?: LineItemReader | undefined;
}

function buildMapper(
  columns: Partial<Record<ImportField, Column>>,
  settings: MapperSettings,
  parts: MapperParts = {},
): RowMapper {
  const { meta: metaColumn, keyPerRow = false, lineItems } = parts;
  const { customer, date, amount, currency, type, id, orderId, data, status } = columns;
  const occurrences = createOccurrenceCounter();
  const labelsNow = (): FieldLabels => {
    const labels: Partial<Record<ImportField, string>> = {};
    for (const field of IMPORT_FIELDS) {
      const column = columns[field];
      if (column !== undefined) labels[field] = column.label;
    }
    return labels;
  };
  const labels = labelsNow();
  const items = createOrderItems();
  // The order a row names: its order id, or in a file without order ids, its event id.
  const orderKey = orderId ?? id;
  const orderFields = (value: readonly string[] | Readonly<Record<string, unknown>>) => {
    const code = asText(currency?.get(value));
    return {
      key: asText(orderKey?.get(value)),
      customer: asText(customer?.get(value)),
      date: asText(date?.get(value)),
      currency: code === undefined ? undefined : (currencyCode(code) ?? code),
      type: asText(type?.get(value)),
      id: asText(id?.get(value)),
    };
  };
  // The payload of the last purchase mapped, while rows of its further items may follow.
  let openPayload: Record<string, unknown> | undefined;
  // The status of the last purchase left out by it, while rows of its further items may follow.
  let skippedOrder: string | undefined;
  /** The status key of a purchase row to leave out, else undefined. */
  const skippedStatus = (value: readonly string[] | Readonly<Record<string, unknown>>) => {
    if (status === undefined || settings.skipStatuses.size === 0) return undefined;
    if ((asText(type?.get(value)) ?? settings.defaultType) !== 'purchase') return undefined;
    const text = asText(status.get(value));
    const key = text === undefined ? undefined : wordKey(text);
    return key !== undefined && settings.skipStatuses.has(key) ? key : undefined;
  };
  const map = (value: readonly string[] | Readonly<Record<string, unknown>>) => {
    const fields = orderFields(value);
    const filled = (raw: unknown) =>
      typeof raw === 'object' ? raw !== null : asText(raw) !== undefined;
    // Only a row that brings no money and no payload of its own can be part of another's event.
    if (!filled(amount?.get(value)) && !filled(data?.get(value)) && items.isItem(fields)) {
      const itemOf = fields.key as string;
      // Shopify writes an order's status on its first row only: its items go where it went.
      if (skippedOrder !== undefined) return { ok: true as const, skipped: skippedOrder, itemOf };
      const read = lineItems?.(value as readonly string[]);
      if (read?.ok === false) return { ok: false as const, reason: read.reason, itemOf };
      if (read?.item !== undefined && openPayload !== undefined) addItem(openPayload, read.item);
      return { ok: true as const, itemOf };
    }
    openPayload = undefined;
    // Before the row is read: a payment that never happened is left out, not refused for a
    // field it lacks, and takes no place among identical rows (the ids of the others stay).
    skippedOrder = skippedStatus(value);
    if (skippedOrder !== undefined) {
      items.follows(fields);
      return { ok: true as const, skipped: skippedOrder };
    }
    const mapped = mapRow(value);
    const opens = mapped.ok && ORDER_TYPES.has(mapped.event.type);
    items.follows(opens ? fields : undefined);
    if (mapped.ok && lineItems !== undefined && mapped.event.type === 'purchase') {
      openPayload = mapped.event.data as Record<string, unknown>;
    }
    return mapped;
  };
  const mapRow = (value: readonly string[] | Readonly<Record<string, unknown>>) => {
    const rawCustomer = customer?.get(value);
    if (tooLarge(rawCustomer)) return fail(tooLargeReason('customer', customer, rawCustomer));
    const customerId = asText(rawCustomer);
    if (customerId === undefined)
      return fail(emptyReason('customer', customer, value, rawCustomer, settings));
    const rawDate = date?.get(value);
    if (rawDate === undefined || rawDate === '')
      return fail(emptyReason('date', date, value, rawDate, settings));
    const parsed = parseImportDate(rawDate, settings.dateFormat, settings.assumeUtc);
    if (!parsed.ok) return fail(`date (${date?.label}): ${parsed.reason}`);
    const eventType = asText(type?.get(value)) ?? settings.defaultType;
    const itemRead = eventType === 'purchase' ? lineItems?.(value as readonly string[]) : undefined;
    if (itemRead?.ok === false) return fail(itemRead.reason);
    const rawId = id?.get(value);
    if (tooLarge(rawId)) return fail(tooLargeReason('id', id, rawId));
    const givenId = asText(rawId);
    let payload: Record<string, unknown> = {};
    // Only amount, currency and orderId, set in that (sorted) order, unless a data column adds keys.
    let fromColumns = true;
    if (data !== undefined) {
      const raw = data.get(value);
      const object = typeof raw === 'string' && raw.trim() !== '' ? parseJson(raw) : raw;
      if (object !== undefined && object !== '') {
        if (typeof object !== 'object' || object === null || Array.isArray(object)) {
          return fail(`data (${data.label}): expected a JSON object`);
        }
        payload = { ...(object as Record<string, unknown>) };
        fromColumns = false;
      }
    }
    if (MONEY_TYPES.has(eventType)) {
      const refused = fillMoney(payload, value, eventType, columns, settings);
      if (refused !== undefined) return fail(refused);
    }
    const rawMeta = metaColumn?.get(value);
    const meta =
      settings.source === undefined
        ? rawMeta
        : typeof rawMeta === 'object' && rawMeta !== null
          ? { ...rawMeta, source: settings.source }
          : rawMeta === undefined
            ? { source: settings.source }
            : rawMeta;
    const content: Omit<EventInput, 'id'> = {
      type: eventType,
      customerId,
      at: parsed.at,
      data: payload,
      ...(meta === undefined ? {} : { meta: meta as EventInput['meta'] }),
    };
    let eventId = givenId;
    if (eventId === undefined) {
      // The event's content, not the row's text or line: a re-export that quotes, orders or
      // spaces its columns otherwise, or has rows added or removed, keeps every other id.
      const json = contentJson(content, fromColumns);
      // The first occurrence's hash is the counter's key too: one hash for a row seen once.
      const first = hashContent(json, 1);
      const occurrence = occurrences(first);
      eventId =
        occurrence === 1
          ? idFromHash(first, settings.idPrefix)
          : deriveIdFromContent(json, occurrence, settings.idPrefix);
    }
    // A purchase without an order is its own order; set after the id, which it would feed.
    if (eventType === 'purchase' && payload.orderId === undefined) payload.orderId = eventId;
    // Set after the id too: the rows of an order's further items come after its first, and its
    // id is known from the first alone (see deriveEventId).
    if (eventType === 'purchase' && itemRead?.ok === true && itemRead.item !== undefined) {
      addItem(payload, itemRead.item);
    }
    const event = { id: eventId, ...content };
    // The schema's reasons come a batch later: name the keys this row used, not the last row's.
    return keyPerRow
      ? { ok: true as const, event, labels: labelsNow() }
      : { ok: true as const, event };
  };
  return Object.assign(map, {
    labels,
    takesItems: () => openPayload !== undefined,
    skip: () => {
      // An unreadable row between an order and its items: they could be added to the wrong
      // event, or to one already yielded. Files without item columns keep counting such items.
      if (lineItems === undefined) return;
      openPayload = undefined;
      skippedOrder = undefined;
      items.follows(undefined);
    },
  });
}

/**
 * Fills the money of a row's event into `payload` (amount, currency, and the order id of a
 * purchase or refund), from the columns or the row's own data, or says why the row is refused.
 */
function fillMoney(
  payload: Record<string, unknown>,
  value: readonly string[] | Readonly<Record<string, unknown>>,
  eventType: string,
  columns: Partial<Record<ImportField, Column>>,
  settings: MapperSettings,
): string | undefined {
  const { amount, currency, orderId } = columns;
  const rawAmount = amount?.get(value);
  const amountKey = keyOf(amount);
  if (!Array.isArray(value) && amountKey !== undefined && asText(rawAmount) !== undefined) {
    const minorUnits = stripeMinorUnitsReason(
      value as Readonly<Record<string, unknown>>,
      amountKey,
    );
    if (minorUnits !== undefined) return minorUnits;
  }
  const quantity =
    settings.columns.amount === undefined ? unitPriceBeside(value, amount) : undefined;
  if (quantity !== undefined) {
    return `amount (${amount?.label}): found by its name, but the row also has ${JSON.stringify(quantity)}: a price is per unit, and the amount is what the customer paid; map the total's key with columns.amount (CLI: --amount <key>)`;
  }
  if (rawAmount !== undefined && rawAmount !== '' && payload.amount === undefined) {
    const number =
      typeof rawAmount === 'number'
        ? rawAmount
        : settings.decimalComma
          ? parseDecimalComma(rawAmount)
          : parseAmount(rawAmount);
    if (number === undefined) return amountReason(amount?.label, rawAmount, settings.decimalComma);
    payload.amount = number;
  }
  const column = asText(currency?.get(value));
  // ISO 4217 codes are letters whatever their case, in a column (Stripe's exports write "usd")
  // or in the row's own data; what is no code is left for the event's schema to refuse.
  const given = column ?? payload.currency;
  const code = typeof given === 'string' ? (currencyCode(given) ?? given) : given;
  const withCurrency = code ?? settings.defaultCurrency;
  if (
    withCurrency !== undefined &&
    (payload.amount !== undefined || MONEY_REQUIRED.has(eventType))
  ) {
    if (column !== undefined && currencyCode(column) === undefined) {
      return `currency (${currency?.label}): expected an ISO 4217 code such as "USD", received ${describeReceived(column)}; write the code, or leave the cell empty and set a default currency (CLI: --currency USD)`;
    }
    payload.currency = withCurrency;
  }
  if (eventType === 'purchase' || eventType === 'refund') {
    const rawOrder = orderId?.get(value);
    if (tooLarge(rawOrder)) return tooLargeReason('order id', orderId, rawOrder);
    const order = asText(rawOrder);
    if (order !== undefined) payload.orderId = order;
  }
  if (MONEY_REQUIRED.has(eventType)) {
    if (payload.amount === undefined) {
      const reason = emptyReason('amount', amount, value, rawAmount, settings);
      return rawAmount === undefined && !Array.isArray(value)
        ? reason
        : `${reason}; a ${eventType} needs one`;
    }
    if (payload.currency === undefined) {
      return `currency (${currency?.label ?? 'no column'}) is empty; map a currency column or set a default currency (CLI: --currency USD)`;
    }
  }
  return undefined;
}

/** Adds an item to a purchase's payload, giving it `items` with its first. */
function addItem(payload: Record<string, unknown>, item: LineItem): void {
  const list = payload.items as LineItem[] | undefined;
  if (list === undefined) payload.items = [item];
  else list.push(item);
}

/**
 * The line-item reader of a CSV header (see createLineItemReader), with the category column the
 * options name. Throws when a category column is named in a file without item columns.
 */
function lineItemReader(
  header: readonly string[] | undefined,
  settings: MapperSettings,
): LineItemReader | undefined {
  const ref = settings.columns.itemCategory;
  const index = ref === undefined ? undefined : resolveRef(ref, header, 'itemCategory');
  const category =
    index === undefined
      ? undefined
      : {
          index,
          label: header === undefined ? `column ${index + 1}` : `column "${header[index]}"`,
        };
  const parseMoney = (text: string) =>
    settings.decimalComma ? parseDecimalComma(text) : parseAmount(text);
  const reader = createLineItemReader(header, category, parseMoney);
  if (reader === undefined && ref !== undefined) {
    const has = headerHas(header);
    throw new ImportOptionsError(
      API,
      'columns.itemCategory',
      `columns.itemCategory names the category of each line item, but the file has no item name or SKU column (such as "Lineitem name" or "Lineitem sku"; ${has}); leave it out, or import the file of order lines.`,
    );
  }
  return reader;
}

/**
 * Why a required field has no value: empty, or, in a JSON line, no key it is looked up by (a
 * mapped key misspelt, or a name the usual ones miss), with the keys the row has.
 */
function emptyReason(
  field: ImportField,
  column: Column | undefined,
  value: readonly string[] | Readonly<Record<string, unknown>>,
  raw: unknown,
  settings: MapperSettings,
): string {
  const empty = `${field} (${column?.label ?? 'no column'}) is empty`;
  if (typeof raw === 'object' && raw !== null) {
    // An expanded record ({"customer": {"id": 7, ...}}), as Shopify's and Stripe's JSON nest it.
    const key = keyOf(column) ?? field;
    const received = Array.isArray(raw) ? 'a list' : 'an object';
    return `${field} (${column?.label}): expected text or a number, received ${received}; put the id itself in the line, e.g. jq -c '.${key} = .${key}.id' orders.jsonl`;
  }
  if (Array.isArray(value) || raw !== undefined || column === undefined) return empty;
  const keys = Object.keys(value);
  const shown = keys.slice(0, 12).map((key) => JSON.stringify(key));
  if (keys.length > 12) shown.push('...');
  const which = settings.columns[field] === undefined ? 'none of these keys' : 'no such key';
  return `${field} (${column.label}): the row has ${which} (its keys: ${shown.join(', ')}); map the key it uses with columns.${field} (CLI: --${field} <key>)`;
}

/** The JSON key a column's value was last read from, from its label (`key "amount"`). */
function keyOf(column: Column | undefined): string | undefined {
  return /^key "(.*)"$/.exec(column?.label ?? '')?.[1];
}

function checkRequired(
  columns: Partial<Record<ImportField, Column>>,
  header: readonly string[] | undefined,
  settings: MapperSettings,
): void {
  const has = headerHas(header);
  const flag = (field: ImportField) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  for (const field of ['customer', 'date'] as const) {
    if (columns[field] === undefined) {
      throw new ImportOptionsError(
        API,
        `columns.${field}`,
        `no ${field} column (${has}); map it with columns.${field} (CLI: ${flag(field)} <name or number>, 1 = first column).`,
      );
    }
  }
  if (columns.type !== undefined) return;
  if (MONEY_REQUIRED.has(settings.defaultType)) {
    if (columns.amount === undefined) {
      throw new ImportOptionsError(
        API,
        'columns.amount',
        `no amount column (${has}), and every row is a ${settings.defaultType}; map it with columns.amount (CLI: --amount <name or number>).`,
      );
    }
    if (columns.currency === undefined && settings.defaultCurrency === undefined) {
      throw new ImportOptionsError(
        API,
        'defaultCurrency',
        `no currency column (${has}), and every row is a ${settings.defaultType}; set defaultCurrency (CLI: --currency USD) or map a currency column.`,
      );
    }
  }
}

/**
 * Whether an id read from JSON is a number past 2^53. Such a number has already lost digits
 * (76561198012345678901 reads as 76561198012345680000), so two customers or events could
 * become one without a word.
 */
function tooLarge(raw: unknown): boolean {
  return typeof raw === 'number' && Number.isInteger(raw) && !Number.isSafeInteger(raw);
}

function tooLargeReason(name: string, column: Column | undefined, raw: unknown): string {
  return `${name} (${column?.label}): the number ${raw} is too large to be read exactly (JSON numbers above 9007199254740991 lose digits, so two ids could become one); write it as a string in the file, in quotes, as exported from the source`;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return Symbol.for('invalid');
  }
}

function fail(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason };
}
