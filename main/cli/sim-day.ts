/**
 * `recueil sim day` and `recueil sim fault` (issue 21 contract): one simulated opening day with
 * scripted faults, printing the day's availability report, and unplugging a simulated device of a
 * running station for some minutes. The actions are loaded when they run (sim-day-run.ts).
 */
import type { Command } from 'commander';

export function registerSimDayCommands(program: Command, appRoot: string): void {
  const sim = program.commands.find((c) => c.name() === 'sim') ?? program.command('sim');
  sim
    .command('day')
    .description(
      'run one simulated opening day headless (station core, simulated devices, scripted faults, clock N times faster) and print its availability report',
    )
    .requiredOption('--config <file>', 'station.json (simulated devices)')
    .requiredOption('--open <HH:MM-HH:MM>', 'opening hours of the day, e.g. 09:00-17:00')
    .option('--speed <n>', 'at most N times faster than real time', '600')
    .option('--faults <file>', 'JSON list of { "at": "HH:MM", "fault", "device"?, "minutes" }')
    .option('--date <YYYY-MM-DD>', 'the day (default: today, or the day after the last one recorded)')
    .option('--json', 'JSON output (the shape of recueil availability --json)')
    .action(async (options: Parameters<typeof import('./sim-day-run').runSimDayCommand>[1]) => {
      await (await import('./sim-day-run')).runSimDayCommand(appRoot, options);
    });
  sim
    .command('fault')
    .description('unplug a simulated device of the running station for MINUTES (station minutes)')
    .requiredOption('--device <id>', 'the simulated device (recueil devices list)')
    .requiredOption('--for <minutes>', 'how long, in minutes of the station clock')
    .option('--config <file>', 'station.json (default: the demonstration station)')
    .action(async (options: { device: string; for: string; config?: string }) => {
      await (await import('./sim-day-run')).runSimFaultCommand(options);
    });
}
