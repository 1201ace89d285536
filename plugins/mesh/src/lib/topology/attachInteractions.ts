import { GraphHit, GraphRenderer } from './GraphRenderer';

export interface InteractionCallbacks {
  onHover?: (hit: GraphHit | undefined) => void;
  /** A click that was not the end of a drag; undefined on empty canvas. */
  onClick?: (hit: GraphHit | undefined) => void;
}

/** Pointer moves shorter than this between down and up are clicks, not drags. */
const CLICK_SLOP = 4;

/**
 * Wires a canvas to a renderer: drag to pan, wheel to zoom at the pointer, hover and click to
 * pick. Kept out of the renderer so the benchmark can drive it without synthetic events.
 * Returns a function that removes every listener.
 */
export function attachInteractions(
  canvas: HTMLCanvasElement,
  renderer: GraphRenderer,
  callbacks: InteractionCallbacks,
): () => void {
  let drag: { x: number; y: number; moved: number } | undefined;
  const local = (e: { clientX: number; clientY: number }) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const down = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const p = local(e);
    drag = { ...p, moved: 0 };
    canvas.setPointerCapture?.(e.pointerId);
  };
  const move = (e: PointerEvent) => {
    const p = local(e);
    if (drag) {
      const dx = p.x - drag.x;
      const dy = p.y - drag.y;
      drag.moved += Math.abs(dx) + Math.abs(dy);
      drag.x = p.x;
      drag.y = p.y;
      if (drag.moved > CLICK_SLOP) renderer.panBy(dx, dy);
      return;
    }
    const hit = renderer.hitTest(p.x, p.y);
    renderer.setHover(hit);
    canvas.style.cursor = hit ? 'pointer' : 'grab';
    callbacks.onHover?.(hit);
  };
  const up = (e: PointerEvent) => {
    if (!drag) return;
    const wasClick = drag.moved <= CLICK_SLOP;
    drag = undefined;
    canvas.releasePointerCapture?.(e.pointerId);
    if (wasClick) {
      const p = local(e);
      callbacks.onClick?.(renderer.hitTest(p.x, p.y));
    }
  };
  const leave = () => {
    renderer.setHover(undefined);
    callbacks.onHover?.(undefined);
  };
  const wheel = (e: WheelEvent) => {
    e.preventDefault();
    const p = local(e);
    // Pixel deltas from trackpads are small and many; line deltas from wheels are few and big.
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    renderer.zoomAt(p.x, p.y, Math.exp(-delta * 0.0015));
  };

  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointerleave', leave);
  canvas.addEventListener('wheel', wheel, { passive: false });
  return () => {
    canvas.removeEventListener('pointerdown', down);
    canvas.removeEventListener('pointermove', move);
    canvas.removeEventListener('pointerup', up);
    canvas.removeEventListener('pointerleave', leave);
    canvas.removeEventListener('wheel', wheel);
  };
}
