import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/model/errors.js';
import { parseRepoURL, sshToHttps } from '../../src/repo/repo-url.js';

describe('SSH repository URLs', () => {
  it.each([
    ['git@github.com:org/repo.git', 'https://github.com/org/repo.git'],
    ['ssh://git@github.com/org/repo.git', 'https://github.com/org/repo.git'],
    ['ssh://git@git.example.com:2222/team/deploy', 'https://git.example.com/team/deploy'],
    ['git+ssh://git@gitlab.com/group/sub/repo.git', 'https://gitlab.com/group/sub/repo.git'],
  ])('%s is refused, naming %s as the URL to use', (ssh, https) => {
    expect(sshToHttps(ssh)).toBe(https);
    let err: unknown;
    try {
      parseRepoURL(ssh);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'REPO_FAILED', data: { reason: 'unsupported' } });
    expect(describeError(err)).toBe(
      `SSH repository URLs are not supported: Ferry fetches Git over HTTPS. Use ${https} ` +
        'instead, with a token or password from a repository Secret or the repositories list ' +
        'of the config file',
    );
  });

  it.each(['https://github.com/org/repo.git', '/srv/git/repo', './relative', 'file:///srv/r.git'])(
    '%s is no SSH URL',
    (url) => {
      expect(sshToHttps(url)).toBeUndefined();
      expect(() => parseRepoURL(url)).not.toThrow();
    },
  );

  it('refuses other schemes with what to use instead', () => {
    expect(() => parseRepoURL('git://example.com/repo.git')).toThrow(
      'unsupported repository URL git://example.com/repo.git: use an http(s):// URL or a local path',
    );
  });
});
