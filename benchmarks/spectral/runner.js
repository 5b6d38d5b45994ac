// Runs the Spectral ruleset in process, so that benchmarks/spectral_run.py can time the rules
// without Node's start-up: `node runner.js FILES.json`, where FILES.json lists the YAML files.
// The ruleset is loaded exactly as `spectral lint -r .spectral.yaml` loads it (the CLI's own
// getRuleset). Then one JSON line per command read from stdin:
//   "round LEAST"  parse every file into a Spectral Document, then lint every Document, the
//                  lint repeated until it has taken LEAST seconds of CPU; prints CPU and wall
//                  milliseconds per document of the parse and of the lint (one pass)
//   "counts"       the findings per rule code of one pass
// CPU time is process.cpuUsage() (user + system, every thread of the process, as Python's
// time.process_time()); Node's garbage collector has helper threads, so CPU can exceed wall.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { Document, Spectral } = require('@stoplight/spectral-core');
const { Yaml } = require('@stoplight/spectral-parsers');
const { getRuleset } = require('@stoplight/spectral-cli/dist/services/linter/utils/getRuleset');

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function wallMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

async function main() {
  const files = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
  const spectral = new Spectral();
  spectral.setRuleset(await getRuleset(path.join(__dirname, '.spectral.yaml')));
  const parse = () => texts.map((text, i) => new Document(text, Yaml, files[i]));

  async function lint(documents) {
    const counts = {};
    for (const document of documents) {
      for (const result of await spectral.run(document)) {
        counts[result.code] = (counts[result.code] || 0) + 1;
      }
    }
    return counts;
  }

  async function round(least) {
    const n = files.length;
    let cpu = cpuMs();
    let wall = wallMs();
    const documents = parse();
    const parsed = { cpu: cpuMs() - cpu, wall: wallMs() - wall };
    cpu = cpuMs();
    wall = wallMs();
    let passes = 0;
    do {
      await lint(documents);
      passes += 1;
    } while (cpuMs() - cpu < least * 1000);
    return {
      parse_cpu_ms_per_doc: parsed.cpu / n,
      parse_wall_ms_per_doc: parsed.wall / n,
      lint_cpu_ms_per_doc: (cpuMs() - cpu) / passes / n,
      lint_wall_ms_per_doc: (wallMs() - wall) / passes / n,
    };
  }

  console.log(JSON.stringify({ ready: files.length }));
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [command, argument] = line.trim().split(/\s+/);
    if (command === 'round') {
      console.log(JSON.stringify(await round(Number(argument || 0))));
    } else if (command === 'counts') {
      console.log(JSON.stringify(await lint(parse())));
    } else if (command) {
      console.log(JSON.stringify({ error: `unknown command ${command}` }));
    }
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
