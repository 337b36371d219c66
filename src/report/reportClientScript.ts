import { reportDataTableScript } from './reportDataTableScript.js';

/**
 * The report's browser script, as source text: reads the data from `#report-data`, draws every
 * chart with ECharts (SVG renderer: sharp in print), each with its data table, and fills the
 * tables with `textContent`, so nothing from the data is ever parsed as HTML (tooltips, which
 * ECharts shows as HTML, escape what they take from it). Charts are kept in
 * `window.tenureCharts` by id.
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
    // Own names only: a lifecycle's stage called constructor or toString is not Object's.
    if (Object.prototype.hasOwnProperty.call(named, stage)) return named[stage];
    var index = data.stages.findIndex(function (s) { return s.stage === stage; });
    return spare[(index < 0 ? 0 : index) % spare.length];
  }
  var money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var count = new Intl.NumberFormat('en-US');
  // A count with its noun, singular for one: '1 person', '1,200 people'.
  function counted(value, one, many) { return count.format(value) + ' ' + (value === 1 ? one : many); }
  function pct(value) { return value === null || value === undefined ? '-' : (value * 100).toFixed(1) + ' %'; }
  var grid = { left: 56, right: 24, top: 36, bottom: 48, containLabel: true };
  var text = { color: '#334155', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' };

  // Why nobody has a churn risk or CLV: said in place of the charts and tables it leaves empty.
  var notValued = 'Not shown: ' + (data.unvalued || 'the purchase model was not fitted') + '.';
${reportDataTableScript}
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

  // Options that depend on a chart's width (a phone's 300 px or a desktop's 600): set when it
  // is drawn and again whenever its width changes. fitted[id](width) gives them.
  var fitted = {};
  function fitTo(id) {
    var element = document.getElementById(id);
    return fitted[id] && element ? fitted[id](element.clientWidth) : undefined;
  }

  // alternative(): { label, table } of the chart, see describe(); asked only for a drawn chart.
  function draw(id, option, emptyMessage, alternative) {
    var element = document.getElementById(id);
    if (!element) return;
    if (emptyMessage) { say(id, emptyMessage); dropTable(id); return; }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    option.textStyle = text;
    option.animation = false;
    chart.setOption(option);
    if (fitted[id]) chart.setOption(fitTo(id));
    charts[id] = chart;
    var alt = alternative();
    describe(id, alt.label, alt.table);
  }

  function stepName(step) { return step.from + ' \u2192 ' + step.to; }
  // A histogram bin by its bounds; without a maximum the last bin counts everything above it.
  function binName(h, i, format, max) {
    var last = i === h.counts.length - 1;
    return format(h.edges[i]) + (last && max === undefined ? ' and more' : ' \u2013 ' + format(h.edges[i + 1]));
  }
  function cohortName(c) { return c.cohort + ' (' + count.format(c.size) + ')'; }
  // ECharts shows a tooltip formatter's text as HTML: stage names come from a user's lifecycle.
  function html(value) {
    return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  // A stage's name turns until the names, one line of 12 px text each, no longer run into
  // each other under their bars: 30 degrees on a desktop, upright on a phone.
  fitted['chart-stages'] = function (width) {
    var slot = Math.max(1, width - 110) / Math.max(1, data.stages.length);
    var rotate = [30, 45, 60].find(function (angle) { return slot * Math.sin(angle * Math.PI / 180) >= 17; }) || 90;
    // The counts over the bars stand upright too when the widest (about 7 px a character) is
    // wider than a bar's slot, with room above the plot for the tallest bar's.
    var widest = 7 * Math.max.apply(null, data.stages.map(function (s) { return count.format(s.count).length; }));
    var upright = widest + 4 > slot;
    return {
      xAxis: { axisLabel: { rotate: rotate } },
      grid: { top: upright ? 24 + widest : 36 },
      series: [{ label: upright ? { rotate: 90, align: 'left', verticalAlign: 'middle' } : { rotate: 0, align: 'center', verticalAlign: 'bottom' } }]
    };
  };
  draw('chart-stages', {
    tooltip: { trigger: 'item', formatter: function (p) { return html(p.name) + ': ' + counted(p.value, 'person', 'people'); } },
    grid: grid,
    xAxis: { type: 'category', data: data.stages.map(function (s) { return s.stage; }), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', name: 'people' },
    series: [{
      type: 'bar',
      data: data.stages.map(function (s) { return { value: s.count, itemStyle: { color: colour(s.stage) } }; }),
      label: { show: true, position: 'top', formatter: function (p) { return count.format(p.value); } }
    }]
  }, data.people === 0 ? 'Nobody in the log yet.' : '', function () {
    return {
      label: data.stages.map(function (s) { return s.stage + ' ' + count.format(s.count); }).join(', '),
      table: { head: ['stage', 'people'], rows: data.stages.map(function (s) { return [s.stage, count.format(s.count)]; }) }
    };
  });

  // The steps' names take at most 40 % of the width, on two lines where they must: on a phone
  // they took all but 50 px, where the axis's percentages ran into each other. Bars narrower
  // than 200 px are marked at 0, 50 and 100 % only.
  fitted['chart-funnel'] = function (width) {
    var names = Math.max(90, Math.round(width * 0.4));
    return {
      yAxis: { axisLabel: { width: names, overflow: 'break', lineHeight: 16 } },
      xAxis: { interval: width - names - 72 < 200 ? 0.5 : 0.2 }
    };
  };
  draw('chart-funnel', {
    tooltip: { trigger: 'item', formatter: function (p) {
      var step = data.funnel[p.dataIndex];
      return html(stepName(step)) + '<br>' + count.format(step.converted) + ' of ' + count.format(step.entered) + ' (' + pct(step.rate) + ')';
    } },
    grid: { left: 8, right: 64, top: 16, bottom: 24, containLabel: true },
    xAxis: { type: 'value', max: 1, axisLabel: { hideOverlap: true, formatter: function (v) { return v * 100 + ' %'; } } },
    yAxis: { type: 'category', inverse: true, data: data.funnel.map(stepName) },
    series: [{
      type: 'bar',
      data: data.funnel.map(function (s) { return { value: s.rate === null ? 0 : s.rate, itemStyle: { color: colour(s.to) } }; }),
      label: { show: true, position: 'right', formatter: function (p) { return pct(data.funnel[p.dataIndex].rate); } }
    }]
  }, data.funnel.every(function (s) { return s.entered === 0; }) ? 'Nobody has entered the funnel yet.' : '', function () {
    return {
      label: 'the share who went on, ' + data.funnel.map(function (s) { return stepName(s) + ' ' + pct(s.rate); }).join(', '),
      table: {
        head: ['step', 'reached', 'went on', 'share'],
        rows: data.funnel.map(function (s) { return [stepName(s), count.format(s.entered), count.format(s.converted), pct(s.rate)]; })
      }
    };
  });

  var months = data.stageFlow.months;
  draw('chart-flow', withLegend('chart-flow', data.stages.map(function (s) { return s.stage; }), 16, {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 56, right: 24, top: 36, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', name: 'people' },
    series: data.stages.map(function (s) {
      return { name: s.stage, type: 'bar', stack: 'stages', barCategoryGap: '15%', itemStyle: { color: colour(s.stage) }, data: data.stageFlow.counts[s.stage] || [] };
    })
  }), months.length === 0 ? 'No events yet.' : '', function () {
    var shown = thinned(months.length, 'month');
    return {
      label: 'stacked bars of the people in each stage at the end of each month, ' + months[0] + ' to ' + months[months.length - 1] + '.',
      table: {
        head: ['month'].concat(data.stages.map(function (s) { return s.stage; })),
        rows: shown.rows.map(function (i) {
          return [months[i]].concat(data.stages.map(function (s) {
            var value = (data.stageFlow.counts[s.stage] || [])[i];
            return value === undefined ? '-' : count.format(value);
          }));
        }),
        note: shown.note
      }
    };
  });

  var longest = data.cohorts.reduce(function (n, c) { return Math.max(n, c.retention.length); }, 0);
  // ECharts' palette has nine colours and the chart up to twelve cohorts: three more, no reds.
  var cohortColours = ['#5070dd', '#b6d634', '#505372', '#ff994d', '#0ca8df', '#ffd10a', '#fb628b', '#785db0', '#3fbe95', '#2b8a3e', '#8d6e63', '#1864ab'];
  draw('chart-cohorts', withLegend('chart-cohorts', data.cohorts.map(cohortName), 40, {
    color: cohortColours,
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return pct(v); } },
    grid: { left: 56, right: 24, top: 36, bottom: 64, containLabel: true },
    xAxis: { type: 'category', name: 'months since acquisition', nameLocation: 'middle', nameGap: 28, data: Array.from({ length: longest }, function (_, i) { return String(i); }) },
    yAxis: { type: 'value', max: 1, name: 'still active', axisLabel: { formatter: function (v) { return v * 100 + ' %'; } } },
    series: data.cohorts.map(function (c) {
      // A cohort of last month has its month 0 only: a point, as a line needs two.
      return { name: cohortName(c), type: 'line', showSymbol: c.retention.length === 1, data: c.retention };
    })
  }), data.cohorts.length > 0 ? '' : data.activeStages.length === 0 ? 'No cohorts: the lifecycle “' + data.lifecycle + '” names no active stages to follow.' : 'No cohorts yet: nobody has become an active customer.', function () {
    var shown = thinned(longest, 'month');
    var first = data.cohorts[0].cohort;
    var last = data.cohorts[data.cohorts.length - 1].cohort;
    return {
      label: 'one line per monthly cohort, the ' + count.format(data.cohorts.length) + ' from ' + first + ' to ' + last + ': the share still active each month after acquisition.',
      table: {
        head: ['months since acquisition'].concat(data.cohorts.map(cohortName)),
        rows: shown.rows.map(function (i) {
          return [String(i)].concat(data.cohorts.map(function (c) { return pct(c.retention[i]); }));
        }),
        note: shown.note || '- where a cohort is not that old yet'
      }
    };
  });

  function histogram(id, h, label, colourOf, format, max) {
    var bins = h.counts.length;
    function tick(i) { return format(h.edges[i]) + (i === bins - 1 && max === undefined ? '+' : ''); }
    // An open-ended last bar ('1,900+') keeps its label: the axis labels every k-th bar counting
    // back from it, k as many as a label's width needs, where ECharts' own choice could leave it
    // out and the bar read as one of 1,900 to 2,000.
    if (max === undefined) {
      fitted[id] = function (width) {
        var slot = Math.max(1, width - 110) / Math.max(1, bins);
        var widest = 7 * Math.max.apply(null, h.counts.map(function (_, i) { return tick(i).length; })) + 12;
        var every = Math.max(1, Math.ceil(widest / slot));
        return { xAxis: { axisLabel: { interval: function (i) { return (bins - 1 - i) % every === 0; } } } };
      };
    }
    draw(id, {
      tooltip: { trigger: 'item', formatter: function (p) {
        return binName(h, p.dataIndex, format, max) + ': ' + counted(p.value, 'customer', 'customers');
      } },
      grid: grid,
      xAxis: { type: 'category', name: label, nameLocation: 'middle', nameGap: 30, data: h.counts.map(function (_, i) { return tick(i); }) },
      yAxis: { type: 'value', name: 'customers' },
      series: [{ type: 'bar', barCategoryGap: '4%', data: h.counts.map(function (v, i) { return { value: v, itemStyle: { color: colourOf(i / Math.max(1, h.counts.length - 1)) } }; }) }]
    }, data.valued === 0 ? notValued : '', function () {
      return {
        label: 'bars of the customers by ' + label + ' in ' + count.format(bins) + ' bins, ' + binName(h, 0, format, max) + ' to ' + binName(h, bins - 1, format, max) + '.',
        table: { head: [label, 'customers'], rows: h.counts.map(function (v, i) { return [binName(h, i, format, max), count.format(v)]; }) }
      };
    });
  }
  histogram('chart-clv', data.clvHistogram, data.currency ? 'CLV (' + data.currency + ')' : 'CLV', function () { return '#2f9e44'; }, function (v) { return money.format(v); });
  histogram('chart-churn', data.churnHistogram, 'churn risk', function (t) { return t < 0.3 ? '#2f9e44' : t < 0.7 ? '#f08c00' : '#c92a2a'; }, function (v) { return Math.round(v * 100) + ' %'; }, 1);

  var g = data.pAliveGrid;
  draw('chart-palive', g && {
    tooltip: { formatter: function (p) {
      return p.value[1] === undefined ? '' : 'repeat purchases ' + g.frequency[p.value[1]] + ', last at week ' + Math.round(g.recency[p.value[0]]) + '<br>P(alive) ' + pct(p.value[2]);
    } },
    grid: { left: 56, right: 96, top: 24, bottom: 40, containLabel: true },
    xAxis: { type: 'category', name: 'weeks from first to last purchase (recency)', nameLocation: 'middle', nameGap: 28, data: g.recency.map(function (r) { return String(Math.round(r)); }) },
    yAxis: { type: 'category', name: 'repeat purchases', data: g.frequency.map(String) },
    visualMap: { min: 0, max: 1, calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 180, inRange: { color: ['#c92a2a', '#f08c00', '#fcc419', '#8ce99a', '#2f9e44'] }, formatter: function (v) { return Math.round(v * 100) + ' %'; } },
    series: [{ type: 'heatmap', data: g.cells, emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } } }]
  }, g ? '' : notValued, function () {
    var byCell = {};
    g.cells.forEach(function (c) { byCell[c[0] + ',' + c[1]] = c[2]; });
    var lastWeek = Math.round(g.recency[g.recency.length - 1]);
    return {
      label: 'a heat map of P(alive) for a customer who first bought ' + g.age + ' weeks ago, by repeat purchases (0 to ' + g.frequency[g.frequency.length - 1] + ') and the week of the last one (0 to ' + lastWeek + ').',
      table: {
        head: ['repeat purchases'].concat(g.recency.map(function (r) { return 'week ' + Math.round(r); })),
        rows: g.frequency.map(function (x, j) {
          return [String(x)].concat(g.recency.map(function (_, i) { return pct(byCell[i + ',' + j]); }));
        }),
        note: 'rows: repeat purchases; columns: the week of the last one; - where none can be (the last purchase is at week 0 exactly when there is no repeat purchase)'
      }
    };
  });

  var t = data.tracking;
  var expectedName = (data.model ? data.model.name.replace(/ \(.*\)$/, '') : 'model') + ' expected';
  draw('chart-tracking', t && {
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return count.format(Math.round(v)); } },
    legend: { bottom: 0 },
    grid: { left: 56, right: 24, top: 36, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: t.weeks },
    yAxis: { type: 'value', name: 'cumulative repeat purchases' },
    series: [
      { name: 'actual', type: 'line', showSymbol: false, lineStyle: { width: 3 }, itemStyle: { color: '#1f2937' }, data: t.actual },
      { name: expectedName, type: 'line', showSymbol: false, lineStyle: { width: 2, type: 'dashed' }, itemStyle: { color: '#3fa7d6' }, data: t.expected }
    ]
  }, t ? '' : notValued, function () {
    var weeks = t.weeks.length;
    var shown = thinned(weeks, 'week');
    var last = weeks - 1;
    return {
      label: 'lines of the cumulative repeat purchases week by week, ' + t.weeks[0] + ' to ' + t.weeks[last] + ': ' + count.format(t.actual[last]) + ' actual, ' + count.format(Math.round(t.expected[last])) + ' ' + expectedName + ' by the last week.',
      table: {
        head: ['week starting', 'actual', expectedName],
        rows: shown.rows.map(function (i) { return [t.weeks[i], count.format(t.actual[i]), count.format(Math.round(t.expected[i]))]; }),
        note: shown.note
      }
    };
  });

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
      if (fitted[id]) charts[id].setOption(fitTo(id));
      charts[id].resize();
    });
  }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
})();
`;
