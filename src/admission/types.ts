/**
 * The AdmissionReview wire format (`admission.k8s.io/v1` and `v1beta1`), limited to the fields the
 * webhook reads or writes. Both versions share this shape; only `apiVersion` tells them apart.
 */

/** AdmissionReview versions the API server may send (D15); the answer uses the request's version. */
export type AdmissionReviewVersion = 'admission.k8s.io/v1' | 'admission.k8s.io/v1beta1';

export const ADMISSION_REVIEW_VERSIONS: readonly AdmissionReviewVersion[] = Object.freeze([
  'admission.k8s.io/v1',
  'admission.k8s.io/v1beta1',
]);

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface AdmissionUserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: string;
  userInfo?: AdmissionUserInfo;
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
}

/** `response.status` of a rejection: the parts of a `metav1.Status` the API server shows the user. */
export interface AdmissionStatus {
  code: number;
  reason: string;
  message: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  /** base64 of a JSON array of RFC 6902 operations; set only together with `patchType`. */
  patch?: string;
  patchType?: 'JSONPatch';
  warnings?: string[];
}

export interface AdmissionReviewRequest {
  apiVersion: AdmissionReviewVersion;
  kind: 'AdmissionReview';
  request: AdmissionRequest;
}

export interface AdmissionReviewResponse {
  apiVersion: AdmissionReviewVersion;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}
