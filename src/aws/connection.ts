import { loadSdk } from './loadSdk';

/** What the user chose (settings or pickers); empty strings mean "the SDK's usual default". */
export interface ConnectionSettings {
  readonly profile: string;
  readonly region: string;
  readonly endpointUrl: string;
  /** Seconds to wait for a TCP connection (default {@link DEFAULT_CONNECT_TIMEOUT_SECONDS}). */
  readonly connectTimeoutSeconds?: number;
  /** Seconds a request may take, retries included, before it fails (default {@link DEFAULT_REQUEST_TIMEOUT_SECONDS}). */
  readonly requestTimeoutSeconds?: number;
}

/** Default seconds to wait for a connection to AWS (or the endpoint URL). */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
/** Default seconds an AWS request may take before it is given up. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** The timeouts of the settings, in milliseconds, within sensible bounds. */
export function timeoutsOf(settings: Pick<ConnectionSettings, 'connectTimeoutSeconds' | 'requestTimeoutSeconds'>): { connectMs: number; requestMs: number } {
  const seconds = (value: number | undefined, fallback: number): number => (value !== undefined && Number.isFinite(value) && value > 0 ? Math.min(value, 3600) : fallback);
  return {
    connectMs: Math.round(seconds(settings.connectTimeoutSeconds, DEFAULT_CONNECT_TIMEOUT_SECONDS) * 1000),
    requestMs: Math.round(seconds(settings.requestTimeoutSeconds, DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000),
  };
}

/** A connection resolved against the shared config files and the environment. */
export interface Connection {
  /** The profile name used, or undefined for the SDK's default chain (env vars, `AWS_PROFILE`, `default`). */
  readonly profile: string | undefined;
  /** The region used, or undefined when none is configured anywhere. */
  readonly region: string | undefined;
  readonly endpointUrl: string | undefined;
  /** Where the region came from, for the status bar tooltip. */
  readonly regionSource: 'setting' | 'profile' | 'environment' | 'none';
}

/** The sections of a shared file, by profile name. */
export type SharedFile = Record<string, Record<string, string | undefined>>;

/** The shared config and credentials files, read afresh; empty when they cannot be read. */
export async function sharedConfigFiles(): Promise<{ configFile: SharedFile; credentialsFile: SharedFile }> {
  try {
    return await loadSdk().loadSharedConfigFiles({ ignoreCache: true });
  } catch {
    return { configFile: {}, credentialsFile: {} };
  }
}

/** Profiles named in the shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`). */
export async function listProfiles(): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSdk().loadSharedConfigFiles({ ignoreCache: true });
  return [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])].sort((a, b) =>
    a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b),
  );
}

/** The effective profile name when none is chosen, as the SDK computes it. */
function defaultProfileName(env: NodeJS.ProcessEnv): string {
  return env['AWS_PROFILE'] || 'default';
}

/** Resolves the region the same way the AWS CLI does: setting, then the profile's `region`, then env. */
export async function resolveConnection(settings: ConnectionSettings, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const profile = settings.profile.trim() || undefined;
  const endpointUrl = settings.endpointUrl.trim() || undefined;
  if (settings.region.trim()) {
    return { profile, region: settings.region.trim(), endpointUrl, regionSource: 'setting' };
  }
  const envRegion = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  if (envRegion && !profile) {
    return { profile, region: envRegion, endpointUrl, regionSource: 'environment' };
  }
  try {
    const { configFile } = await loadSdk().loadSharedConfigFiles({ ignoreCache: true });
    const region = configFile[profile ?? defaultProfileName(env)]?.['region'];
    if (region) {
      return { profile, region, endpointUrl, regionSource: 'profile' };
    }
  } catch {
    // Unreadable config files: fall through to the environment, as the SDK does.
  }
  return envRegion
    ? { profile, region: envRegion, endpointUrl, regionSource: 'environment' }
    : { profile, region: undefined, endpointUrl, regionSource: 'none' };
}

/** Environment variables that give the SDK's default chain credentials without the shared files. */
const CREDENTIAL_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'];

/**
 * Whether credentials are set up at all for the profile (or the default chain), judged without asking
 * AWS or the instance metadata service: the profile is in the shared files, or the environment names
 * credentials. The first-run welcome uses it to say everything that is missing at once.
 */
export async function credentialSourceFound(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!profile && CREDENTIAL_ENV.some((name) => env[name])) {
    return true;
  }
  try {
    const { configFile, credentialsFile } = await loadSdk().loadSharedConfigFiles({ ignoreCache: true });
    const name = profile ?? defaultProfileName(env);
    return name in configFile || name in credentialsFile;
  } catch {
    return false;
  }
}

/** Commercial AWS regions, for the region picker when the account cannot be asked (no credentials yet). */
export const KNOWN_REGIONS: readonly { id: string; name: string }[] = [
  { id: 'us-east-1', name: 'US East (N. Virginia)' },
  { id: 'us-east-2', name: 'US East (Ohio)' },
  { id: 'us-west-1', name: 'US West (N. California)' },
  { id: 'us-west-2', name: 'US West (Oregon)' },
  { id: 'af-south-1', name: 'Africa (Cape Town)' },
  { id: 'ap-east-1', name: 'Asia Pacific (Hong Kong)' },
  { id: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
  { id: 'ap-south-2', name: 'Asia Pacific (Hyderabad)' },
  { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  { id: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)' },
  { id: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
  { id: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
  { id: 'ap-northeast-3', name: 'Asia Pacific (Osaka)' },
  { id: 'ca-central-1', name: 'Canada (Central)' },
  { id: 'ca-west-1', name: 'Canada West (Calgary)' },
  { id: 'eu-central-1', name: 'Europe (Frankfurt)' },
  { id: 'eu-central-2', name: 'Europe (Zurich)' },
  { id: 'eu-west-1', name: 'Europe (Ireland)' },
  { id: 'eu-west-2', name: 'Europe (London)' },
  { id: 'eu-west-3', name: 'Europe (Paris)' },
  { id: 'eu-south-1', name: 'Europe (Milan)' },
  { id: 'eu-south-2', name: 'Europe (Spain)' },
  { id: 'eu-north-1', name: 'Europe (Stockholm)' },
  { id: 'il-central-1', name: 'Israel (Tel Aviv)' },
  { id: 'me-south-1', name: 'Middle East (Bahrain)' },
  { id: 'me-central-1', name: 'Middle East (UAE)' },
  { id: 'mx-central-1', name: 'Mexico (Central)' },
  { id: 'sa-east-1', name: 'South America (São Paulo)' },
];
