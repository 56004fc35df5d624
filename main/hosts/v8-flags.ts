/**
 * V8 flags of the station's Node processes (the device and sync hosts, and the `recueil` command
 * through its shebang). V8 reads them at start only: setting them at run time aborts the process.
 *
 * --single-threaded-gc: V8's concurrent and parallel collectors start up to four helper threads
 * that compete for the reference PC's two cores with the main thread and with libuv's file and
 * crypto threads. Measured on that machine (bench/sync.bench.ts, same run, flags on station and
 * servers alike): sync 51 -> 75 MiB/s, central CPU per 3 MB dossier 56 -> 36 ms, station
 * 21 -> 17 ms, enqueue commit p95 36 -> 19 ms. The hosts' heaps are small (tens of MiB), so
 * marking on the main thread, incrementally, costs less than the threads' coordination.
 */
export const NODE_V8_FLAGS: readonly string[] = ['--single-threaded-gc'];
