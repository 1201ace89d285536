import { KubeObject } from '../store/types';

/** What every Kubernetes cluster has before anyone deploys: system namespaces and the `kubernetes` Service. */
export function systemObjects(): KubeObject[] {
  return [
    ...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map(
      name => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    ),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        clusterIP: '10.96.0.1',
        ports: [
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 },
        ],
      },
    },
  ];
}

/**
 * A node as the kubelet registers it, and the status it then reports. Each cluster gets
 * its own pod network (10.244.x for the first, 10.245.x for the second, ...), as clusters
 * sharing one Istio network must, and each node a /24 of it.
 */
export function nodeObject(
  clusterName: string,
  clusterIndex: number,
  index: number,
): { node: KubeObject; status: Record<string, unknown> } {
  const name = `${clusterName}-node-${index + 1}`;
  const address = `172.18.${clusterIndex % 256}.${index + 2}`;
  const podCidr = `10.${244 + (clusterIndex % 12)}.${index}.0/24`;
  const zone = `zone-${String.fromCharCode('a'.charCodeAt(0) + (index % 3))}`;
  return {
    node: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'beta.kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/region': 'sandbox',
          'topology.kubernetes.io/zone': zone,
        },
      },
      spec: { podCIDR: podCidr, podCIDRs: [podCidr] },
    },
    status: {
      addresses: [
        { type: 'InternalIP', address },
        { type: 'Hostname', address: name },
      ],
      capacity: {
        cpu: '8',
        memory: '32Gi',
        pods: '110',
        'ephemeral-storage': '100Gi',
      },
      allocatable: {
        cpu: '8',
        memory: '32Gi',
        pods: '110',
        'ephemeral-storage': '100Gi',
      },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Meshport sandbox (simulated)',
        kernelVersion: '6.1.0',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: 'v1.32.4',
        kubeProxyVersion: 'v1.32.4',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}
