/**
 * The part of the report's browser script that gives each chart its text alternative: an
 * accessible name that says what the chart shows, and a data table in the `<details>` under it,
 * both from the data the chart is drawn from. Tables are built in the page from the embedded
 * data, so they add no figures to the file; a long series shows every k-th row to the latest
 * (at most `TABLE_ROWS`), as its caption says. Runs inside `reportClientScript`'s function.
 * Internal.
 */
export const reportDataTableScript = `
  // Enough for ten years of months or two of weeks; longer series are thinned, not cut short.
  var TABLE_ROWS = 120;

  function ordinal(n) {
    var tens = n % 100;
    var suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] || 'th';
    return n + suffix;
  }

  // The rows of a series of n to show: all, or every k-th counting back from the latest (a
  // month-end count or a cumulative total is exact at any row it shows), and what it says.
  function thinned(n, unit) {
    var k = Math.max(1, Math.ceil(n / TABLE_ROWS));
    var rows = [];
    for (var i = n - 1; i >= 0; i -= k) rows.unshift(i);
    var note = k === 1 ? '' : 'every ' + ordinal(k) + ' ' + unit + ' to the latest (' + count.format(n) + ' ' + unit + 's in all; the chart shows each)';
    return { rows: rows, note: note };
  }

  function titleOf(id) {
    var element = document.getElementById(id);
    var heading = element && element.closest('section') && element.closest('section').querySelector('h2');
    return heading ? heading.textContent : '';
  }

  // table: { head: [column names], rows: [[row name, cells...]], note }: every value is text.
  function dataTable(id, table) {
    var details = document.getElementById(id + '-data');
    if (!details) return;
    var element = document.createElement('table');
    var caption = element.createCaption();
    caption.textContent = titleOf(id);
    if (table.note) {
      var note = document.createElement('span');
      note.className = 'note';
      note.textContent = ': ' + table.note;
      caption.appendChild(note);
    }
    var head = element.createTHead().insertRow();
    table.head.forEach(function (name, i) {
      var th = document.createElement('th');
      th.scope = 'col';
      if (i > 0) th.className = 'num';
      th.textContent = name;
      head.appendChild(th);
    });
    var body = element.createTBody();
    table.rows.forEach(function (values) {
      var tr = body.insertRow();
      values.forEach(function (value, i) {
        var cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) cell.scope = 'row';
        else cell.className = 'num';
        cell.textContent = value;
        tr.appendChild(cell);
      });
    });
    // Wide tables (the P(alive) grid) scroll inside their card; a keyboard can scroll them too.
    var scroller = document.createElement('div');
    scroller.className = 'table-scroll';
    scroller.tabIndex = 0;
    scroller.appendChild(element);
    details.appendChild(scroller);
  }

  // The chart's text alternative: its name says what it shows, its table holds the figures.
  function describe(id, label, table) {
    var element = document.getElementById(id);
    if (element) element.setAttribute('aria-label', titleOf(id) + ': ' + label);
    dataTable(id, table);
  }

  // An empty chart says why in its place: no table of nothing under it.
  function dropTable(id) {
    var details = document.getElementById(id + '-data');
    if (details) details.remove();
  }
`;
