import type { FuncMap } from '../template/funcs.js';
import { dateFuncs } from './dates.js';
import { defaultFuncs } from './defaults.js';
import { dictFuncs } from './dicts.js';
import { encodingFuncs } from './encoding.js';
import { listFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { stringFuncs } from './strings.js';
import { typeFuncs } from './types.js';

export interface SprigDeps {
  /** The clock, in milliseconds since the epoch. */
  now: () => number;
  /** Uniform randomness in [0, 1). */
  random: () => number;
}

/** The Sprig function map Helm ships (without `env` and `expandenv`, which Helm removes). */
export function sprigFuncs(deps: SprigDeps): FuncMap {
  return {
    ...stringFuncs(deps.random),
    ...regexFuncs(),
    ...mathFuncs(deps.random),
    ...listFuncs(),
    ...dictFuncs(),
    ...defaultFuncs(),
    ...encodingFuncs(deps.random),
    ...dateFuncs(deps.now),
    ...typeFuncs(),
    ...semverFuncs(),
  };
}
