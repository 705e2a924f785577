import type { MessageTable } from './message-decoder.js';

/**
 * `k8s.io/apimachinery` messages: the `runtime.Unknown` envelope and the metadata every
 * object carries (field numbers from apimachinery's generated.proto).
 */
export const META_MESSAGES: MessageTable = {
  Unknown: { 1: 'typeMeta:TypeMeta', 2: 'raw:bytes', 3: 'contentEncoding', 4: 'contentType' },
  TypeMeta: { 1: 'apiVersion', 2: 'kind' },
  ObjectMeta: {
    1: 'name',
    2: 'generateName',
    3: 'namespace',
    4: 'selfLink',
    5: 'uid',
    6: 'resourceVersion',
    7: 'generation:int64',
    8: 'creationTimestamp:Time',
    9: 'deletionTimestamp:Time',
    10: 'deletionGracePeriodSeconds:*int64',
    11: 'labels:map',
    12: 'annotations:map',
    13: 'ownerReferences:[]OwnerReference',
    14: 'finalizers:[]string',
  },
  OwnerReference: {
    1: 'kind',
    3: 'name',
    4: 'uid',
    5: 'apiVersion',
    6: 'controller:*bool',
    7: 'blockOwnerDeletion:*bool',
  },
  LabelSelector: {
    1: 'matchLabels:map',
    2: 'matchExpressions:[]LabelSelectorRequirement',
  },
  LabelSelectorRequirement: { 1: 'key', 2: 'operator', 3: 'values:[]string' },
};
