import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { ChangeExport } from '@meshport/plugin-mesh-common';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface WrittenExport {
  /** Paths written (or, in a dry run, to be written), relative to the workspace, in order. */
  written: string[];
  /** Paths the export deletes: a fresh workspace cannot express that, so they are only reported. */
  deletions: string[];
}

/**
 * Writes a GitOps export into the task's workspace at each file's `path`, so a following
 * `publish:*` step (e.g. `publish:github:pull-request`) commits exactly the mesh backend's YAML.
 * Paths come from the backend, and still may not leave the workspace. A dry run checks the
 * paths and reports them without writing.
 */
export async function writeExportedFiles(
  workspacePath: string,
  files: ChangeExport['files'],
  logger: LoggerService,
  options: { dryRun?: boolean } = {},
): Promise<WrittenExport> {
  const result: WrittenExport = { written: [], deletions: [] };
  for (const file of files) {
    const target = resolveSafeChildPath(workspacePath, file.path);
    if (file.action === 'delete') {
      result.deletions.push(file.path);
      logger.warn(
        `The export deletes ${file.path}: remove it from the repository in the same pull request`,
      );
      continue;
    }
    if (options.dryRun) {
      logger.info(`Dry run: would write ${file.path} into the workspace`);
    } else {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.content, 'utf8');
      logger.info(`Wrote ${file.path} into the workspace`);
    }
    result.written.push(file.path);
  }
  return result;
}
