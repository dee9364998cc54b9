export const DEFAULT_HOST: string;
export function isLoopbackHost(host: string): boolean;
export function chooseListenHost(
  env?: { HOST?: string | undefined },
  purpose?: 'demo' | 'server',
): { host: string; warning: string | null };
