import { isObject, type JsonObject } from '../core/object.js';
import type { AdmissionAttributes, Decision, UserInfo } from '../core/types.js';
import { describeValue, jsonType } from '../core/excerpt.js';
import { BadRequestError } from '../errors.js';
import { encodePatchBase64 } from './patch-encoding.js';
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

/** A check of one field: the expected type in words, or undefined when `value` is acceptable. */
type FieldCheck = (value: unknown) => string | undefined;

const absent = (value: unknown): boolean => value === undefined || value === null;
const optional = (type: 'string' | 'boolean'): FieldCheck => (value) => (absent(value) || typeof value === type ? undefined : `a ${type}`);
const nonEmptyString: FieldCheck = (value) => (typeof value === 'string' && value !== '' ? undefined : 'a non-empty string');
const requiredString: FieldCheck = (value) => (typeof value === 'string' ? undefined : 'a string');
const optionalObject: FieldCheck = (value) => (absent(value) || isFields(value) ? undefined : 'an object');
const isStringArray = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');
const optionalStringArray: FieldCheck = (value) => (absent(value) || isStringArray(value) ? undefined : 'an array of strings');
const optionalExtra: FieldCheck = (value) =>
  absent(value) || (isFields(value) && Object.values(value).every(isStringArray)) ? undefined : 'an object of string arrays';

/** One problem: the field, the type expected and the type (or short value) found. */
function problem(field: string, expected: string, value: unknown): string {
  return `${field} must be ${expected}, got ${value === undefined ? 'nothing' : describeValue(value)}`;
}

/** Field checks as [field, check] pairs, listed once rather than per request. */
type FieldChecks = readonly (readonly [string, FieldCheck])[];

/** Applies `checks` to the own fields of `parent` (absent when `parent` is not an object). */
function checkFields(parent: unknown, prefix: string, checks: FieldChecks, problems: string[]): void {
  const fields = isFields(parent) ? parent : {};
  for (const [field, check] of checks) {
    const value = Object.hasOwn(fields, field) ? fields[field] : undefined;
    const expected = check(value);
    if (expected !== undefined) problems.push(problem(`${prefix}.${field}`, expected, value));
  }
}

/** Every field of the request this webhook reads, with its type (the codec's contract, D15). */
const REQUEST_FIELDS: FieldChecks = [
  ['uid', nonEmptyString],
  ['operation', requiredString],
  ['namespace', optional('string')],
  ['name', optional('string')],
  ['subResource', optional('string')],
  ['dryRun', optional('boolean')],
  ['userInfo', optionalObject],
];
const KIND_FIELDS: FieldChecks = [['group', optional('string')], ['version', optional('string')], ['kind', requiredString]];
const RESOURCE_FIELDS: FieldChecks = [['group', optional('string')], ['version', optional('string')], ['resource', requiredString]];
const USER_FIELDS: FieldChecks = [
  ['username', optional('string')],
  ['uid', optional('string')],
  ['groups', optionalStringArray],
  ['extra', optionalExtra],
];

const NESTED_FIELDS = [['kind', KIND_FIELDS], ['resource', RESOURCE_FIELDS]] as const;

function requestProblems(request: Fields): string[] {
  const problems: string[] = [];
  checkFields(request, 'request', REQUEST_FIELDS, problems);
  for (const [field, checks] of NESTED_FIELDS) {
    const value = request[field];
    if (isFields(value)) checkFields(value, `request.${field}`, checks, problems);
    else problems.push(problem(`request.${field}`, 'an object', value));
  }
  if (isFields(request.userInfo)) checkFields(request.userInfo, 'request.userInfo', USER_FIELDS, problems);
  return problems;
}

/**
 * Checks that a parsed request body is an AdmissionReview this webhook can answer and returns it
 * typed: every field the webhook reads has its type checked here, so nothing later meets a number
 * where it expects a string. Throws BadRequestError listing every problem found (answered with
 * HTTP 400), so a broken client sees all of them at once; each problem names the field and the
 * type found and quotes at most a short excerpt of a value. Object bodies are not inspected here:
 * the core reads them defensively.
 */
export function parseAdmissionReview(body: unknown): AdmissionReviewRequest {
  if (!isFields(body)) throw new BadRequestError(`request body is not an AdmissionReview: expected a JSON object, got ${jsonType(body)}`);
  const problems: string[] = [];
  if (body.kind !== 'AdmissionReview') problems.push(problem('kind', '"AdmissionReview"', body.kind));
  if (!ADMISSION_REVIEW_VERSIONS.includes(body.apiVersion as AdmissionReviewVersion)) {
    problems.push(problem('apiVersion', `one of ${ADMISSION_REVIEW_VERSIONS.join(', ')}`, body.apiVersion));
  }
  if (!isFields(body.request)) problems.push(problem('request', 'an object', body.request));
  else for (const found of requestProblems(body.request)) problems.push(found);
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
    response.patch = decision.patch.length <= SMALL_PATCH_OPERATIONS
      ? Buffer.from(JSON.stringify(decision.patch), 'utf8').toString('base64')
      : Buffer.concat(encodePatchBase64(decision.patch)).toString('latin1');
  }
  if (decision.warnings.length > 0) response.warnings = decision.warnings;
  return { apiVersion, kind: 'AdmissionReview', response };
}

/**
 * Patches up to this many operations (every ordinary workload) are encoded in one string: the
 * answer then leaves in a single write with its headers, where chunks cost a writev of several
 * buffers into TLS (the largest item in serve's profile, issue 11).
 */
export const SMALL_PATCH_OPERATIONS = 256;

/** Stands in for the patch while the envelope is serialised; JSON-encoded it cannot occur in any other value. */
const PATCH_SLOT = '\u0000patch\u0000';

/**
 * The answer of encodeAdmissionReview as its JSON: one string for the usual small answer, else
 * bytes in chunks, the envelope serialised once and the base64 patch chunks spliced in where the
 * patch goes, so the HTTP layer writes a huge patch without another whole-answer string or Buffer.
 */
export function serializeAdmissionReview(apiVersion: AdmissionReviewVersion, uid: string, decision: Decision): string | Buffer[] {
  if (decision.allowed && decision.warnings.length === 0 && decision.patch.length <= SMALL_PATCH_OPERATIONS) {
    return allowedAnswer(apiVersion, uid, decision.patch);
  }
  if (!decision.allowed || decision.patch.length <= SMALL_PATCH_OPERATIONS) return JSON.stringify(encodeAdmissionReview(apiVersion, uid, decision));
  const review = encodeAdmissionReview(apiVersion, uid, { ...decision, patch: [] });
  review.response.patchType = 'JSONPatch';
  review.response.patch = PATCH_SLOT;
  const envelope = JSON.stringify(review);
  const slot = envelope.indexOf(JSON.stringify(PATCH_SLOT));
  return [
    Buffer.from(`${envelope.slice(0, slot)}"`, 'utf8'),
    ...encodePatchBase64(decision.patch),
    Buffer.from(`"${envelope.slice(slot + JSON.stringify(PATCH_SLOT).length)}`, 'utf8'),
  ];
}

/**
 * The usual answer, allowed with a small patch or none and no warnings, written as text: the same
 * JSON as encodeAdmissionReview's (test/admission compares them) without building an envelope
 * for JSON.stringify to walk.
 */
function allowedAnswer(apiVersion: AdmissionReviewVersion, uid: string, patch: Decision['patch']): string {
  const head = `{"apiVersion":${JSON.stringify(apiVersion)},"kind":"AdmissionReview","response":{"uid":${JSON.stringify(uid)},"allowed":true`;
  if (patch.length === 0) return `${head}}}`;
  return `${head},"patchType":"JSONPatch","patch":"${base64(JSON.stringify(patch))}"}}`;
}

/** Holds the UTF-8 of a small patch on its way to base64, reused: a Buffer per answer showed in the profile. */
const SCRATCH = Buffer.alloc(64 * 1024);

function base64(text: string): string {
  if (text.length * 3 > SCRATCH.length) return Buffer.from(text, 'utf8').toString('base64');
  return SCRATCH.toString('base64', 0, SCRATCH.write(text, 'utf8'));
}
