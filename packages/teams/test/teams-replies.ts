import type { FakeReply } from '@tocsin/test-kit';
import { WORKFLOW_ID } from './harness.js';

/**
 * How a Workflows webhook answers. The workflow runs on Azure Logic Apps, whose request
 * trigger answers 202 Accepted with an empty body, and refuses with Logic Apps' JSON
 * `{ error: { code, message } }`. The codes are Logic Apps' (from its docs and users' reports;
 * the exact wording of a message may differ).
 */
const error = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  ({ status, body: { error: { code, message } }, ...(headers ? { headers } : {}) }) as FakeReply;

export const teamsReplies = {
  accepted: { status: 202, body: '' },
  badContent: error(
    400,
    'InvalidRequestContent',
    "The request content is not valid and could not be deserialized: 'Unexpected character encountered while parsing value: a. Path '', line 0, position 0.'.",
  ),
  // Modelled, not seen: the trigger takes far more than 28 KB and answers 202; a card Teams
  // finds too large fails later, in the flow's run. Kept to pin the mapping of a 413.
  tooLarge: error(
    413,
    'RequestEntityTooLarge',
    'The request content length exceeds the maximum size allowed for the trigger.',
  ),
  badSignature: error(
    401,
    'DirectApiInvalidAuthorizationSignature',
    'The provided authorization signature for the request is not valid.',
  ),
  ipRefused: error(
    403,
    'AuthorizationFailed',
    "The client IP address '203.0.113.7' is not in the allowed caller IP address ranges specified in the workflow access control configuration.",
  ),
  notFound: error(404, 'WorkflowNotFound', `The workflow '${WORKFLOW_ID}' could not be found.`),
  throttled: (seconds: string) =>
    error(
      429,
      'WorkflowRequestsThrottled',
      `Number of requests for workflow '${WORKFLOW_ID}' exceeded the limit of '100' over time window of '00:01:00'.`,
      { 'retry-after': seconds },
    ),
  unavailable: error(503, 'ServiceUnavailable', 'The service is temporarily unavailable.'),
  slow: { status: 202, body: '', delayMs: 60_000 },
  hang: { hang: true },
  /** A retired Office 365 connector URL: 200, and the refusal as text. */
  connectorRefused: {
    status: 200,
    body: 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 400 with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef.0..',
  },
} satisfies Record<string, FakeReply | ((seconds: string) => FakeReply)>;
