// Fails when the domain modules (the folders under src/modules) depend on each
// other in a circle, e.g. complaints -> outages -> complaints. dependency-cruiser's
// own no-circular rule sees files only: two folders can import each other
// through different files without any file cycle, and then neither can be
// understood, tested or moved without the other. Run by `npm run layers`.
import { cruise } from "dependency-cruiser";

const DOMAIN = /^src\/modules\/([^/]+)\//;

const result = await cruise(["src/modules/**/*.ts"], {
  doNotFollow: { path: "node_modules" },
  exclude: { path: "node_modules|\\.test\\.tsx?$" },
});
if (typeof result.output === "string") throw new Error("dependency-cruiser returned text, not modules");

/** For each domain, the domains it imports, with one file-level example per edge. */
const edges = new Map<string, Map<string, string>>();
for (const m of result.output.modules) {
  const from = DOMAIN.exec(m.source)?.[1];
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = DOMAIN.exec(d.resolved)?.[1];
    if (!to || to === from) continue;
    const out = edges.get(from) ?? new Map<string, string>();
    if (!out.has(to)) out.set(to, `${m.source} -> ${d.resolved}`);
    edges.set(from, out);
  }
}

/** Tarjan's strongly connected components: every component of two or more domains is a cycle. */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

const found = cycles(edges);
if (found.length === 0) {
  console.log(`✔ no cycles between the ${edges.size} domain modules`);
} else {
  for (const scc of found) {
    console.error(`\n  error module-cycle: ${scc.join(", ")} depend on each other:`);
    for (const a of scc)
      for (const [b, example] of edges.get(a) ?? []) if (scc.includes(b)) console.error(`    ${example}`);
  }
  console.error(`\nx ${found.length} cycle(s) between domain modules`);
  process.exit(1);
}
