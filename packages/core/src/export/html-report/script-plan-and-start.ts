/** The report script's plan section (request, rounds, the planner's calls), then drawing the page and opening the first failed task. Part of REPORT_SCRIPT; plain ES2020 in a string, no backticks or substitutions. */
export const SCRIPT_PLAN_AND_START = `
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
`;
