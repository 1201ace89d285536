import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterSecurity,
  SecurityPolicyView,
  SecurityResourceRef,
} from '@meshport/plugin-mesh-common';
import { SyncStatus } from '../SyncStatus';
import { AccessMatrixTable } from './AccessMatrixTable';
import { MtlsTable } from './MtlsTable';
import { SecurityPolicyCard } from './SecurityPolicyCard';

/** The order a request meets them: transport first, then the token, then authorization. */
const KIND_ORDER: Record<string, number> = {
  PeerAuthentication: 0,
  RequestAuthentication: 1,
  AuthorizationPolicy: 2,
};

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Box mt={3}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** The entity's security in one cluster: mTLS, the policies in words, and the access matrix. */
export function ClusterSecurityCard(props: {
  security: ClusterSecurity;
  now?: number;
  editDisabledReason?: string;
  onEdit: (policy: SecurityPolicyView) => void;
}) {
  const { security } = props;
  const policies = [...security.policies].sort(
    (a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9),
  );
  // A resource named in the mTLS table opens in the editor when the view lists it as a policy.
  const openResource = (ref: SecurityResourceRef) => {
    const policy = security.policies.find(
      p =>
        p.kind === ref.kind &&
        p.namespace === ref.namespace &&
        p.name === ref.name,
    );
    if (policy && !props.editDisabledReason) props.onEdit(policy);
  };
  return (
    <InfoCard
      title={`Cluster ${security.cluster}`}
      subheader={<SyncStatus sync={security.sync} now={props.now} />}
    >
      {security.conflicts.length > 0 && (
        <Alert severity="warning" data-testid="security-conflicts">
          {security.conflicts.map(c => (
            <div key={`${c.code}:${c.message}`}>
              <strong>{c.code}</strong> {c.message}
            </div>
          ))}
        </Alert>
      )}
      <Section title="mTLS">
        {security.workloads.length === 0 ? (
          <Typography variant="body2">
            No workload of the entity runs in this cluster.
          </Typography>
        ) : (
          <MtlsTable workloads={security.workloads} onOpen={openResource} />
        )}
      </Section>
      <Section title="Policies">
        {policies.length === 0 ? (
          <Typography variant="body2">
            No PeerAuthentication, RequestAuthentication or AuthorizationPolicy
            applies: Istio's defaults hold (PERMISSIVE mTLS, every caller
            allowed).
          </Typography>
        ) : (
          <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
            {policies.map(p => (
              <SecurityPolicyCard
                key={`${p.kind}/${p.namespace}/${p.name}`}
                policy={p}
                editDisabledReason={props.editDisabledReason}
                onEdit={props.onEdit}
              />
            ))}
          </Box>
        )}
      </Section>
      <Section title="Who may call whom">
        <AccessMatrixTable security={security} />
      </Section>
    </InfoCard>
  );
}
