import { ResourceType, storageKey } from '../registry/types';
import { KubeObject } from '../store/types';
import { ageOf } from '../util/humanDuration';
import { evaluateJsonPath } from '../util/jsonPath';
import {
  builtinColumns,
  ColumnDefinition,
  ColumnSet,
  DEFAULT_COLUMNS,
} from './builtinColumns';

/** `as=Table` responses (what `kubectl get` prints), for built-ins and for CRDs' additionalPrinterColumns. */

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const NAME_COLUMN: ColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};

function cellValue(values: unknown[], type: string, now: Date): unknown {
  if (values.length === 0) return null;
  const value = values.length === 1 ? values[0] : values;
  // The CRD table convertor renders dates as ages on the server (ConvertToHumanReadableDateType).
  if (type === 'date' && typeof value === 'string') return ageOf(value, now);
  if (type === 'string' && typeof value !== 'string')
    return JSON.stringify(value);
  return value;
}

function customColumns(type: ResourceType, version: string): ColumnSet {
  const printer = type.printerColumns[version] ?? [];
  if (printer.length === 0) {
    // The apiserver's default for CRDs: the age is a date cell that kubectl renders as an age.
    return {
      columns: [
        NAME_COLUMN,
        {
          name: 'Age',
          type: 'date',
          format: '',
          description: 'Creation time',
          priority: 0,
        },
      ],
      cells: (o, now) => [
        o.metadata.name,
        ageOf(o.metadata.creationTimestamp, now),
      ],
    };
  }
  return {
    columns: [
      NAME_COLUMN,
      ...printer.map(c => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    cells: (o, now) => [
      o.metadata.name,
      ...printer.map(c =>
        cellValue(evaluateJsonPath(o, c.jsonPath), c.type, now),
      ),
    ],
  };
}

export function columnsFor(type: ResourceType, version: string): ColumnSet {
  return type.custom
    ? customColumns(type, version)
    : (builtinColumns(storageKey(type)) ?? DEFAULT_COLUMNS);
}

function rowObject(
  object: KubeObject,
  include: IncludeObject,
  tableVersion: string,
): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: `meta.k8s.io/${tableVersion}`,
    metadata: object.metadata,
  };
}

export function toTable(
  type: ResourceType,
  version: string,
  objects: KubeObject[],
  options: {
    tableVersion: string;
    includeObject: IncludeObject;
    listMeta?: Record<string, unknown>;
    now?: Date;
  },
) {
  const set = columnsFor(type, version);
  const now = options.now ?? new Date();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.tableVersion}`,
    metadata: options.listMeta ?? {},
    columnDefinitions: set.columns,
    rows: objects.map(object => {
      const row: Record<string, unknown> = { cells: set.cells(object, now) };
      const embedded = rowObject(
        object,
        options.includeObject,
        options.tableVersion,
      );
      if (embedded !== undefined) row.object = embedded;
      return row;
    }),
  };
}
