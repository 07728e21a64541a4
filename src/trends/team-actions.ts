import type { MetricName } from './trends.types';

/**
 * Team-level actions for a cohort whose share outside its normal range stays high (issue #17).
 * Each action is addressed to the team and the organisation, never to or about a person, and
 * names the published work it rests on. The rule and the catalog live on the server so that every
 * client shows the same thing for the same published figures.
 */
export interface TeamAction {
  id: string;
  title: string;
  /** What the team or its leaders can do, in plain words. */
  text: string;
  /** What the evidence says, and how strong it is. */
  evidence: string;
  /** Each checked against the publisher's, PubMed's or AHRQ PSNet's record (DOI or page). */
  sources: { citation: string; url: string }[];
}

export const TEAM_ACTIONS: readonly TeamAction[] = [
  {
    id: 'inbox-time-back',
    title: 'Give protected time back from the inbox',
    text: 'Agree inbox and charting rules as a team (who handles which messages, what can wait), and put protected desk time into the rota instead of evenings.',
    evidence:
      'Clinicians spend about two hours on the EHR and desk work for every hour with patients; reducing that load is one of the organisational strategies with the clearest link to burnout.',
    sources: [
      {
        citation:
          'Sinsky C et al. Allocation of physician time in ambulatory practice. Ann Intern Med 2016;165:753–760',
        url: 'https://doi.org/10.7326/M16-0961',
      },
      {
        citation:
          'Shanafelt TD, Noseworthy JH. Executive leadership and physician well-being: nine organizational strategies. Mayo Clin Proc 2017;92:129–146',
        url: 'https://doi.org/10.1016/j.mayocp.2016.10.004',
      },
    ],
  },
  {
    id: 'huddles',
    title: 'Hold short team huddles',
    text: 'A few minutes at the start of a shift to share the workload, name what is hard this week and fix one small thing in the workflow.',
    evidence:
      'A cluster-randomised trial found that communication and workflow improvements lowered clinician burnout; organisation-level changes work alongside individual ones.',
    sources: [
      {
        citation:
          'Linzer M et al. A cluster randomized trial of interventions to improve work conditions and clinician burnout in primary care (Healthy Work Place). J Gen Intern Med 2015;30:1105–1111',
        url: 'https://doi.org/10.1007/s11606-015-3235-4',
      },
      {
        citation:
          'West CP et al. Interventions to prevent and reduce physician burnout: a systematic review and meta-analysis. Lancet 2016;388:2272–2281',
        url: 'https://doi.org/10.1016/S0140-6736(16)31279-X',
      },
    ],
  },
  {
    id: 'peer-groups-coaching',
    title: 'Offer peer groups or coaching in work time',
    text: 'Facilitated small-group sessions or coaching, with the time protected in the rota so that taking part costs no one their break.',
    evidence:
      'Randomised trials: facilitated peer groups with protected time, and professional coaching, both reduced burnout measures.',
    sources: [
      {
        citation:
          'West CP et al. Intervention to promote physician well-being, job satisfaction, and professionalism: a randomized clinical trial. JAMA Intern Med 2014;174:527–533',
        url: 'https://doi.org/10.1001/jamainternmed.2013.14387',
      },
      {
        citation:
          'Dyrbye LN et al. Effect of a professional coaching intervention on the well-being and distress of physicians: a pilot randomized clinical trial. JAMA Intern Med 2019;179:1406–1414',
        url: 'https://doi.org/10.1001/jamainternmed.2019.2425',
      },
    ],
  },
  {
    id: 'second-victim-support',
    title: 'Make second-victim peer support easy to reach',
    text: 'Remind the team how to reach trained peer responders after a hard case or an error, and let leads call them in without anyone having to ask.',
    evidence:
      'Hospital programmes with trained peer responders, available around the clock, are used by staff and described as helpful; the evidence is from programme evaluations rather than trials.',
    sources: [
      {
        citation:
          'Scott SD et al. Caring for our own: deploying a systemwide second victim rapid response team. Jt Comm J Qual Patient Saf 2010;36:233–240',
        url: 'https://psnet.ahrq.gov/issue/caring-our-own-deploying-systemwide-second-victim-rapid-response-team',
      },
      {
        citation:
          'Edrees H et al. Implementing the RISE second victim support programme at the Johns Hopkins Hospital: a case study. BMJ Open 2016;6:e011708',
        url: 'https://doi.org/10.1136/bmjopen-2016-011708',
      },
    ],
  },
  {
    id: 'micro-recovery-in-shifts',
    title: 'Build short recovery breaks into shifts',
    text: 'Plan cover so that everyone gets their breaks, and make a 90-second reset after hard moments a normal part of the shift.',
    evidence:
      'Most evidence for short recovery practices is for individuals; meta-analyses find organisation-directed changes have larger effects than individual ones, which is why this is about the rota, not willpower.',
    sources: [
      {
        citation:
          'Panagioti M et al. Controlled interventions to reduce burnout in physicians: a systematic review and meta-analysis. JAMA Intern Med 2017;177:195–205',
        url: 'https://doi.org/10.1001/jamainternmed.2016.7674',
      },
    ],
  },
  {
    id: 'leadership-behaviour',
    title: 'Leaders: ask, listen, recognise',
    text: 'Supervisors hold regular check-ins about what gets in the way, act on one thing, recognise good work and support development.',
    evidence:
      'In a study of physicians and their supervisors, each point higher on a leadership rating went with about 3% lower burnout.',
    sources: [
      {
        citation:
          'Shanafelt TD et al. Impact of organizational leadership on physician burnout and satisfaction. Mayo Clin Proc 2015;90:432–440',
        url: 'https://pubmed.ncbi.nlm.nih.gov/25796117/',
      },
    ],
  },
];

/** The rule: shareOutsideNormal ≥ 0.3 in at least 3 of the last 4 weeks. */
export const TEAM_RULE = {
  metric: 'shareOutsideNormal' as MetricName,
  threshold: 0.3,
  highWeeks: 3,
  ofWeeks: 4,
  text: 'Shown when at least 30% of the team were outside their own normal range in 3 or more of the last 4 weeks. A week without a published figure never counts as high.',
} as const;

export interface TeamSignal {
  /** Weeks among the last `ofWeeks` with a published share at or above the threshold. */
  highWeeks: number;
  triggered: boolean;
}

/**
 * Applies the rule to the last `ofWeeks` weekly shares, oldest first (null = not published). Only
 * published figures count, so a withheld week can never make a team look worse than it is.
 */
export function teamSignal(weeklyShares: readonly (number | null)[]): TeamSignal {
  const recent = weeklyShares.slice(-TEAM_RULE.ofWeeks);
  const highWeeks = recent.filter((s) => s !== null && s >= TEAM_RULE.threshold).length;
  return { highWeeks, triggered: highWeeks >= TEAM_RULE.highWeeks };
}
