import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Health } from './health-server.js';

/** What one shard process tells the sharding manager when asked: its health, or its metrics, as asked. */
export type ReportKind = 'health' | 'metrics';
export type ProcessMetrics = MetricObjectWithValues<MetricValue<string>>[];
export type ProcessReport<K extends ReportKind = ReportKind> = K extends 'health' ? Health : ProcessMetrics;

export const REPORT_REQUEST = 'healing:report';
export const REPORT_REPLY = 'healing:report-reply';

export interface ReportRequest {
  type: typeof REPORT_REQUEST;
  nonce: number;
  /** Only what the request is for: a /healthz poll must not collect metrics, nor a scrape take the write lock. */
  what: ReportKind;
}

export interface ReportReply {
  type: typeof REPORT_REPLY;
  nonce: number;
  report: Health | ProcessMetrics;
}

export const isReportRequest = (message: unknown): message is ReportRequest =>
  typeof message === 'object' && message !== null && (message as ReportRequest).type === REPORT_REQUEST;

export const isReportReply = (message: unknown): message is ReportReply =>
  typeof message === 'object' && message !== null && (message as ReportReply).type === REPORT_REPLY;

/** In a shard process: answers the manager's report requests over the IPC channel discord.js opened. */
export function answerReportRequests(report: (what: ReportKind) => Promise<Health | ProcessMetrics>): void {
  process.on('message', (message) => {
    if (!isReportRequest(message)) return;
    void report(message.what).then(
      (answer) => process.send?.({ type: REPORT_REPLY, nonce: message.nonce, report: answer } satisfies ReportReply),
      () => undefined,
    );
  });
}
