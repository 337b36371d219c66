import { isTenureError } from '../../errors/TenureError.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import type { TimeUnit } from '../../models/summary/timeUnit.js';
import { CliError, EXIT_BAD_INPUT, EXIT_OK, stripApi, usageError } from '../CliError.js';
import type { CliCommand } from '../CliIO.js';
import { formatCountOf, formatDay, formatEstimate } from '../format/formatNumbers.js';
import { formatTable } from '../format/formatTable.js';
import { dateFlag } from './dateFlag.js';
import { fitModelFlag } from './fitModelFlag.js';
import {
  type FitRequest,
  type FitResult,
  fitModelOnEvents,
  mainCurrency,
} from './fitModelOnEvents.js';
import { holdoutBeyondLog } from './holdoutBeyondLog.js';
import { openLogForReading } from './openLogForReading.js';
import { whyNotFittable } from './whyNotFittable.js';

const NAME = 'fit';

const units: Readonly<Record<string, TimeUnit>> = {
  day: 'day',
  week: 'week',
  month: { days: 30.4375 },
};

const help = `Usage: tenure fit --log <path> --model <model> --calibration-end <date> [--holdout-end <date>] [--unit day|week|month] [--json]

Fits a buy-till-you-die model by maximum likelihood on the purchases (or subscriptions) of an
event log up to the calibration end, and prints the parameters, their standard errors, the
log-likelihood and whether the fit converged: a maximum at a limit (a parameter of 1e6 and
beyond, or one its standard error does not pin down) is reported as NO with the reason, as the
projection's valuation refuses it; --json gives it as "reason", and names the model as the
library's results do (bg/nbd, pareto/nbd, gamma-gamma, bg/bb, sbg). With a holdout it compares
the model's forecast for the holdout period with what actually happened: for BG/NBD and
Pareto/NBD the calibration cohort's expected repeat purchase days (the tracking curve of
checkHoldout()). A holdout that ends after the log's last day gets a note (--json: "note").

Models:
  bgnbd         BG/NBD (Fader, Hardie & Lee 2005): repeat purchase days (also: bg/nbd)
  pareto-nbd    Pareto/NBD (Schmittlein, Morrison & Colombo 1987): repeat purchase days
                (also: pareto/nbd)
  gamma-gamma   Gamma-Gamma: mean spend of repeat purchase days
  bgbb          BG/BB: each --unit after the first purchase is one purchase opportunity
                (also: bg/bb)
  sbg           shifted-beta-geometric: subscription renewals (start + renewals = payments,
                cancelled or lapsed = churned, as the projection counts them; the renewal
                period with most subscriptions; no holdout)

Options:
  --log <path>              the event log file. Required. Opened read-only.
  --model <model>           one of the models above. Required.
  --calibration-end <date>  last day of the calibration period (UTC, inclusive). Required.
  --holdout-end <date>      last day of the holdout period: forecast vs actual
  --unit <unit>             day, week or month (30.4375 days) (default: week)
  --json                    print the result as JSON
  -h, --help                show this help

Example:
  tenure fit --log cdnow.jsonl --model bgnbd --calibration-end 1997-09-30 --holdout-end 1998-06-30 --unit week`;

/** `tenure fit`: one model's estimates on a log, and its holdout forecast. */
export const fitCommand: CliCommand = {
  name: NAME,
  summary: 'fit BG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB or sBG and check it on a holdout',
  help,
  options: {
    log: { type: 'string' },
    model: { type: 'string' },
    'calibration-end': { type: 'string' },
    'holdout-end': { type: 'string' },
    unit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const model = fitModelFlag(NAME, values.model);
    if (values['calibration-end'] === undefined)
      throw usageError(
        NAME,
        '--calibration-end <date> is required: the last day the model learns from, e.g. 1997-09-30.',
      );
    const unitName = typeof values.unit === 'string' ? values.unit : 'week';
    const unit = units[unitName];
    if (unit === undefined)
      throw usageError(
        NAME,
        `--unit ${JSON.stringify(unitName)} is not a unit; use day, week or month.`,
      );
    if (model === 'sbg' && values['holdout-end'] !== undefined)
      throw usageError(NAME, '--holdout-end is not available for sbg; fit it without a holdout.');
    const calibrationEnd = dateFlag(NAME, 'calibration-end', values['calibration-end']) as number;
    const holdoutEnd = dateFlag(NAME, 'holdout-end', values['holdout-end']);
    if (holdoutEnd !== undefined && holdoutEnd <= calibrationEnd)
      throw usageError(
        NAME,
        `--holdout-end ${formatDay(holdoutEnd)} is not after --calibration-end ${formatDay(calibrationEnd)}; the holdout follows the calibration period.`,
      );
    const log = await openLogForReading(NAME, values.log);
    const events: StoredEvent[] = [];
    let request: FitRequest;
    let note: string | undefined;
    try {
      for await (const event of log.read({ until: holdoutEnd ?? calibrationEnd }))
        events.push(event);
      request = {
        model,
        calibrationEnd,
        holdoutEnd,
        unit,
        currency: mainCurrency(events, calibrationEnd),
      };
      const problem = await whyNotFittable(log, events, request);
      if (problem !== undefined) throw new CliError(EXIT_BAD_INPUT, `tenure fit: ${problem}`);
      if (holdoutEnd !== undefined) note = await holdoutBeyondLog(log, events, holdoutEnd);
    } finally {
      await log.close();
    }
    let result: FitResult;
    try {
      const fit = fitModelOnEvents(events, request);
      result =
        fit.holdout === null ? fit : { ...fit, holdout: { ...fit.holdout, note: note ?? null } };
    } catch (error) {
      if (!isTenureError(error)) throw error;
      // The model's own check speaks of its input (rows, a summary), not of the command line.
      throw new CliError(
        EXIT_BAD_INPUT,
        `tenure fit: the log cannot be fitted with ${model} up to ${formatDay(calibrationEnd)}: ${stripApi(error.message)}`,
      );
    }
    const settings = {
      calibrationEnd: formatDay(calibrationEnd),
      holdoutEnd: holdoutEnd === undefined ? null : formatDay(holdoutEnd),
      unit: unitName,
      currency: request.currency ?? null,
    };
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ ...settings, ...result }, null, 2)}\n`);
      return EXIT_OK;
    }
    const names = Object.keys(result.params);
    const lines = [
      `tenure fit: ${model} on ${model === 'sbg' ? `${formatCountOf(result.observations, 'subscription', 'subscriptions')} renewed every ${result.period}` : model === 'gamma-gamma' ? formatCountOf(result.observations, 'repeat buyer', 'repeat buyers') : formatCountOf(result.observations, 'customer', 'customers')}, calibration to ${settings.calibrationEnd}${model === 'sbg' ? '' : `, unit ${unitName}`}`,
      '',
      ...formatTable(
        [
          { header: 'parameter' },
          { header: 'estimate', align: 'right' },
          { header: 'std. error', align: 'right' },
        ],
        names.map((name) => [
          name,
          formatEstimate(result.params[name]),
          formatEstimate(result.se?.[name]),
        ]),
      ).map((line) => `  ${line}`),
      '',
      `  log-likelihood  ${result.logLikelihood.toFixed(2)}`,
      `  converged       ${result.converged ? 'yes' : `NO: do not use these estimates (more data, or another model): ${result.reason}`} (${result.iterations} iterations)`,
    ];
    if (result.holdout !== null) {
      const { forecast, actual, measure } = result.holdout;
      const error = forecast === null || actual === 0 ? undefined : (forecast - actual) / actual;
      const number = (value: number) =>
        value.toLocaleString('en-US', { maximumFractionDigits: model === 'gamma-gamma' ? 2 : 1 });
      lines.push(
        '',
        `Holdout ${formatDay(calibrationEnd + 1)} to ${settings.holdoutEnd}: ${measure}`,
        `  forecast  ${forecast === null ? '- (the fit did not converge)' : number(forecast)}`,
        `  actual    ${number(actual)}`,
        `  error     ${error === undefined ? '-' : `${error >= 0 ? '+' : ''}${(error * 100).toFixed(1)} %`}`,
        ...(note === undefined ? [] : [`  note: ${note}`]),
      );
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
