import {
  bool,
  int32,
  int64,
  intOrString,
  list,
  mapList,
  obj,
  openObj,
  quantity,
  ref,
  str,
  stringMap,
} from './schema-builder.js';
import type { OpenApiSchema } from './schema.js';

const CORE = 'io.k8s.api.core.v1';
const strings = (description?: string): OpenApiSchema =>
  list({ type: 'string', default: '' }, description);

const probe = obj(
  {
    exec: ref(`${CORE}.ExecAction`, 'Exec specifies a command to execute in the container.'),
    httpGet: ref(`${CORE}.HTTPGetAction`, 'HTTPGet specifies an HTTP GET request to perform.'),
    tcpSocket: ref(`${CORE}.TCPSocketAction`, 'TCPSocket specifies a connection to a TCP port.'),
    grpc: openObj('GRPC specifies a GRPC HealthCheckRequest.'),
    initialDelaySeconds: int32(
      'Number of seconds after the container has started before liveness probes are initiated.',
    ),
    timeoutSeconds: int32(
      'Number of seconds after which the probe times out. Defaults to 1 second.',
    ),
    periodSeconds: int32('How often (in seconds) to perform the probe. Default to 10 seconds.'),
    successThreshold: int32(
      'Minimum consecutive successes for the probe to be considered successful after having failed.',
    ),
    failureThreshold: int32(
      'Minimum consecutive failures for the probe to be considered failed after having succeeded.',
    ),
    terminationGracePeriodSeconds: int64(),
  },
  {
    description:
      'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
  },
);

const container = obj(
  {
    name: str(
      'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.',
    ),
    image: str(
      'Container image name. This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.',
    ),
    imagePullPolicy: str(
      'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.',
    ),
    command: strings(
      "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided.",
    ),
    args: strings(
      "Arguments to the entrypoint. The container image's CMD is used if this is not provided.",
    ),
    workingDir: str("Container's working directory."),
    ports: mapList(
      ref(`${CORE}.ContainerPort`),
      ['containerPort', 'protocol'],
      'List of ports to expose from the container.',
    ),
    env: mapList(
      ref(`${CORE}.EnvVar`),
      ['name'],
      'List of environment variables to set in the container. Cannot be updated.',
    ),
    envFrom: list(openObj(), 'List of sources to populate environment variables in the container.'),
    resources: ref(`${CORE}.ResourceRequirements`, 'Compute Resources required by this container.'),
    resizePolicy: list(openObj(), 'Resources resize policy for the container.'),
    restartPolicy: str(
      'RestartPolicy defines the restart behavior of individual containers in a pod (init containers only).',
    ),
    volumeMounts: mapList(
      ref(`${CORE}.VolumeMount`),
      ['mountPath'],
      "Pod volumes to mount into the container's filesystem. Cannot be updated.",
    ),
    volumeDevices: mapList(
      openObj(),
      ['devicePath'],
      'volumeDevices is the list of block devices to be used by the container.',
    ),
    livenessProbe: ref(
      `${CORE}.Probe`,
      'Periodic probe of container liveness. Container will be restarted if the probe fails.',
    ),
    readinessProbe: ref(
      `${CORE}.Probe`,
      'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails.',
    ),
    startupProbe: ref(
      `${CORE}.Probe`,
      'StartupProbe indicates that the Pod has successfully initialized.',
    ),
    lifecycle: openObj(
      'Actions that the management system should take in response to container lifecycle events.',
    ),
    terminationMessagePath: str(),
    terminationMessagePolicy: str(),
    securityContext: openObj(
      'SecurityContext defines the security options the container should be run with.',
    ),
    stdin: bool(),
    stdinOnce: bool(),
    tty: bool(),
  },
  {
    description: 'A single application container that you want to run within a pod.',
    required: ['name'],
  },
);

/** core/v1 definitions of pods, pod templates and containers. */
export const POD_SCHEMAS: Record<string, OpenApiSchema> = {
  [`${CORE}.Container`]: container,
  [`${CORE}.Probe`]: probe,
  [`${CORE}.ExecAction`]: obj({
    command: strings('Command is the command line to execute inside the container.'),
  }),
  [`${CORE}.HTTPGetAction`]: obj(
    {
      path: str('Path to access on the HTTP server.'),
      port: intOrString('Name or number of the port to access on the container.'),
      host: str(),
      scheme: str('Scheme to use for connecting to the host. Defaults to HTTP.'),
      httpHeaders: list(openObj()),
    },
    { required: ['port'] },
  ),
  [`${CORE}.TCPSocketAction`]: obj({ port: intOrString(), host: str() }, { required: ['port'] }),
  [`${CORE}.ContainerPort`]: obj(
    {
      containerPort: int32(
        "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
      ),
      hostIP: str(),
      hostPort: int32(),
      name: str('If specified, this must be an IANA_SVC_NAME and unique within the pod.'),
      protocol: {
        ...str('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'),
        default: 'TCP',
      },
    },
    {
      description: 'ContainerPort represents a network port in a single container.',
      required: ['containerPort'],
    },
  ),
  [`${CORE}.EnvVar`]: obj(
    {
      name: str('Name of the environment variable. Must be a C_IDENTIFIER.'),
      value: str(
        'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables.',
      ),
      valueFrom: openObj(
        "Source for the environment variable's value. Cannot be used if value is not empty.",
      ),
    },
    {
      description: 'EnvVar represents an environment variable present in a Container.',
      required: ['name'],
    },
  ),
  [`${CORE}.VolumeMount`]: obj(
    {
      name: str('This must match the Name of a Volume.'),
      mountPath: str('Path within the container at which the volume should be mounted.'),
      readOnly: bool(),
      recursiveReadOnly: str(),
      subPath: str(),
      subPathExpr: str(),
      mountPropagation: str(),
    },
    { required: ['name', 'mountPath'] },
  ),
  [`${CORE}.Volume`]: obj(
    { name: str('name of the volume. Must be a DNS_LABEL and unique within the pod.') },
    {
      description:
        'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
      required: ['name'],
      open: true,
    },
  ),
  [`${CORE}.ResourceRequirements`]: obj(
    {
      limits: {
        type: 'object',
        additionalProperties: quantity(),
        description: 'Limits describes the maximum amount of compute resources allowed.',
      },
      requests: {
        type: 'object',
        additionalProperties: quantity(),
        description: 'Requests describes the minimum amount of compute resources required.',
      },
      claims: mapList(openObj(), ['name']),
    },
    { description: 'ResourceRequirements describes the compute resource requirements.' },
  ),
  [`${CORE}.LocalObjectReference`]: {
    ...obj({ name: str('Name of the referent.') }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${CORE}.Toleration`]: obj({
    key: str(),
    operator: str(),
    value: str(),
    effect: str(),
    tolerationSeconds: int64(),
  }),
  [`${CORE}.PodTemplateSpec`]: obj(
    {
      metadata: ref(
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
        "Standard object's metadata.",
      ),
      spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
    },
    {
      description:
        'PodTemplateSpec describes the data a pod should have when created from a template',
    },
  ),
  [`${CORE}.PodSpec`]: obj(
    {
      containers: mapList(
        ref(`${CORE}.Container`),
        ['name'],
        'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod.',
      ),
      initContainers: mapList(
        ref(`${CORE}.Container`),
        ['name'],
        'List of initialization containers belonging to the pod.',
      ),
      ephemeralContainers: mapList(openObj(), ['name']),
      volumes: mapList(
        ref(`${CORE}.Volume`),
        ['name'],
        'List of volumes that can be mounted by containers belonging to the pod.',
      ),
      restartPolicy: str(
        'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.',
      ),
      terminationGracePeriodSeconds: int64(
        'Optional duration in seconds the pod needs to terminate gracefully.',
      ),
      activeDeadlineSeconds: int64(),
      dnsPolicy: str('Set DNS policy for the pod. Defaults to "ClusterFirst".'),
      dnsConfig: openObj(),
      nodeSelector: stringMap(
        'NodeSelector is a selector which must be true for the pod to fit on a node.',
      ),
      serviceAccountName: str(
        'ServiceAccountName is the name of the ServiceAccount to use to run this pod.',
      ),
      serviceAccount: str('DeprecatedServiceAccount is a deprecated alias for ServiceAccountName.'),
      automountServiceAccountToken: bool(),
      nodeName: str('NodeName indicates in which node this pod is scheduled.'),
      hostNetwork: bool(),
      hostPID: bool(),
      hostIPC: bool(),
      hostUsers: bool(),
      shareProcessNamespace: bool(),
      securityContext: openObj(
        'SecurityContext holds pod-level security attributes and common container settings.',
      ),
      imagePullSecrets: mapList(
        ref(`${CORE}.LocalObjectReference`),
        ['name'],
        'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.',
      ),
      hostname: str(),
      subdomain: str(),
      affinity: openObj("If specified, the pod's scheduling constraints"),
      schedulerName: str(),
      tolerations: list(ref(`${CORE}.Toleration`), "If specified, the pod's tolerations."),
      hostAliases: mapList(openObj(), ['ip']),
      priorityClassName: str(),
      priority: int32(),
      preemptionPolicy: str(),
      readinessGates: list(openObj()),
      runtimeClassName: str(),
      enableServiceLinks: bool(),
      overhead: { type: 'object', additionalProperties: quantity() },
      topologySpreadConstraints: mapList(openObj(), ['topologyKey', 'whenUnsatisfiable']),
      setHostnameAsFQDN: bool(),
      os: openObj(),
      schedulingGates: mapList(openObj(), ['name']),
      resourceClaims: mapList(openObj(), ['name']),
      resources: ref(`${CORE}.ResourceRequirements`),
    },
    { description: 'PodSpec is a description of a pod.', required: ['containers'] },
  ),
  [`${CORE}.PodStatus`]: openObj('PodStatus represents information about the status of a pod.'),
};
