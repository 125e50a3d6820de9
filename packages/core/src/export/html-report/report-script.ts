/**
 * The report's script, inline (the page loads nothing). It reads the embedded data and builds the
 * page with `textContent` only: trace text is user data and never parsed as HTML. The timeline is
 * one canvas and the task table renders only the rows in view, so 10,000 tasks stay responsive.
 * Plain ES2020 in a string: no backticks or template substitutions, so it embeds as written.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var ROW = 28;
  var selected = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function pre(text) { return el('pre', '', text); }
  function facts(list) {
    var dl = el('dl', 'facts');
    list.forEach(function (fact) {
      var item = add(dl, el('div'));
      add(item, el('dt', '', fact.label));
      add(item, el('dd', '', fact.value));
    });
    return dl;
  }
  function section(id, title) {
    var node = el('section');
    node.id = id;
    add(node, el('h2', '', title));
    return add(document.getElementById('report'), node);
  }
  function listOf(items) {
    var ul = el('ul');
    items.forEach(function (item) { add(ul, el('li', '', item)); });
    return ul;
  }
  function cssColor(name) { return getComputedStyle(document.documentElement).getPropertyValue('--' + name).trim() || '#888'; }
  function statusColor(status) { return cssColor(['success', 'error', 'skipped', 'cancelled'].indexOf(status) >= 0 ? status : 'running'); }

  // Header
  var report = document.getElementById('report');
  add(report, el('h1', '', 'Dispatch ' + data.dispatchId));
  add(report, facts(data.facts));
  data.warnings.forEach(function (warning) { add(report, el('p', 'warning', warning)); });

  // Answer
  if (data.synthesis) {
    var answer = section('answer', 'Synthesised answer');
    if (data.synthesis.request) add(answer, el('p', 'muted', 'Request: ' + data.synthesis.request));
    if (data.synthesis.summary) add(answer, el('p', 'muted', data.synthesis.summary));
    if (data.synthesis.answer !== null) add(answer, pre(data.synthesis.answer)).id = 'answer-text';
    if (data.synthesis.error) add(answer, el('p', 'status-error', 'The synthesis failed: ' + data.synthesis.error));
    if (data.synthesis.highlights.length) { add(answer, el('h3', '', 'Highlights')); add(answer, listOf(data.synthesis.highlights)); }
    if (data.synthesis.followUps.length) { add(answer, el('h3', '', 'Follow-ups')); add(answer, listOf(data.synthesis.followUps)); }
  }

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

  // Tasks
  var tasksSection = section('tasks', 'Tasks');
  var filters = add(tasksSection, el('div', 'filters'));
  var shownStatuses = {};
  data.statuses.forEach(function (entry) {
    shownStatuses[entry.status] = true;
    var label = add(filters, el('label', 'status-' + entry.status));
    var box = add(label, el('input'));
    box.type = 'checkbox';
    box.checked = true;
    box.value = entry.status;
    box.addEventListener('change', function () { shownStatuses[entry.status] = box.checked; applyFilters(); });
    label.appendChild(document.createTextNode(' ' + entry.status + ' (' + entry.count + ')'));
  });
  var search = add(filters, el('input'));
  search.type = 'search';
  search.placeholder = 'Search task id, agent or error';
  search.setAttribute('aria-label', 'search tasks');
  search.addEventListener('input', function () { applyFilters(); });
  var shownCount = add(filters, el('span', 'muted'));
  var table = add(tasksSection, el('div', 'table'));
  var head = add(table, el('div', 'table-head'));
  ['task', 'status', 'agent', 'duration', 'tokens', 'cost'].forEach(function (name) { add(head, el('span', '', name)); });
  var rows = add(table, el('div', 'rows'));
  var spacer = add(rows, el('div'));
  var rendered = [];
  var visible = [];
  var haystacks = data.tasks.map(function (task) { return (task.id + ' ' + task.agent + ' ' + (task.detail.error || '')).toLowerCase(); });

  function applyFilters() {
    var needle = search.value.trim().toLowerCase();
    visible = [];
    for (var at = 0; at < data.tasks.length; at++) {
      if (shownStatuses[data.tasks[at].status] && (needle === '' || haystacks[at].indexOf(needle) >= 0)) visible.push(at);
    }
    shownCount.textContent = visible.length + ' of ' + data.tasks.length + ' tasks shown';
    spacer.style.height = visible.length * ROW + 'px';
    rows.style.height = Math.min(420, Math.max(ROW, visible.length * ROW)) + 'px';
    renderRows();
  }
  function renderRows() {
    rendered.forEach(function (row) { row.remove(); });
    rendered = [];
    var first = Math.floor(rows.scrollTop / ROW);
    var last = Math.min(visible.length, first + Math.ceil(rows.clientHeight / ROW) + 2);
    for (var i = first; i < last; i++) {
      var at = visible[i];
      var task = data.tasks[at];
      var row = el('div', 'row' + (at === selected ? ' selected' : ''));
      row.style.top = i * ROW + 'px';
      row.dataset.task = task.id;
      var id = add(row, el('span', 'task-id', task.id));
      if (task.critical) add(id, el('span', 'critical-mark', '◆')).title = 'on the critical path';
      add(row, el('span', 'task-status status-' + task.status, task.symbol + ' ' + task.status));
      add(row, el('span', '', task.agent));
      add(row, el('span', '', task.duration));
      add(row, el('span', '', task.tokens));
      add(row, el('span', '', task.cost));
      row.addEventListener('click', select.bind(null, at, false));
      rows.appendChild(row);
      rendered.push(row);
    }
  }
  rows.addEventListener('scroll', renderRows);

  var detail = add(tasksSection, el('div', 'detail'));
  detail.id = 'task-detail';
  add(detail, el('p', 'muted', 'Click a task in the table or the timeline to see its input, output, calls and files.'));

  function block(parent, title, text) {
    if (text === null || text === undefined || text === '') return;
    add(parent, el('h3', '', title));
    add(parent, pre(text));
  }
  function diffBlock(text) {
    var node = el('pre', 'diff');
    text.split('\\n').forEach(function (line) {
      var kind = line.charAt(0) === '+' && line.indexOf('+++') !== 0 ? 'diff-add' : line.charAt(0) === '-' && line.indexOf('---') !== 0 ? 'diff-del' : line.indexOf('@@') === 0 ? 'diff-hunk' : '';
      add(node, el('span', kind, line + '\\n'));
    });
    return node;
  }
  function modelCallsBlock(parent, calls) {
    if (!calls.length) return;
    add(parent, el('h3', '', 'Model calls (' + calls.length + ')'));
    calls.forEach(function (call, n) {
      var item = add(parent, el('details'));
      add(item, el('summary', '', '#' + (n + 1) + ' ' + call.name + ' · ' + call.summary));
      if (call.error) add(item, el('p', 'status-error', call.error));
      add(item, el('div', 'role', 'messages (' + call.messages.length + ')'));
      call.messages.forEach(function (message) {
        var one = add(item, el('details'));
        add(one, el('summary', 'role', message.role));
        add(one, pre(message.content));
      });
      add(item, el('div', 'role', 'reply'));
      add(item, pre(call.reply));
    });
  }

  function select(at, scrollTable) {
    selected = at;
    var task = data.tasks[at];
    var d = task.detail;
    detail.textContent = '';
    var title = add(detail, el('h3', '', task.id + ' '));
    add(title, el('span', 'status-' + task.status, task.symbol + ' ' + task.status));
    if (task.critical) add(title, el('span', 'critical-mark', ' ◆ critical path'));
    if (d.description) add(detail, el('p', '', d.description));
    add(detail, facts([
      { label: 'agent', value: task.agent },
      { label: 'duration', value: task.duration },
      { label: 'tokens', value: task.tokens },
      { label: 'cost', value: task.cost },
    ].concat(d.file ? [{ label: 'file', value: d.file }] : [], d.dependencies.length ? [{ label: 'depends on', value: d.dependencies.join(', ') }] : [], d.facts)));
    block(detail, 'Error', d.error);
    block(detail, 'Input', d.input);
    block(detail, 'Output', d.output);
    modelCallsBlock(detail, d.modelCalls);
    if (d.toolCalls.length) {
      add(detail, el('h3', '', 'Tool calls (' + d.toolCalls.length + ')'));
      d.toolCalls.forEach(function (call) {
        var item = add(detail, el('details'));
        add(item, el('summary', call.error ? 'status-error' : '', call.name + ' · ' + call.duration + (call.error ? ' · failed' : '')));
        block(item, 'Arguments', call.arguments);
        block(item, 'Result', call.result);
        block(item, 'Error', call.error);
      });
    }
    if (d.files.length) {
      add(detail, el('h3', '', 'Files (' + d.files.length + ')'));
      d.files.forEach(function (file) {
        add(detail, el('div', '', file.action + ' ' + file.path + (file.size ? ' · ' + file.size : '')));
        if (file.diff) add(detail, diffBlock(file.diff));
      });
    }
    if (scrollTable) {
      var position = visible.indexOf(at);
      if (position >= 0) rows.scrollTop = Math.max(0, position * ROW - rows.clientHeight / 2);
    }
    renderRows();
    drawTimeline();
  }

  // Plan
  if (data.plan) {
    var plan = section('plan', 'Plan');
    add(plan, el('h3', '', 'Request'));
    add(plan, pre(data.plan.request));
    add(plan, el('p', 'muted', data.plan.summary));
    add(plan, el('h3', '', 'Rounds'));
    var rounds = add(plan, el('ul'));
    data.plan.rounds.forEach(function (round) {
      var item = add(rounds, el('li', '', 'Round ' + round.round + ': ' + (round.problems.length ? round.problems.length + ' problems' : 'accepted')));
      if (round.problems.length) add(item, listOf(round.problems));
    });
    modelCallsBlock(plan, data.plan.modelCalls);
  }

  applyFilters();
  drawTimeline();
  window.addEventListener('resize', drawTimeline);
  // The canvas takes its colours from the page's: redraw when the reader switches light and dark.
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawTimeline);
  var firstFailed = data.tasks.findIndex(function (task) { return task.status === 'error'; });
  if (firstFailed >= 0) select(firstFailed, true);
  document.body.dataset.ready = 'true';
})();
`;
