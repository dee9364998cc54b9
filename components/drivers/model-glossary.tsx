/**
 * The terms of the model tables in plain words, shown in place beside each outcome's
 * tables (inside the collapsed details), so nobody has to scroll away to read them.
 */
export function ModelGlossary({ mid, tests }: { mid: number; tests: number }) {
  const points = mid === 1 ? 'point' : 'points';
  return (
    <details className="small">
      <summary>What the terms mean</summary>
      <dl>
        <dt>Estimate</dt>
        <dd>
          The average difference in points for the stated contrast (for example &quot;yes vs no&quot; or &quot;per 10 years&quot;),
          with the other factors in the model held constant.
        </dd>
        <dt>95% CI (confidence interval)</dt>
        <dd>The range of differences the data are compatible with. A wide range means the data cannot pin the size down.</dd>
        <dt>n</dt>
        <dd>The number of people the model used (each person&apos;s latest check-in).</dd>
        <dt>p</dt>
        <dd>How surprising the estimate would be if there were no difference at all, for this one result alone. Never used on its own.</dd>
        <dt>q (family-wide) and FDR</dt>
        <dd>
          Every result that could be named a driver, across all four measures ({tests} in this release), is checked together, so
          that chance findings stay rare however many are looked at: this controls the false discovery rate (FDR), the expected
          share of flagged results that are chance. Sustain uses the Benjamini–Yekutieli method, which holds even though the
          results share the same people. q below .05 passes this check.
        </dd>
        <dt>Standardized β (std. β)</dt>
        <dd>
          The estimate in standard deviations of the factor and of the measure, so factors on different scales can be compared
          with each other. About 0.1 is small, 0.3 medium, 0.5 large.
        </dd>
        <dt>R² (and adjusted R²)</dt>
        <dd>
          The share of the differences between people on the measure that the model&apos;s factors account for together (0 to
          1). Adjusted R² takes off what chance alone would give for that many factors; it can be below 0.
        </dd>
        <dt>MID (minimally important difference)</dt>
        <dd>
          {mid} {points}: one answer moving one step on one question, the smallest change a person can register. An effect that
          cannot be told apart from less than that is not worth acting on.
        </dd>
        <dt>Clear signal / no clear signal</dt>
        <dd>
          Clear: q below .05 and the whole 95% CI beyond {mid} {points} in one direction. No clear signal: the data cannot yet
          tell it apart from chance or from a smaller difference; that is not evidence of no effect.
        </dd>
      </dl>
    </details>
  );
}
