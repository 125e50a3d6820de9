import { SCRIPT_HELPERS } from './script-helpers.js';
import { SCRIPT_SUMMARY } from './script-summary.js';
import { SCRIPT_TIMELINE } from './script-timeline.js';
import { SCRIPT_TASK_TABLE } from './script-task-table.js';
import { SCRIPT_TASK_DETAIL } from './script-task-detail.js';
import { SCRIPT_PLAN_AND_START } from './script-plan-and-start.js';

/**
 * The report's script, inline (the page loads nothing). It reads the embedded data and builds the
 * page with `textContent` only: trace text is user data and never parsed as HTML. The timeline is
 * one canvas and the task table renders only the rows in view, so 10,000 tasks stay responsive.
 * Plain ES2020 in a string: no backticks or template substitutions, so it embeds as written.
 */
export const REPORT_SCRIPT = ['(function () {', "  'use strict';", SCRIPT_HELPERS, SCRIPT_SUMMARY, SCRIPT_TIMELINE, SCRIPT_TASK_TABLE, SCRIPT_TASK_DETAIL, SCRIPT_PLAN_AND_START, '})();', ''].join('\n');
