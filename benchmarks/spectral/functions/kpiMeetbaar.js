import { has, judged } from './_common.js';

// RK-001, given $.kpis[*]: each KPI has a target value and a unit.
export default function kpiMeetbaar(kpi, _options, context) {
  const root = context.document.data;
  if (!judged(root) || !Array.isArray(root.kpis)) return;
  if (!(has(kpi, 'streefwaarde') && has(kpi, 'eenheid'))) {
    return [{ message: 'streefwaarde of eenheid ontbreekt' }];
  }
}
