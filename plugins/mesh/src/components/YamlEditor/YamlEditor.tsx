import { useEffect, useMemo, useRef } from 'react';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { oneDark } from '@codemirror/theme-one-dark';
import { useTheme } from '@material-ui/core/styles';
import CodeMirror from '@uiw/react-codemirror';
import { YamlMarker } from '../../lib/lintYaml';
import { yamlDiagnostics } from '../../lib/yamlDiagnostics';

export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Problems to mark, computed by the caller (`lintYaml`) so it can also gate its buttons on them. */
  markers: YamlMarker[];
  /** Accessible name of the text area. */
  label: string;
  height?: string;
}

/**
 * A CodeMirror 6 YAML editor showing the caller's markers as lint diagnostics (underlines and
 * gutter icons). It does not lint by itself: the markers come from the same pure function that
 * decides whether Preview is allowed, so what is marked and what is blocked cannot disagree.
 */
export function YamlEditor(props: YamlEditorProps) {
  const theme = useTheme();
  const view = useRef<EditorView>();
  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      EditorView.contentAttributes.of({ 'aria-label': props.label }),
    ],
    [props.label],
  );

  const { markers, value } = props;
  useEffect(() => {
    const v = view.current;
    // Only mark the text the markers were computed for; the next render brings the others.
    if (!v || v.state.doc.toString() !== value) return;
    v.dispatch(
      setDiagnostics(v.state, yamlDiagnostics(markers, v.state.doc.length)),
    );
  }, [markers, value]);

  return (
    <div data-testid="yaml-editor">
      <CodeMirror
        value={props.value}
        onChange={props.onChange}
        height={props.height ?? '420px'}
        extensions={extensions}
        theme={theme.palette.type === 'dark' ? oneDark : 'light'}
        onCreateEditor={v => {
          view.current = v;
          v.dispatch(
            setDiagnostics(
              v.state,
              yamlDiagnostics(markers, v.state.doc.length),
            ),
          );
        }}
        basicSetup={{
          foldGutter: true,
          highlightActiveLine: true,
          autocompletion: false,
        }}
      />
    </div>
  );
}
