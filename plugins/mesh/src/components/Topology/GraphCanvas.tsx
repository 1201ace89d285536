import { useEffect, useRef } from 'react';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { MeshGraph } from '@meshport/plugin-mesh-common';
import { attachInteractions } from '../../lib/topology/attachInteractions';
import {
  GraphHit,
  GraphRenderer,
  RendererView,
} from '../../lib/topology/GraphRenderer';
import { LIGHT_PALETTE } from '../../lib/topology/graphStyle';
import { LayoutRunner } from '../../lib/topology/LayoutRunner';

const useStyles = makeStyles(theme => ({
  root: {
    position: 'relative',
    width: '100%',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    background: theme.palette.background.paper,
  },
  canvas: { display: 'block', cursor: 'grab', touchAction: 'none' },
}));

export interface GraphCanvasProps {
  graph: MeshGraph;
  view: RendererView;
  height: number;
  onSelect: (hit: GraphHit | undefined) => void;
  /** Bumped by the toolbar's "Zoom to fit": a counter rather than a callback keeps the renderer private. */
  fitSignal: number;
}

/**
 * The canvas, its renderer and its layout. The renderer and layout live for the component's
 * lifetime, so a refreshed graph keeps the positions of the nodes it already had and only the
 * new ones are laid out; React never re-renders per frame.
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const classes = useStyles();
  const theme = useTheme();
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<GraphRenderer>();
  const runnerRef = useRef<LayoutRunner>();
  const onSelectRef = useRef(props.onSelect);
  onSelectRef.current = props.onSelect;

  useEffect(() => {
    const canvas = canvasRef.current!;
    const container = containerRef.current!;
    const renderer = new GraphRenderer(canvas);
    const runner = new LayoutRunner((_ids, positions) =>
      renderer.setPositions(positions),
    );
    rendererRef.current = renderer;
    runnerRef.current = runner;
    const detach = attachInteractions(canvas, renderer, {
      onClick: hit => onSelectRef.current(hit),
    });
    let observer: ResizeObserver | undefined;
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(entries => {
        const width = entries[0]?.contentRect.width;
        if (width) renderer.resize(width, canvas.clientHeight);
      });
      observer.observe(container);
    }
    return () => {
      observer?.disconnect();
      detach();
      runner.dispose();
      renderer.dispose();
      rendererRef.current = undefined;
      runnerRef.current = undefined;
    };
  }, []);

  useEffect(() => {
    // jsdom has no layout: a sensible width there keeps the renderer's maths real.
    rendererRef.current!.resize(
      containerRef.current?.clientWidth || 800,
      props.height,
    );
  }, [props.height]);

  useEffect(() => {
    rendererRef.current?.setPalette({
      ...LIGHT_PALETTE,
      text: theme.palette.text.primary,
      textHalo:
        theme.palette.type === 'dark'
          ? 'rgba(0,0,0,0.7)'
          : 'rgba(255,255,255,0.85)',
      namespaceBox: theme.palette.divider,
      namespaceFill:
        theme.palette.type === 'dark'
          ? 'rgba(255,255,255,0.03)'
          : 'rgba(0,0,0,0.025)',
      clusterBox: theme.palette.text.secondary,
      focusRing: theme.palette.text.primary,
    });
  }, [theme]);

  useEffect(() => {
    const renderer = rendererRef.current!;
    const previous = renderer.positionMap();
    const { nodes, edges, unobserved } = props.graph;
    renderer.setGraph(nodes, edges, unobserved);
    runnerRef.current!.layout({ nodes, edges, previous });
  }, [props.graph]);

  useEffect(() => {
    rendererRef.current?.setView(props.view);
  }, [props.view]);

  useEffect(() => {
    if (props.fitSignal > 0) rendererRef.current?.fit();
  }, [props.fitSignal]);

  return (
    <div ref={containerRef} className={classes.root}>
      <canvas
        ref={canvasRef}
        className={classes.canvas}
        data-testid="topology-canvas"
        aria-label="Service graph; the list of its nodes and edges follows for keyboard and screen reader use"
        role="img"
        style={{ height: props.height }}
      />
    </div>
  );
}
