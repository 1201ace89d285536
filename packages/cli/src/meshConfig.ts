import fs from 'node:fs';
import { parse } from 'yaml';
import { MissingFileError } from './loadManifests';

/** The parts of Istio's MeshConfig the analysis reads. */
export interface MeshSettings {
  rootNamespace?: string;
  trustDomain?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads a mesh config as people have it at hand: a bare MeshConfig, Istio's `istio` ConfigMap
 * (MeshConfig as YAML text under data.mesh) or an IstioOperator (spec.meshConfig).
 */
export function readMeshConfig(file: string): MeshSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new MissingFileError(`cannot read mesh config file: ${file}`);
  }
  let doc: unknown = parse(text);
  if (
    isObj(doc) &&
    doc.kind === 'ConfigMap' &&
    isObj(doc.data) &&
    typeof doc.data.mesh === 'string'
  )
    doc = parse(doc.data.mesh);
  else if (isObj(doc) && doc.kind === 'IstioOperator' && isObj(doc.spec))
    doc = doc.spec.meshConfig;
  if (!isObj(doc)) return {};
  return {
    rootNamespace:
      typeof doc.rootNamespace === 'string' ? doc.rootNamespace : undefined,
    trustDomain:
      typeof doc.trustDomain === 'string' ? doc.trustDomain : undefined,
  };
}
