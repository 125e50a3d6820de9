/** The report script's panel for the selected task: input, output, error, model and tool calls (folded), files with their diffs. Part of REPORT_SCRIPT; plain ES2020 in a string, no backticks or substitutions. */
export const SCRIPT_TASK_DETAIL = `
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

`;
