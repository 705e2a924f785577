import { isPlainObject } from '../../../kube/object.js';
import { badRequest, methodNotAllowed } from '../../api-error.js';
import { PropagationPolicy, type DeleteOptions } from '../../registry/object-registry.js';
import { isDryRun, type Handler } from '../handler.js';
import { readBody } from '../read-body.js';
import { sendWritten } from '../respond.js';

/** DeleteOptions from the body and the query, the body winning as on a real server. */
export async function readDeleteOptions(request: Parameters<Handler>[0]): Promise<DeleteOptions> {
  const body = await readBody(request.req);
  const opts = isPlainObject(body) ? body : {};
  const query = request.query;
  let policy = opts['propagationPolicy'] ?? query.get('propagationPolicy') ?? undefined;
  const orphan = opts['orphanDependents'] ?? query.get('orphanDependents');
  if (policy === undefined && (orphan === true || orphan === 'true'))
    policy = PropagationPolicy.Orphan;
  if (
    policy !== undefined &&
    !Object.values(PropagationPolicy).includes(policy as PropagationPolicy)
  ) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const dryRunBody = Array.isArray(opts['dryRun']) && (opts['dryRun'] as unknown[]).includes('All');
  const preconditions = isPlainObject(opts['preconditions'])
    ? (opts['preconditions'] as DeleteOptions['preconditions'])
    : undefined;
  return {
    dryRun: dryRunBody || isDryRun(query),
    ...(policy === undefined ? {} : { propagationPolicy: policy as PropagationPolicy }),
    ...(preconditions === undefined ? {} : { preconditions }),
  };
}

/** DELETE of one object. */
export const handleDelete: Handler = async (request) => {
  const { res, type, namespace, path, deps } = request;
  if (path.subresource !== undefined) throw methodNotAllowed();
  const options = await readDeleteOptions(request);
  const result = await deps.registry.delete(type, namespace, path.name!, {
    ...options,
    viewResult: true,
  });
  sendWritten(res, type, result);
};
