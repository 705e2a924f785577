/** The embedded Kubernetes API server: Ferry's standalone cluster and every test's cluster. */
export { startControlPlane, type ControlPlane } from './control-plane.js';
export {
  resolveControlPlaneOptions,
  type ControlPlaneOptions,
  type ResolvedControlPlaneOptions,
} from './options.js';
export { systemClock, type Clock, type CancelTimer } from './clock.js';
