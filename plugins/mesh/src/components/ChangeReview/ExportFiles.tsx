import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ChangeExport } from '@meshport/plugin-mesh-common';

/** A data URL keeps the download free of object URLs that would have to be revoked. */
function downloadHref(content: string): string {
  return `data:application/yaml;charset=utf-8,${encodeURIComponent(content)}`;
}

/**
 * The files of an exported change, for a cluster managed by GitOps: the reviewer commits them
 * to the repository the GitOps controller watches instead of applying.
 */
export function ExportFiles(props: { exported: ChangeExport }) {
  return (
    <Box data-testid="export-files">
      <Typography variant="body2" gutterBottom>
        Commit these files to the repository your GitOps controller syncs from:
      </Typography>
      {props.exported.files.map(file => (
        <Box key={file.path} mb={2}>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="subtitle2" component="h4">
              <code>{file.path}</code>{' '}
              {file.action === 'delete' ? '(delete this file)' : ''}
            </Typography>
            {file.action !== 'delete' && (
              <Button
                size="small"
                href={downloadHref(file.content)}
                download={file.path.split('/').pop()}
              >
                Download
              </Button>
            )}
          </Box>
          {file.action !== 'delete' && (
            <pre
              style={{
                margin: 0,
                padding: 8,
                overflowX: 'auto',
                fontSize: 12,
                background: 'rgba(127,127,127,0.08)',
              }}
            >
              {file.content}
            </pre>
          )}
        </Box>
      ))}
    </Box>
  );
}
