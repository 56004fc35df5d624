/**
 * `recueil devices` and `recueil diagnose`: the technician's view from the command line. In simulated
 * mode they run the station's simulated bench through the real drivers; in hardware mode `devices`
 * lists what the buses see, matched against the drivers' ID tables. `diagnose --bundle` writes a zip
 * for support: configuration, logs, inventory, self-tests, the health checks (health.json) and masked
 * protocol traces, nothing personal. `diagnose` also prints the health checks (`health` in --json).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { DeviceRegistry } from '../../drivers/registry/device-registry';
import type { StationConfig } from '../services/config';
import { appVersion } from '../services/paths';

/** Loaded on first use: `recueil --help` loads no device bus (node-hid, serialport, pcsclite). */
const deviceRegistry = () => import('../../drivers/registry/device-registry');
const enumerate = () => import('../../drivers/registry/enumerate');
const udevRules = () => import('../../drivers/registry/udev-rules');
/** Loaded on first use: the configuration schemas (zod). */
const loadStationConfig = async (file: string | undefined) =>
  (await import('../services/config')).loadStationConfig(file);
/** Loaded by `diagnose`: the health checks (main/services/health) as `recueil health` gathers them. */
const healthReport = () => import('./health-report');
/** Loaded by `diagnose --bundle` only: the zip writer, the audit chain, the log scrubber (pino). */
const bundleParts = async () => ({
  AdmZip: (await import('adm-zip')).default,
  ...(await import('../services/audit')),
  ...(await import('../services/logger')),
});

interface DeviceDiagnosis {
  deviceId: string;
  model: string;
  connection: string;
  passed: boolean;
  checks: { name: string; passed: boolean; detail?: string }[];
  error?: string;
}

async function diagnose(registry: DeviceRegistry, only?: string): Promise<DeviceDiagnosis[]> {
  const targets = registry.list().filter((d) => !only || d.id === only);
  if (only && targets.length === 0) throw new Error(`unknown device ${only}; see "recueil devices"`);
  const results: DeviceDiagnosis[] = [];
  for (const device of targets) {
    registry.trace(device.id, true);
    try {
      const result = await registry.selfTest(device.id);
      results.push({
        deviceId: device.id,
        model: device.model,
        connection: device.connection,
        passed: result.passed,
        checks: result.checks,
      });
    } catch (error) {
      results.push({
        deviceId: device.id,
        model: device.model,
        connection: device.connection,
        passed: false,
        checks: [],
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}

function logFiles(config: StationConfig): { name: string; content: Buffer }[] {
  const dir = join(config.dataDir, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => ({ name: `logs/${f}`, content: readFileSync(join(dir, f)) }));
}

export function registerDeviceCommands(program: Command, appRoot: string): void {
  program
    .command('udev-rules')
    .description("print the Linux udev rules generated from the drivers' ID tables")
    .option('-o, --output <file>', 'write them to this file instead')
    .action(async (options: { output?: string }) => {
      const rules = (await udevRules()).renderUdevRules();
      if (options.output) writeFileSync(options.output, rules);
      else process.stdout.write(rules);
    });

  program
    .command('devices')
    .description('list the station devices with status, serial, firmware and transport path')
    .option('--json', 'JSON output')
    .option('--config <file>', 'station configuration file (JSON)')
    .action(async (options: { json?: boolean; config?: string }) => {
      const config = await loadStationConfig(options.config);
      if (config.devices.mode === 'hardware') {
        const found = await (await enumerate()).enumerateHardware();
        if (options.json) console.log(JSON.stringify({ mode: 'hardware', ...found }));
        else {
          for (const d of found.devices)
            console.log(
              `${d.bus.padEnd(7)} ${d.path}  ${d.usbId ?? ''}  ${d.label ?? '(non pris en charge)'}`,
            );
          for (const e of found.errors) console.error(`bus indisponible : ${e}`);
        }
        return;
      }
      const registry = await (await deviceRegistry()).DeviceRegistry.simulatedBench(config.devices.simulated);
      try {
        const devices = registry.list();
        if (options.json) console.log(JSON.stringify({ mode: 'simulated', devices }));
        else
          for (const d of devices)
            console.log(
              `${d.id.padEnd(24)} ${d.connection.padEnd(13)} ${d.model}  ${d.serialNumber ?? ''} ${d.firmware ?? ''} ${d.transportPath ?? ''}`,
            );
      } finally {
        await registry.close();
      }
    });

  program
    .command('diagnose')
    .description("run each device's self-test and report pass/fail with causes")
    .option('--device <id>', 'only this device')
    .option('--json', 'JSON output')
    .option(
      '--bundle <zip>',
      'also write a support bundle (config, logs, inventory, traces; nothing personal)',
    )
    .option('--config <file>', 'station configuration file (JSON)')
    .action(async (options: { device?: string; json?: boolean; bundle?: string; config?: string }) => {
      const config = await loadStationConfig(options.config);
      if (config.devices.mode === 'hardware') {
        throw new Error(
          'diagnose on real hardware runs inside the station (diagnostics screen) in this version',
        );
      }
      const registry = await (await deviceRegistry()).DeviceRegistry.simulatedBench(config.devices.simulated);
      try {
        const results = await diagnose(registry, options.device);
        const passed = results.every((r) => r.passed);
        // The health checks of `recueil health`, with the devices this bench just read.
        const { cliHealthChecks, healthText } = await healthReport();
        const health = await cliHealthChecks(config, { devices: registry.list() });
        if (options.json) console.log(JSON.stringify({ passed, devices: results, health }));
        else {
          for (const r of results) {
            console.log(
              `${r.passed ? 'OK ' : 'ÉCHEC'} ${r.deviceId} (${r.model})${r.error ? ` : ${r.error}` : ''}`,
            );
            for (const c of r.checks)
              console.log(`      ${c.passed ? '✓' : '✗'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`);
          }
          console.log(healthText(health));
        }
        if (options.bundle) {
          const { AdmZip, auditDir, listAuditFiles, scrubForLog, verifyAuditLog } = await bundleParts();
          const zip = new AdmZip();
          const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
          zip.addFile(
            'manifest.json',
            json({
              version: appVersion(appRoot),
              stationId: config.station.id,
              at: new Date().toISOString(),
            }),
          );
          zip.addFile('config.json', json(scrubForLog(config)));
          zip.addFile('devices.json', json(registry.list()));
          zip.addFile('diagnose.json', json(results));
          zip.addFile('health.json', json(health));
          zip.addFile('traces.json', json(registry.list().map((d) => registry.trace(d.id))));
          for (const log of logFiles(config)) zip.addFile(log.name, log.content);
          // The audit trail (no personal data by construction) and its chain verification.
          const audit = auditDir(config.dataDir);
          for (const file of await listAuditFiles(audit))
            zip.addFile(`audit/${file.name}`, readFileSync(join(audit, file.name)));
          zip.addFile('audit-verify.json', json(await verifyAuditLog(audit)));
          zip.writeZip(options.bundle);
          if (!options.json) console.log(`bundle ${options.bundle}`);
        }
        if (!passed) process.exitCode = 1;
      } finally {
        await registry.close();
      }
    });
}
