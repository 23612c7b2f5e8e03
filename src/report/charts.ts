/**
 * The report's in-browser drawing code, as plain ES2017 text: it runs in whatever browser opens the
 * report, so it is kept out of the TypeScript build (no transpile step, no instrumentation under
 * coverage) and reads everything from the embedded JSON. No template literals inside, so this file
 * can hold it in one.
 */
export const REPORT_CHARTS_JS = String.raw`
(function () {
    'use strict';
    var data = JSON.parse(document.getElementById('stageplay-data').textContent);
    var C = {
        stated: '#7f8ea3',
        adjusted: '#0176d3',
        booked: '#2e844a',
        commit: '#dd7a01',
        interval: 'rgba(1, 118, 211, 0.18)',
        nominal: '#c23934',
        grid: '#e5e5e5'
    };
    Chart.defaults.font.family = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
    Chart.defaults.font.size = 12;
    Chart.defaults.color = '#3e3e3c';
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;

    function money(v) {
        if (v === null || v === undefined || !isFinite(v)) return '–';
        var a = Math.abs(v), s = v < 0 ? '-' : '';
        if (a >= 1e9) return s + (a / 1e9).toFixed(1) + 'B';
        if (a >= 1e6) return s + (a / 1e6).toFixed(1) + 'M';
        if (a >= 1e3) return s + (a / 1e3).toFixed(0) + 'k';
        return s + a.toFixed(0);
    }
    function pct(v) {
        return v === null || v === undefined || !isFinite(v) ? '–' : Math.round(v * 100) + '%';
    }
    function moneyAxis() {
        return { beginAtZero: true, ticks: { callback: function (v) { return money(v); } }, grid: { color: C.grid } };
    }
    function pctAxis(max) {
        return { min: 0, max: max, ticks: { callback: function (v) { return pct(v); } }, grid: { color: C.grid } };
    }
    function el(id) {
        return document.getElementById(id);
    }
    function draw(id, config) {
        var canvas = el(id);
        if (!canvas) return;
        new Chart(canvas, config);
    }

    // Forecast vs booked, one chart per k weeks out.
    data.weeksOut.forEach(function (k) {
        var points = data.backtest.filter(function (p) { return p.weeksOut === k; });
        draw('chart-backtest-' + k, {
            type: 'bar',
            data: {
                labels: points.map(function (p) { return p.label; }),
                datasets: [
                    { type: 'bar', label: 'Booked', data: points.map(function (p) { return p.booked; }), backgroundColor: C.booked, order: 3 },
                    { type: 'bar', label: 'Adjusted 80% range', data: points.map(function (p) { return p.low === null ? null : [p.low, p.high]; }), backgroundColor: C.interval, borderColor: C.adjusted, borderWidth: 1, order: 4 },
                    { type: 'line', label: 'Stated forecast', data: points.map(function (p) { return p.stated; }), borderColor: C.stated, backgroundColor: C.stated, borderWidth: 2, order: 1 },
                    { type: 'line', label: 'Adjusted forecast', data: points.map(function (p) { return p.adjusted; }), borderColor: C.adjusted, backgroundColor: C.adjusted, borderWidth: 2, order: 0 },
                    { type: 'line', label: 'Commit', data: points.map(function (p) { return p.commit; }), borderColor: C.commit, backgroundColor: C.commit, borderDash: [5, 4], borderWidth: 1.5, pointRadius: 2, order: 2 }
                ]
            },
            options: {
                plugins: {
                    title: { display: true, text: k + ' weeks before period end' },
                    tooltip: { callbacks: { label: function (c) { return Array.isArray(c.raw) ? c.dataset.label + ': ' + money(c.raw[0]) + ' – ' + money(c.raw[1]) : c.dataset.label + ': ' + money(c.parsed.y); } } }
                },
                scales: { y: moneyAxis() }
            }
        });
    });

    // Current period waterfall: booked, then each open category stacked on top; stated and adjusted side by side.
    (function () {
        var steps = data.waterfall.steps;
        function floating(key) {
            var base = 0;
            return steps.map(function (s) {
                var from = base;
                base += s[key] || 0;
                return [from, base];
            });
        }
        var totalStated = steps.reduce(function (a, s) { return a + s.stated; }, 0);
        var totalAdjusted = steps.reduce(function (a, s) { return a + s.adjusted; }, 0);
        var stated = floating('stated');
        var adjusted = floating('adjusted');
        stated.push([0, totalStated]);
        adjusted.push([0, totalAdjusted]);
        draw('chart-waterfall', {
            type: 'bar',
            data: {
                labels: steps.map(function (s) { return s.step; }).concat(['Forecast']),
                datasets: [
                    { label: 'Stated', data: stated, backgroundColor: C.stated },
                    { label: 'Adjusted', data: adjusted, backgroundColor: C.adjusted }
                ]
            },
            options: {
                plugins: {
                    tooltip: {
                        callbacks: {
                          label: function (c) {
                              var r = c.raw;
                              return c.dataset.label + ': +' + money(r[1] - r[0]) + ' (running ' + money(r[1]) + ')';
                          }
                        }
                    }
                },
                scales: { y: moneyAxis() }
            }
        });
    })();

    // Calibration per stage: nominal vs observed with its 95% interval.
    (function () {
        var stages = data.calibration.stages.filter(function (s) { return s.reached > 0; });
        draw('chart-calibration-stages', {
            type: 'bar',
            data: {
                labels: stages.map(function (s) { return s.stage; }),
                datasets: [
                    { type: 'bar', label: '95% interval of observed', data: stages.map(function (s) { return [s.wilsonLow, s.wilsonHigh]; }), backgroundColor: C.interval, borderColor: C.adjusted, borderWidth: 1, barPercentage: 0.35, order: 3 },
                    { type: 'line', label: 'Observed win rate', data: stages.map(function (s) { return s.observedWinRate; }), showLine: false, pointRadius: 6, pointStyle: 'circle', borderColor: C.adjusted, backgroundColor: C.adjusted, order: 1 },
                    { type: 'line', label: 'Nominal (stage probability)', data: stages.map(function (s) { return s.nominal; }), showLine: false, pointRadius: 9, pointStyle: 'line', borderWidth: 3, borderColor: C.nominal, backgroundColor: C.nominal, order: 0 }
                ]
            },
            options: {
                plugins: {
                    tooltip: {
                        callbacks: {
                            label: function (c) {
                                var s = stages[c.dataIndex];
                                if (c.datasetIndex === 0) return '95% interval: ' + pct(s.wilsonLow) + ' – ' + pct(s.wilsonHigh) + ' (n = ' + s.reached + ')';
                                return c.dataset.label + ': ' + pct(c.parsed.y);
                            }
                        }
                    }
                },
                scales: { y: pctAxis(1), x: { ticks: { autoSkip: false } } }
            }
        });
    })();

    // Overall reliability: predicted vs observed by probability bin.
    (function () {
        function pts(bins) {
            return bins.filter(function (b) { return b.count > 0; }).map(function (b) { return { x: b.meanPredicted, y: b.observedRate, n: b.count }; });
        }
        draw('chart-reliability', {
            type: 'scatter',
            data: {
                datasets: [
                    { label: 'Perfect calibration', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: '#c9c9c9', borderDash: [4, 4], pointRadius: 0 },
                    { label: 'Nominal probability', data: pts(data.calibration.binsNominal), showLine: true, borderColor: C.stated, backgroundColor: C.stated },
                    { label: 'Adjusted probability', data: pts(data.calibration.binsAdjusted), showLine: true, borderColor: C.adjusted, backgroundColor: C.adjusted }
                ]
            },
            options: {
                plugins: {
                    tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': predicted ' + pct(c.parsed.x) + ', observed ' + pct(c.parsed.y) + (c.raw.n ? ' (n = ' + c.raw.n + ')' : ''); } } }
                },
                scales: {
                    x: Object.assign(pctAxis(1), { type: 'linear', title: { display: true, text: 'Predicted' } }),
                    y: Object.assign(pctAxis(1), { title: { display: true, text: 'Observed win rate' } })
                }
            }
        });
    })();

    // Bias by owner: (forecast - booked) / booked.
    (function () {
        var owners = data.ownerBias.owners.filter(function (o) { return o.biasStated !== null; });
        draw('chart-owner-bias', {
            type: 'bar',
            data: {
                labels: owners.map(function (o) { return o.ownerName; }),
                datasets: [
                    { label: 'Stated', data: owners.map(function (o) { return o.biasStated; }), backgroundColor: C.stated },
                    { label: 'Adjusted', data: owners.map(function (o) { return o.biasAdjusted; }), backgroundColor: C.adjusted }
                ]
            },
            options: {
                indexAxis: 'y',
                plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ' bias: ' + pct(c.parsed.x); } } } },
                // Every owner labelled: Chart.js would otherwise skip every other name when they crowd.
                scales: { x: { ticks: { callback: function (v) { return pct(v); } }, grid: { color: C.grid } }, y: { ticks: { autoSkip: false } } }
            }
        });
    })();

    // Data discipline: share of open deals with every current-stage parameter captured.
    function captureChart(id, groups) {
        var shown = groups.filter(function (g) { return g.share !== null; });
        draw(id, {
            type: 'bar',
            data: {
                labels: shown.map(function (g) { return g.label; }),
                datasets: [
                    { label: 'Deals with all stage parameters captured', data: shown.map(function (g) { return g.share; }), backgroundColor: C.adjusted },
                    { label: 'Parameter values captured', data: shown.map(function (g) { return g.parameterShare; }), backgroundColor: C.stated }
                ]
            },
            options: {
                plugins: { tooltip: { callbacks: { label: function (c) { var g = shown[c.dataIndex]; return c.dataset.label + ': ' + pct(c.parsed.y) + ' (' + g.fullyCaptured + ' of ' + g.withParameters + ' deals)'; } } } },
                scales: { y: pctAxis(1), x: { ticks: { autoSkip: false } } }
            }
        });
    }
    captureChart('chart-discipline-owner', data.discipline.byOwner);
    captureChart('chart-discipline-stage', data.discipline.byStage);

    document.body.setAttribute('data-charts-ready', 'true');
})();
`;
