/** Which replica runs the reconcile loop; every replica runs sync workers. */
export interface Leadership {
  isLeader(): boolean;
  /** Starts campaigning; `onChange` hears every gain and loss of leadership. */
  start(onChange: (leader: boolean) => void): Promise<void>;
  stop(): Promise<void>;
}

/** Standalone: the only replica leads. */
export class SoleLeader implements Leadership {
  isLeader(): boolean {
    return true;
  }

  async start(onChange: (leader: boolean) => void): Promise<void> {
    onChange(true);
  }

  async stop(): Promise<void> {}
}
