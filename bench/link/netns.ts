/**
 * A shaped link between two network namespaces, for the WAN bench (bench/sync-link.bench.ts):
 * the station's namespace and the central's, joined by a veth pair, the station's upstream shaped
 * by `tc tbf` (netem is not in these kernels: the round-trip delay is added by
 * bench/fixtures/delay-relay.ts in the central's namespace). It owns the link's whole life:
 * creation, shaping, cuts (`ip link set down/up` on the central's end, or a silent cut: nothing
 * comes back, as when the line fails beyond the town hall's router), the veth byte counters, and the teardown, which runs
 * on normal exit, SIGINT/SIGTERM and uncaught exceptions. Namespaces left by a run that was
 * killed outright (their names carry the bench's pid) are removed at the next start.
 *
 * Inside a namespace, `localhost` is the central's end of the link (an /etc/netns/NAME/hosts
 * file, which `ip netns exec` mounts over /etc/hosts): the demo server certificate names
 * 127.0.0.1 and localhost only, and the station checks the name it connects to.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const PREFIX = 'rqlink';
export const STATION_ADDRESS = '10.200.0.1';
export const CENTRAL_ADDRESS = '10.200.0.2';

export interface LinkShape {
  /** Station upstream, bits per second. */
  upBitsPerSecond: number;
}

function ip(args: string[], options: { allowFailure?: boolean } = {}): string {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`ip ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0 && !options.allowFailure)
    throw new Error(`ip ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.status}`}`);
  return result.stdout;
}

function tc(ns: string, args: string[]): void {
  const result = spawnSync('tc', ['-n', ns, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tc ${args.join(' ')}: ${result.stderr.trim()}`);
}

/** Why this machine cannot run the bench (not root, no iproute2), or undefined. */
export function linkUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the WAN bench makes network namespaces: run it as root';
  const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return 'iproute2 (ip, tc) is missing: run npm run setup (scripts/setup.sh installs it)';
  return undefined;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function removeNamespace(name: string): void {
  for (const pid of ip(['netns', 'pids', name], { allowFailure: true }).split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  ip(['netns', 'del', name], { allowFailure: true });
  rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
}

/** Our namespaces: `rqlink-s-<pid>` / `rqlink-c-<pid>`. */
function ourNamespaces(): { name: string; pid: number }[] {
  return ip(['netns', 'list'], { allowFailure: true })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .map((name) => ({ name, match: new RegExp(`^${PREFIX}-[sc]-(\\d+)$`).exec(name) }))
    .filter((n) => n.match)
    .map((n) => ({ name: n.name, pid: Number(n.match![1]) }));
}

/** Removes the namespaces of earlier runs whose process is gone; returns their names. */
export function removeStaleLinks(): string[] {
  const stale = ourNamespaces().filter((n) => n.pid !== process.pid && !alive(n.pid));
  for (const n of stale) removeNamespace(n.name);
  return stale.map((n) => n.name);
}

export interface Link {
  station: string;
  central: string;
  stationDev: string;
  centralDev: string;
  shape(shape: LinkShape): void;
  /**
   * Sets the link down (the central's end: the station's veth loses its carrier) or up again.
   * `silent`: the link stays up but nothing comes back from the central (its egress drops every
   * packet), as when the line fails beyond the town hall's router: the station's TCP hears
   * nothing and backs off, where a carrier loss gives it local errors it retries at once.
   */
  setUp(up: boolean, mode?: 'link' | 'silent'): void;
  /** Bytes the station's end transmitted (towards the central) and received so far. */
  counters(): { tx: number; rx: number };
  /** Runs a command inside a namespace (stdout piped, stderr inherited). */
  spawnIn(ns: string, command: string, args: string[]): ChildProcess;
  /** Kills what runs inside, removes both namespaces (the veth pair goes with them). */
  teardown(): void;
}

export function createLink(): Link {
  const station = `${PREFIX}-s-${process.pid}`;
  const central = `${PREFIX}-c-${process.pid}`;
  const stationDev = `rqs${process.pid}`.slice(0, 15);
  const centralDev = `rqc${process.pid}`.slice(0, 15);
  const children = new Set<ChildProcess>();
  let torn = false;

  const teardown = () => {
    if (torn) return;
    torn = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    removeNamespace(station);
    removeNamespace(central);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    teardown();
    process.kill(process.pid, signal);
  };
  process.once('exit', teardown);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.on('uncaughtException', (error) => {
    teardown();
    console.error(error);
    process.exit(1);
  });

  try {
    for (const ns of [station, central]) {
      ip(['netns', 'add', ns]);
      mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      writeFileSync(
        `/etc/netns/${ns}/hosts`,
        ns === station ? `${CENTRAL_ADDRESS} localhost\n` : '127.0.0.1 localhost\n',
      );
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    ip([
      'link',
      'add',
      stationDev,
      'netns',
      station,
      'type',
      'veth',
      'peer',
      'name',
      centralDev,
      'netns',
      central,
    ]);
    ip(['-n', station, 'addr', 'add', `${STATION_ADDRESS}/30`, 'dev', stationDev]);
    ip(['-n', central, 'addr', 'add', `${CENTRAL_ADDRESS}/30`, 'dev', centralDev]);
    ip(['-n', station, 'link', 'set', stationDev, 'up']);
    ip(['-n', central, 'link', 'set', centralDev, 'up']);
  } catch (error) {
    teardown();
    throw error;
  }

  return {
    station,
    central,
    stationDev,
    centralDev,
    shape({ upBitsPerSecond }) {
      // Burst: 10 ms of the rate, at least 32 KiB (a few full-size packets); a queue of 100 ms.
      const burst = Math.max(32 * 1024, Math.round(upBitsPerSecond / 8 / 100));
      tc(station, [
        'qdisc',
        'replace',
        'dev',
        stationDev,
        'root',
        'tbf',
        'rate',
        `${upBitsPerSecond}bit`,
        'burst',
        String(burst),
        'latency',
        '100ms',
      ]);
    },
    setUp(up, mode = 'link') {
      if (mode === 'link') ip(['-n', central, 'link', 'set', centralDev, up ? 'up' : 'down']);
      else if (!up) tc(central, ['qdisc', 'replace', 'dev', centralDev, 'root', 'pfifo', 'limit', '0']);
      else tc(central, ['qdisc', 'del', 'dev', centralDev, 'root']);
    },
    counters() {
      const [entry] = JSON.parse(ip(['-n', station, '-s', '-j', 'link', 'show', 'dev', stationDev])) as {
        stats64: { tx: { bytes: number }; rx: { bytes: number } };
      }[];
      return { tx: entry!.stats64.tx.bytes, rx: entry!.stats64.rx.bytes };
    },
    spawnIn(ns, command, args) {
      const child = spawn('ip', ['netns', 'exec', ns, command, ...args], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.add(child);
      child.on('exit', () => children.delete(child));
      return child;
    },
    teardown,
  };
}
