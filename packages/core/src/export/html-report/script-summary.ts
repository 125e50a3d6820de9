/** The report script's header (the dispatch's facts and warnings) and the synthesised answer. Part of REPORT_SCRIPT; plain ES2020 in a string, no backticks or substitutions. */
export const SCRIPT_SUMMARY = `
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

`;
