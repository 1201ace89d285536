import {
  CanaryCheckResult,
  CanaryRecord,
  CanaryState,
  CanaryVerdict,
  FINISHED_CANARY_STATES,
  formatCanaryNumber,
} from '@meshport/plugin-mesh-common';
import { formatClock } from './redChartRows';

/** Whether the controller or a person can still move the canary (promote, abort, resume). */
export function isActiveCanary(canary: Pick<CanaryRecord, 'state'>): boolean {
  return !FINISHED_CANARY_STATES.includes(canary.state);
}

/** `Canary: reviews v1 → v3`, the card's title. */
export function canaryTitle(canary: CanaryRecord): string {
  return `Canary: ${canary.service} ${canary.stableVersion} → ${canary.canaryVersion}`;
}

const STATE_WORDS: Record<CanaryState, string> = {
  progressing: 'progressing',
  paused: 'paused',
  promoted: 'promoted',
  'rolled-back': 'rolled back',
  aborted: 'aborted',
};

export function describeCanaryState(state: CanaryState): string {
  return STATE_WORDS[state] ?? state;
}

const VERDICT_WORDS: Record<CanaryVerdict, string> = {
  started: 'started',
  advanced: 'advanced',
  held: 'held: a check failed',
  promoted: 'promoted',
  'rolled-back': 'rolled back',
  paused: 'paused',
  resumed: 'resumed',
  aborted: 'aborted',
};

/** What happened at one event, in words (the steps table's verdict column). */
export function describeVerdict(verdict: CanaryVerdict): string {
  return VERDICT_WORDS[verdict] ?? verdict;
}

const withUnit = (text: string, unit: string) =>
  unit ? `${text} ${unit}` : text;

/** `12.5 %`, `212 ms`, or `no data` for a check that measured nothing. */
export function formatCheckValue(
  result: Pick<CanaryCheckResult, 'value' | 'unit' | 'min' | 'max'>,
): string {
  const { value, min, max, unit } = result;
  if (value === null) return 'no data';
  // Printed against the bound it is judged by, so 98.99996 does not read as the 99 it is below.
  const bound = min !== undefined && value < min ? min : max;
  return withUnit(formatCanaryNumber(value, bound), unit);
}

/** The accepted range: `≥ 99 %`, `≤ 500 ms`, `1–5 ms`; empty when the check has no bound. */
export function formatCheckRange(
  result: Pick<CanaryCheckResult, 'min' | 'max' | 'unit'>,
): string {
  const { min, max, unit } = result;
  if (min !== undefined && max !== undefined) {
    return withUnit(
      `${formatCanaryNumber(min)}–${formatCanaryNumber(max)}`,
      unit,
    );
  }
  if (min !== undefined) return `≥ ${withUnit(formatCanaryNumber(min), unit)}`;
  if (max !== undefined) return `≤ ${withUnit(formatCanaryNumber(max), unit)}`;
  return '';
}

/** One check at one step: `success rate 98.7 % (≥ 99 %)`. */
export function formatCheckResult(result: CanaryCheckResult): string {
  const range = formatCheckRange(result);
  return `${result.name} ${formatCheckValue(result)}${range ? ` (${range})` : ''}`;
}

/** `step 2 of 5 · 20 %` while it runs; where it ended once finished. */
export function describeStep(
  canary: Pick<CanaryRecord, 'state' | 'step' | 'weights' | 'weight'>,
): string {
  const position = `step ${canary.step + 1} of ${canary.weights.length}`;
  if (isActiveCanary(canary)) return `${position} · ${canary.weight} %`;
  return `final weight ${canary.weight} % · reached ${position}`;
}

/**
 * How long until an ISO time, for "next check in …": `in 42 s`, `in 3 min`, or `due now` once
 * it passed (the controller runs on a schedule and may be a little late).
 */
export function formatUntil(
  iso: string | undefined,
  now: number,
): string | undefined {
  if (!iso) return undefined;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  const seconds = Math.round((then - now) / 1000);
  if (seconds <= 0) return 'due now';
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  return `in ${Math.round(minutes / 60)} h`;
}

/**
 * An event's time: clock time with seconds on the day it happened (the steps are a minute or so
 * apart), with the date in front on any other day, since finished canaries stay listed for long.
 */
export function formatEventTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const day = new Date(t);
  const today = new Date(now);
  const clock = formatClock(t, true);
  if (day.toDateString() === today.toDateString()) return clock;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())} ${clock}`;
}

/**
 * Who finished a canary: the actor of the event that ended it (`controller` for a rollback or an
 * automatic promotion, the person for an abort or a manual promotion), else who started it.
 */
export function finishedBy(canary: CanaryRecord): string {
  const last = [...canary.events]
    .sort((a, b) => b.seq - a.seq)
    .find(e => e.verdict === canary.state);
  return last?.actor ?? canary.createdBy;
}
