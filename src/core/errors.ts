/**
 * The one error whose message a member may read: wrong input, missing permission, not found.
 * The error boundary turns it into an ephemeral reply; every other error is logged and hidden.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/**
 * Raised when something failed after work members can see was committed (messages sent, rows stored): `told` says
 * what was done. The member reads it instead of an apology, which would invite doing the work a second time. The
 * message is not `told`, which quotes what members typed (a title): the logs get the error, never that.
 */
export class WorkDoneError extends Error {
  override readonly name = 'WorkDoneError';
  constructor(
    readonly told: string,
    options?: { cause?: unknown },
  ) {
    super('failed after its work was done', options);
  }
}

/** Raised at start-up for settings or content that cannot be served; main prints it as one message and exits 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
