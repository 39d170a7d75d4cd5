/**
 * `GET /token`: the Docker registry token protocol with Kubernetes identities. The Basic-auth
 * password is a Kubernetes bearer token (any user name, as `docker login -u any -p $(oc whoami -t)`
 * on OpenShift); a TokenReview says whose it is, and SubjectAccessReviews as that user decide
 * each action (grant.ts). The token grants only what was allowed: an empty `access` list when
 * nothing was. Edge only: parsing and answering; the decisions are in scope.ts and grant.ts.
 * Neither the password nor the issued token is ever logged.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../../clock.js';
import type { UserInfo } from '../../core/types.js';
import { accessReviewFor, type AccessReviews } from '../../kube/access-review.js';
import { ApiServerError } from '../../kube/api-server-error.js';
import type { TokenReviewer } from '../../kube/token-review.js';
import { errorFields, type Logger } from '../../log.js';
import { grantedActions, QUESTION_ATTRIBUTES, questionsFor, type AccessQuestion } from '../grant.js';
import type { IntegratedRegistryMetrics } from './metrics.js';
import { parseScopes, type RequestedAccess } from '../scope.js';
import type { GrantedAccess, TokenSigner } from './token-signer.js';

/** Tokens live 5 minutes: long enough for a push of large layers to be challenged once. */
export const TOKEN_EXPIRES_IN_SECONDS = 300;

export interface TokenEndpointDeps {
  service: string;
  issuer: string;
  reviewToken: TokenReviewer;
  reviews: AccessReviews;
  /** Whether the stream exists (a push to a new one also needs `create imagestreams`). */
  streamExists(namespace: string, name: string): Promise<boolean>;
  signer: TokenSigner;
  clock: Clock;
  logger: Logger;
  metrics: IntegratedRegistryMetrics;
}

const json = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
};

const failure = (res: ServerResponse, code: number, errorCode: string, message: string, headers: Record<string, string> = {}): void =>
  json(res, code, { errors: [{ code: errorCode, message }] }, headers);

/** The password of a Basic Authorization header, or undefined when there is none or it is malformed. */
export function basicPassword(header: string | undefined): string | undefined {
  if (header === undefined || header.length > 16_384) return undefined;
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  return password === '' ? undefined : password;
}

async function allowedQuestions(deps: TokenEndpointDeps, user: UserInfo, access: RequestedAccess): Promise<{ exists: boolean; allowed: Set<AccessQuestion> }> {
  const exists = access.actions.includes('push') ? await deps.streamExists(access.namespace, access.name) : true;
  const questions = questionsFor(access, exists);
  const answers = await Promise.all(questions.map((question) => {
    const attributes = QUESTION_ATTRIBUTES.get(question);
    if (attributes === undefined) return false;
    return deps.reviews(accessReviewFor(user, { group: 'image.openshift.io', ...attributes, namespace: access.namespace }));
  }));
  return { exists, allowed: new Set(questions.filter((_, index) => answers[index] === true)) };
}

async function grant(deps: TokenEndpointDeps, user: UserInfo, requested: RequestedAccess[]): Promise<GrantedAccess[]> {
  const granted: GrantedAccess[] = [];
  for (const access of requested) {
    const { exists, allowed } = await allowedQuestions(deps, user, access);
    const actions = grantedActions(access, exists, allowed);
    for (const action of access.actions) deps.metrics.tokenActions.inc({ action, result: actions.includes(action) ? 'granted' : 'refused' });
    if (actions.length > 0) granted.push({ type: 'repository', name: `${access.namespace}/${access.name}`, actions });
  }
  return granted;
}

async function answer(deps: TokenEndpointDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const service = url.searchParams.get('service');
  if (service !== null && service !== deps.service) {
    deps.metrics.tokenRequests.inc({ result: 'bad_request' });
    return failure(res, 400, 'DENIED', `unknown service: this token server signs tokens for ${JSON.stringify(deps.service)}`);
  }
  const requested = parseScopes(url.searchParams.getAll('scope'));
  if ('problem' in requested) {
    deps.metrics.tokenRequests.inc({ result: 'bad_request' });
    return failure(res, 400, 'DENIED', requested.problem);
  }
  const challenge = { 'www-authenticate': `Basic realm=${JSON.stringify(deps.service)}` };
  const password = basicPassword(req.headers.authorization);
  const user = password === undefined ? undefined : await deps.reviewToken(password);
  if (user === undefined) {
    deps.metrics.tokenRequests.inc({ result: 'unauthorized' });
    const message = password === undefined ? 'log in with a Kubernetes token as the password' : 'the password is not a valid Kubernetes token';
    return failure(res, 401, 'UNAUTHORIZED', message, challenge);
  }
  const access = await grant(deps, user, requested);
  const issuedAt = Math.floor(deps.clock.now() / 1000);
  const token = await deps.signer.sign({ issuer: deps.issuer, audience: deps.service, subject: user.username, access, issuedAt, expiresIn: TOKEN_EXPIRES_IN_SECONDS });
  deps.metrics.tokenRequests.inc({ result: 'issued' });
  deps.logger.debug({ user: user.username, access: access.map((entry) => `${entry.name}:${entry.actions.join(',')}`) }, 'token issued');
  json(res, 200, { token, access_token: token, expires_in: TOKEN_EXPIRES_IN_SECONDS, issued_at: new Date(issuedAt * 1000).toISOString() });
}

/** The request listener of the token server (HTTPS: passwords travel to it). */
export function createTokenEndpoint(deps: TokenEndpointDeps): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'https://token.invalid');
    if (url.pathname !== '/token') return failure(res, 404, 'NOT_FOUND', 'not found: only /token is served here');
    if (req.method !== 'GET') return failure(res, 405, 'UNSUPPORTED', 'method not allowed: use GET', { allow: 'GET' });
    answer(deps, req, res, url).catch((err: unknown) => {
      deps.metrics.tokenRequests.inc({ result: 'unavailable' });
      deps.logger.error(errorFields(err), 'token request failed');
      if (res.headersSent) return;
      const message = err instanceof ApiServerError ? 'the Kubernetes API server could not be asked; try again' : 'internal error';
      failure(res, 503, 'UNAVAILABLE', message, { 'retry-after': '1' });
    });
  };
}
