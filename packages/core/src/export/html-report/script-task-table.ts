/** The report script's task table: a checkbox per status, a search, and only the rows in view drawn, so 10,000 tasks stay responsive. Part of REPORT_SCRIPT; plain ES2020 in a string, no backticks or substitutions. */
export const SCRIPT_TASK_TABLE = `
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

`;
