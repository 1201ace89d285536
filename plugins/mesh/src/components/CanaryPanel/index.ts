export { CanaryPanel, PROGRESSING_REFRESH_MS } from './CanaryPanel';
export type { CanaryPanelProps } from './CanaryPanel';
