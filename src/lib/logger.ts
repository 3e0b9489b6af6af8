import pino, { type Logger } from "pino";

/**
 * Structured JSON logs. No personal data: request logs carry the route
 * template, not the URL (a lookup URL holds a mobile number, a name or a
 * consumer number), and credentials and bodies are never logged.
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
          // The route template, not the URL: /api/consumers/:consumerNo, never the number itself.
          return { id: req.id, method: req.method, route: req.routeOptions?.url ?? "(no route)" };
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
