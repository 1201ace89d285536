import { useEffect, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { formatAge } from '../../lib/formatAge';

/** "updated 12 s ago", ticking on its own so the graph above it does not re-render every second. */
export function UpdatedAgo(props: { iso: string; source?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="updated-ago"
    >
      updated {formatAge(props.iso, now) ?? 'just now'}
      {props.source ? ` · from ${props.source}` : ''}
    </Typography>
  );
}
