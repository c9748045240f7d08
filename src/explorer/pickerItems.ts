// Items of the profile and region pickers (pure, so their content is unit-tested).
import { KNOWN_REGIONS } from '../aws/connection';

/** One choice of a picker: what it shows and the value it stands for ('' = "the default"). */
export interface Choice {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: string;
  readonly picked?: boolean;
}

type Section = Record<string, string | undefined>;

/** What kind of credentials a profile section holds, for the picker's detail line. */
export function profileKind(section: Section | undefined): string | undefined {
  if (!section) {
    return undefined;
  }
  if (section['sso_session'] || section['sso_start_url']) {
    return 'AWS IAM Identity Center (SSO)';
  }
  if (section['role_arn']) {
    return `assumes ${section['role_arn']}`;
  }
  if (section['credential_process']) {
    return 'credential process';
  }
  if (section['aws_access_key_id']) {
    return 'access key';
  }
  return undefined;
}

/** Profiles of the shared files, the default chain first; the current choice is marked. */
export function profileChoices(
  profiles: readonly string[],
  configFile: Record<string, Section>,
  credentialsFile: Record<string, Section>,
  current: string,
): Choice[] {
  const mark = (value: string): Partial<Choice> => (value === current ? { picked: true } : {});
  return [
    {
      label: '$(key) Default credential chain',
      description: current === '' ? 'current' : undefined,
      detail: 'Environment variables, AWS_PROFILE, SSO, the "default" profile, container and instance roles',
      value: '',
      ...mark(''),
    },
    ...profiles.map((name) => ({
      label: name,
      description: [configFile[name]?.['region'], name === current ? 'current' : undefined].filter(Boolean).join(' · ') || undefined,
      detail: profileKind(configFile[name]) ?? profileKind(credentialsFile[name]),
      value: name,
      ...mark(name),
    })),
  ];
}

/** A plausible region id typed by the user (new regions appear before this list knows them). */
export function looksLikeRegion(text: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(text.trim());
}

/**
 * Regions: "the profile's region" first when the profile has one, then the known regions, the
 * current one marked; a typed region id that is not listed is offered too.
 */
export function regionChoices(current: string, profileRegion: string | undefined, typed = ''): Choice[] {
  const choices: Choice[] = [];
  if (profileRegion) {
    choices.push({
      label: `$(account) The profile's region (${profileRegion})`,
      description: current === '' ? 'current' : undefined,
      detail: 'Follows the region set for the profile in ~/.aws/config',
      value: '',
      picked: current === '',
    });
  }
  const known = KNOWN_REGIONS.map((r) => r.id);
  const text = typed.trim();
  if (text && looksLikeRegion(text) && !known.includes(text)) {
    choices.push({ label: text, description: 'a region not in the list', value: text });
  }
  if (current && !known.includes(current)) {
    choices.push({ label: current, description: 'current', value: current, picked: true });
  }
  for (const region of KNOWN_REGIONS) {
    choices.push({ label: region.id, description: region.id === current ? `${region.name} · current` : region.name, value: region.id, picked: region.id === current });
  }
  return choices;
}
