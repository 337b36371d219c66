/**
 * The package as users get it: packed, installed into an empty project, imported as ESM and as
 * CommonJS. Catches broken `exports` maps, missing files and dual-package mistakes that tests of
 * the sources cannot see.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInEventTypes } from '../src/events/catalog/builtInEventTypes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tenure-pack-'));
const project = join(work, 'app');

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** An optional peer, as a user installs it (linked from this checkout: the same version). */
function linkPeer(name: string): void {
  const target = join(project, 'node_modules', name);
  if (!existsSync(target)) symlinkSync(join(root, 'node_modules', name), target, 'dir');
}

describe('the packed package', () => {
  let files: string[] = [];

  beforeAll(() => {
    run('npm', ['run', 'build'], root);
    const pack = ['pack', '--json', '--ignore-scripts', '--pack-destination', work];
    const [packed] = JSON.parse(run('npm', pack, root)) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed!.files.map((file) => file.path);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        join(work, packed!.filename),
      ],
      project,
    );
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships the build, the README and the licence, and no sources or tests', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.cjs');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files.filter((file) => /^(src|test|bench)\//.test(file))).toEqual([]);
  });

  it('ships the ECharts build the report inlines, with its licences, and does not install echarts', () => {
    for (const file of ['echarts.min.js', 'LICENSE', 'NOTICE', 'LICENSE-d3', 'LICENSE-zrender']) {
      expect(files).toContain(`dist/vendor/echarts/${file}`);
    }
    expect(existsSync(join(project, 'node_modules', 'echarts'))).toBe(false);
  });

  it('renders the HTML report with ECharts inlined, from the library and from the bin', () => {
    const echarts = readFileSync(join(root, 'node_modules/echarts/dist/echarts.min.js'), 'utf8');
    const names = '{ buildReportData, createMemoryLog, projectWithValues, renderReport }';
    const render = (imports: string, file: string) => `
      ${imports}
      const { writeFileSync } = require('node:fs');
      (async () => {
        const log = createMemoryLog();
        const data = { orderId: 'o1', amount: 20, currency: 'EUR' };
        await log.append([{ id: 'e1', type: 'purchase', customerId: 'c1', at: '2026-01-05', data }]);
        writeFileSync(${JSON.stringify(file)}, renderReport(buildReportData(await projectWithValues(log))));
      })();
    `;
    const reports = ['imported.html', 'required.html', 'demo.html'].map((file) => join(work, file));
    const esm = `import ${names} from 'tenure'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);`;
    run('node', ['--input-type=module', '-e', render(esm, reports[0]!)], project);
    run('node', ['-e', render(`const ${names} = require('tenure');`, reports[1]!)], project);
    const bin = join(project, 'node_modules', '.bin', 'tenure');
    run(bin, ['demo', '--customers', '50', '--report', reports[2]!], project);
    for (const report of reports) {
      expect(readFileSync(report, 'utf8')).toContain(`<script>${echarts}</script>`);
    }
  });

  it('imports as an ES module', () => {
    const script = `
      import { createEventCatalog, isTenureError, NO_STREAM } from 'tenure';
      console.log(JSON.stringify({ types: createEventCatalog().types.length, guard: typeof isTenureError, NO_STREAM }));
    `;
    const output = JSON.parse(run('node', ['--input-type=module', '-e', script], project));
    expect(output).toEqual({
      types: builtInEventTypes.length,
      guard: 'function',
      NO_STREAM: 'no-stream',
    });
  });

  it('requires as CommonJS', () => {
    const script = `
      const { createEventCatalog, TenureError } = require('tenure');
      console.log(JSON.stringify({ types: createEventCatalog().types.length, error: new TenureError('X', 'y').code }));
    `;
    const output = JSON.parse(run('node', ['-e', script], project));
    expect(output).toEqual({ types: builtInEventTypes.length, error: 'X' });
  });

  it("draws tenure/testing's generators with fast-check alone, required and imported (no vitest: Jest, node:test)", () => {
    linkPeer('fast-check');
    const draw = (load: string) => `${load}
      const [log] = fc.sample(lifecycleLogArbitrary({ maxCustomers: 3 }), { numRuns: 1, seed: 7 });
      console.log(JSON.stringify({ events: log.length > 0, at: typeof log[0].at }));`;
    const required = run(
      'node',
      [
        '-e',
        draw(
          "const fc = require('fast-check'); const { lifecycleLogArbitrary } = require('tenure/testing');",
        ),
      ],
      project,
    );
    const imported = run(
      'node',
      [
        '--input-type=module',
        '-e',
        draw(
          "import fc from 'fast-check'; import { lifecycleLogArbitrary } from 'tenure/testing';",
        ),
      ],
      project,
    );
    for (const output of [required, imported]) {
      expect(JSON.parse(output)).toEqual({ events: true, at: 'number' });
    }
  });

  it('runs the EventLog contract of tenure/testing/vitest from CommonJS and from an ES module', () => {
    for (const peer of ['vitest', 'fast-check']) linkPeer(peer);
    writeFileSync(
      join(project, 'contract.test.cjs'),
      `const { testEventLog } = require('tenure/testing/vitest');
       const { createMemoryLog } = require('tenure');
       testEventLog('memory log, required', async () => ({ log: createMemoryLog() }), { numRuns: 3 });`,
    );
    writeFileSync(
      join(project, 'contract.test.mjs'),
      `import { testEventLog } from 'tenure/testing/vitest';
       import { createMemoryLog } from 'tenure';
       testEventLog('memory log, imported', async () => ({ log: createMemoryLog() }), { numRuns: 3 });`,
    );
    const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
    const output = execFileSync('node', [vitest, 'run', '--reporter=verbose'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect(output).toMatch(/EventLog contract: memory log, required/);
    expect(output).toMatch(/EventLog contract: memory log, imported/);
    expect(output).toMatch(/Test Files\s+2 passed/);
  });

  it('runs the tenure bin', () => {
    const help = run(join(project, 'node_modules', '.bin', 'tenure'), ['--help'], project);
    expect(help).toMatch(/tenure/);
    expect(help).toMatch(/import[\s\S]*project[\s\S]*report/);
  });

  it('exports its package.json', () => {
    const version = run('node', ['-p', "require('tenure/package.json').version"], project).trim();
    expect(version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('says the install is broken when the ECharts copy is missing', () => {
    rmSync(join(project, 'node_modules', 'tenure', 'dist', 'vendor'), { recursive: true });
    const script = `const { buildReportData, createMemoryLog, projectWithValues, renderReport } = require('tenure');
      projectWithValues(createMemoryLog())
        .then((projection) => renderReport(buildReportData(projection)))
        .catch((error) => console.log(error.code, error.message));`;
    const output = run('node', ['-e', script], project);
    expect(output).toMatch(/^TENURE_REPORT_ASSET_MISSING .*reinstall tenure/);
  });
});
