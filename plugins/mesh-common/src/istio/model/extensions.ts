import { Attachable, IstioObject } from './common';

/** telemetry.istio.io and extensions.istio.io: typed so the index and analyzers can attach them. */

export interface TelemetrySpec extends Attachable {
  tracing?: Array<{
    providers?: Array<{ name: string }>;
    randomSamplingPercentage?: number;
    disableSpanReporting?: boolean;
  }>;
  metrics?: Array<{
    providers?: Array<{ name: string }>;
    overrides?: unknown[];
  }>;
  accessLogging?: Array<{
    providers?: Array<{ name: string }>;
    disabled?: boolean;
    filter?: { expression?: string };
  }>;
}

export type Telemetry = IstioObject<TelemetrySpec>;

export interface WasmPluginSpec extends Attachable {
  url: string;
  sha256?: string;
  imagePullPolicy?: string;
  phase?: 'UNSPECIFIED_PHASE' | 'AUTHN' | 'AUTHZ' | 'STATS';
  priority?: number;
  pluginConfig?: Record<string, unknown>;
  match?: Array<{ mode?: string; ports?: Array<{ number: number }> }>;
  type?: 'HTTP' | 'NETWORK';
}

export type WasmPlugin = IstioObject<WasmPluginSpec>;
