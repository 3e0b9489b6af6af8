// The house's layers (../shared/STYLE.md), checked by `npm run check`:
//   lib  <  db  <  config  <  http toolkit  <  modules  <  app (server, jobs' runner, cli)
// A file may import from its own layer or a lower one, never a higher one; no cycles.
// The web sees the server only through its contract: schema and constant files.
const app = "^src/(cli/|main\\.ts|http/server\\.ts|jobs/(registry|scheduler|worker)\\.ts)";
/** The server files the web may see: schemas (types only) and dependency-free constants. */
const contract = "\\.(schemas|constants)\\.ts$|^src/http/schemas\\.ts$";
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A cycle makes load order matter and hides who depends on whom.",
      severity: "error",
      from: { path: "^(src|web/src)/" },
      to: { circular: true },
    },
    {
      name: "lib-is-the-floor",
      comment: "src/lib holds plain helpers: it imports nothing of the project above it.",
      severity: "error",
      from: { path: "^src/lib/" },
      to: { path: "^src/(?!lib/)" },
    },
    {
      name: "db-below-modules",
      comment: "The database layer knows no domain module, no HTTP, no configuration.",
      severity: "error",
      from: { path: "^src/db/" },
      to: { path: "^src/(modules|http|jobs|cli)/|^src/(main|config)\\.ts$" },
    },
    {
      name: "config-below-modules",
      comment: "Configuration is read once and handed down: it imports only lib and db.",
      severity: "error",
      from: { path: "^src/config\\.ts$" },
      to: { path: "^src/(modules|http|jobs|cli)/|^src/main\\.ts$" },
    },
    {
      name: "modules-below-app",
      comment: "Domain modules never reach up into the server, the CLI or the job runner.",
      severity: "error",
      from: { path: "^src/(modules|http)/" },
      to: { path: app },
    },
    {
      name: "schemas-are-leaves",
      comment: "The web type-checks against schema files: they import only typebox and each other.",
      severity: "error",
      from: { path: "\\.(schemas|constants)\\.ts$" },
      to: { path: "^src/", pathNot: contract },
    },
    {
      name: "web-sees-only-the-contract",
      comment: "Nothing of the server is bundled into the web: only schemas (types) and constants.",
      severity: "error",
      from: { path: "^web/src/" },
      to: { path: "^src/", pathNot: contract },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules|\\.test\\.tsx?$" },
  },
};
