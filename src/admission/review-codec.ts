import { isObject, type JsonObject } from '../core/object.js';
import type { AdmissionAttributes, Decision, UserInfo } from '../core/types.js';
import { BadRequestError } from '../errors.js';
import {
  ADMISSION_REVIEW_VERSIONS,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReviewRequest,
  type AdmissionReviewResponse,
  type AdmissionReviewVersion,
  type AdmissionUserInfo,
} from './types.js';

type Fields = JsonObject;
const isFields = isObject;

function isOptional(value: unknown, type: 'string' | 'boolean'): boolean {
  return value === undefined || value === null || typeof value === type;
}

function requestProblems(request: Fields): string[] {
  const problems: string[] = [];
  if (typeof request.uid !== 'string' || request.uid === '') problems.push('request.uid must be a non-empty string');
  if (typeof request.operation !== 'string') problems.push('request.operation must be a string');
  const kind = request.kind;
  if (!isFields(kind) || typeof kind.kind !== 'string') problems.push('request.kind must be {group, version, kind}');
  const resource = request.resource;
  if (!isFields(resource) || typeof resource.resource !== 'string') {
    problems.push('request.resource must be {group, version, resource}');
  }
  for (const field of ['namespace', 'name', 'subResource'] as const) {
    if (!isOptional(request[field], 'string')) problems.push(`request.${field} must be a string`);
  }
  if (!isOptional(request.dryRun, 'boolean')) problems.push('request.dryRun must be a boolean');
  if (request.userInfo !== undefined && request.userInfo !== null && !isFields(request.userInfo)) {
    problems.push('request.userInfo must be an object');
  }
  return problems;
}

/**
 * Checks that a parsed request body is an AdmissionReview this webhook can answer and returns it
 * typed. Throws BadRequestError listing every problem found (answered with HTTP 400), so a broken
 * client sees all of them at once. Object bodies are not inspected here: the core decides on them.
 */
export function parseAdmissionReview(body: unknown): AdmissionReviewRequest {
  if (!isFields(body)) throw new BadRequestError('request body is not an AdmissionReview: expected a JSON object');
  const problems: string[] = [];
  if (body.kind !== 'AdmissionReview') problems.push(`kind must be "AdmissionReview", got ${JSON.stringify(body.kind)}`);
  if (!ADMISSION_REVIEW_VERSIONS.includes(body.apiVersion as AdmissionReviewVersion)) {
    problems.push(`apiVersion must be one of ${ADMISSION_REVIEW_VERSIONS.join(', ')}, got ${JSON.stringify(body.apiVersion)}`);
  }
  if (!isFields(body.request)) problems.push('request must be an object');
  else problems.push(...requestProblems(body.request));
  if (problems.length > 0) throw new BadRequestError(`request body is not a valid AdmissionReview: ${problems.join('; ')}`);
  return body as unknown as AdmissionReviewRequest;
}

function toUserInfo(user: AdmissionUserInfo | undefined): UserInfo {
  const info: UserInfo = { username: user?.username ?? '' };
  if (user?.uid !== undefined) info.uid = user.uid;
  if (user?.groups !== undefined) info.groups = user.groups;
  if (user?.extra !== undefined) info.extra = user.extra;
  return info;
}

/**
 * Maps an AdmissionRequest (either version) onto the core's AdmissionAttributes. Absent optional
 * fields become empty values: a cluster-scoped object has namespace `""`, a CREATE has no oldObject.
 */
export function toAdmissionAttributes(request: AdmissionRequest): AdmissionAttributes {
  return {
    operation: request.operation,
    kind: { group: request.kind.group ?? '', version: request.kind.version ?? '', kind: request.kind.kind },
    resource: { group: request.resource.group ?? '', resource: request.resource.resource },
    subResource: request.subResource ?? '',
    namespace: request.namespace ?? '',
    name: request.name ?? '',
    object: request.object ?? null,
    oldObject: request.oldObject ?? null,
    dryRun: request.dryRun ?? false,
    userInfo: toUserInfo(request.userInfo ?? undefined),
  };
}

/**
 * Builds the AdmissionReview answer for a Decision in the request's version and with its uid (D15):
 * a non-empty patch travels as base64 JSONPatch, a rejection carries Decision.status.
 */
export function encodeAdmissionReview(
  apiVersion: AdmissionReviewVersion,
  uid: string,
  decision: Decision,
): AdmissionReviewResponse {
  const response: AdmissionResponse = { uid, allowed: decision.allowed };
  if (!decision.allowed && decision.status !== undefined) {
    const { code, reason, message } = decision.status;
    response.status = { code, reason, message };
  }
  if (decision.allowed && decision.patch.length > 0) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(decision.patch)).toString('base64');
  }
  if (decision.warnings.length > 0) response.warnings = decision.warnings;
  return { apiVersion, kind: 'AdmissionReview', response };
}
