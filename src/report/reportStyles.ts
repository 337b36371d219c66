/** The report's stylesheet: system fonts only, cards, a two-column grid, print rules. */
export const reportStyles = `
/* --muted: small text, 5.1:1 on the page's --bg (the footer) and more on cards (WCAG AA: 4.5). */
:root { --ink: #1f2937; --muted: #5b6b80; --line: #e2e8f0; --bg: #f6f7fb; --card: #fff; --accent: #2f9e44; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { background: linear-gradient(120deg, #12355b 0%, #1b5e8c 60%, #2f9e44 140%); color: #fff; padding: 28px 40px 84px; }
header h1 { margin: 0 0 4px; font-size: 28px; font-weight: 650; letter-spacing: -0.01em; overflow-wrap: anywhere; }
/* Not faded: white is 4.9:1 where the gradient turns green, faded it was 4.0. */
header p { margin: 0; }
main { max-width: 1280px; margin: -64px auto 40px; padding: 0 24px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 16px; margin-bottom: 24px; }
.kpi { background: var(--card); border-radius: 12px; padding: 16px 20px; box-shadow: 0 1px 3px rgba(15, 23, 42, 0.08), 0 8px 24px rgba(15, 23, 42, 0.05); }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; }
.kpi .value { font-size: 28px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.kpi .note { color: var(--muted); font-size: 13px; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 24px; }
.card { background: var(--card); border-radius: 12px; padding: 20px 24px; box-shadow: 0 1px 3px rgba(15, 23, 42, 0.08); break-inside: avoid; page-break-inside: avoid; }
.card.wide { grid-column: 1 / -1; }
.card h2 { margin: 0; font-size: 17px; font-weight: 620; }
.card .explain { color: var(--muted); font-size: 13.5px; margin: 6px 0 0; }
/* overflow: a chart drawn wider (before the window narrowed or the page was printed) must not hold its column open. */
.chart { width: 100%; height: 340px; overflow: hidden; }
.chart.tall { height: 400px; }
/* A table wider than its card (a phone, the P(alive) grid) scrolls inside it, not the page. */
.table-scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; margin-top: 12px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); font-size: 14px; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; }
td.num, th.num { text-align: right; }
td:first-child { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
td.stage, td.num, td:last-child, th { white-space: nowrap; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 7px; vertical-align: 1px; }
/* A chart's data table: closed under the chart, plain rows, wide ones scroll in their card. */
.data summary { cursor: pointer; color: var(--muted); font-size: 13px; margin-top: 8px; width: max-content; }
.data table { margin-top: 8px; }
/* Sticky: a wide table scrolls under its caption, which stays readable in the card. */
.data caption { text-align: left; font-size: 13px; color: var(--muted); caption-side: top; padding-bottom: 4px; position: sticky; left: 0; max-width: min(100%, 100vw - 96px); }
.data th, .data td { padding: 4px 8px; font-size: 13px; }
.data th[scope="row"] { color: var(--ink); font-weight: 500; text-transform: none; letter-spacing: normal; font-size: 13px; }
.data td:first-child { font-family: inherit; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.empty { color: var(--muted); padding: 24px 0; }
.chart.empty { height: auto; }
td.empty { font-family: inherit; font-size: 14px; }
footer { color: var(--muted); font-size: 12.5px; text-align: center; margin: 0 0 32px; }
@media (max-width: 900px) { .grid { grid-template-columns: minmax(0, 1fr); } header { padding: 24px 20px 80px; } }
@media print {
  body { background: #fff; }
  header { background: none; color: var(--ink); padding: 0 0 12px; border-bottom: 2px solid var(--ink); }
  main { margin: 16px 0 0; max-width: none; padding: 0; }
  .kpi, .card { box-shadow: none; border: 1px solid var(--line); }
  .grid { gap: 12px; }
  /* On paper a closed table's toggle does nothing: print only the tables the reader opened. */
  details.data:not([open]) { display: none; }
}
`;
