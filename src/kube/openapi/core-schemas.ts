import {
  bool,
  int32,
  intOrString,
  kind,
  list,
  mapList,
  obj,
  openObj,
  ref,
  str,
  stringMap,
} from './schema-builder.js';
import type { OpenApiSchema } from './schema.js';

const CORE = 'io.k8s.api.core.v1';

/** core/v1 definitions other than pods': services, config, namespaces, claims. */
export const CORE_SCHEMAS: Record<string, OpenApiSchema> = {
  [`${CORE}.Pod`]: kind(
    '',
    'v1',
    'Pod',
    'Pod is a collection of containers that can run on a host.',
    {
      spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
      status: ref(`${CORE}.PodStatus`, 'Most recently observed status of the pod.'),
    },
  ),
  [`${CORE}.ConfigMap`]: kind(
    '',
    'v1',
    'ConfigMap',
    'ConfigMap holds configuration data for pods to consume.',
    {
      data: stringMap('Data contains the configuration data.'),
      binaryData: {
        type: 'object',
        additionalProperties: { type: 'string', format: 'byte' },
        description: 'BinaryData contains the binary data.',
      },
      immutable: bool(
        'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.',
      ),
    },
  ),
  [`${CORE}.Secret`]: kind('', 'v1', 'Secret', 'Secret holds secret data of a certain type.', {
    data: {
      type: 'object',
      additionalProperties: { type: 'string', format: 'byte' },
      description: 'Data contains the secret data. Each value must be base64 encoded.',
    },
    stringData: stringMap('stringData allows specifying non-binary secret data in string form.'),
    type: str('Used to facilitate programmatic handling of secret data.'),
    immutable: bool(),
  }),
  [`${CORE}.ServiceAccount`]: kind(
    '',
    'v1',
    'ServiceAccount',
    'ServiceAccount binds together a name, a principal that can be authenticated, and a set of secrets.',
    {
      secrets: mapList(openObj(), ['name']),
      imagePullSecrets: list(ref(`${CORE}.LocalObjectReference`)),
      automountServiceAccountToken: bool(),
    },
  ),
  [`${CORE}.Namespace`]: kind(
    '',
    'v1',
    'Namespace',
    'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    {
      spec: obj({
        finalizers: list(
          { type: 'string', default: '' },
          'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.',
        ),
      }),
      status: obj({
        phase: str('Phase is the current lifecycle phase of the namespace.'),
        conditions: mapList(openObj(), ['type']),
      }),
    },
  ),
  [`${CORE}.Service`]: kind(
    '',
    'v1',
    'Service',
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    {
      spec: ref(`${CORE}.ServiceSpec`, 'Spec defines the behavior of a service.'),
      status: openObj('Most recently observed status of the service.'),
    },
  ),
  [`${CORE}.ServiceSpec`]: obj(
    {
      ports: mapList(
        ref(`${CORE}.ServicePort`),
        ['port', 'protocol'],
        'The list of ports that are exposed by this service.',
      ),
      selector: {
        ...stringMap(
          'Route service traffic to pods with label keys and values matching this selector.',
        ),
        'x-kubernetes-map-type': 'atomic',
      },
      clusterIP: str(
        'clusterIP is the IP address of the service and is usually assigned randomly.',
      ),
      clusterIPs: list({ type: 'string', default: '' }),
      type: str('type determines how the Service is exposed. Defaults to ClusterIP.'),
      externalIPs: list({ type: 'string', default: '' }),
      sessionAffinity: str(),
      loadBalancerIP: str(),
      loadBalancerSourceRanges: list({ type: 'string', default: '' }),
      externalName: str(),
      externalTrafficPolicy: str(),
      healthCheckNodePort: int32(),
      publishNotReadyAddresses: bool(),
      sessionAffinityConfig: openObj(),
      ipFamilies: list({ type: 'string', default: '' }),
      ipFamilyPolicy: str(),
      allocateLoadBalancerNodePorts: bool(),
      loadBalancerClass: str(),
      internalTrafficPolicy: str(),
      trafficDistribution: str(),
    },
    { description: 'ServiceSpec describes the attributes that a user creates on a service.' },
  ),
  [`${CORE}.ServicePort`]: obj(
    {
      name: str('The name of this port within the service.'),
      protocol: {
        ...str('The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.'),
        default: 'TCP',
      },
      appProtocol: str(),
      port: int32('The port that will be exposed by this service.'),
      targetPort: intOrString(
        'Number or name of the port to access on the pods targeted by the service.',
      ),
      nodePort: int32(),
    },
    { required: ['port'] },
  ),
  [`${CORE}.PersistentVolumeClaim`]: kind(
    '',
    'v1',
    'PersistentVolumeClaim',
    "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
    {
      spec: obj({
        accessModes: list(
          { type: 'string', default: '' },
          'accessModes contains the desired access modes the volume should have.',
        ),
        resources: openObj('resources represents the minimum resources the volume should have.'),
        storageClassName: str(
          'storageClassName is the name of the StorageClass required by the claim.',
        ),
        volumeName: str(
          'volumeName is the binding reference to the PersistentVolume backing this claim.',
        ),
        volumeMode: str(),
        selector: ref('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'),
        dataSource: openObj(),
        dataSourceRef: openObj(),
        volumeAttributesClassName: str(),
      }),
      status: openObj(),
    },
  ),
};
