import { Context2D } from './GraphRenderer';

/** One recorded call on the fake context, with the style in force when it was made. */
export interface ContextCall {
  name: string;
  args: unknown[];
  fillStyle: unknown;
  strokeStyle: unknown;
  globalAlpha: number;
  lineDash: number[];
}

/**
 * A CanvasRenderingContext2D stand-in that records what is drawn, for jsdom (which has no
 * canvas) and for tests that count paths or look for labels.
 */
export function fakeContext2d(): { ctx: Context2D; calls: ContextCall[] } {
  const calls: ContextCall[] = [];
  let lineDash: number[] = [];
  const state = {
    fillStyle: '#000' as unknown,
    strokeStyle: '#000' as unknown,
    lineWidth: 1,
    globalAlpha: 1,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    lineCap: 'butt',
    lineJoin: 'miter',
  };
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      if (name === 'setLineDash') lineDash = [...(args[0] as number[])];
      calls.push({
        name,
        args,
        fillStyle: state.fillStyle,
        strokeStyle: state.strokeStyle,
        globalAlpha: state.globalAlpha,
        lineDash,
      });
    };
  const methods = [
    'save',
    'restore',
    'setTransform',
    'clearRect',
    'beginPath',
    'closePath',
    'moveTo',
    'lineTo',
    'arc',
    'arcTo',
    'rect',
    'fill',
    'stroke',
    'fillText',
    'strokeText',
    'setLineDash',
  ];
  const ctx = Object.assign(
    state,
    Object.fromEntries(methods.map(m => [m, record(m)])),
  );
  return { ctx: ctx as unknown as Context2D, calls };
}
