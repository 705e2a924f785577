export { ChartStore, type ChartRequest, type ChartStoreOptions } from './chart-store.js';
export { chartLocation, describeChartLocation, type ChartLocation } from './chart-source-ref.js';
export { isVersionRange, pickChartVersion } from './chart-version.js';
export { HELM_OCI_MEDIA_TYPE } from './oci-registry.js';
