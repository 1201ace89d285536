import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_RECORDED_WINDOWS,
  meshRecordingRuleGroups,
  recordingRulesYaml,
} from '@meshport/plugin-mesh-common';

const FILE = path.resolve(
  __dirname,
  '../prometheus/meshport-recording-rules.yaml',
);

describe('the shipped recording rules file', () => {
  it('is what `meshport prometheus-rules` prints (regenerate it with that command)', () => {
    expect(fs.readFileSync(FILE, 'utf8')).toBe(
      recordingRulesYaml(meshRecordingRuleGroups(DEFAULT_RECORDED_WINDOWS)),
    );
  });

  it('passes promtool check rules (Debian’s prometheus package ships promtool)', () => {
    const check = spawnSync('promtool', ['check', 'rules', FILE], {
      encoding: 'utf8',
    });
    expect(check.error).toBeUndefined();
    expect({
      status: check.status,
      output: check.stdout + check.stderr,
    }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS: 7 rules found'),
    });
  });
});
