import pino, { type Logger } from "pino";

/**
 * Structured JSON logs. No personal data: request logs carry the path without
 * its query string (a lookup URL holds a mobile number or a name), and
 * credentials and bodies are never logged.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "powerdesk", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.mobile", "*.phone"],
        censor: "[redacted]",
      },
      serializers: {
        req(req: { id?: string; method?: string; url?: string; routeOptions?: { url?: string } }) {
          return {
            id: req.id,
            method: req.method,
            path: req.url?.split("?")[0],
            route: req.routeOptions?.url,
          };
        },
        res(res: { statusCode?: number }) {
          return { statusCode: res.statusCode };
        },
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
