/** The Git hosts Ferry understands, plus its own signed JSON payload. */
export const WebhookProvider = {
  GitHub: 'github',
  GitLab: 'gitlab',
  Bitbucket: 'bitbucket',
  Gitea: 'gitea',
  Generic: 'generic',
} as const;
export type WebhookProvider = (typeof WebhookProvider)[keyof typeof WebhookProvider];

export interface WebhookSettings {
  /** Secret per provider; a provider without one rejects every delivery. */
  secrets: Partial<Record<WebhookProvider, string>>;
  /** How far the generic payload's timestamp may be from now. @defaultValue 5 minutes */
  toleranceMs?: number;
  /** @defaultValue 1 MiB */
  maxBodyBytes?: number;
  /** Deliveries within this window refresh each app once. @defaultValue 50 */
  coalesceMs?: number;
}

export type ResolvedWebhookSettings = Required<WebhookSettings>;

export function resolveWebhookSettings(settings: WebhookSettings): ResolvedWebhookSettings {
  return {
    secrets: settings.secrets,
    toleranceMs: settings.toleranceMs ?? 5 * 60_000,
    maxBodyBytes: settings.maxBodyBytes ?? 1024 * 1024,
    coalesceMs: settings.coalesceMs ?? 50,
  };
}

/** Secrets from config: each provider's own, else the shared one. */
export function webhookSecrets(config: {
  webhookSecret?: string | undefined;
  webhookGithubSecret?: string | undefined;
  webhookGitlabSecret?: string | undefined;
  webhookBitbucketSecret?: string | undefined;
  webhookGiteaSecret?: string | undefined;
  webhookGenericSecret?: string | undefined;
}): Partial<Record<WebhookProvider, string>> {
  const shared = config.webhookSecret;
  const pick = (own: string | undefined) => own ?? shared;
  const entries: [WebhookProvider, string | undefined][] = [
    ['github', pick(config.webhookGithubSecret)],
    ['gitlab', pick(config.webhookGitlabSecret)],
    ['bitbucket', pick(config.webhookBitbucketSecret)],
    ['gitea', pick(config.webhookGiteaSecret)],
    ['generic', pick(config.webhookGenericSecret)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}
