/** The report script's start: the embedded data and the small DOM helpers the rest builds the page with (text only, through `textContent`). Part of REPORT_SCRIPT; plain ES2020 in a string, no backticks or substitutions. */
export const SCRIPT_HELPERS = `
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

`;
