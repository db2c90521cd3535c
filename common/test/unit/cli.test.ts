import { describe, expect, it } from 'vitest';
import { integer, oneOf } from '../../src/cli-values.js';
import { parseCommandLine, type CliSpec } from '../../src/cli.js';

const SPEC: CliSpec = {
  bin: 'tool',
  version: '1.2.3',
  description: 'A test tool.',
  envPrefix: 'TOOL_',
  commands: [
    {
      name: 'run',
      summary: 'Runs.',
      positional: 'file',
      flags: {
        file: { type: 'string', description: 'The file' },
        count: { type: 'string', description: 'How many', default: '3', parse: integer(1) },
        mode: { type: 'string', description: 'How', default: 'fast', choices: ['fast', 'slow'] },
        'dry-run': { type: 'boolean', description: 'Only pretend' },
      },
    },
  ],
};

describe('parseCommandLine', () => {
  it('defaults are parsed like given values; env fills what argv leaves out', () => {
    expect(parseCommandLine(SPEC, ['run'], {})).toEqual({ command: 'run', flags: { file: undefined, count: 3, mode: 'fast', 'dry-run': undefined } });
    expect(parseCommandLine(SPEC, ['run', 'a.csv'], { TOOL_COUNT: '7', TOOL_MODE: 'slow', TOOL_DRY_RUN: 'true' })).toEqual({ command: 'run', flags: { file: 'a.csv', count: 7, mode: 'slow', 'dry-run': true } });
  });

  it('a flag wins over env, --no-x over TOOL_X=true', () => {
    expect(parseCommandLine(SPEC, ['run', '--count', '2', '--no-dry-run'], { TOOL_COUNT: '7', TOOL_DRY_RUN: 'true' })).toMatchObject({ flags: { count: 2, 'dry-run': false } });
  });

  it('a bad env value names the variable and the rule', () => {
    expect(parseCommandLine(SPEC, ['run'], { TOOL_MODE: 'medium' })).toEqual({ exitCode: 2, stdout: '', stderr: 'tool: TOOL_MODE="medium" (for --mode): must be one of fast, slow\n' });
    expect(parseCommandLine(SPEC, ['run'], { TOOL_COUNT: '0' })).toEqual({ exitCode: 2, stdout: '', stderr: 'tool: TOOL_COUNT="0" (for --count): must be an integer >= 1\n' });
  });

  it('the positional and its flag at once, differing, is a usage error', () => {
    expect(parseCommandLine(SPEC, ['run', 'a.csv', '--file', 'b.csv'], {})).toEqual({ exitCode: 2, stdout: '', stderr: 'tool: give the file once: as an argument or as --file\n' });
  });

  it('--version and --help print to stdout and exit 0', () => {
    expect(parseCommandLine(SPEC, ['--version'], {})).toEqual({ exitCode: 0, stdout: '1.2.3\n', stderr: '' });
    const help = parseCommandLine(SPEC, ['run', '--help'], {});
    expect(help).toMatchObject({ exitCode: 0, stderr: '' });
    expect('stdout' in help ? help.stdout : '').toContain('--mode <value>   How [env TOOL_MODE] (choices: "fast", "slow", default: fast)');
  });
});

describe('oneOf', () => {
  it('takes a listed value and refuses another with the list', () => {
    expect(oneOf(['time', 'file'])('file')).toBe('file');
    expect(() => oneOf(['time', 'file'])('random')).toThrow('must be one of time, file');
  });
});

describe('parseCommandLine with a default command', () => {
  const WITH_DEFAULT: CliSpec = { ...SPEC, commands: [...(SPEC.commands ?? []), { name: 'serve', summary: 'Serves.', flags: {}, epilog: 'Serving needs PORT.' }], defaultCommand: 'serve' };

  it('no command runs the default; a flag first goes to it; --help and --version stay the program\'s', () => {
    expect(parseCommandLine(WITH_DEFAULT, [], {})).toEqual({ command: 'serve', flags: {} });
    expect(parseCommandLine(WITH_DEFAULT, ['--verbose'], {})).toEqual({ exitCode: 2, stdout: '', stderr: "tool: unknown option '--verbose'; see `tool serve --help`\n" });
    expect(parseCommandLine(WITH_DEFAULT, ['--version'], {})).toEqual({ exitCode: 0, stdout: '1.2.3\n', stderr: '' });
    expect(parseCommandLine(WITH_DEFAULT, ['--help'], {})).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('serve') });
  });

  it('an unknown word is an unknown command with a suggestion, not an argument of the default', () => {
    expect(parseCommandLine(WITH_DEFAULT, ['serv'], {})).toEqual({ exitCode: 2, stdout: '', stderr: "tool: unknown command 'serv' (did you mean serve?); see `tool --help`\n" });
  });

  it("a command's epilog follows its help, and every command answers --version", () => {
    expect(parseCommandLine(WITH_DEFAULT, ['serve', '--help'], {})).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('\nServing needs PORT.\n') });
    expect(parseCommandLine(WITH_DEFAULT, ['run', '--version'], {})).toEqual({ exitCode: 0, stdout: '1.2.3\n', stderr: '' });
  });
});
