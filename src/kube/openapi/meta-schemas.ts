import {
  bool,
  int64,
  list,
  mapList,
  obj,
  openObj,
  ref,
  setList,
  str,
  stringMap,
  time,
} from './schema-builder.js';
import type { OpenApiSchema } from './schema.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** apimachinery's meta/v1 definitions. */
export const META_SCHEMAS: Record<string, OpenApiSchema> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    description: 'Quantity is a fixed-point representation of a number, such as 100m, 1Gi or 0.5.',
    'x-kubernetes-int-or-string': true,
  },
  [`${META}.ObjectMeta`]: obj(
    {
      name: str(
        'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.',
      ),
      generateName: str(
        'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
      ),
      namespace: str(
        'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace.',
      ),
      uid: str('UID is the unique in time and space value for this object.'),
      resourceVersion: str(
        'An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed.',
      ),
      generation: int64(
        'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.',
      ),
      creationTimestamp: time(
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      ),
      deletionTimestamp: time(
        'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.',
      ),
      deletionGracePeriodSeconds: int64(
        'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system.',
      ),
      labels: stringMap(
        'Map of string keys and values that can be used to organize and categorize (scope and select) objects.',
      ),
      annotations: stringMap(
        'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.',
      ),
      ownerReferences: mapList(
        ref(`${META}.OwnerReference`),
        ['uid'],
        'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
      ),
      finalizers: setList(
        { type: 'string', default: '' },
        'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.',
      ),
      managedFields: list(
        ref(`${META}.ManagedFieldsEntry`),
        'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.',
      ),
      selfLink: str(
        'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
      ),
    },
    {
      description:
        'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    },
  ),
  [`${META}.ListMeta`]: obj({
    resourceVersion: str(),
    continue: str(),
    remainingItemCount: int64(),
    selfLink: str(),
  }),
  [`${META}.OwnerReference`]: {
    ...obj(
      {
        apiVersion: str('API version of the referent.'),
        kind: str('Kind of the referent.'),
        name: str('Name of the referent.'),
        uid: str('UID of the referent.'),
        controller: bool('If true, this reference points to the managing controller.'),
        blockOwnerDeletion: bool(
          'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.',
        ),
      },
      {
        description:
          'OwnerReference contains enough information to let you identify an owning object.',
        required: ['apiVersion', 'kind', 'name', 'uid'],
      },
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.ManagedFieldsEntry`]: obj(
    {
      apiVersion: str(),
      fieldsType: str(),
      fieldsV1: openObj(
        'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.',
      ),
      manager: str('Manager is an identifier of the workflow managing these fields.'),
      operation: str(
        'Operation is the type of operation which lead to this ManagedFieldsEntry being created.',
      ),
      subresource: str(),
      time: time(),
    },
    {
      description:
        'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    },
  ),
  [`${META}.LabelSelector`]: {
    ...obj(
      {
        matchExpressions: list(
          ref(`${META}.LabelSelectorRequirement`),
          'matchExpressions is a list of label selector requirements. The requirements are ANDed.',
        ),
        matchLabels: stringMap(
          'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions.',
        ),
      },
      {
        description:
          'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed.',
      },
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.LabelSelectorRequirement`]: obj(
    {
      key: str('key is the label key that the selector applies to.'),
      operator: str(
        "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
      ),
      values: list({ type: 'string', default: '' }, 'values is an array of string values.'),
    },
    { required: ['key', 'operator'] },
  ),
  [`${META}.Condition`]: obj(
    {
      type: str(),
      status: str(),
      observedGeneration: int64(),
      lastTransitionTime: time(),
      reason: str(),
      message: str(),
    },
    { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
  ),
};
