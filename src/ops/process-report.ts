import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Health } from './health-server.js';

/** What one shard process tells the sharding manager when asked, for the whole bot's /healthz and /metrics. */
export interface ProcessReport {
  health: Health;
  metrics: MetricObjectWithValues<MetricValue<string>>[];
}

export const REPORT_REQUEST = 'healing:report';
export const REPORT_REPLY = 'healing:report-reply';

export interface ReportRequest {
  type: typeof REPORT_REQUEST;
  nonce: number;
}

export interface ReportReply {
  type: typeof REPORT_REPLY;
  nonce: number;
  report: ProcessReport;
}

export const isReportRequest = (message: unknown): message is ReportRequest =>
  typeof message === 'object' && message !== null && (message as ReportRequest).type === REPORT_REQUEST;

export const isReportReply = (message: unknown): message is ReportReply =>
  typeof message === 'object' && message !== null && (message as ReportReply).type === REPORT_REPLY;

/** In a shard process: answers the manager's report requests over the IPC channel discord.js opened. */
export function answerReportRequests(report: () => Promise<ProcessReport>): void {
  process.on('message', (message) => {
    if (!isReportRequest(message)) return;
    void report().then(
      (answer) => process.send?.({ type: REPORT_REPLY, nonce: message.nonce, report: answer } satisfies ReportReply),
      () => undefined,
    );
  });
}
