// Statistics charts (ECharts): comparison bars and monthly series, from the JSON block #stats-data.
document.addEventListener('DOMContentLoaded', function () {
  var block = document.getElementById('stats-data');
  if (!block || typeof echarts === 'undefined') return;
  var d = JSON.parse(block.textContent);
  var compare = document.getElementById('chart-compare');
  if (compare && d.names.length) {
    echarts.init(compare).setOption({
      tooltip: { trigger: 'axis' }, legend: {},
      grid: { left: 50, right: 20, bottom: 60 },
      xAxis: { type: 'category', data: d.names, axisLabel: { rotate: d.names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value' },
      series: [
        { name: d.labels.issued, type: 'bar', data: d.issued },
        { name: d.labels.redeemed, type: 'bar', data: d.redeemed },
        { name: d.labels.outstanding, type: 'bar', data: d.outstanding }
      ]
    });
  }
  var months = document.getElementById('chart-months');
  if (months && d.months.length) {
    echarts.init(months).setOption({
      tooltip: { trigger: 'axis' }, legend: {},
      grid: { left: 50, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: d.months },
      yAxis: { type: 'value' },
      series: [
        { name: d.labels.issued, type: 'line', data: d.monthIssued },
        { name: d.labels.deducted, type: 'line', data: d.monthDeducted },
        { name: d.labels.redeemed, type: 'line', data: d.monthRedeemed }
      ]
    });
  }
});
