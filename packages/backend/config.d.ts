export interface Config {
  cockpit?: {
    /** Local mode: data published in-process, for `yarn start` with no cloud. */
    localMode?: {
      demoFleet?: {
        /** Publish the demo fleet through the in-process sink. */
        enabled?: boolean;
        /** How often to publish it again (a fresh snapshot, new events), in minutes. Default 15. */
        everyMinutes?: number;
        /** Options of the demo-fleet collector (size, seed, environments, ...). */
        fleet?: object;
      };
    };
  };
}
