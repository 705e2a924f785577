import { parseApiVersion } from '../../../kube/object.js';
import { ApiError, badRequest, StatusReason } from '../../api-error.js';
import { CORE_MESSAGES } from './core-messages.js';
import { GROUP_MESSAGES } from './group-messages.js';
import { decodeMessage, type MessageTable } from './message-decoder.js';
import { META_MESSAGES } from './meta-messages.js';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** Every Kubernetes protobuf body starts with these four bytes: `k8s\0`. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The kinds whose messages are known, by `group/Kind`, and the groups they belong to. */
const TOP_LEVEL: Readonly<Record<string, string>> = {
  '/ConfigMap': 'ConfigMap',
  '/Secret': 'Secret',
  '/Namespace': 'Namespace',
  '/ServiceAccount': 'ServiceAccount',
  '/ResourceQuota': 'ResourceQuota',
  '/Service': 'Service',
  '/Pod': 'Pod',
  'apps/Deployment': 'Deployment',
  'batch/Job': 'Job',
  'batch/CronJob': 'CronJob',
  'rbac.authorization.k8s.io/Role': 'Role',
  'rbac.authorization.k8s.io/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'RoleBinding',
  'policy/PodDisruptionBudget': 'PodDisruptionBudget',
  'networking.k8s.io/Ingress': 'Ingress',
};

let table: MessageTable | undefined;
function messages(): MessageTable {
  table ??= { ...META_MESSAGES, ...CORE_MESSAGES, ...GROUP_MESSAGES };
  return table;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body: the `k8s\0` magic, then a
 * `runtime.Unknown` whose typeMeta names the kind and whose raw bytes are the object's
 * message. Returns the object in its JSON form, as if the client had sent JSON.
 */
export function decodeProtobufBody(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length < MAGIC.length || !MAGIC.equals(bytes.subarray(0, MAGIC.length)))
    throw badRequest('error decoding request body: the protobuf body lacks the k8s magic prefix');
  const all = messages();
  let envelope: Record<string, unknown>;
  try {
    envelope = decodeMessage(bytes.subarray(MAGIC.length), 'Unknown', all);
  } catch (err) {
    throw decodingError(err);
  }
  const typeMeta = (envelope['typeMeta'] ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  const encoding = envelope['contentEncoding'];
  if (typeof encoding === 'string' && encoding !== '')
    throw badRequest(`error decoding request body: unsupported content encoding ${encoding}`);
  const message = TOP_LEVEL[`${parseApiVersion(apiVersion).group}/${kind}`];
  if (message === undefined) throw unsupportedKind(apiVersion, kind);
  const raw = Buffer.from(typeof envelope['raw'] === 'string' ? envelope['raw'] : '', 'base64');
  try {
    return { apiVersion, kind, ...decodeMessage(raw, message, all) };
  } catch (err) {
    throw decodingError(err);
  }
}

function decodingError(err: unknown): ApiError {
  return badRequest(
    `error decoding request body: ${err instanceof Error ? err.message : String(err)}`,
  );
}

function unsupportedKind(apiVersion: string, kind: string): ApiError {
  return new ApiError({
    reason: StatusReason.UnsupportedMediaType,
    message: `the body of the request was in an unknown format - ${kind} (${apiVersion}) is not accepted as protobuf; accepted media types include: application/json, application/yaml`,
    details: { causes: [{ reason: 'UnexpectedServerResponse', message: PROTOBUF_MEDIA_TYPE }] },
    code: 415,
  });
}
