/** The report script's timeline: one canvas, a row per worker lane, attempts coloured by status, the critical path outlined; a click opens the task under it. Part of REPORT_SCRIPT; plain ES2020 in a string, no backticks or substitutions. */
export const SCRIPT_TIMELINE = `
  // Timeline
  var timelineSection = section('timeline', 'Timeline');
  var legend = add(timelineSection, el('div', 'legend'));
  ['success', 'error', 'cancelled', 'running'].forEach(function (status) {
    var item = add(legend, el('span'));
    add(item, el('span', 'swatch fill-' + status));
    item.appendChild(document.createTextNode(status));
  });
  var criticalItem = add(legend, el('span'));
  add(criticalItem, el('span', 'swatch critical-outline'));
  criticalItem.appendChild(document.createTextNode('critical path: ' + data.timeline.criticalPath));
  var box = add(timelineSection, el('div', 'timeline'));
  var canvas = add(box, el('canvas'));
  canvas.setAttribute('aria-label', 'timeline of ' + data.tasks.length + ' tasks on ' + data.timeline.laneCount + ' worker lanes');
  var stageRow = data.timeline.stages.length ? 1 : 0;
  var rowCount = data.timeline.laneCount + stageRow;
  var laneHeight = Math.max(2, Math.min(20, Math.floor(24000 / Math.max(1, rowCount))));
  var AXIS = 22, LABEL = 80;
  var layout = null;

  function drawTimeline() {
    var width = Math.max(480, box.clientWidth - 2);
    var height = AXIS + rowCount * laneHeight + 4;
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(width * ratio);
    canvas.height = Math.floor(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var scale = (width - LABEL - 8) / data.timeline.totalMs;
    layout = { scale: scale };
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.strokeStyle = cssColor('line');
    ctx.fillStyle = cssColor('muted');
    data.timeline.ticks.forEach(function (tick) {
      var x = LABEL + tick.at * scale;
      ctx.fillText(tick.label, x + 2, AXIS / 2);
      ctx.beginPath(); ctx.moveTo(x + 0.5, AXIS - 4); ctx.lineTo(x + 0.5, height); ctx.stroke();
    });
    if (laneHeight >= 10) {
      if (stageRow) ctx.fillText('stages', 4, AXIS + laneHeight / 2);
      for (var lane = 0; lane < data.timeline.laneCount; lane++) ctx.fillText('worker ' + (lane + 1), 4, AXIS + (lane + stageRow) * laneHeight + laneHeight / 2);
    }
    var pad = laneHeight >= 6 ? 2 : 0;
    data.timeline.stages.forEach(function (stage) {
      ctx.fillStyle = cssColor('stage');
      var x = LABEL + stage.start * scale;
      ctx.fillRect(x, AXIS + pad, Math.max(1, (stage.end - stage.start) * scale), laneHeight - 2 * pad);
      if (laneHeight >= 10) { ctx.fillStyle = cssColor('bg'); ctx.fillText(stage.name, x + 3, AXIS + laneHeight / 2); }
    });
    var critical = cssColor('critical');
    data.tasks.forEach(function (task) {
      task.attempts.forEach(function (attempt) {
        var x = LABEL + attempt[1] * scale;
        var y = AXIS + (attempt[0] + stageRow) * laneHeight + pad;
        var w = Math.max(1, (attempt[2] - attempt[1]) * scale);
        ctx.fillStyle = statusColor(attempt[3]);
        ctx.fillRect(x, y, w, laneHeight - 2 * pad);
        if (task.critical) { ctx.strokeStyle = critical; ctx.lineWidth = 2; ctx.strokeRect(x + 1, y + 1, Math.max(0, w - 2), Math.max(0, laneHeight - 2 * pad - 2)); }
      });
    });
    if (selected !== null) {
      ctx.strokeStyle = cssColor('fg'); ctx.lineWidth = 2;
      data.tasks[selected].attempts.forEach(function (attempt) {
        ctx.strokeRect(LABEL + attempt[1] * scale - 1, AXIS + (attempt[0] + stageRow) * laneHeight, Math.max(2, (attempt[2] - attempt[1]) * scale + 2), laneHeight);
      });
    }
  }

  var byLane = [];
  data.tasks.forEach(function (task, at) {
    task.attempts.forEach(function (attempt) { (byLane[attempt[0]] = byLane[attempt[0]] || []).push([attempt[1], attempt[2], at]); });
  });
  canvas.addEventListener('click', function (event) {
    var rect = canvas.getBoundingClientRect();
    var lane = Math.floor((event.clientY - rect.top - AXIS) / laneHeight) - stageRow;
    var time = (event.clientX - rect.left - LABEL) / layout.scale;
    var slack = 3 / layout.scale;
    var hits = byLane[lane] || [];
    for (var i = 0; i < hits.length; i++) {
      if (time >= hits[i][0] - slack && time <= hits[i][1] + slack) { select(hits[i][2], true); return; }
    }
  });

`;
