import { embedJson, escapeHtml } from './embedJson.js';
import type { ReportData } from './ReportData.js';
import { readEchartsScript } from './readEchartsScript.js';
import { reportClientScript } from './reportClientScript.js';
import { reportStyles } from './reportStyles.js';

/**
 * The report as ONE self-contained HTML page: the data (escaped JSON), ECharts' minified build,
 * the styles and the drawing script are inlined, so the file opens offline and can be mailed.
 * Each chart is an image named for what it shows, with its figures in a data table under it,
 * built in the page from the same data (long series thinned to at most 120 rows, as the
 * table's caption says).
 *
 * @example
 * ```ts
 * const data = buildReportData(await projectWithValues(log));
 * await writeFile('report.html', renderReport(data));
 * ```
 */
export function renderReport(data: ReportData): string {
  const day = data.asOf?.slice(0, 10) ?? 'no events yet';
  // A report as of long after the last event shows everyone drifting to churned: say so.
  const lastDay = data.lastEventAt?.slice(0, 10) ?? null;
  const amount = (value: number) => Math.round(value).toLocaleString('en-US');
  const count = (value: number) => value.toLocaleString('en-US');
  // A log of one event, or one person, says so in the singular.
  const counted = (value: number, one: string, many: string) =>
    `${count(value)} ${value === 1 ? one : many}`;
  const kpi = (label: string, value: string, note: string) =>
    `<div class="kpi"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div><div class="note">${escapeHtml(note)}</div></div>`;
  const chart = (
    id: string,
    title: string,
    explain: string,
    options: { wide?: boolean; tall?: boolean } = {},
  ) =>
    `<section class="card${options.wide ? ' wide' : ''}"><h2>${escapeHtml(title)}</h2><p class="explain" id="${id}-explain">${escapeHtml(explain)}</p><div class="chart${options.tall ? ' tall' : ''}" id="${id}" role="img" aria-label="${escapeHtml(title)}" aria-describedby="${id}-explain"></div><details class="data" id="${id}-data"><summary>Data table<span class="visually-hidden">: ${escapeHtml(title)}</span></summary></details></section>`;
  const clvHeader = data.currency === undefined ? 'CLV' : `CLV (${data.currency})`;
  // Five columns that keep to one line are wider than a phone: the table scrolls in its card.
  const table = (id: string, title: string, explain: string) =>
    `<section class="card"><h2 id="${id}-title">${escapeHtml(title)}</h2><p class="explain" id="${id}-explain">${escapeHtml(explain)}</p><div class="table-scroll" tabindex="0" role="region" aria-labelledby="${id}-title"><table id="${id}" aria-labelledby="${id}-title" aria-describedby="${id}-explain"><thead><tr><th scope="col">customer</th><th scope="col">stage</th><th scope="col" class="num">${escapeHtml(clvHeader)}</th><th scope="col" class="num">churn risk</th><th scope="col">last activity</th></tr></thead><tbody></tbody></table></div></section>`;
  // A lifecycle may name no active stages (relationship-journey): then "active" means nothing.
  const noActive = data.activeStages.length === 0;
  // Only these stages get the client script's reds; other lifecycles' stages take spare colours.
  const redChurn = data.stages.some((s) => ['churned', 'lost', 'dropped out'].includes(s.stage));
  // Of the people who became customers (subscribers and won deals too), not of the buyers alone.
  const shareOfCustomers = data.customers === 0 ? 0 : data.active / data.customers;
  const model = data.model;
  const modelLine =
    model === null
      ? data.buyers === 0
        ? 'No purchases yet: churn risk and CLV need a purchase model.'
        : `No purchase model (${data.unvalued ?? 'not fitted'}): churn risk and CLV need one.`
      : `${model.name}: ${Object.entries(model.params)
          .map(([name, value]) => `${name} = ${value.toPrecision(4)}`)
          .join(
            ', ',
          )}; log-likelihood ${model.logLikelihood.toFixed(1)}${model.converged ? '' : ' (did not converge: treat with care)'}.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)} - ${escapeHtml(day)}</title>
<style>${reportStyles}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<p>${data.asOf === null ? 'No events yet' : `As of ${escapeHtml(day)}`}${lastDay === null || lastDay === day ? '' : ` &middot; last event ${escapeHtml(lastDay)}`} &middot; lifecycle &ldquo;${escapeHtml(data.lifecycle)}&rdquo; &middot; ${escapeHtml(counted(data.events, 'event', 'events'))} &middot; ${escapeHtml(counted(data.people, 'person', 'people'))}</p>
</header>
<main>
<div class="kpis">
${kpi(`Customer equity (margin ${data.margin}${data.currency === undefined ? '' : `, ${data.currency}`})`, data.unvalued === null ? amount(data.customerEquity) : '-', data.unvalued === null ? `${amount(data.residualEquity)} still to come${data.valued < data.buyers ? ` · ${count(data.valued)} of ${count(data.buyers)} customers valued` : ''}` : `not valued: ${data.unvalued}`)}
${kpi('Customers', count(data.customers), `of ${counted(data.people, 'person', 'people')} reached`)}
${noActive ? kpi('Active now', '-', `lifecycle “${data.lifecycle}” names no active stages`) : kpi('Active now', count(data.active), `${(shareOfCustomers * 100).toFixed(0)} % of customers`)}
${kpi('Annual attrition', data.annualAttrition === null ? '-' : `${(data.annualAttrition * 100).toFixed(1)} %`, 'active a year ago, lost since')}
${kpi('At high risk', data.unvalued === null ? count(data.highRisk.customers) : '-', `churn risk of ${Math.round(data.highRisk.from * 100)} % or more${noActive || data.unvalued !== null ? '' : `, ${count(data.highRisk.active)} of them in an active stage`}`)}
</div>
<div class="grid">
${chart('chart-stages', 'Customers per stage', 'Where everyone stands today, in funnel order. Colours stay the same for a stage in every chart.')}
${chart('chart-funnel', 'Funnel conversion', 'Of the people who reached a stage, the share who went on to the next stage or, skipping it, a later one (ever, up to today).')}
${chart('chart-flow', 'Stage flow over time', `Stage counts at the end of each month, stacked: growth shows as height${redChurn ? ', churn as the red bands growing' : ''}.`, { wide: true, tall: true })}
${chart('chart-cohorts', 'Cohort retention', 'Each line is the customers acquired in one month: the share still active 0, 1, 2, ... months later.', { wide: true })}
${chart('chart-clv', `Customer lifetime value (margin ${data.margin})`, data.margin === 1 ? 'Net revenue so far plus the expected discounted revenue to come (10 % a year), per customer.' : `Margin so far (${data.margin} of net revenue) plus the expected discounted margin to come (10 % a year), per customer.`)}
${chart('chart-churn', 'Churn risk', 'Probability that a customer is already lost (1 - P(alive)); green below 30 %, red from 70 %.')}
${chart('chart-palive', 'P(alive) by recency and frequency', data.pAliveGrid === null ? 'How likely a customer is still active, by repeat purchases and the week of the last one.' : `For a customer who first bought ${data.pAliveGrid.age} weeks ago: many purchases long ago (top left) means probably gone.`)}
${chart('chart-tracking', 'Model check: repeat purchases', `Cumulative repeat purchases, actual vs what the fitted ${data.model === null ? 'purchase model' : data.model.name.replace(/ \(.*\)$/, '')} expects. Close lines: the model describes the customers well.`)}
${table('table-top', 'Most valuable customers', 'Highest lifetime value (historical + residual).')}
${table('table-risk', 'Most at risk', noActive ? 'Customers most likely to be lost already (the lifecycle names no active stages: every customer is listed).' : 'Active customers most likely to be lost already: the first ones to win back.')}
</div>
</main>
<footer>${escapeHtml(modelLine)}${escapeHtml(notValuedLine(data))} Generated by tenure.</footer>
<script type="application/json" id="report-data">${embedJson(data)}</script>
<script>${readEchartsScript()}</script>
<script>${reportClientScript}</script>
</body>
</html>
`;
}

/** Why customers are missing from the CLV and churn charts, when some are and others are not. */
function notValuedLine(data: ReportData): string {
  // The commonest reason first.
  const reasons = Object.entries(data.notValued).sort((a, b) => b[1] - a[1]);
  if (reasons.length === 0 || data.unvalued !== null) return '';
  const list = reasons.map(
    ([reason, customers]) => `${customers.toLocaleString('en-US')} ${reason}`,
  );
  return ` Not valued: ${list.join('; ')}.`;
}
