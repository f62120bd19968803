import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';

/** What /healthz reports; `ok` is false when any part is not ready. */
export interface Health {
  ok: boolean;
  gateway: { ready: boolean; shards: { id: number; ready: boolean }[] };
  /** 'ok', or why the database refused a write. */
  database: string;
  scheduler: { holdsLease: boolean; lastPassSecondsAgo: number | null };
}

export interface HealthSources {
  health(): Promise<Health>;
  /** The Prometheus text exposition, with its content type. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * HEALTH_PORT's one small HTTP server: GET /healthz (200 or 503, with a short JSON body saying what is not ready) and
 * GET /metrics; anything else 404. It binds to HEALTH_HOST, 127.0.0.1 unless the operator chose otherwise, since the
 * metrics describe the community's activity.
 */
export async function startHealthServer(port: number, host: string, sources: HealthSources): Promise<HealthServer> {
  const server = createServer((request, response) => {
    answer(request, response, sources).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error\n');
    });
  });
  // Monitors poll; an idle keep-alive connection must not hold the bot's shutdown.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, sources: HealthSources): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method === 'GET' && path === '/healthz') {
    const health = await sources.health();
    response.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(`${JSON.stringify(health)}\n`);
    return;
  }
  if (request.method === 'GET' && path === '/metrics') {
    const { contentType, body } = await sources.metrics();
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    response.end(body);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found\n');
}

/** HEALTH_PORT's server, if set. Taken or refused: one line, and the bot goes on without health and metrics. */
export async function serveHealth(
  config: Pick<Config, 'HEALTH_PORT' | 'HEALTH_HOST'> | undefined,
  logger: Logger,
  sources: HealthSources,
): Promise<HealthServer | undefined> {
  if (config?.HEALTH_PORT === undefined) return undefined;
  const where = `${config.HEALTH_HOST}:${config.HEALTH_PORT}`;
  try {
    const server = await startHealthServer(config.HEALTH_PORT, config.HEALTH_HOST, sources);
    logger.info({ host: config.HEALTH_HOST, port: server.port }, 'health and metrics served (GET /healthz, /metrics)');
    return server;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    logger.error(`HEALTH_PORT: cannot listen on ${where} (${code}); the bot goes on without /healthz and /metrics`);
    return undefined;
  }
}
