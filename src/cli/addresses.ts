import fs from "node:fs";
import path from "node:path";

/**
 * Where a running server (server-url) and its embedded MQTT broker (mqtt-url)
 * answer, written down in DATA_DIR so `simulate storm` run with the same
 * DATA_DIR finds them whatever PORT and MQTT_PORT they were given.
 */
export type AddressFile = "server-url" | "mqtt-url";

/** Writes an address down; a read-only data directory keeps none (the simulator then needs --url or --mqtt). */
export function writeAddress(dataDir: string, file: AddressFile, url: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, file), `${url}\n`);
  } catch {
    // A read-only data directory.
  }
}

export function forgetAddress(dataDir: string, file: AddressFile): void {
  try {
    fs.rmSync(path.join(dataDir, file), { force: true });
  } catch {
    // Nothing to forget.
  }
}

/** The address written down, or undefined when no server has run with this DATA_DIR. */
export function readAddress(dataDir: string, file: AddressFile): string | undefined {
  try {
    return fs.readFileSync(path.join(dataDir, file), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
