export {
  renderHelmChart,
  resolveHelmRenderOptions,
  type HelmParameter,
  type HelmRenderOptions,
  type HelmRenderResult,
} from './chart/render-chart.js';
export { TemplateSet, type TemplateSetOptions } from './template/template-set.js';
