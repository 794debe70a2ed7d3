// Runs a private ClamAV daemon (Debian's clamav-daemon) on a loopback TCP port, for `npm start`,
// the tests and the benchmarks. Its signature database is our own: the official one cannot be
// downloaded everywhere and is 300+ MB, so locally clamd knows one signature, the industry's
// EICAR test file, which is exactly what the tests and the demo send. Production points
// CLAMD_ADDRESS at a clamd with the full, updated database.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join, resolve } from "node:path";

/** The EICAR anti-virus test string, assembled so no file in the project is itself "infected". */
export const EICAR = ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].join("");

const CANDIDATES = ["/usr/sbin/clamd", "/usr/bin/clamd", "/usr/local/sbin/clamd"];

export function clamdPath() {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Resolves true once clamd answers PING with PONG. */
function ping(port) {
  return new Promise((done) => {
    const s = connect({ host: "127.0.0.1", port }, () => s.end("zPING\0"));
    let reply = "";
    s.on("data", (d) => (reply += d));
    s.on("close", () => done(reply.startsWith("PONG")));
    s.on("error", () => done(false));
    s.setTimeout(1000, () => s.destroy());
  });
}

/**
 * Starts clamd on 127.0.0.1:`port` with its files under `dir`. Returns { address, stop() }, or
 * throws with what to install when clamd is missing.
 */
export async function startClamd({ port, dir }) {
  const bin = clamdPath();
  if (!bin) throw new Error("clamd was not found: install Debian's clamav-daemon package (apt-get install clamav-daemon)");
  const root = resolve(dir);
  mkdirSync(join(root, "db"), { recursive: true });
  const hex = Buffer.from(EICAR, "latin1").toString("hex");
  writeFileSync(join(root, "db", "parley-local.ndb"), `Parley.Test.EICAR:0:*:${hex}\n`);
  writeFileSync(
    join(root, "clamd.conf"),
    [
      `TCPSocket ${port}`,
      "TCPAddr 127.0.0.1",
      `DatabaseDirectory ${join(root, "db")}`,
      "Foreground yes",
      `LogFile ${join(root, "clamd.log")}`,
      // Match the Worker's own limit with room to spare; bigger streams are refused by clamd too.
      "StreamMaxLength 25M",
      "SelfCheck 0",
      "",
    ].join("\n"),
  );
  const child = spawn(bin, [`--config-file=${join(root, "clamd.conf")}`], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const deadline = Date.now() + 60_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}: ${stderr} (see ${join(root, "clamd.log")})`);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`clamd did not answer on port ${port} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
