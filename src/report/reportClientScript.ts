/**
 * The report's browser script, as source text: reads the data from `#report-data`, draws every
 * chart with ECharts (SVG renderer: sharp in print) and fills the tables with `textContent`, so
 * nothing from the data is ever parsed as HTML. Charts are kept in `window.tenureCharts` by id.
 * A string rather than a function: bundlers' helpers must not leak into the page.
 */
export const reportClientScript = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = (window.tenureCharts = {});
  var named = {
    prospect: '#9aa5b1', lead: '#7b93c4', opportunity: '#5f7fd0', 'new customer': '#3fa7d6',
    repeat: '#2bb39b', loyal: '#2f9e44', advocate: '#1b7a3a', 'at risk': '#f08c00',
    churned: '#e8590c', lost: '#c92a2a', 'dropped out': '#c92a2a'
  };
  // Reds and oranges say "lost" here: the stages of other lifecycles take none of them.
  var spare = ['#5470c6', '#91cc75', '#fac858', '#73c0de', '#3ba272', '#9a60b4', '#ea7ccc', '#6e7074', '#15aabf', '#845ef7'];
  function colour(stage) {
    if (named[stage]) return named[stage];
    var index = data.stages.findIndex(function (s) { return s.stage === stage; });
    return spare[(index < 0 ? 0 : index) % spare.length];
  }
  var money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var count = new Intl.NumberFormat('en-US');
  function pct(value) { return value === null || value === undefined ? '-' : (value * 100).toFixed(1) + ' %'; }
  var grid = { left: 56, right: 24, top: 36, bottom: 48, containLabel: true };
  var text = { color: '#334155', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' };

  // Why nobody has a churn risk or CLV: said in place of the charts and tables it leaves empty.
  var notValued = 'Not shown: ' + (data.unvalued || 'the purchase model was not fitted') + '.';

  // An empty chart is a blank box; say why instead, as text a screen reader reads too.
  function say(id, message) {
    var element = document.getElementById(id);
    if (!element) return;
    element.removeAttribute('role');
    element.removeAttribute('aria-label');
    element.className += ' empty';
    element.textContent = message;
  }

  // A scrolling legend pages away stages and cohorts (at 800 px, and always on paper): a plain
  // legend wraps instead, and the plot leaves room below it for the rows it will take.
  var legends = {};
  function legendRoom(id) {
    var entry = legends[id];
    var element = document.getElementById(id);
    if (!entry || !element) return undefined;
    var available = Math.max(200, element.clientWidth - 40);
    var rows = 1;
    var used = 0;
    entry.names.forEach(function (name) {
      // Icon, gap and about 7 px a character of the 12 px legend text.
      var width = 35 + 7 * String(name).length;
      if (used > 0 && used + width > available) { rows++; used = 0; }
      used += width;
    });
    return { legend: { type: 'plain', bottom: 0, left: 'center', width: available }, grid: { bottom: entry.base + rows * 24 } };
  }
  function withLegend(id, names, base, option) {
    legends[id] = { names: names, base: base };
    var room = legendRoom(id);
    if (room) { option.legend = room.legend; option.grid.bottom = room.grid.bottom; }
    return option;
  }

  function draw(id, option, emptyMessage) {
    var element = document.getElementById(id);
    if (!element) return;
    if (emptyMessage) { say(id, emptyMessage); return; }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    option.textStyle = text;
    option.animation = false;
    chart.setOption(option);
    charts[id] = chart;
  }

  draw('chart-stages', {
    tooltip: { trigger: 'item', formatter: function (p) { return p.name + ': ' + count.format(p.value) + ' people'; } },
    grid: grid,
    xAxis: { type: 'category', data: data.stages.map(function (s) { return s.stage; }), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', name: 'people' },
    series: [{
      type: 'bar',
      data: data.stages.map(function (s) { return { value: s.count, itemStyle: { color: colour(s.stage) } }; }),
      label: { show: true, position: 'top', formatter: function (p) { return count.format(p.value); } }
    }]
  }, data.people === 0 ? 'Nobody in the log yet.' : '');

  // The chart's numbers in its accessible name: a screen reader cannot read the SVG's bars.
  if (charts['chart-stages']) {
    document.getElementById('chart-stages').setAttribute('aria-label', 'Customers per stage: ' + data.stages.map(function (s) { return s.stage + ' ' + count.format(s.count); }).join(', '));
  }

  draw('chart-funnel', {
    tooltip: { trigger: 'item', formatter: function (p) {
      var step = data.funnel[p.dataIndex];
      return step.from + ' \u2192 ' + step.to + '<br>' + count.format(step.converted) + ' of ' + count.format(step.entered) + ' (' + pct(step.rate) + ')';
    } },
    grid: { left: 8, right: 64, top: 16, bottom: 24, containLabel: true },
    xAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return v * 100 + ' %'; } } },
    yAxis: { type: 'category', inverse: true, data: data.funnel.map(function (s) { return s.from + ' \u2192 ' + s.to; }) },
    series: [{
      type: 'bar',
      data: data.funnel.map(function (s) { return { value: s.rate === null ? 0 : s.rate, itemStyle: { color: colour(s.to) } }; }),
      label: { show: true, position: 'right', formatter: function (p) { return pct(data.funnel[p.dataIndex].rate); } }
    }]
  }, data.funnel.every(function (s) { return s.entered === 0; }) ? 'Nobody has entered the funnel yet.' : '');

  draw('chart-flow', withLegend('chart-flow', data.stages.map(function (s) { return s.stage; }), 16, {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 56, right: 24, top: 36, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: data.stageFlow.months },
    yAxis: { type: 'value', name: 'people' },
    series: data.stages.map(function (s) {
      return { name: s.stage, type: 'bar', stack: 'stages', barCategoryGap: '15%', itemStyle: { color: colour(s.stage) }, data: data.stageFlow.counts[s.stage] || [] };
    })
  }), data.stageFlow.months.length === 0 ? 'No events yet.' : '');

  var longest = data.cohorts.reduce(function (n, c) { return Math.max(n, c.retention.length); }, 0);
  draw('chart-cohorts', withLegend('chart-cohorts', data.cohorts.map(function (c) { return c.cohort + ' (' + c.size + ')'; }), 40, {
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return pct(v); } },
    grid: { left: 56, right: 24, top: 36, bottom: 64, containLabel: true },
    xAxis: { type: 'category', name: 'months since acquisition', nameLocation: 'middle', nameGap: 28, data: Array.from({ length: longest }, function (_, i) { return String(i); }) },
    yAxis: { type: 'value', max: 1, name: 'still active', axisLabel: { formatter: function (v) { return v * 100 + ' %'; } } },
    series: data.cohorts.map(function (c) {
      return { name: c.cohort + ' (' + c.size + ')', type: 'line', showSymbol: false, data: c.retention };
    })
  }), data.cohorts.length > 0 ? '' : data.activeStages.length === 0 ? 'No cohorts: the lifecycle “' + data.lifecycle + '” names no active stages to follow.' : 'No cohorts yet: nobody has become an active customer.');

  function histogram(id, h, label, colourOf, format, max) {
    draw(id, {
      tooltip: { trigger: 'item', formatter: function (p) {
        var last = p.dataIndex === h.counts.length - 1;
        return format(h.edges[p.dataIndex]) + (last ? ' and more' : ' \u2013 ' + format(h.edges[p.dataIndex + 1])) + ': ' + count.format(p.value) + ' customers';
      } },
      grid: grid,
      xAxis: { type: 'category', name: label, nameLocation: 'middle', nameGap: 30, data: h.counts.map(function (_, i) { return format(h.edges[i]) + (i === h.counts.length - 1 && max === undefined ? '+' : ''); }) },
      yAxis: { type: 'value', name: 'customers' },
      series: [{ type: 'bar', barCategoryGap: '4%', data: h.counts.map(function (v, i) { return { value: v, itemStyle: { color: colourOf(i / Math.max(1, h.counts.length - 1)) } }; }) }]
    }, data.valued === 0 ? notValued : '');
  }
  histogram('chart-clv', data.clvHistogram, 'CLV (' + (data.currency || '') + ')', function () { return '#2f9e44'; }, function (v) { return money.format(v); });
  histogram('chart-churn', data.churnHistogram, 'churn risk', function (t) { return t < 0.3 ? '#2f9e44' : t < 0.7 ? '#f08c00' : '#c92a2a'; }, function (v) { return Math.round(v * 100) + ' %'; }, 1);

  if (!data.pAliveGrid) say('chart-palive', notValued);
  if (data.pAliveGrid) {
    var g = data.pAliveGrid;
    draw('chart-palive', {
      tooltip: { formatter: function (p) {
        return p.value[1] === undefined ? '' : 'repeat purchases ' + g.frequency[p.value[1]] + ', last at week ' + g.recency[p.value[0]] + '<br>P(alive) ' + pct(p.value[2]);
      } },
      grid: { left: 56, right: 96, top: 24, bottom: 40, containLabel: true },
      xAxis: { type: 'category', name: 'weeks from first to last purchase (recency)', nameLocation: 'middle', nameGap: 28, data: g.recency.map(function (r) { return String(Math.round(r)); }) },
      yAxis: { type: 'category', name: 'repeat purchases', data: g.frequency.map(String) },
      visualMap: { min: 0, max: 1, calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 180, inRange: { color: ['#c92a2a', '#f08c00', '#fcc419', '#8ce99a', '#2f9e44'] }, formatter: function (v) { return Math.round(v * 100) + ' %'; } },
      series: [{ type: 'heatmap', data: g.cells, emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } } }]
    });
  }

  if (!data.tracking) say('chart-tracking', notValued);
  if (data.tracking) {
    var t = data.tracking;
    draw('chart-tracking', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return count.format(Math.round(v)); } },
      legend: { bottom: 0 },
      grid: { left: 56, right: 24, top: 36, bottom: 56, containLabel: true },
      xAxis: { type: 'category', data: t.weeks },
      yAxis: { type: 'value', name: 'cumulative repeat purchases' },
      series: [
        { name: 'actual', type: 'line', showSymbol: false, lineStyle: { width: 3 }, itemStyle: { color: '#1f2937' }, data: t.actual },
        { name: (data.model ? data.model.name.replace(/ \(.*\)$/, '') : 'model') + ' expected', type: 'line', showSymbol: false, lineStyle: { width: 2, type: 'dashed' }, itemStyle: { color: '#3fa7d6' }, data: t.expected }
      ]
    });
  }

  function fill(id, rows, emptyMessage) {
    var body = document.querySelector('#' + id + ' tbody');
    if (!body) return;
    if (rows.length === 0) {
      var cell = document.createElement('td');
      cell.colSpan = 5;
      cell.className = 'empty';
      cell.textContent = data.valued === 0 ? notValued : emptyMessage;
      body.appendChild(document.createElement('tr')).appendChild(cell);
      return;
    }
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      var dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = colour(row.stage);
      [row.customerId, row.stage, money.format(row.clv), pct(row.churnRisk), row.lastActivity].forEach(function (value, i) {
        var td = document.createElement('td');
        if (i === 1) { td.className = 'stage'; td.appendChild(dot); }
        td.appendChild(document.createTextNode(value));
        if (i >= 2 && i <= 3) td.className = 'num';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  fill('table-top', data.topClv, 'No customer has a lifetime value.');
  fill('table-risk', data.atRisk, 'No active customers.');

  function resize() {
    Object.keys(charts).forEach(function (id) {
      var room = legendRoom(id);
      if (room) charts[id].setOption(room);
      charts[id].resize();
    });
  }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
})();
`;
