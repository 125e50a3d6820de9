/** `./traces` of the current directory, where `show` and `rerun` look by default. */
export const DEFAULT_TRACE_DIR = './traces';
