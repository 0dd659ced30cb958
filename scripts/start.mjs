// `npm start`: build on first start, prepare the database, then serve on HOST:PORT.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function isLoopback(address) {
  return address === "localhost" || address === "::1" || address.startsWith("127.");
}

if (!isLoopback(host) && !process.env.RECALL_PASSWORD) {
  console.error(
    `Recall refuses to listen on ${host} without a password: anyone on your network could read your notes.\n` +
      `Set one, e.g.  RECALL_PASSWORD='a long secret' HOST=${host} npm start\n` +
      `or leave HOST unset to listen on 127.0.0.1 only.`,
  );
  process.exit(1);
}

const workers = process.env.RECALL_WORKERS ?? "1";
if (workers !== "0" && workers !== "1") {
  console.error(`RECALL_WORKERS=${workers} is not understood: 1 (the default) lets this server work background jobs, 0 leaves them to \`npm run cards -- worker\` processes.`);
  process.exit(1);
}

function run(command, args, label) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, RECALL_APP_DIR: root } });
  if (result.status !== 0) {
    console.error(`Recall: ${label} failed; see the message above.`);
    process.exit(result.status ?? 1);
  }
}

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("Recall: first start, building the app (a minute or two; later starts skip this)…");
  run(bin("next"), ["build"], "building the app");
}

// Migrations here, not on the first request, so a database problem stops the start with its message.
run(bin("tsx"), [path.join(root, "cli/index.ts"), "migrate"], "preparing the database");
run(bin("tsx"), [path.join(root, "cli/index.ts"), "first-start"], "importing the demo notes");

console.log(`Recall: serving on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
console.log(
  workers === "1" || !process.env.DATABASE_URL
    ? "Recall: background jobs (embedding, duplicate scans) run in this server"
    : "Recall: background jobs are only queued here (RECALL_WORKERS=0); `npm run --silent cards -- worker` processes run them",
);
const server = spawn(bin("next"), ["start", "-H", host, "-p", port], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, RECALL_APP_DIR: root },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
