import { has, judged } from './_common.js';

const SOCIAL_AFFAIRS = /sociale zaken|werk en inkomen|wet werk en bijstand|participatiewet|\bwwb\b/;
const SOCIAL_AFFAIRS_TITLE = /sociale zaken|werk en inkomen/;

function socialAffairs(root) {
  const fields = root.terreinen;
  if ((Array.isArray(fields) || typeof fields === 'string') && fields.includes('sociale-zaken')) {
    return true;
  }
  return (has(root, 'werkterrein') && typeof root.werkterrein === 'string'
      && SOCIAL_AFFAIRS.test(root.werkterrein.toLowerCase()))
    || (has(root, 'titel') && typeof root.titel === 'string'
      && SOCIAL_AFFAIRS_TITLE.test(root.titel.toLowerCase()));
}

// DA-005: a social-affairs sub-agreement has KPIs.
export default function kpiVerplicht(root) {
  if (!judged(root) || !socialAffairs(root)) return;
  if (!has(root, 'kpis')) return [{ message: "geen KPI's" }];
}
