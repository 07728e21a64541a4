import { TEAM_ACTIONS, TEAM_RULE, teamSignal } from './team-actions';

describe('team-level rule: share outside normal ≥ 0.3 in ≥ 3 of the last 4 weeks', () => {
  it('fires on exactly 3 high weeks of the last 4, at the threshold itself', () => {
    expect(teamSignal([0.1, 0.3, 0.1, 0.45, 0.31])).toEqual({ highWeeks: 3, triggered: true });
  });

  it('does not fire on 2 high weeks, nor on high weeks older than the last 4', () => {
    expect(teamSignal([0.1, 0.5, 0.1, 0.5])).toEqual({ highWeeks: 2, triggered: false });
    expect(teamSignal([0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1])).toEqual({ highWeeks: 0, triggered: false });
  });

  it('never counts a week without a published figure as high', () => {
    expect(teamSignal([0.5, null, 0.5, null])).toEqual({ highWeeks: 2, triggered: false });
    expect(teamSignal([null, null, null, null])).toEqual({ highWeeks: 0, triggered: false });
    expect(teamSignal([0.29, 0.299, 0.2999, 0.3])).toEqual({ highWeeks: 1, triggered: false });
  });

  it('is stated as it is applied', () => {
    expect(TEAM_RULE).toMatchObject({ threshold: 0.3, highWeeks: 3, ofWeeks: 4 });
    expect(TEAM_RULE.text).toContain('30%');
    expect(TEAM_RULE.text).toContain('3 or more of the last 4 weeks');
  });
});

describe('team action catalog', () => {
  it('has a source for every action and speaks to the team, never about a person', () => {
    expect(TEAM_ACTIONS.length).toBeGreaterThanOrEqual(6);
    for (const a of TEAM_ACTIONS) {
      expect(a.sources.length).toBeGreaterThan(0);
      for (const s of a.sources)
        expect(s.url).toMatch(/^https:\/\/(doi\.org\/10\.|pubmed\.ncbi\.nlm\.nih\.gov\/|psnet\.ahrq\.gov\/)/);
      const words = `${a.title} ${a.text} ${a.evidence}`;
      expect(words).not.toMatch(/\b(he|she|his|her|this person|burned out)\b/i);
      expect(words).not.toMatch(/\d+\s?%\s+risk|burnout risk|score/i);
    }
    expect(new Set(TEAM_ACTIONS.map((a) => a.id)).size).toBe(TEAM_ACTIONS.length);
  });
});
