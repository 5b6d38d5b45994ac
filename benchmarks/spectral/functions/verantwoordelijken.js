import { has, judged } from './_common.js';

// DO-008: a responsible officer with a name for the host and for every guest municipality;
// without the parties there is one finding (nothing to check against).
export default function verantwoordelijken(root) {
  if (!judged(root)) return;
  if (!(has(root, 'gastheergemeente') && has(root, 'gastgemeenten'))) {
    return [{ message: 'de partijen ontbreken' }];
  }
  const responsible = Array.isArray(root.verantwoordelijken) ? root.verantwoordelijken : [];
  const guests = Array.isArray(root.gastgemeenten) ? root.gastgemeenten : [root.gastgemeenten];
  const parties = [[root.gastheergemeente, ['gastheergemeente']],
    ...guests.map((guest, i) => [guest, ['gastgemeenten', i]])];
  const results = [];
  for (const [party, path] of parties) {
    if (!responsible.some((v) => v !== null && typeof v === 'object' && v.partij === party
        && has(v, 'naam'))) {
      results.push({ message: `geen verantwoordelijke bij ${party}`, path });
    }
  }
  return results;
}
