import { randomBytes } from 'node:crypto';

/**
 * The app's own demo simulators (filling line, delivery vehicles) go through the real HTTP contract with `app.inject`,
 * several requests a second. They send this header so that each of their requests is not logged at `info` (an
 * `npm start` console full of them hides what a person does); their refusals are logged by the simulators
 * themselves. The value is drawn per process and never leaves it (inject requests do not touch the network), so a
 * client cannot hide its own requests from the log with it.
 */
const token = randomBytes(16).toString('hex');

export const INTERNAL_REQUEST_HEADER = 'x-ranan-internal';

/** Headers that mark a request as the process's own (see above). */
export const internalRequestHeaders: Readonly<Record<string, string>> = { [INTERNAL_REQUEST_HEADER]: token };

/** Whether a request (raw or Fastify's) carries this process's internal mark. */
export function isInternalRequest(req: { headers?: Record<string, string | string[] | undefined> }): boolean {
  return req.headers?.[INTERNAL_REQUEST_HEADER] === token;
}
