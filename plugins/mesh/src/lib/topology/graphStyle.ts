import { HealthStatus } from '@meshport/plugin-mesh-common';

/** The graph's colours by health, shared by the canvas and the legend so the two cannot disagree. */
export const HEALTH_COLOURS: Record<HealthStatus, string> = {
  healthy: '#3e8635',
  degraded: '#f0ab00',
  failure: '#c9190b',
  idle: '#8a8d90',
  unknown: '#8a8d90',
};

/** Declared in the catalog, never seen in the window. */
export const UNOBSERVED_COLOUR = '#5c6bc0';
/** Find's matches and the selection. */
export const HIGHLIGHT_COLOUR = '#0066cc';
export const BADGE_COLOUR = '#8e24aa';

/** `setLineDash` patterns in screen pixels: dashed = traffic the catalog does not declare, dotted = declared, not observed. */
export const UNDECLARED_DASH = [6, 4];
export const UNOBSERVED_DASH = [1, 5];

export interface RendererPalette {
  /** Labels. */
  text: string;
  /** Label halo, so text stays readable over edges. */
  textHalo: string;
  namespaceBox: string;
  namespaceFill: string;
  clusterBox: string;
  /** The outline of the entity's own nodes. */
  focusRing: string;
}

export const LIGHT_PALETTE: RendererPalette = {
  text: '#151515',
  textHalo: 'rgba(255,255,255,0.85)',
  namespaceBox: '#b8bbbe',
  namespaceFill: 'rgba(0,0,0,0.025)',
  clusterBox: '#6a6e73',
  focusRing: '#151515',
};
