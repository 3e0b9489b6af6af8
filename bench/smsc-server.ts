// A local SMSC in its own process for the SMS benchmark (as a real one would
// be): prints its URL, then the number of submits it got on every "count" line read,
// and the most that arrived in any sliding second on every "max".
import readline from "node:readline";
import { TestSmsc } from "../test/helpers/smsc.ts";

const smsc = await new TestSmsc().start();
smsc.receipts = "DELIVRD";
process.stdout.write(`URL ${smsc.url}\n`);
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (line === "count") process.stdout.write(`COUNT ${smsc.submitted.length}\n`);
  if (line === "max") process.stdout.write(`MAX ${smsc.maxPartsInAnySecond()}\n`);
  if (line === "stop") void smsc.stop().then(() => process.exit(0));
});
