// Scores a Stryker JSON report (mutation-testing-report-schema) the way Stryker does:
// detected (killed + timeout) over valid mutants (detected + survived + no coverage).
export interface MutantCounts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  errors: number;
  score: number;
}
export interface DirScore extends MutantCounts {
  dir: string;
}

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

export function scoreReport(report: Report): MutantCounts {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
  for (const file of Object.values(report.files)) {
    for (const { status } of file.mutants) {
      if (status === 'Killed') c.killed++;
      else if (status === 'Timeout') c.timeout++;
      else if (status === 'Survived') c.survived++;
      else if (status === 'NoCoverage') c.noCoverage++;
      else if (status === 'Ignored') c.ignored++;
      else c.errors++; // CompileError, RuntimeError: not counted in the score
    }
  }
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  return { ...c, score: valid === 0 ? 100 : (100 * detected) / valid };
}

export function scoreTable(rows: DirScore[]): string {
  const lines = [
    '| directory | score | killed | timeout | survived | no coverage | ignored (equivalent) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(`| ${r.dir} | ${r.score.toFixed(1)} % | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.ignored} |`);
  }
  return lines.join('\n');
}
