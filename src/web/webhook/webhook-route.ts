import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Application } from '../../model/application.js';
import { sendError } from '../api-errors.js';
import { isGeneric, parseGeneric, verifyGeneric } from './generic-provider.js';
import { header, PROVIDERS, type ParsedDelivery } from './providers.js';
import { RefreshCoalescer } from './refresh-coalescer.js';
import { ReplayGuard } from './replay-guard.js';
import { appsForPush } from './repo-match.js';
import {
  resolveWebhookSettings,
  type WebhookProvider,
  type WebhookSettings,
} from './webhook-settings.js';

export interface WebhookDeps {
  apps: () => Promise<readonly Application[]>;
  /** Queues a `git` refresh of one app. */
  refresh: (name: string) => void;
  settings: WebhookSettings;
  log: Logger;
  /** Counts deliveries by provider and result. */
  count?: (provider: string, result: string) => void;
  /** @defaultValue Date.now */
  now?: () => number;
}

export interface WebhookHandler {
  router: Router;
  close(): void;
}

/**
 * `POST /api/webhook`: push notifications from GitHub, GitLab, Bitbucket Cloud, Gitea/Gogs
 * and Ferry's generic signed payload. Every delivery must be signed with the provider's
 * secret; a good one is answered 202 at once and the apps it concerns are refreshed
 * shortly after, coalesced.
 */
export function webhookHandler(deps: WebhookDeps): WebhookHandler {
  const settings = resolveWebhookSettings(deps.settings);
  const now = deps.now ?? Date.now;
  const deliveries = new ReplayGuard(24 * 60 * 60 * 1000, now);
  const signatures = new ReplayGuard(2 * settings.toleranceMs, now);
  const coalescer = new RefreshCoalescer(deps.refresh, settings.coalesceMs);
  const count = deps.count ?? (() => undefined);
  const router = Router();

  const reject = (
    res: Response,
    provider: string,
    status: number,
    code: string,
    message: string,
  ) => {
    count(provider, code.toLowerCase());
    deps.log.warn({ provider, code }, `webhook rejected: ${message}`);
    sendError(res, status, code, message);
  };

  router.post(
    '/',
    express.raw({ type: () => true, limit: settings.maxBodyBytes }),
    async (req: Request, res: Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const input = { headers: req.headers, raw };
      const generic = isGeneric(req.headers);
      const spec = generic ? undefined : PROVIDERS.find((p) => p.detect(req.headers));
      const provider: WebhookProvider | undefined = generic ? 'generic' : spec?.name;
      if (provider === undefined) {
        reject(res, 'unknown', 400, 'WEBHOOK_UNKNOWN_PROVIDER', 'no known webhook event headers');
        return;
      }
      const secret = settings.secrets[provider];
      if (secret === undefined) {
        reject(
          res,
          provider,
          401,
          'WEBHOOK_NOT_CONFIGURED',
          `no webhook secret is set for ${provider}`,
        );
        return;
      }
      let parsed: ParsedDelivery | { kind: 'invalid'; message: string };
      if (generic) {
        const check = verifyGeneric(input, secret, now(), settings.toleranceMs);
        if (check === 'unsigned' || check === 'bad-signature') {
          reject(res, provider, 401, 'WEBHOOK_SIGNATURE_INVALID', 'missing or wrong signature');
          return;
        }
        if (check === 'expired') {
          reject(res, provider, 401, 'WEBHOOK_EXPIRED', 'timestamp is outside the tolerance');
          return;
        }
        if (!signatures.firstTime(header(req.headers, 'x-ferry-signature')!.toLowerCase())) {
          reject(res, provider, 401, 'WEBHOOK_REPLAYED', 'this delivery was already accepted');
          return;
        }
        parsed = parseGeneric(parseBody(raw, req.get('content-type')));
      } else {
        if (!spec!.verify(input, secret)) {
          reject(res, provider, 401, 'WEBHOOK_SIGNATURE_INVALID', 'missing or wrong signature');
          return;
        }
        const id = spec!.deliveryId(req.headers);
        if (id !== undefined && !deliveries.firstTime(`${provider}/${id}`)) {
          count(provider, 'duplicate');
          res.status(200).json({ result: 'duplicate', delivery: id });
          return;
        }
        const body = parseBody(raw, req.get('content-type'));
        parsed =
          body === undefined
            ? { kind: 'invalid', message: 'the body is not JSON' }
            : spec!.parse(body, req.headers);
      }
      if (parsed.kind === 'invalid') {
        reject(res, provider, 400, 'WEBHOOK_INVALID_PAYLOAD', parsed.message);
        return;
      }
      if (parsed.kind === 'ignore') {
        count(provider, 'ignored');
        res.status(200).json({ result: 'ignored', reason: parsed.reason });
        return;
      }
      const names = appsForPush(await deps.apps(), parsed.event);
      coalescer.add(names);
      count(provider, 'accepted');
      deps.log.info({ provider, apps: names }, 'webhook: refreshing apps');
      res.status(202).json({ result: 'accepted', apps: names });
    },
  );
  return { router, close: () => coalescer.close() };
}

/** JSON, or GitHub's form encoding with the JSON in `payload`. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  try {
    const text = raw.toString('utf8');
    if (contentType?.includes('application/x-www-form-urlencoded') === true) {
      const payload = new URLSearchParams(text).get('payload');
      return payload === null ? undefined : (JSON.parse(payload) as unknown);
    }
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
