import type { HealthCheck } from './types.js';
import { apiServiceHealth } from './kinds/api-service.js';
import { applicationHealth } from './kinds/application.js';
import { cronJobHealth } from './kinds/cron-job.js';
import { daemonSetHealth } from './kinds/daemon-set.js';
import { deploymentHealth } from './kinds/deployment.js';
import { horizontalPodAutoscalerHealth } from './kinds/horizontal-pod-autoscaler.js';
import { ingressHealth } from './kinds/ingress.js';
import { jobHealth } from './kinds/job.js';
import { persistentVolumeClaimHealth } from './kinds/persistent-volume-claim.js';
import { podDisruptionBudgetHealth } from './kinds/pod-disruption-budget.js';
import { podHealth } from './kinds/pod.js';
import { replicaSetHealth } from './kinds/replica-set.js';
import { serviceHealth } from './kinds/service.js';
import { statefulSetHealth } from './kinds/stateful-set.js';

/** Health checks by `group/Kind`. Kinds missing here have no health and are not counted. */
export const HEALTH_CHECKS: Readonly<Record<string, HealthCheck>> = {
  'apps/Deployment': deploymentHealth,
  'extensions/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'extensions/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'extensions/ReplicaSet': replicaSetHealth,
  '/Pod': podHealth,
  '/Service': serviceHealth,
  '/PersistentVolumeClaim': persistentVolumeClaimHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  'extensions/Ingress': ingressHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscalerHealth,
  'apiregistration.k8s.io/APIService': apiServiceHealth,
  'policy/PodDisruptionBudget': podDisruptionBudgetHealth,
  'ferry.dev/Application': applicationHealth,
  'argoproj.io/Application': applicationHealth,
};
